/** The stage bar and each role's open task, from workflow states written out literally. */
import { describe, expect, it } from 'vitest';
import { caseStage, stageOfStatus, type StageInput } from '../../domain/caseStage';

const base: StageInput = { status: 'defence', allowedActions: [], terms: [], awaitingApproval: 0, hearing: null, compliance: null };

describe('caseStage', () => {
  it('maps every state of process.md onto the eight stages of the bar', () => {
    expect(
      (['received', 'awaiting-completion', 'admissibility', 'referred-to-school', 'mediation', 'defence', 'reply-round', 'hearing-scheduling', 'hearing-scheduled', 'deliberation', 'advice-issued', 'compliance', 'withdrawn', 'advised-complied'] as const).map(stageOfStatus),
    ).toEqual(['received', 'admissibility', 'admissibility', 'admissibility', 'admissibility', 'defence', 'reply-round', 'hearing', 'hearing', 'advice', 'advice', 'compliance', 'closed', 'closed']);
  });

  it('marks the stages before the current one done and the later ones upcoming', () => {
    const { steps } = caseStage({ ...base, status: 'reply-round' }, 'complainant');
    expect(steps.map((s) => `${s.stage}:${s.state}`)).toEqual([
      'received:done',
      'admissibility:done',
      'defence:done',
      'reply-round:current',
      'hearing:upcoming',
      'advice:upcoming',
      'compliance:upcoming',
      'closed:upcoming',
    ]);
  });

  it('in the defence stage the school has the defence to send by its due date; the complainant waits', () => {
    const input: StageInput = { ...base, allowedActions: ['withdraw', 'submitDefence', 'startMediation'], terms: [{ id: 'defence', key: 'defence', due: '2027-03-01' }] };
    expect(caseStage(input, 'school').task).toEqual({ kind: 'defence', due: '2027-03-01', termId: 'defence' });
    expect(caseStage(input, 'complainant').task).toEqual({ kind: 'wait', due: null, termId: null });
  });

  it('a person complained about has their written statement to send in the defence term, once; then waits; at a scheduled hearing they attend', () => {
    const input: StageInput = { ...base, allowedActions: ['withdraw', 'submitDefence', 'startMediation', 'submitRespondentStatement'], terms: [{ id: 'defence', key: 'defence', due: '2027-03-30' }] };
    expect(caseStage(input, 'respondent').task).toEqual({ kind: 'respondent-statement', due: '2027-03-30', termId: 'defence' });
    expect(caseStage({ ...input, respondentStatementIn: true }, 'respondent').task).toEqual({ kind: 'wait', due: null, termId: null });
    const hearing: StageInput = {
      ...base,
      status: 'hearing-scheduled',
      hearing: { status: 'scheduled', allowedActions: [], terms: [{ id: 'postponementRequest', key: 'postponementRequest', due: '2027-05-10' }], availability: {}, schedule: { date: '2027-05-13', startTime: '10:00', location: 'Utrecht' }, postponementsUsed: [] },
    };
    expect(caseStage(hearing, 'respondent').task).toEqual({ kind: 'attend-hearing', due: null, termId: null, hearingDate: '2027-05-13', hearingTime: '10:00' });
  });

  it('in the reply round the complainant replies and the secretary follows the round to its end', () => {
    const input: StageInput = { ...base, status: 'reply-round', allowedActions: ['submitReply', 'decideReplyRound'], terms: [{ id: 'reply', key: 'reply', due: '2027-02-18' }] };
    expect(caseStage(input, 'complainant').task).toEqual({ kind: 'reply', due: '2027-02-18', termId: 'reply' });
    expect(caseStage(input, 'secretary').task).toEqual({ kind: 'follow-reply-round', due: '2027-02-18', termId: 'reply' });
    expect(caseStage(input, 'school').task.kind).toBe('wait');
  });

  it('a scheduled hearing gives the parties the postponement deadline; a party that used its postponement has none', () => {
    const hearing: NonNullable<StageInput['hearing']> = {
      status: 'scheduled',
      allowedActions: ['requestPostponement'],
      terms: [{ id: 'postponementRequest', key: 'postponementRequest', due: '2027-03-23' }],
      availability: {},
      schedule: { date: '2027-03-26', startTime: '10:00', location: 'Utrecht' },
      postponementsUsed: ['school'],
    };
    const input: StageInput = { ...base, status: 'hearing-scheduled', hearing };
    expect(caseStage(input, 'complainant').task).toEqual({ kind: 'attend-hearing', due: '2027-03-23', termId: 'postponementRequest', hearingDate: '2027-03-26', hearingTime: '10:00' });
    expect(caseStage(input, 'school').task).toEqual({ kind: 'attend-hearing', due: null, termId: null, hearingDate: '2027-03-26', hearingTime: '10:00' });
    expect(caseStage(input, 'secretary').task).toEqual({ kind: 'record-hearing', due: '2027-03-26', termId: null, hearingDate: '2027-03-26', hearingTime: '10:00' });
    // A panel member is told the hearing's date and time, never offered the parties' postponement.
    expect(caseStage({ ...input, panelMemberId: 'm-7' }, 'panel').task).toEqual({ kind: 'attend-hearing', due: null, termId: null, hearingDate: '2027-03-26', hearingTime: '10:00' });
  });

  it('after the reminder the school board answers the advice by the last day of the grace period', () => {
    const input: StageInput = { ...base, status: 'advice-issued', allowedActions: ['withdraw', 'answerAdvice'], terms: [{ id: 'schoolAnswerGrace', key: 'schoolAnswerGrace', due: '2027-04-23' }] };
    expect(caseStage(input, 'school').task).toEqual({ kind: 'answer-advice', due: '2027-04-23', termId: 'schoolAnswerGrace' });
  });

  it('a closed case has no open task for anyone', () => {
    const { stage, task } = caseStage({ ...base, status: 'settled', allowedActions: [] }, 'school');
    expect([stage, task.kind]).toEqual(['closed', 'wait']);
  });
});
