/**
 * The complaint workflow's paths on the real time-skipping test server: each test drives a case as
 * secretaries, schools and complainants do, lets legal terms expire by skipping time, and asserts
 * the states, the due dates (as the calendar engine computes them) and the letters produced.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../platform/db';
import { casePolicy } from '../../platform/store/policies';
import { eventually } from '../helpers/http';
import { recordHistory } from '../helpers/histories';
import { computeDeadline, defaultLegalCalendar } from '../../domain/calendar';
import { addDays, amsterdamDate } from '../../domain/clock';
import { POLICY_2026_1, termSpecOf } from '../../domain/policy';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { CHAIR, COMPLAINANT, DEPUTY_CHAIR, ProcedureDriver, procedurePerTest, SCHOOL, SECRETARY } from '../helpers/procedure';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let driver: ProcedureDriver;

beforeAll(async () => {
  database = await createTestDatabase();
});

const perTest = procedurePerTest(() => database.db, 'procedure');
beforeEach(() => {
  ({ env, driver } = perTest.current());
});

afterAll(async () => {
  await database?.drop();
});

/** What the engine says a policy term triggered on `trigger` ends on. */
function dueOf(key: keyof typeof POLICY_2026_1.terms, trigger: string): string {
  return computeDeadline({ trigger, term: termSpecOf(POLICY_2026_1.terms[key]) }, defaultLegalCalendar()).due!;
}

async function workflowToday(): Promise<string> {
  return amsterdamDate(new Date(await env.currentTimeMs()));
}

describe('completion (herstel verzuim)', () => {
  it('a complaint not completed in time is declared inadmissible, sent only after four-eyes approval', async () => {
    const c = await driver.file();
    const requestedOn = await workflowToday();
    const s = await c.act('requestCompletion', { missing: ['de datum van het incident'] }, SECRETARY);
    expect(s.status).toBe('awaiting-completion');
    const completion = s.terms.find((t) => t.id === 'completion')!;
    expect(completion.due).toBe(dueOf('completion', requestedOn));
    expect(completion.explanation.nl).toContain('termijn voor aanvulling');
    expect(await c.letterKinds()).toContain('verzoek-om-aanvulling:complainant');

    await env.sleep('16 days');
    const waiting = await c.waitFor((x) => x.awaitingApproval.length > 0);
    expect(waiting.closed).toBe(false);
    const draft = (await c.letters()).filter((l) => l.kind === 'beslissing-niet-ontvankelijk');
    expect(draft.length).toBeGreaterThan(0);
    expect(draft.every((l) => l.status === 'awaiting-approval')).toBe(true);

    // The lapse is no decision of its own: the chair decides, by approving the drafted refusal.
    expect(await c.refusal('approveLetter', { letterId: waiting.awaitingApproval[0] }, SECRETARY)).toEqual({
      status: 403,
      errors: [{ code: 'action-not-for-role', field: 'action', params: { role: 'secretary', action: 'approveLetter' } }],
    });
    const approved = await c.act('approveLetter', { letterId: waiting.awaitingApproval[0] }, CHAIR);
    expect(approved.awaitingApproval).toEqual([]);
    const done = await c.waitFor((x) => x.closed);
    expect(done.status).toBe('inadmissible');
    expect((await c.row()).status).toBe('inadmissible');
    expect(await c.events()).toEqual(expect.arrayContaining(['completion.requested', 'completion.expired', 'letter.approved', 'case.closed']));
    await recordHistory('path-completion-expired-inadmissible', c.handle, 'fetched');
  });

  it('a complaint completed in time goes back to the admissibility review', async () => {
    const c = await driver.file();
    await c.act('requestCompletion', { missing: ['naam van de school'] }, SECRETARY);
    await env.sleep('3 days');
    const s = await c.act('completeComplaint', { supplied: 'De school is OBS De Linde in Utrecht.' }, COMPLAINANT);
    expect(s.allowedActions).toContain('completeComplaint');
    const back = await c.waitFor((x) => x.status === 'admissibility');
    expect(back.terms.map((t) => t.id)).toEqual(['admissibility']);
    expect(await c.events()).toContain('complaint.completed');
  });
});

describe('defence (verweer)', () => {
  it('a silent school gets a reminder a week before the term ends; then the procedure goes on to the hearing without a defence', async () => {
    const c = await driver.file();
    const noticeOn = await workflowToday();
    const s = await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    expect(s.status).toBe('defence');
    const defence = s.terms.find((t) => t.id === 'defence')!;
    expect(defence.due).toBe(dueOf('defence', noticeOn));
    expect(defence.remindOn).toBe(addDays(defence.due!, -7));
    expect(await c.letterKinds()).toContain('kennisgeving-klacht:school-board');

    await env.sleep('22 days');
    await c.waitFor(() => true);
    const afterReminder = await c.letterKinds();
    expect(afterReminder.filter((k) => k === 'herinnering-verweer:school-board')).toHaveLength(1);

    await env.sleep('10 days');
    // Nothing to forward and nothing to reply to: the hearing comes next (issue 12).
    const next = await c.waitFor((x) => x.status === 'hearing-scheduling');
    expect(next.terms.find((t) => t.id === 'defence')).toBeUndefined();
    expect(await c.letterKinds()).not.toContain('toezending-verweer:complainant');
    expect(await c.events()).toContain('defence.not-received');
    const data = await c.eventData('defence.not-received');
    expect(data[0].due).toBe(defence.due);
    await recordHistory('path-silent-school', c.handle, 'fetched');
  });

  it('an extension is granted once and moves the due date by two weeks; a second one is refused and writes nothing', async () => {
    const c = await driver.file();
    const noticeOn = await workflowToday();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    const extended = await c.act('extendTerm', { termId: 'defence', reason: 'Verzoek van de school: de directeur is met verlof.' }, SECRETARY);
    const term = extended.terms.find((t) => t.id === 'defence')!;
    const expected = computeDeadline(
      { trigger: noticeOn, term: termSpecOf(POLICY_2026_1.terms.defence), extensions: [{ amount: 2, unit: 'weeks', reason: 'x', legalBasis: 'y' }] },
      defaultLegalCalendar(),
    ).due;
    expect(term.due).toBe(expected);
    expect(term.explanation.nl).toMatch(/verleng/i);
    await c.lettersSettled();
    const eventsBefore = await c.events();

    const refused = await c.refusal('extendTerm', { termId: 'defence', reason: 'Nog een keer.' }, SECRETARY);
    expect(refused?.status).toBe(409);
    expect(refused?.errors).toEqual([{ code: 'term-extended-already', field: 'termId', params: { termId: 'defence', max: 1 } }]);
    expect(await c.events()).toEqual(eventsBefore);
  });

  it('a defence is forwarded to the complainant once, opening the reply round; an unanswered rejoinder lets the hearing come next', async () => {
    const c = await driver.file();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    await c.act('submitDefence', { text: 'De school heeft direct maatregelen genomen tegen het pesten.' }, SCHOOL);
    // The defence opens the reply round (its status follows once the forwarding step is written).
    const decide = await c.waitFor((x) => x.status === 'reply-round');
    expect(decide.allowedActions).toContain('decideReplyRound');
    expect((await c.letterKinds()).filter((k) => k.startsWith('toezending-verweer'))).toEqual(['toezending-verweer:complainant']);

    // Holding the round the defence already opened changes nothing.
    await c.act('decideReplyRound', { hold: true }, SECRETARY);
    const reply = await c.waitFor((x) => x.status === 'reply-round' && x.allowedActions.includes('submitReply'));
    expect(reply.terms.map((t) => t.id)).toContain('reply');
    await c.act('submitReply', { text: 'Het pesten is na de maatregelen doorgegaan.' }, COMPLAINANT);
    await c.waitFor((x) => x.allowedActions.includes('submitRejoinder'));
    // Two weeks, plus room for the Atw to move an end off a weekend or holiday.
    await env.sleep('20 days');
    await c.waitFor((x) => x.status === 'hearing-scheduling');
    expect(await c.events()).toEqual(expect.arrayContaining(['defence.received', 'defence.forwarded', 'reply.received', 'rejoinder.not-received']));
    expect((await c.letterKinds()).filter((k) => k.startsWith('toezending-verweer'))).toEqual(['toezending-verweer:complainant']);
  });
});

describe('referral and mediation', () => {
  it('a referral the school resolves closes the case as referred', async () => {
    const c = await driver.file({ raisedWithSchool: false });
    const s = await c.act('referToSchool', { complainantConsents: true }, SECRETARY);
    expect(s.status).toBe('referred-to-school');
    expect(await c.letterKinds()).toEqual(expect.arrayContaining(['terugverwijzing:complainant', 'terugverwijzing:school-board']));
    await c.act('reportReferral', { resolved: true, summary: 'Gesprek met ouders gevoerd; afspraken gemaakt.' }, SCHOOL);
    const done = await c.waitFor((x) => x.closed);
    expect(done.status).toBe('referred');
    await recordHistory('path-referral-resolved', c.handle, 'fetched');
  });

  it('after the referral term the complainant may resume: back to admissibility', async () => {
    const c = await driver.file({ raisedWithSchool: false });
    await c.act('referToSchool', { complainantConsents: true }, SECRETARY);
    await env.sleep('30 days');
    await c.waitFor(() => true);
    expect(await c.events()).toContain('referral.term-expired');
    await c.act('resumeAfterReferral', { reason: 'De school heeft niets gedaan.' }, COMPLAINANT);
    const s = await c.waitFor((x) => x.status === 'admissibility');
    expect(s.allowedActions).toContain('decideAdmissibility');
  });

  it('mediation without consent of both parties is refused; a settled mediation closes the case', async () => {
    const c = await driver.file();
    expect((await c.refusal('startMediation', { bothPartiesAgree: false }, SECRETARY))?.errors).toEqual([{ code: 'mediation-needs-agreement', field: 'bothPartiesAgree', params: {} }]);
    await c.act('startMediation', { bothPartiesAgree: true, mediator: 'mr. P. de Wit' }, SECRETARY);
    await c.waitFor((x) => x.status === 'mediation');
    await c.act('recordMediationOutcome', { settled: true, summary: 'Excuses aangeboden en een plan van aanpak afgesproken.' }, SECRETARY);
    const done = await c.waitFor((x) => x.closed);
    expect(done.status).toBe('settled');
    expect(await c.letterKinds()).toEqual(expect.arrayContaining(['uitnodiging-bemiddeling:complainant', 'bevestiging-schikking:complainant']));
    await recordHistory('path-mediation-settled', c.handle, 'fetched');
  });

  it('mediation during the defence stops the defence term; after a failed mediation its due date has moved by the mediation time', async () => {
    const c = await driver.file();
    const noticeOn = await workflowToday();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    await env.sleep('5 days');
    const mediationFrom = await workflowToday();
    await c.act('startMediation', { bothPartiesAgree: true }, SECRETARY);
    await c.waitFor((x) => x.status === 'mediation');
    await env.sleep('10 days');
    const resumedOn = await workflowToday();
    await c.act('recordMediationOutcome', { settled: false, summary: 'Geen overeenstemming.' }, SECRETARY);
    const back = await c.waitFor((x) => x.status === 'defence');
    const after = back.terms.find((t) => t.id === 'defence')!;
    // The term did not run from the first day of mediation up to the day before it ended.
    const expected = computeDeadline(
      { trigger: noticeOn, term: termSpecOf(POLICY_2026_1.terms.defence), suspensions: [{ from: mediationFrom, until: addDays(resumedOn, -1), reason: 'mediation' }] },
      defaultLegalCalendar(),
    );
    expect(after.due).toBe(expected.due);
    expect(after.due! > dueOf('defence', noticeOn)).toBe(true);
    expect(after.explanation.nl).toMatch(/opgeschort|bemiddeling/);
    await recordHistory('path-mediation-failed-defence-resumed', c.handle, 'fetched');
  });
});

describe('withdrawal', () => {
  it.each([
    ['admissibility', async () => undefined],
    ['defence', async (c: Awaited<ReturnType<ProcedureDriver['file']>>) => void (await c.act('decideAdmissibility', { admissible: true }, CHAIR))],
    ['mediation', async (c: Awaited<ReturnType<ProcedureDriver['file']>>) => void (await c.act('startMediation', { bothPartiesAgree: true }, SECRETARY))],
  ])('is possible in %s and confirmed to the parties that know of the complaint', async (_phase, setup) => {
    const c = await driver.file();
    await setup(c);
    const s = await c.act('withdraw', { reason: 'Opgelost met de school.' }, COMPLAINANT);
    expect(s.status).toBe('withdrawn');
    expect(s.terms).toEqual([]);
    // In admissibility the school board was never told of the complaint, so it is not told of its withdrawal.
    const expected = _phase === 'admissibility' ? ['bevestiging-intrekking:complainant'] : ['bevestiging-intrekking:complainant', 'bevestiging-intrekking:school-board'];
    expect((await c.letterKinds()).filter((k) => k.startsWith('bevestiging-intrekking'))).toEqual(expected);
    expect((await c.row()).next_deadline).toBeNull();
    expect(await c.handle.result()).toBe('withdrawn');
    await recordHistory(`path-withdrawn-in-${_phase}`, c.handle, 'fetched');
  });
});

describe('reporting duty (meldplicht)', () => {
  it('a serious-incident category notifies the school board, which confirms its report', async () => {
    const c = await driver.file({ category: 'seksuele-intimidatie' });
    const s = await c.waitFor((x) => x.terms.some((t) => t.id === 'reportingDuty'));
    expect(s.reportingDuty.status).toBe('awaiting-confirmation');
    expect(await c.waitForLetter('kennisgeving-meldplicht:school-board')).toContain('kennisgeving-meldplicht:school-board');
    const confirmed = await c.act('confirmReportingDuty', { reportedOn: await workflowToday(), reference: 'VI-2026-0042' }, SCHOOL);
    expect(confirmed.reportingDuty.status).toBe('confirmed');
    // The procedure itself was never blocked.
    expect(confirmed.status).toBe('admissibility');
  });

  it('escalates to the Inspectorate when the board does not confirm within five working days', async () => {
    const c = await driver.file({ category: 'geweld' });
    await c.waitFor((x) => x.terms.some((t) => t.id === 'reportingDuty'));
    await env.sleep('14 days');
    const s = await c.waitFor((x) => x.reportingDuty.status === 'escalated', 60_000);
    expect(s.closed).toBe(false);
    expect(await c.events()).toContain('reporting-duty.escalated');
    await recordHistory('path-reporting-duty-escalated', c.handle, 'fetched');
  });

  it('the board answers "not reportable, because …": the secretary rejects it, accepts the second answer, and nothing escalates', async () => {
    const c = await driver.file({ category: 'geweld' });
    const asked = await c.waitFor((x) => x.terms.some((t) => t.id === 'reportingDuty'));
    expect(asked.allowedActions).toEqual(expect.arrayContaining(['confirmReportingDuty', 'declareNotReportable']));
    const due = asked.terms.find((t) => t.id === 'reportingDuty')!.due;

    const claimed = await c.act('declareNotReportable', { reason: 'Een duw zonder letsel; geen strafbaar feit.' }, SCHOOL);
    expect(claimed.reportingDuty.status).toBe('not-reportable-claimed');
    expect(claimed.allowedActions).toContain('reviewNotReportable');
    expect(claimed.allowedActions).not.toContain('confirmReportingDuty');
    // The term runs on, unchanged, while the secretary reviews.
    expect(claimed.terms.find((t) => t.id === 'reportingDuty')!.due).toBe(due);
    // The school cannot review its own answer, nor answer twice.
    expect(await c.refusal('reviewNotReportable', { accepted: true }, SCHOOL)).toEqual({
      status: 403,
      errors: [{ code: 'action-not-for-role', field: 'action', params: { role: 'school', action: 'reviewNotReportable' } }],
    });
    expect(await c.refusal('declareNotReportable', { reason: 'nogmaals' }, SCHOOL)).toEqual({ status: 409, errors: [{ code: 'no-reporting-duty-awaited', field: 'action', params: {} }] });

    const rejected = await c.act('reviewNotReportable', { accepted: false, note: 'Het dossier beschrijft letsel.' }, SECRETARY);
    expect(rejected.reportingDuty.status).toBe('awaiting-confirmation');
    expect(rejected.allowedActions).toEqual(expect.arrayContaining(['confirmReportingDuty', 'declareNotReportable']));
    await c.act('declareNotReportable', { reason: 'Volgens de schoolarts geen letsel; verklaring bijgevoegd.' }, SCHOOL);
    const accepted = await c.act('reviewNotReportable', { accepted: true }, SECRETARY);
    expect(accepted.reportingDuty.status).toBe('not-reportable');
    expect(accepted.terms.map((t) => t.id)).not.toContain('reportingDuty');
    expect(accepted.allowedActions).not.toContain('confirmReportingDuty');

    // Past the term's end nothing escalates.
    await env.sleep('14 days');
    expect((await c.state()).reportingDuty.status).toBe('not-reportable');
    expect((await c.events()).filter((e) => e.startsWith('reporting-duty.'))).toEqual([
      'reporting-duty.notified',
      'reporting-duty.not-reportable-claimed',
      'reporting-duty.not-reportable-rejected',
      'reporting-duty.not-reportable-claimed',
      'reporting-duty.not-reportable-accepted',
    ]);
    expect((await c.letterKinds()).filter((k) => k.startsWith('melding-inspectie'))).toEqual([]);
  });

  it('a "not reportable" under review when the term ends waits for the review; rejected then, the case escalates', async () => {
    const c = await driver.file({ category: 'geweld' });
    await c.waitFor((x) => x.terms.some((t) => t.id === 'reportingDuty'));
    await c.act('declareNotReportable', { reason: 'Geen strafbaar feit.' }, SCHOOL);
    await env.sleep('14 days');
    // The clock does not decide for the secretary.
    expect((await c.state()).reportingDuty.status).toBe('not-reportable-claimed');
    expect(await c.events()).not.toContain('reporting-duty.escalated');
    await c.act('reviewNotReportable', { accepted: false, note: 'Letsel beschreven; de melding had gedaan moeten worden.' }, SECRETARY);
    // Escalated: the letter to the Inspectorate is drafted for a chair's approval.
    const s = await c.waitFor((x) => x.reportingDuty.status === 'escalated' && x.awaitingApproval.length > 0, 60_000);
    expect(s.closed).toBe(false);
    expect((await c.events()).filter((e) => e.startsWith('reporting-duty.'))).toEqual([
      'reporting-duty.notified',
      'reporting-duty.not-reportable-claimed',
      'reporting-duty.not-reportable-rejected',
      'reporting-duty.escalated',
    ]);
    await recordHistory('path-reporting-duty-not-reportable-rejected-late', c.handle, 'fetched');
  });

  it('the secretary can flag any complaint on its facts', async () => {
    const c = await driver.file({ category: 'pesten' });
    expect((await c.state()).reportingDuty.status).toBe('not-applicable');
    const s = await c.act('flagReportingDuty', { reason: 'Fysiek geweld beschreven in de klacht.' }, SECRETARY);
    expect(s.reportingDuty.status).toBe('awaiting-confirmation');
  });
});

describe('validators refuse and write nothing', () => {
  it('refuses actions in the wrong phase, by the wrong role, or with bad input', async () => {
    const c = await driver.file();
    // The acknowledgement is sent beside the procedure: its `letter.sent` comes when it comes, so the
    // snapshot waits for every stored letter to be sent.
    const events = await eventually(async () => {
      const e = await c.events();
      const count = (type: string) => e.filter((t) => t === type).length;
      return count('letter.stored') > 0 && count('letter.sent') === count('letter.stored') ? e : undefined;
    }, 30_000);
    expect(await c.refusal('submitDefence', { text: 'x' }, SCHOOL)).toEqual({
      status: 409,
      errors: [{ code: 'wrong-phase', field: 'action', params: { phase: 'admissibility', allowed: 'defence' } }],
    });
    expect(await c.refusal('decideAdmissibility', { admissible: false, reasons: '', decidedBy: 'chair' }, CHAIR)).toEqual({ status: 409, errors: [{ code: 'required', field: 'reasons', params: {} }] });
    expect(await c.refusal('decideAdmissibility', { admissible: true }, SCHOOL)).toEqual({
      status: 403,
      errors: [{ code: 'action-not-for-role', field: 'action', params: { role: 'school', action: 'decideAdmissibility' } }],
    });
    expect((await c.refusal('extendTerm', { termId: 'admissibility', reason: 'x' }, SECRETARY))?.errors).toEqual([{ code: 'term-not-extendable', field: 'termId', params: { termId: 'admissibility' } }]);
    expect((await c.refusal('requestCompletion', { missing: [] }, SECRETARY))?.errors).toEqual([{ code: 'no-missing-items', field: 'missing', params: {} }]);
    expect(await c.events()).toEqual(events);
  });

  it('four-eyes: the chair who drafted a decision cannot approve it; a deputy chair can, a secretary cannot', async () => {
    const c = await driver.file();
    await c.act('decideAdmissibility', { admissible: false, reasons: 'De klacht gaat niet over een school.', decidedBy: 'chair' }, CHAIR);
    const s = await c.waitFor((x) => x.awaitingApproval.length > 0);
    const refused = await c.refusal('approveLetter', { letterId: s.awaitingApproval[0] }, CHAIR);
    expect(refused?.errors).toEqual([{ code: 'four-eyes', field: 'by', params: {} }]);
    expect((await c.refusal('approveLetter', { letterId: s.awaitingApproval[0] }, SECRETARY))?.status).toBe(403);
    // Approving one copy approves the decision: every addressee's copy goes out together.
    const after = await c.act('approveLetter', { letterId: s.awaitingApproval[0] }, DEPUTY_CHAIR);
    expect(after.awaitingApproval).toEqual([]);
    expect((await c.waitFor((x) => x.closed)).status).toBe('inadmissible');
    const decision = (await c.letters()).filter((l) => l.kind === 'beslissing-niet-ontvankelijk');
    expect(decision.map((l) => l.status).every((st) => st !== 'awaiting-approval')).toBe(true);
  });
});

describe('deliberation, advice and compliance', () => {
  beforeAll(async () => {
    await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' }).onConflict('brin').ignore();
    for (const [name, role] of [['mr. A. Voorzitter', 'chair'], ['drs. B. Lid', 'member'], ['dr. C. Lid', 'member']] as const) {
      await database.db('committee_members').insert({ name, email: `${role}.${name.length}@lko.example.nl`, role, conflicts: '[]' });
    }
  });

  it('the advice term is extended once with a letter to the parties; the chair is alerted when it expires', async () => {
    const c = await driver.file();
    const s = await c.toDeliberation();
    const advice = s.terms.find((t) => t.id === 'advice')!;
    const extended = await c.act('extendTerm', { termId: 'advice', reason: 'Nader onderzoek nodig naar de gang van zaken.' }, CHAIR);
    const after = extended.terms.find((t) => t.id === 'advice')!;
    expect(after.due! > advice.due!).toBe(true);
    expect(await c.letterKinds()).toEqual(expect.arrayContaining(['verdaging-advies:complainant', 'verdaging-advies:school-board']));
    expect((await c.refusal('extendTerm', { termId: 'advice', reason: 'Nog eens.' }, CHAIR))?.status).toBe(409);
    await env.sleep('60 days');
    await c.waitFor(() => true);
    expect(await c.events()).toEqual(expect.arrayContaining(['advice.reminder', 'advice.overdue']));
    expect((await c.state()).allowedActions).toContain('issueAdvice');
  }, 120_000);

  it('an unfounded complaint gets advice without measures and closes when the school board answers', async () => {
    const c = await driver.file();
    await c.toDeliberation();
    expect((await c.refusal('issueAdvice', { finding: 'ongegrond', reasons: 'Niet aannemelijk.', measures: [{ description: 'x' }] }, CHAIR))?.errors).toEqual([
      { code: 'no-measures-when-unfounded', field: 'measures', params: {} },
    ]);
    const issued = await c.issueApprovedAdvice({ finding: 'ongegrond', reasons: 'Niet aannemelijk geworden dat de school tekort is geschoten.', measures: [] });
    expect(issued.status).toBe('advice-issued');
    expect(issued.terms.map((t) => t.id)).toEqual(['schoolAnswer']);
    await c.act('answerAdvice', { acceptsFinding: true, plan: 'Geen maatregelen nodig.' }, SCHOOL);
    expect((await c.waitFor((x) => x.closed)).status).toBe('advised-no-measures');
    // The board's answer is forwarded to the complainant (process.md step 14), not back to the board.
    await c.lettersSettled();
    const forwarded = (await c.letters()).filter((l) => l.kind === 'doorzending-reactie-advies');
    expect(forwarded.map((l) => [l.addressee_role, l.status])).toEqual([['complainant', 'sent']]);
    expect(forwarded[0].html).toContain('Geen maatregelen nodig.');
    await recordHistory('path-advice-no-measures', c.handle, 'fetched');
  }, 120_000);

  it('a school that ignores the advice gets a reminder after the answer term; a measure not carried out is escalated to the Inspectorate', async () => {
    const c = await driver.file();
    await c.toDeliberation();
    await c.issueApprovedAdvice({ finding: 'gegrond', reasons: 'Het pesten is niet aangepakt.', measures: [{ description: 'Voer een pestprotocol in.', termWeeks: 4 }] });
    await c.waitFor((x) => x.status === 'compliance');
    await env.sleep('30 days');
    await c.waitFor(() => true);
    expect(await c.letterKinds()).toContain('herinnering-reactie:school-board');
    await env.sleep('20 days');
    const waiting = await eventually(async () => {
      const rows = (await c.letters()).filter((l) => l.kind === 'melding-niet-naleving' && l.status === 'awaiting-approval');
      return rows.length ? rows : undefined;
    }, 60_000);
    await c.act('approveEscalation', { letterId: waiting[0].id }, CHAIR);
    // The advice stayed unanswered through the reminder and the week's grace: that is reported too, on a chair's approval.
    const unanswered = await c.waitFor((x) => x.awaitingApproval.length > 0, 60_000);
    await c.act('approveLetter', { letterId: unanswered.awaitingApproval[0] }, CHAIR);
    expect((await c.waitFor((x) => x.closed)).status).toBe('advised-not-complied');
    expect(await c.letterKinds()).toEqual(expect.arrayContaining(['melding-niet-naleving:inspectorate', 'melding-advies-onbeantwoord:inspectorate', 'afsluiting:complainant']));
    await recordHistory('path-not-complied-escalated', c.handle, 'fetched');
  }, 180_000);
});

describe('continue-as-new', () => {
  it('a long case starts a fresh history between actions, answering each, and keeps its state, terms and allowed actions', async () => {
    const c = await driver.file();
    const info = await c.handle.describe();
    // Restart the case's workflow with a tiny history budget to force continue-as-new early.
    await c.handle.terminate('test: restart with a small history budget');
    const row = await c.row();
    const restarted = await env.client.workflow.start('complaintWorkflow', {
      workflowId: info.workflowId,
      taskQueue: info.taskQueue,
      args: [{ caseNumber: c.caseNumber, receivedOn: row.received_on, policyVersion: row.policy_version, policy: await casePolicy(database.db, row.policy_version), category: 'pesten', schoolBrin: '12AB', schoolName: 'OBS De Linde', maxHistoryEvents: 40 }],
    });
    await c.waitFor((x) => x.status === 'admissibility');
    await c.act('requestCompletion', { missing: ['datum'] }, SECRETARY);
    await c.act('completeComplaint', { supplied: '1 oktober' }, COMPLAINANT);
    await c.waitFor((x) => x.status === 'admissibility');
    // The decision is answered once the defence is requested, in the next phase: a boundary with it
    // under way gives way to it (0.4.0 cut off one arriving while the letters went out).
    expect((await c.act('decideAdmissibility', { admissible: true }, CHAIR)).status).toBe('defence');
    await c.act('submitDefence', { text: 'Het verweer van de school.' }, SCHOOL);
    const s = await c.waitFor((x) => x.status === 'reply-round' && x.allowedActions.includes('submitReply'));

    // The first run ended by continuing as new, at the latest at the boundary after the defence...
    const firstRun = env.client.workflow.getHandle(info.workflowId, restarted.firstExecutionRunId);
    const ended = await eventually(async () => {
      const d = await firstRun.describe();
      return d.status.name === 'RUNNING' ? undefined : d.status.name;
    });
    expect(ended).toBe('CONTINUED_AS_NEW');
    expect((await c.handle.describe()).runId).not.toBe(restarted.firstExecutionRunId);
    // ...having answered every action it accepted: none was cut off to be retried on the next run.
    const { events: history } = await firstRun.fetchHistory();
    const accepted = history!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name);
    const completed = history!.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
    expect(accepted.slice(0, 2)).toEqual(['requestCompletion', 'completeComplaint']);
    expect(completed).toBe(accepted.length);
    await recordHistory('continue-as-new-between-actions', firstRun, 'fetched');

    expect(s.terms.map((t) => t.id)).toEqual(['reply']);
    expect(s.allowedActions).toEqual(expect.arrayContaining(['submitReply', 'decideReplyRound', 'startMediation']));
    // Nothing was written twice across the runs, and every step was written.
    expect((await c.events()).filter((e) => !e.startsWith('letter.') && e !== 'status.changed')).toEqual([
      'complaint.received',
      'complaint.acknowledged',
      'completion.requested',
      'complaint.completed',
      'admissibility.decided',
      'defence.requested',
      'defence.received',
      'defence.forwarded',
      'reply.requested',
    ]);
  }, 120_000);
});

describe('delivery', () => {
  it('sends every letter of a step over SMTP once, with its PDF', async () => {
    const c = await driver.file({ representative: { name: 'Mr. B. Jansen', email: 'b.jansen@example.nl' } });
    const sent = await eventually(async () => {
      const rows = await database.db('letter_outbox').join('cases', 'cases.id', 'letter_outbox.case_id').where('cases.case_number', c.caseNumber).select('letter_outbox.*');
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 60_000);
    expect(sent.map((r) => r.recipient_email).sort()).toEqual(['anna.devries@example.nl', 'b.jansen@example.nl']);
    const mailDb = createDb(inject('mailCaptureDbUrl'), { max: 1 });
    try {
      const mails = await mailDb('dev_mailbox').whereIn('message_id', sent.map((r) => r.message_id));
      expect(mails).toHaveLength(2);
      expect(mails.every((m) => String(m.subject).includes(c.caseNumber))).toBe(true);
      // The capture keeps the raw mail (it parses only when a person looks): read each as a mail client would.
      const attachments = await Promise.all(mails.map(async (m) => (await simpleParser(m.raw)).attachments.map((a) => a.contentType)));
      expect(attachments).toEqual([['application/pdf'], ['application/pdf']]);
    } finally {
      await mailDb.destroy();
    }
  });
});
