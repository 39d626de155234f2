/**
 * Who is a party, over HTTP against the real app on a time-skipping Temporal server: several
 * complainants, representatives with a relation, the persons complained about (at intake and added
 * by the secretary), letters by post, and the one-year filing term in the admissibility decision.
 * Expected addressees, letters and due dates are written out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { caseStateQuery } from '../../contracts/messages';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { schoolToken, staffToken } from '../helpers/tokens';

let stack: AppStack;
let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;
let secretary: Record<string, string>;
let chair: Record<string, string>;
let school: Record<string, string>;

beforeAll(async () => {
  stack = await startAppStack('case-parties', { timeSkipping: true });
  ({ database, env, server } = stack);
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  secretary = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token}` };
  chair = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Carla', role: 'chair' })).token}` };
  school = { Authorization: `Bearer ${await schoolToken(database.db, { subject: 'de-linde', name: 'De Linde', brin: '12AB' })}` };
  // The workflows' clock: Monday 1 March 2027, 09:00 in Amsterdam. A defence term of four weeks
  // from a notice sent that day would end Monday 29 March 2027, Easter Monday: it runs to Tuesday 30 March (Atw art. 1).
  await env.sleep(Date.parse('2027-03-01T08:00:00Z') - (await env.currentTimeMs()));
});

afterAll(async () => {
  await stack?.stop();
});

/** A pupil (a minor) with both parents, a lawyer for the father, a counsellor kept informed, a teacher complained about. */
const PARTIES = {
  complainant: { name: 'Sem Bakker', role: 'pupil', minor: true, email: 'sem.bakker@example.nl' },
  coComplainants: [{ name: 'Jan Bakker', role: 'parent', postalAddress: 'Lindelaan 4\n3511 AB Utrecht' }],
  representatives: [
    { name: 'Petra Bakker', relation: 'parent-or-guardian', email: 'petra.bakker@example.nl' },
    { name: 'mr. K. Visser', relation: 'lawyer', email: 'k.visser@advocaat.example.nl', forComplainant: 2 },
    { name: 'L. de Boer', relation: 'confidential-counsellor', email: 'l.deboer@example.nl', keepInformed: true },
  ],
  respondents: [{ name: 'T. Jansen', role: 'teacher' }],
  // More than a year before filing: the term ended on 30 June 2026.
  occurredOn: '2025-06-30',
};

async function fileWithParties(): Promise<{ caseNumber: string; accessCode: string }> {
  const res = await postJson(`${server.url}/api/complaints`, sampleComplaintBody(PARTIES));
  expect(res.status).toBe(201);
  const handle = env.client.workflow.getHandle(complaintWorkflowId(res.body.caseNumber));
  await eventually(async () => ((await handle.query(caseStateQuery)).status === 'admissibility' ? true : undefined));
  return res.body;
}

type LetterRow = { kind: string; addressee_role: string; addressee: { key: string; name: string; email: string | null; postalAddress: string | null }; data_snapshot: { term: { due: string } | null }; html: string; status: string };

async function lettersOf(caseNumber: string, kind: string): Promise<LetterRow[]> {
  return database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', caseNumber).where('letters.kind', kind).orderBy('letters.id').select('letters.*');
}

describe('parties at intake', () => {
  it('stores every party, flags the late filing and writes the acknowledgement to each who gets letters: not the minor, the father by post', async () => {
    const { caseNumber, accessCode } = await fileWithParties();
    const acks = await eventually(async () => {
      const rows = await lettersOf(caseNumber, 'ontvangstbevestiging');
      return rows.length === 4 ? rows : undefined;
    });
    expect(acks.map((l) => [l.addressee.key, l.addressee.name, l.addressee.email, l.addressee.postalAddress])).toEqual([
      ['complainant:2', 'Jan Bakker', null, 'Lindelaan 4\n3511 AB Utrecht'],
      ['representative:1', 'Petra Bakker', 'petra.bakker@example.nl', null],
      ['representative:2', 'mr. K. Visser', 'k.visser@advocaat.example.nl', null],
      ['representative:3', 'L. de Boer', 'l.deboer@example.nl', null],
    ]);
    expect(acks[1].html).toContain('ouder of voogd van Sem Bakker');
    expect(acks[1].html).toContain('de klacht van uw kind Sem Bakker');
    expect(acks[2].html).toContain('advocaat van Jan Bakker');
    expect(acks[3].html).toContain('vertrouwenspersoon van Sem Bakker');
    // Without an e-mail address the letter is printed for the post.
    const outbox = await database.db('letter_outbox').join('letters', 'letters.id', 'letter_outbox.letter_id').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', caseNumber).orderBy('letters.id').select('letter_outbox.channel');
    expect(outbox.map((o) => o.channel)).toEqual(['print', 'email', 'email', 'email']);

    const staff = await getJson(`${server.url}/api/cases/${caseNumber}`, secretary);
    expect(staff.status).toBe(200);
    expect(staff.body.respondents).toEqual([{ name: 'T. Jansen', role: 'teacher' }]);
    expect(staff.body.representatives).toEqual([
      { name: 'Petra Bakker', relation: 'parent-or-guardian', forComplainant: 1, email: 'petra.bakker@example.nl' },
      { name: 'mr. K. Visser', relation: 'lawyer', forComplainant: 2, email: 'k.visser@advocaat.example.nl' },
      { name: 'L. de Boer', relation: 'confidential-counsellor', forComplainant: 1, email: 'l.deboer@example.nl', keepInformed: true },
    ]);
    expect(staff.body.complainants.map((c: { name: string }) => c.name)).toEqual(['Sem Bakker', 'Jan Bakker']);
    expect([staff.body.lateFiling, staff.body.filingTermEnd, staff.body.lateFilingDecision]).toEqual([true, '2026-06-30', null]);
    expect(staff.body.timeline.map((e: { type: string }) => e.type)).toContain('complaint.late-filing-flagged');

    // The complainant's view: the others by name and role, no contact details.
    const own = await getJson(`${server.url}/api/complaints/${caseNumber}`, { 'X-Access-Code': accessCode });
    expect(own.status).toBe(200);
    expect(own.body.respondents).toEqual([{ name: 'T. Jansen', role: 'teacher' }]);
    expect(own.body.representatives).toEqual([
      { name: 'Petra Bakker', relation: 'parent-or-guardian', forComplainant: 1 },
      { name: 'mr. K. Visser', relation: 'lawyer', forComplainant: 2 },
      { name: 'L. de Boer', relation: 'confidential-counsellor', forComplainant: 1 },
    ]);
    expect(own.body.lateFiling).toBe(true);
  });

  it('answers 400 naming each bad party field, and stores nothing', async () => {
    const before = await database.db('cases').count<{ count: string }[]>('* as count');
    const res = await postJson(
      `${server.url}/api/complaints`,
      sampleComplaintBody({ representatives: [{ name: 'X', relation: 'buurman' }], respondents: [{ name: 'T. Jansen' }], coComplainants: {} }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['coComplainants', 'representatives[0].email', 'representatives[0].relation', 'respondents[0].role']);
    expect(await database.db('cases').count<{ count: string }[]>('* as count')).toEqual(before);
  });
});

describe('the one-year filing term in the admissibility decision', () => {
  it('refuses a decision on a late complaint that does not say whether the lateness is excused; the excused decision is on the case; a person complained about added later is told at once', async () => {
    const { caseNumber } = await fileWithParties();
    const bare = await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`, { admissible: true }, chair);
    expect(bare.status).toBe(409);
    expect(bare.body.errors).toEqual([
      { code: 'late-filing-unexplained', field: 'lateFiling', message: 'de klacht gaat over feiten van meer dan een jaar voor de indiening (uiterlijk 2026-06-30): zeg of de termijnoverschrijding verschoonbaar is en waarom.' },
    ]);
    const decided = await postJson(
      `${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`,
      { admissible: true, lateFiling: { excused: true, reason: 'De klager hoorde pas in januari 2026 van het voorval.' } },
      chair,
    );
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('defence');
    const staff = await getJson(`${server.url}/api/cases/${caseNumber}`, secretary);
    expect(staff.body.lateFilingDecision).toEqual({ excused: true, reason: 'De klager hoorde pas in januari 2026 van het voorval.' });

    // The notice goes to the school board and to the teacher (care of the board: no own address), with the defence term.
    const notices = await eventually(async () => {
      const rows = await lettersOf(caseNumber, 'kennisgeving-klacht');
      return rows.length === 2 ? rows : undefined;
    });
    expect(notices.map((l) => [l.addressee_role, l.addressee.name, l.addressee.email, l.data_snapshot.term?.due])).toEqual([
      ['school-board', 'Stichting De Linde', 'bestuur@delinde.example.nl', '2027-03-30'],
      ['respondent', 'T. Jansen', 'bestuur@delinde.example.nl', '2027-03-30'],
    ]);
    expect(notices[1].html).toContain('De klacht is (mede) tegen u gericht.');

    // A second person complained about, added by the secretary: told at once, with the running defence term.
    const bySchool = await postJson(`${server.url}/api/cases/${caseNumber}/actions/addRespondent`, { name: 'R. Smit', role: 'management' }, school);
    expect(bySchool.status).toBe(403);
    const bad = await postJson(`${server.url}/api/cases/${caseNumber}/actions/addRespondent`, { role: 'conciërge', email: 'geen-adres', postalAddress: 'één regel' }, secretary);
    expect(bad.body.errors.map((e: { code: string; field: string }) => [e.field, e.code])).toEqual([
      ['name', 'required'],
      ['role', 'not-respondent-role'],
      ['email', 'not-email'],
      ['postalAddress', 'not-postal-address'],
    ]);

    const added = await postJson(`${server.url}/api/cases/${caseNumber}/actions/addRespondent`, { name: 'R. Smit', role: 'management', email: 'r.smit@delinde.example.nl' }, secretary);
    expect(added.status).toBe(200);
    const all = await eventually(async () => {
      const rows = await lettersOf(caseNumber, 'kennisgeving-klacht');
      return rows.length === 3 ? rows : undefined;
    });
    expect(all.map((l) => [l.addressee.key, l.addressee.name, l.addressee.email, l.data_snapshot.term?.due])).toEqual([
      ['school-board', 'Stichting De Linde', 'bestuur@delinde.example.nl', '2027-03-30'],
      ['respondent:1', 'T. Jansen', 'bestuur@delinde.example.nl', '2027-03-30'],
      ['respondent:2', 'R. Smit', 'r.smit@delinde.example.nl', '2027-03-30'],
    ]);
    const afterAdding = await getJson(`${server.url}/api/cases/${caseNumber}`, secretary);
    expect(afterAdding.body.respondents).toEqual([
      { name: 'T. Jansen', role: 'teacher' },
      { name: 'R. Smit', role: 'management', email: 'r.smit@delinde.example.nl' },
    ]);
    // The school sees who is complained about, by name and role.
    const bySchoolView = await getJson(`${server.url}/api/cases/${caseNumber}`, school);
    expect(bySchoolView.body.respondents).toEqual([
      { name: 'T. Jansen', role: 'teacher' },
      { name: 'R. Smit', role: 'management' },
    ]);
  });

  it('states in the inadmissibility decision that the lateness is not excused, and why', async () => {
    const { caseNumber } = await fileWithParties();
    const decided = await postJson(
      `${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`,
      { admissible: false, decidedBy: 'chair', reasons: 'De klacht is te laat ingediend.', lateFiling: { excused: false, reason: 'Er is geen reden gegeven voor de late indiening.' } },
      chair,
    );
    expect(decided.status).toBe(200);
    const drafts = await eventually(async () => {
      const rows = await lettersOf(caseNumber, 'beslissing-niet-ontvankelijk');
      return rows.length === 6 ? rows : undefined;
    });
    expect(drafts.map((l) => [l.addressee.key, l.status])).toEqual([
      ['complainant:2', 'awaiting-approval'],
      ['representative:1', 'awaiting-approval'],
      ['representative:2', 'awaiting-approval'],
      ['representative:3', 'awaiting-approval'],
      ['school-board', 'awaiting-approval'],
      ['respondent:1', 'awaiting-approval'],
    ]);
    expect(drafts[0].html).toContain('voor het indienen liep tot en met 30 juni 2026. De termijnoverschrijding is niet verschoonbaar');
    expect(drafts[0].html).toContain('Er is geen reden gegeven voor de late indiening.');
  });
});
