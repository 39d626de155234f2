/**
 * Deliberation and the advice (process.md steps 12–14): the committee drafts its advice within the
 * advice term, a second person approves it, it goes out, and the school board's answer is awaited
 * (beside compliance when the advice has measures): reminded at the end of its term, reported to the
 * Inspectorate after a grace period.
 */
import { patched } from '@temporalio/workflow';
import { startTermOfWeeks } from '../../../domain/compliance';
import type { LetterKind } from '../../../domain/letterKinds';
import type { SendingData } from '../../../domain/letters';
import type { TermState } from '../../../domain/termLedger';
import { today, type CaseTerms } from '../../caseTerms';
import { letterTerm } from '../../shared/letterTerm';
import type { ComplaintContext } from '../context';
import type { Phase } from '../state';

export async function deliberation(c: ComplaintContext): Promise<Phase> {
  const { s, terms, inbox, withdrawn } = c;
  const heldOn = s.hearing?.heldOn ?? today();
  if (!terms.get('advice')) terms.start('advice', 'hoorzitting', { trigger: heldOn });
  await c.step({ step: 'deliberation', status: 'deliberation', events: [{ type: 'deliberation.started', data: { hearing: s.hearing?.outcome ?? null, adviceDue: terms.get('advice')?.due } }] });
  const remind = async (term: TermState) => {
    await c.step({ step: c.nextKey('advice-reminder'), events: [{ type: 'advice.reminder', data: { due: term.due, to: ['secretary', 'chair'] } }] });
  };
  const outcome = await terms.wait('advice', () => inbox.advice !== undefined || withdrawn(), remind);
  if (outcome === 'expired') {
    // At expiry the committee's chair is alerted; the advice is still awaited.
    await c.step({ step: 'advice-overdue', events: [{ type: 'advice.overdue', data: { escalatedTo: 'committee-chair' } }] });
    await c.untilOr(() => inbox.advice !== undefined);
  }
  if (withdrawn()) return 'closing';
  const advice = inbox.advice!;
  inbox.advice = undefined;
  terms.close('advice', 'met');
  s.advice = { finding: advice.finding, reasons: advice.reasons, recommendations: advice.recommendations, measures: advice.measures };
  // The draft the chair reviews counts the measures from today; the letter that goes out counts
  // them from its sending day (sendingOf, at the approval).
  const adviceDate = today();
  const measures = measuresDue(terms, advice.measures, adviceDate);
  await c.draftDecision({
    step: 'advice-drafted',
    drafter: advice.by.userId,
    kind: 'advies',
    events: [{ type: 'advice.drafted', data: { finding: advice.finding, measures: advice.measures.length } }],
    letters: [
      {
        kind: 'advies',
        to: 'all-parties',
        details: {
          finding: advice.finding,
          reasons: advice.reasons,
          ...(advice.recommendations ? { recommendations: advice.recommendations } : {}),
          // Whether it binds is the policy's (the activity adds the regime); cases drafted before said so here.
          ...(patched('roles-advice-regime') ? {} : { binding: true }),
          measures,
        },
      },
    ],
  });
  s.adviceIssuedOn = adviceDate;
  return 'advice-approval';
}

export async function adviceApproval(c: ComplaintContext): Promise<Phase> {
  const { s, terms } = c;
  await c.awaitApprovals();
  if (c.withdrawn()) return 'closing';
  // The school board's answer term runs from the day the approved advice goes out; so do the
  // measures' terms (process.md step 15, issue 12). Cases sent before counted them from the draft.
  // Approved on this release, the answer term started at the approval, with the dates its letter states.
  const started = terms.get('schoolAnswer');
  const sentOn = started?.trigger ?? today();
  if (patched('split-measures-from-sending')) s.adviceIssuedOn = sentOn;
  const term = started ?? terms.start('schoolAnswer', ANSWER_TRIGGER, { trigger: sentOn });
  await c.step({ step: 'advice-issued', status: 'advice-issued', events: [{ type: 'advice.issued', data: { finding: s.advice?.finding, answerDue: term.due } }] });
  return 'school-answer';
}

const ANSWER_TRIGGER = 'ontvangst van het advies';

/**
 * The measures with their last days when the advice is dated `adviceDate`: computed as the
 * compliance workflow computes each measure's term from the same date.
 */
function measuresDue(terms: CaseTerms, measures: ReadonlyArray<{ description: string; termWeeks?: number }>, adviceDate: string) {
  const ctx = { policy: terms.policy, calendar: terms.calendar, today: adviceDate };
  return measures.map((m, i) => {
    const weeks = m.termWeeks ?? terms.policy.terms.compliance.amount;
    const due = startTermOfWeeks({}, `m${i + 1}`, 'compliance', weeks, adviceDate, 'advies', ctx).due ?? adviceDate;
    return { id: `m${i + 1}`, description: m.description, due };
  });
}

/**
 * What a decision's letters say once approved today (issue 12): the sending day as their date and,
 * for the advice, the board's answer date and each measure's last day counted from it. `sent()`,
 * called once the letters are approved, starts the answer term with exactly the dates they state
 * and makes the measures' terms count from the same day.
 */
export function sendingOf(c: ComplaintContext, kind: LetterKind): { letter: SendingData; sent: () => void } {
  const { s, terms } = c;
  const sentOn = today();
  if (kind !== 'advies' || !s.advice) return { letter: { letterDate: sentOn }, sent: () => undefined };
  const answer = terms.plan('schoolAnswer', ANSWER_TRIGGER, { trigger: sentOn });
  const term = answer.due ? { termId: answer.id, due: answer.due, explanation: answer.explanation.nl, explanations: answer.explanation } : null;
  return {
    letter: { letterDate: sentOn, term, details: { measures: measuresDue(terms, s.advice.measures, sentOn) } },
    sent: () => {
      terms.adopt(answer);
      s.adviceIssuedOn = sentOn;
    },
  };
}

export async function schoolAnswer(c: ComplaintContext): Promise<Phase> {
  const { s } = c;
  const measures = s.advice?.measures ?? [];
  if (measures.length > 0) {
    // Binding measures run from the advice; the board's answer is awaited beside them.
    void awaitSchoolAnswer(c);
    return 'compliance';
  }
  await awaitSchoolAnswer(c);
  if (c.withdrawn()) return 'closing';
  s.outcome = 'advised-no-measures';
  return 'closing';
}

/**
 * The board's answer (process.md step 14): at the end of its term a reminder; then, after a grace
 * period (policy term schoolAnswerGrace), the Inspectorate is told. An answer meanwhile stops it.
 */
async function awaitSchoolAnswer(c: ComplaintContext): Promise<void> {
  const { terms, inbox } = c;
  const stop = () => inbox.answer !== undefined || c.withdrawn() || c.closed();
  const outcome = await terms.wait('schoolAnswer', stop);
  if (outcome === 'expired' && !inbox.answer) {
    terms.close('schoolAnswer', 'expired');
    // Cases reminded before this release were reminded only: the reminder named the past answer term.
    const grace = patched('split-advice-answer-escalation') ? terms.start('schoolAnswerGrace', 'herinnering aan de reactie op het advies') : undefined;
    await c.step({
      step: 'answer-reminder',
      events: [{ type: 'advice.answer-overdue', data: grace ? { graceDue: grace.due } : {} }],
      letters: [{ kind: 'herinnering-reactie', to: 'school-board', term: letterTerm(grace ?? terms.get('schoolAnswer')), details: {} }],
    });
    if (grace) await escalateUnanswered(c, grace);
  } else if (inbox.answer) {
    terms.close('schoolAnswer', 'met');
  }
}

/** The grace period after the reminder: still no answer at its end, the advice is reported to the Inspectorate once. */
async function escalateUnanswered(c: ComplaintContext, grace: TermState): Promise<void> {
  const { terms, inbox } = c;
  const outcome = await terms.wait('schoolAnswerGrace', () => inbox.answer !== undefined || c.withdrawn() || c.closed());
  if (inbox.answer) {
    terms.close('schoolAnswerGrace', 'met');
    return;
  }
  if (outcome !== 'expired' || c.withdrawn() || c.closed()) return;
  terms.close('schoolAnswerGrace', 'expired');
  const answer = terms.get('schoolAnswer')!;
  await c.reportToInspectorate({
    step: 'advice-answer-escalated',
    event: { type: 'advice.answer-escalated', data: { to: 'inspectorate', letter: 'melding-advies-onbeantwoord', answerDue: answer.due, graceDue: grace.due } },
    letter: {
      kind: 'melding-advies-onbeantwoord',
      to: 'inspectorate',
      details: { adviceSentOn: answer.trigger, answerDue: answer.due ?? answer.trigger, remindedOn: grace.trigger, graceDue: grace.due ?? grace.trigger },
    },
  });
}
