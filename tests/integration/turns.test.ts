/**
 * The procedure's turns (issues 12 and 14) on the real time-skipping test server, with the dates
 * written out: the defence opens the reply round and is forwarded once, released to the complainant
 * and the panel in that step; a reply goes to the school with its rejoinder term; no rejoinder is
 * asked without a reply; a silent school leads straight to the hearing; a referral without news ends
 * in a decision; a withdrawal is confirmed to the school only when it was told of the complaint.
 *
 * Every case is filed on Monday 1 February 2027 (no holidays in February or March 2027): the
 * defence term of four weeks then ends on Monday 1 March 2027, and so on.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { stageView } from '../../api/web/parties/stage';
import { procedureStates } from '../../api/web/parties/actionForms';
import { eventually } from '../helpers/http';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { recordHistory } from '../helpers/histories';
import { CHAIR, COMPLAINANT, ProcedureDriver, procedurePerTest, SCHOOL, SECRETARY, TestCase } from '../helpers/procedure';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let driver: ProcedureDriver;
let taskQueue: string;

const FILED_AT = '2027-02-01T08:00:00Z';

beforeAll(async () => {
  database = await createTestDatabase();
});

const perTest = procedurePerTest(() => database.db, 'turns');
beforeEach(() => {
  ({ env, taskQueue, driver } = perTest.current());
});

afterAll(async () => {
  await database?.drop();
});

/** Skips the server's clock to 08:00 UTC on `date` (Amsterdam 09:00). */
async function skipTo(date: string): Promise<void> {
  const ms = Date.parse(`${date}T08:00:00Z`) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

async function fileOnFirstFebruary(overrides: Parameters<typeof sampleComplaint>[0] = {}): Promise<TestCase> {
  await skipTo('2027-02-01');
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date(FILED_AT) }, sampleComplaint(overrides));
  const c = new TestCase(driver, filed.caseNumber);
  await c.waitFor((s) => s.status === 'admissibility');
  return c;
}

async function documents(c: TestCase): Promise<Array<{ kind: string; uploaded_by: string; original_name: string; released_to: string[]; content: string }>> {
  const rows = await database.db('documents').join('cases', 'cases.id', 'documents.case_id').where('cases.case_number', c.caseNumber).orderBy('documents.created_at').select('documents.*');
  return rows.map((r) => ({ kind: r.kind, uploaded_by: r.uploaded_by, original_name: r.original_name, released_to: r.released_to, content: r.content.toString('utf8') }));
}

const termsOf = (s: { terms: Array<{ id: string; due: string | null }> }) => s.terms.map((t) => [t.id, t.due]);

describe('after the defence: the reply round (issue 12, step 7)', () => {
  it('forwards the defence once with the reply term; the reply goes to the school with its rejoinder term; an unanswered rejoinder leads to the hearing', async () => {
    const c = await fileOnFirstFebruary();
    const admitted = await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    expect(admitted.status).toBe('defence');
    expect(termsOf(admitted)).toEqual([['defence', '2027-03-01']]);
    expect(await c.letterKinds()).toEqual(['ontvangstbevestiging:complainant', 'beslissing-ontvankelijk:complainant', 'kennisgeving-klacht:school-board']);

    await skipTo('2027-02-04');
    await c.act('submitDefence', { text: 'De school heeft direct een pestcoördinator ingezet.' }, SCHOOL);
    const round = await c.waitFor((s) => s.status === 'reply-round');
    expect(termsOf(round)).toEqual([['reply', '2027-02-18']]);
    expect(round.allowedActions).toEqual(expect.arrayContaining(['submitReply', 'decideReplyRound']));
    const forwarded = (await c.letters()).filter((l) => l.kind === 'toezending-verweer');
    expect(forwarded.map((l) => [l.addressee_role, l.data_snapshot.term.due, l.data_snapshot.details.replyRound])).toEqual([['complainant', '2027-02-18', true]]);
    // The school's typed explanation is in the file, released with the forwarding letter to the complainant and the panel.
    expect(await documents(c)).toEqual([
      { kind: 'defence', uploaded_by: 'school', original_name: 'Toelichting bij het verweer (school).txt', released_to: ['school', 'complainant', 'panel'], content: 'De school heeft direct een pestcoördinator ingezet.' },
    ]);
    // The complainant is pointed to the reply, the secretary to the round's end.
    const states = await procedureStates(env.client, c.caseNumber);
    expect(stageView('nl', 'complainant', states, 'reply-round').task.text).toBe(
      'Het verweer van de school staat in uw dossier. U heeft tot en met donderdag 18 februari 2027 om daarop schriftelijk te reageren (repliek). Dat hoeft niet: zonder reactie plant de commissie daarna de hoorzitting.',
    );
    expect(stageView('nl', 'secretary', states, 'reply-round').task.kind).toBe('follow-reply-round');
    expect(stageView('nl', 'school', states, 'reply-round').task.text).toBe('U hoeft nu niets te doen.');

    await skipTo('2027-02-08');
    await c.act('submitReply', { text: 'Het pesten ging na de maatregelen door.' }, COMPLAINANT);
    const rejoinder = await c.waitFor((s) => s.allowedActions.includes('submitRejoinder'));
    expect(rejoinder.status).toBe('reply-round');
    expect(termsOf(rejoinder)).toEqual([['rejoinder', '2027-02-22']]);
    const toSchool = await eventually(async () => {
      const found = (await c.letters()).filter((l) => l.kind === 'toezending-reactie');
      return found.length ? found : undefined;
    });
    expect(toSchool.map((l) => [l.addressee_role, l.data_snapshot.term.due])).toEqual([['school-board', '2027-02-22']]);
    expect((await documents(c)).find((d) => d.kind === 'reply')?.released_to).toEqual(['complainant', 'school', 'panel']);
    const schoolTask = stageView('nl', 'school', await procedureStates(env.client, c.caseNumber), 'reply-round').task;
    expect(schoolTask.text).toBe('De reactie van de klager (repliek) staat in uw dossier. U heeft tot en met maandag 22 februari 2027 om daarop schriftelijk te reageren (dupliek). Dat hoeft niet: daarna plant de commissie de hoorzitting.');

    await skipTo('2027-02-23');
    await c.waitFor((s) => s.status === 'hearing-scheduling');
    const events = await c.events();
    expect(events.filter((e) => e === 'defence.forwarded')).toHaveLength(1);
    expect(events).toEqual(expect.arrayContaining(['defence.received', 'reply.requested', 'reply.received', 'rejoinder.requested', 'rejoinder.not-received']));
    // Still one forwarding letter: the defence went out once.
    expect((await c.letterKinds()).filter((k) => k.startsWith('toezending-verweer'))).toEqual(['toezending-verweer:complainant']);
    await recordHistory('turns-reply-round-rejoinder-expired', c.handle, 'fetched');
  });

  it('without a reply no rejoinder is asked for: the hearing comes after the reply term', async () => {
    const c = await fileOnFirstFebruary();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    await skipTo('2027-02-04');
    await c.act('submitDefence', { text: 'Verweer.' }, SCHOOL);
    await c.waitFor((s) => s.status === 'reply-round');
    await skipTo('2027-02-19');
    const next = await c.waitFor((s) => s.status === 'hearing-scheduling');
    expect(next.terms.map((t) => t.id)).not.toContain('rejoinder');
    expect(await c.events()).toEqual(expect.arrayContaining(['reply.not-received']));
    expect(await c.events()).not.toContain('rejoinder.requested');
    expect((await c.letterKinds()).filter((k) => k.startsWith('toezending-'))).toEqual(['toezending-verweer:complainant']);
  });

  it('the secretary can end the round early; the hearing comes next at once', async () => {
    const c = await fileOnFirstFebruary();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    await c.act('submitDefence', { text: 'Verweer.' }, SCHOOL);
    await c.waitFor((s) => s.status === 'reply-round');
    const ended = await c.act('decideReplyRound', { hold: false }, SECRETARY);
    expect(['hearing-scheduling', 'hearing-scheduled']).toContain(ended.status);
    expect(ended.terms.map((t) => t.id)).not.toContain('reply');
  });

  it('a school that sends no defence: nothing is forwarded, no reply round, the hearing comes next', async () => {
    const c = await fileOnFirstFebruary();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    await skipTo('2027-03-02');
    const next = await c.waitFor((s) => s.status === 'hearing-scheduling');
    expect(next.allowedActions).not.toContain('decideReplyRound');
    expect(await c.letterKinds()).toEqual(['ontvangstbevestiging:complainant', 'beslissing-ontvankelijk:complainant', 'kennisgeving-klacht:school-board', 'herinnering-verweer:school-board']);
    expect(await c.eventData('defence.not-received')).toEqual([{ due: '2027-03-01' }]);
  });
});

describe('a referral without news ends (issue 12)', () => {
  it('after the school’s term the complainant has two weeks to resume; then the case closes as referred', async () => {
    const c = await fileOnFirstFebruary({ raisedWithSchool: false });
    const referred = await c.act('referToSchool', { complainantConsents: true }, SECRETARY);
    expect(termsOf(referred)).toEqual([['referralReport', '2027-03-01']]);
    await skipTo('2027-03-02');
    const waiting = await c.waitFor((s) => s.terms.some((t) => t.id === 'referralResume'));
    expect(termsOf(waiting)).toEqual([['referralResume', '2027-03-16']]);
    const expiredLetters = (await c.letters()).filter((l) => l.kind === 'terugverwijzing' && l.data_snapshot.details.expired === true);
    expect(expiredLetters.map((l) => [l.addressee_role, l.data_snapshot.term.due])).toEqual([
      ['complainant', '2027-03-16'],
      ['school-board', '2027-03-16'],
    ]);
    expect(expiredLetters[0].html).toContain('dinsdag 16 maart 2027');
    await skipTo('2027-03-17');
    const closed = await c.waitFor((s) => s.closed);
    expect(closed.status).toBe('referred');
    expect(await c.events()).toEqual(expect.arrayContaining(['referral.term-expired', 'referral.not-resumed', 'case.closed']));
    expect((await c.letterKinds()).filter((k) => k.startsWith('afsluiting'))).toEqual(['afsluiting:complainant', 'afsluiting:school-board']);
  });

  it('a complainant who resumes in time brings the case back to admissibility', async () => {
    const c = await fileOnFirstFebruary({ raisedWithSchool: false });
    await c.act('referToSchool', { complainantConsents: true }, SECRETARY);
    await skipTo('2027-03-08');
    await c.waitFor((s) => s.terms.some((t) => t.id === 'referralResume'));
    await c.act('resumeAfterReferral', { reason: 'De school heeft niets gedaan.' }, COMPLAINANT);
    const back = await c.waitFor((s) => s.status === 'admissibility');
    expect(back.terms.map((t) => t.id)).toEqual(['admissibility']);
  });
});

describe('withdrawal is confirmed to the school only if it was told of the complaint', () => {
  it('withdrawn during admissibility: only the complainant gets the confirmation', async () => {
    const c = await fileOnFirstFebruary();
    await c.act('withdraw', { reason: 'Opgelost.' }, COMPLAINANT);
    await c.waitFor((s) => s.closed);
    expect(await c.letterKinds()).toEqual(['ontvangstbevestiging:complainant', 'bevestiging-intrekking:complainant']);
  });

  it('withdrawn during the defence: the school board, told of the complaint, is told too', async () => {
    const c = await fileOnFirstFebruary();
    await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    await c.act('withdraw', { reason: 'Opgelost.' }, COMPLAINANT);
    await c.waitFor((s) => s.closed);
    expect((await c.letterKinds()).filter((k) => k.startsWith('bevestiging-intrekking'))).toEqual(['bevestiging-intrekking:complainant', 'bevestiging-intrekking:school-board']);
  });
});
