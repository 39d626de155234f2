/**
 * The school board's answer to the advice (process.md steps 13–15, issue 12), on the real
 * time-skipping server from a fixed day so that every date is written out: the measures' terms and
 * the answer term count from the day the approved advice is sent, not the day it was drafted; an
 * advice left unanswered gets a reminder at the end of the answer term, then a week's grace, then
 * one report to the Inspectorate (melding-advies-onbeantwoord, Inspectorate with copies to the school
 * board and the complainant), drafted by the system and sent once a chair approves it. An answer
 * within the grace period stops the report.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { recordHistory } from '../helpers/histories';
import { eventually } from '../helpers/http';
import { CHAIR, MEMBER, ProcedureDriver, procedurePerTest, SCHOOL, SECRETARY, TestCase } from '../helpers/procedure';

/** Tuesday 2 March 2027, 10:00 in Amsterdam. */
const FILED_AT = Date.parse('2027-03-02T09:00:00Z');
const INSPECTORATE_EMAIL = 'meldingen@inspectie.example.nl';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let driver: ProcedureDriver;
let taskQueue: string;
const previous = process.env.INSPECTORATE_EMAIL;

beforeAll(async () => {
  // The worker runs in this process: its activities read the setting as the app's would.
  process.env.INSPECTORATE_EMAIL = INSPECTORATE_EMAIL;
  database = await createTestDatabase();
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' }).onConflict('brin').ignore();
  for (const [name, role] of [['mr. A. Voorzitter', 'chair'], ['drs. B. Lid', 'member'], ['dr. C. Lid', 'member']] as const) {
    await database.db('committee_members').insert({ name, email: `${role}.${name.length}@lko.example.nl`, role, conflicts: '[]' });
  }
});

const perTest = procedurePerTest(() => database.db, 'advice-answer');
beforeEach(() => {
  ({ env, taskQueue, driver } = perTest.current());
});

afterAll(async () => {
  if (previous === undefined) delete process.env.INSPECTORATE_EMAIL;
  else process.env.INSPECTORATE_EMAIL = previous;
  await database?.drop();
});

/** Filed on Tuesday 2 March 2027; admitted, defended, heard: in deliberation. */
async function caseInDeliberation(): Promise<TestCase> {
  const now = await env.currentTimeMs();
  if (FILED_AT > now) await env.sleep(FILED_AT - now);
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date(FILED_AT) }, sampleComplaint());
  const c = new TestCase(driver, filed.caseNumber);
  await c.waitFor((s) => s.status === 'admissibility');
  await c.toDeliberation();
  return c;
}

/** Drafted by a member today, approved by the chair `days` later: the advice goes out that day. */
async function adviceSentAfter(c: TestCase, days: number, advice: Record<string, unknown>) {
  const drafted = await c.act('issueAdvice', advice, MEMBER);
  await env.sleep(`${days} days`);
  await c.act('approveLetter', { letterId: drafted.awaitingApproval[0] }, CHAIR);
  return c.waitFor((s) => s.status !== 'deliberation' && s.terms.some((t) => t.id === 'schoolAnswer'));
}

async function today(): Promise<string> {
  return new Date(await env.currentTimeMs()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

describe('terms of the advice count from its sending', () => {
  it('an advice approved three days after its draft: the answer term and the measure term run from the day it is sent', async () => {
    const c = await caseInDeliberation();
    // Drafted on Thursday 18 March 2027; counted from then, both terms would end on Thursday 15 April.
    expect(await today()).toBe('2027-03-18');
    const s = await adviceSentAfter(c, 3, { finding: 'gegrond', reasons: 'Het pesten is niet aangepakt.', measures: [{ description: 'Voer een pestprotocol in.', termWeeks: 4 }] });
    // Sent on Sunday 21 March: four weeks end on Sunday 18 April, moved to Monday 19 April (Atw).
    expect(await today()).toBe('2027-03-21');
    expect(s.terms.find((t) => t.id === 'schoolAnswer')?.due).toBe('2027-04-19');
    const started = await eventually(async () => (await c.eventData('compliance.started'))[0]);
    expect(started.adviceIssuedOn).toBe('2027-03-21');
    expect(started.measures.map((m: { id: string; due: string }) => [m.id, m.due])).toEqual([['m1', '2027-04-19']]);
    await recordHistory('split-measures-from-sending', c.handle, 'fetched');
  }, 180_000);
});

/** The letter's text without markup, whitespace folded: what the reader reads. */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
}

describe('the advice letter is rendered as it is sent', () => {
  it('drafted on Thursday, approved on Monday: the letter is dated Monday and states the answer date and the measure dates counted from Monday', async () => {
    const c = await caseInDeliberation();
    expect(await today()).toBe('2027-03-18');
    const advice = {
      finding: 'gegrond',
      reasons: 'Het pesten is niet aangepakt.',
      measures: [{ description: 'Voer een pestprotocol in.', termWeeks: 4 }, { description: 'Train de mentoren.' }],
    };
    const drafted = await c.act('issueAdvice', advice, MEMBER);
    // The chair reviews the draft: no answer date yet, the measures counted from the drafting day.
    const draft = (await c.letters()).filter((l) => l.kind === 'advies');
    expect(draft.map((l) => [l.addressee_role, l.status, l.data_snapshot.term])).toEqual([
      ['complainant', 'awaiting-approval', null],
      ['school-board', 'awaiting-approval', null],
    ]);
    expect(draft[0].data_snapshot.details.measures.map((m: { due: string }) => m.due)).toEqual(['2027-04-15', '2027-05-13']);
    await env.sleep('4 days');
    await c.act('approveLetter', { letterId: drafted.awaitingApproval[0] }, CHAIR);
    const s = await c.waitFor((x) => x.terms.some((t) => t.id === 'schoolAnswer'));
    // Sent on Monday 22 March 2027: four weeks to Monday 19 April; eight weeks to Monday 17 May,
    // Whit Monday, so Tuesday 18 May (Atw).
    expect(await today()).toBe('2027-03-22');
    expect(s.terms.find((t) => t.id === 'schoolAnswer')?.due).toBe('2027-04-19');
    const started = await eventually(async () => (await c.eventData('compliance.started'))[0]);
    expect(started.adviceIssuedOn).toBe('2027-03-22');
    expect(started.measures.map((m: { id: string; due: string }) => [m.id, m.due])).toEqual([
      ['m1', '2027-04-19'],
      ['m2', '2027-05-18'],
    ]);

    const sent = (await c.letters()).filter((l) => l.kind === 'advies');
    expect(sent.map((l) => [l.addressee_role, l.status === 'awaiting-approval', l.data_snapshot.letterDate, l.data_snapshot.term?.due])).toEqual([
      ['complainant', false, '2027-03-22', '2027-04-19'],
      ['school-board', false, '2027-03-22', '2027-04-19'],
    ]);
    expect(sent[0].data_snapshot.details.measures).toEqual([
      { id: 'm1', description: 'Voer een pestprotocol in.', due: '2027-04-19' },
      { id: 'm2', description: 'Train de mentoren.', due: '2027-05-18' },
    ]);
    const complainant = text(sent[0].html);
    expect(complainant).toContain('22 maart 2027');
    expect(complainant).toContain('Het bevoegd gezag laat u en de commissie uiterlijk op maandag 19 april 2027 weten');
    expect(complainant).toContain('m1 Voer een pestprotocol in. 19 april 2027');
    expect(complainant).toContain('m2 Train de mentoren. 18 mei 2027');
    expect(complainant).not.toContain('15 april 2027');
    const board = text(sent[1].html);
    expect(board).toContain('uiterlijk op de hieronder genoemde datum');
    expect(board).toContain('19 april 2027');
    expect(board).toContain('m2 Train de mentoren. 18 mei 2027');
    await recordHistory('roles12-advice-rendered-at-sending', c.handle, 'fetched');
  }, 180_000);
});

describe('an advice left unanswered', () => {
  it('is reminded at the end of the answer term, and after a week of grace reported once to the Inspectorate, sent when a chair approves it', async () => {
    const c = await caseInDeliberation();
    const s = await adviceSentAfter(c, 0, { finding: 'ongegrond', reasons: 'Niet aannemelijk geworden dat de school tekort is geschoten.', measures: [] });
    // Sent on Thursday 18 March 2027: four weeks, to Thursday 15 April.
    expect(s.terms.find((t) => t.id === 'schoolAnswer')?.due).toBe('2027-04-15');

    // Reminded on Friday 16 April, with a week's grace to Friday 23 April.
    await env.sleep('29 days');
    const reminded = await c.waitFor((x) => x.terms.some((t) => t.id === 'schoolAnswerGrace'), 60_000);
    expect(reminded.terms.find((t) => t.id === 'schoolAnswerGrace')?.due).toBe('2027-04-23');
    expect(reminded.allowedActions).toContain('answerAdvice');
    const reminder = (await c.letters()).filter((l) => l.kind === 'herinnering-reactie');
    expect(reminder.map((l) => [l.addressee_role, l.data_snapshot.term?.due])).toEqual([['school-board', '2027-04-23']]);
    expect(await c.eventData('advice.answer-overdue')).toEqual([{ graceDue: '2027-04-23' }]);

    await env.sleep('8 days');
    const waiting = await c.waitFor((x) => x.awaitingApproval.length > 0, 60_000);
    expect(waiting.closed).toBe(false);
    const drafted = (await c.letters()).filter((l) => l.kind === 'melding-advies-onbeantwoord');
    expect(drafted.map((l) => [l.addressee_role, l.status])).toEqual([
      ['inspectorate', 'awaiting-approval'],
      ['school-board', 'awaiting-approval'],
      ['complainant', 'awaiting-approval'],
    ]);
    expect(drafted[0].data_snapshot.addressee.email).toBe(INSPECTORATE_EMAIL);
    expect(drafted[0].data_snapshot.details).toEqual({ adviceSentOn: '2027-03-18', answerDue: '2027-04-15', remindedOn: '2027-04-16', graceDue: '2027-04-23' });
    expect(await c.eventData('advice.answer-escalated')).toEqual([{ to: 'inspectorate', letter: 'melding-advies-onbeantwoord', answerDue: '2027-04-15', graceDue: '2027-04-23' }]);

    // A report to the Inspectorate is approved by a chair, never a secretary.
    expect((await c.refusal('approveLetter', { letterId: drafted[0].id }, SECRETARY))?.status).toBe(403);
    await c.act('approveLetter', { letterId: drafted[0].id }, CHAIR);
    expect((await c.waitFor((x) => x.closed)).status).toBe('advised-no-measures');
    await c.lettersSettled();
    const outbox = await database.db('letter_outbox').whereIn('letter_id', drafted.map((l) => l.id)).orderBy('letter_id').select('recipient_email', 'status');
    expect(outbox).toEqual([
      { recipient_email: INSPECTORATE_EMAIL, status: 'sent' },
      { recipient_email: 'bestuur@delinde.example.nl', status: 'sent' },
      { recipient_email: 'anna.devries@example.nl', status: 'sent' },
    ]);
    // Once: weeks later there is still one report and one event.
    await env.sleep('30 days');
    expect((await c.letters()).filter((l) => l.kind === 'melding-advies-onbeantwoord')).toHaveLength(3);
    expect((await c.events()).filter((e) => e === 'advice.answer-escalated')).toHaveLength(1);
    await recordHistory('split-advice-unanswered-escalated', c.handle, 'fetched');
  }, 240_000);

  it('answered within the grace period: the answer is forwarded and nothing reaches the Inspectorate', async () => {
    const c = await caseInDeliberation();
    await adviceSentAfter(c, 0, { finding: 'ongegrond', reasons: 'Niet aannemelijk geworden dat de school tekort is geschoten.', measures: [] });
    await env.sleep('29 days');
    await c.waitFor((x) => x.terms.some((t) => t.id === 'schoolAnswerGrace'), 60_000);
    await env.sleep('3 days');
    await c.act('answerAdvice', { acceptsFinding: true, plan: 'Wij nemen het oordeel over; geen maatregelen nodig.' }, SCHOOL);
    expect((await c.waitFor((x) => x.closed)).status).toBe('advised-no-measures');
    await env.sleep('10 days');
    expect(await c.events()).not.toContain('advice.answer-escalated');
    expect((await c.letterKinds()).filter((k) => k.startsWith('melding-'))).toEqual([]);
    expect((await c.letterKinds()).filter((k) => k.startsWith('herinnering-reactie') || k.startsWith('doorzending-reactie-advies'))).toEqual([
      'herinnering-reactie:school-board',
      'doorzending-reactie-advies:complainant',
    ]);
    await recordHistory('split-advice-answered-in-grace', c.handle, 'fetched');
  }, 240_000);
});
