/**
 * The person complained about and the hearing (issue 12; process.md steps 8 and 10), over HTTP
 * against the real app on a time-skipping Temporal server: from their own page /betrokkene they give
 * their availability (the secretary's console shows it under their name) and ask their one
 * postponement with a reason (the confirmation goes to all parties, the respondents included); a
 * second request is refused with postponement-used, one less than three working days before the
 * hearing with postponement-too-late, each shown at the form in the page's language. Dates are
 * written out.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createUser } from '../../api/portal/users';
import { hearingWorkflowId } from '../../domain/caseNumber';
import { procedureStates, type ProcedureStates } from '../../api/web/parties/actionForms';
import { recordHistory } from '../helpers/histories';
import { startAppStack, type AppStack } from '../helpers/appStack';
import type { TestDatabase } from '../helpers/db';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { schoolToken, staffToken } from '../helpers/tokens';
import { csrfOf, staffLogIn, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 300_000 });

let stack: AppStack;
let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;
let secretary: Record<string, string>;
let chair: Record<string, string>;
let school: Record<string, string>;
const PASSWORD = 'een lang en geheim wachtwoord';

beforeAll(async () => {
  stack = await startAppStack('respondent-hearing', { timeSkipping: true });
  ({ database, env, server } = stack);
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  // A panel can be formed: a chair and two members without ties to the school.
  for (const [name, email, role] of [
    ['mr. A. Voorzitter', 'voorzitter@lko.example.nl', 'chair'],
    ['drs. B. Lid', 'b.lid@lko.example.nl', 'member'],
    ['dr. C. Lid', 'c.lid@lko.example.nl', 'member'],
  ]) {
    await database.db('committee_members').insert({ name, email, role, conflicts: JSON.stringify([]) });
  }
  secretary = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token}` };
  chair = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Carla', role: 'chair' })).token}` };
  school = { Authorization: `Bearer ${await schoolToken(database.db, { subject: 'de-linde', name: 'De Linde', brin: '12AB' })}` };
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  // The workflows' clock: Monday 1 March 2027; the notice period of two weeks makes Monday 15 March the earliest hearing day.
  await env.sleep(Date.parse('2027-03-01T08:00:00Z') - (await env.currentTimeMs()));
});

afterAll(async () => {
  await stack?.stop();
});

const CODE = /\/betrokkene\/([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})/;

function until(caseNumber: string, predicate: (s: ProcedureStates) => boolean): Promise<ProcedureStates> {
  return eventually(async () => {
    const s = await procedureStates(env.client, caseNumber);
    return predicate(s) ? s : undefined;
  }, 90_000, 200);
}

/** The personal link of respondent:<n>, from the notice of the complaint addressed to them. */
async function openRespondentLink(caseNumber: string, key: string): Promise<WebClient> {
  const notice = await eventually<{ html: string }>(async () =>
    database
      .db('letters')
      .join('cases', 'cases.id', 'letters.case_id')
      .where({ 'cases.case_number': caseNumber, 'letters.kind': 'kennisgeving-klacht' })
      .whereRaw("letters.addressee->>'key' = ?", [key])
      .first('letters.html'),
  );
  const code = CODE.exec(notice.html)?.[1];
  expect(code).toBeDefined();
  const web = new WebClient(server.url);
  const opened = await web.get(`/betrokkene/${code}`);
  expect(opened.location).toBe('/betrokkene');
  return web;
}

/** Posts a page's form with its CSRF token (read from the form itself). */
async function submit(web: WebClient, path: string, fields: Record<string, string>) {
  const csrf = csrfOf((await web.get(path)).text)!;
  return web.postForm(path, { _csrf: csrf, ...fields });
}

async function postponementLetters(caseNumber: string): Promise<string[]> {
  const rows = await database
    .db('letters')
    .join('cases', 'cases.id', 'letters.case_id')
    .where({ 'cases.case_number': caseNumber, 'letters.kind': 'bevestiging-uitstel' })
    .select<Array<{ key: string }>>(database.db.raw("letters.addressee->>'key' as key"));
  return rows.map((r) => r.key).sort();
}

describe('the person complained about at the hearing', () => {
  it('gives availability, asks one postponement, and is refused a second one and a late one', async () => {
    const body = sampleComplaintBody({
      respondents: [
        { name: 'T. Jansen', role: 'teacher', email: 't.jansen@example.nl' },
        { name: 'R. Smit', role: 'management' },
      ],
    });
    const filed = await postJson(`${server.url}/api/complaints`, body);
    expect(filed.status).toBe(201);
    const caseNumber: string = filed.body.caseNumber;
    await eventually(async () => ((await getJson(`${server.url}/api/cases/${caseNumber}`, secretary)).body.status === 'admissibility' ? true : undefined));
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`, { admissible: true }, chair)).status).toBe(200);
    const jansen = await openRespondentLink(caseNumber, 'respondent:1');
    const smit = await openRespondentLink(caseNumber, 'respondent:2');
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/submitDefence`, { text: 'Het verweer van het bestuur.' }, school)).status).toBe(200);
    await until(caseNumber, (s) => s.complaint?.allowedActions.includes('decideReplyRound') ?? false);
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideReplyRound`, { hold: false }, secretary)).status).toBe(200);
    await until(caseNumber, (s) => s.hearing?.status === 'collecting-availability');

    // Availability: their own page offers the form; a day within the notice period is refused at the field.
    expect((await jansen.get('/betrokkene')).text).toContain('href="/betrokkene/beschikbaarheid"');
    const tooSoon = await submit(jansen, '/betrokkene/beschikbaarheid', { otherDates: '08-03-2027' });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.text).toContain('id="f-dates-error"');
    expect(tooSoon.text).toContain('2027-03-08 valt binnen de oproepingstermijn; de vroegst mogelijke datum voor de hoorzitting is 2027-03-15.');
    const given = await submit(jansen, '/betrokkene/beschikbaarheid', { otherDates: '22-03-2027, 24-03-2027' });
    expect(given.status).toBe(303);
    expect(given.location).toBe('/betrokkene?gedaan=beschikbaarheid');
    expect((await jansen.get(given.location!)).text).toContain('Uw beschikbaarheid is doorgegeven.');
    const answered = await until(caseNumber, (s) => s.hearing?.availability['respondent:1'] !== undefined);
    expect(answered.hearing!.availability['respondent:1']).toEqual(['2027-03-22', '2027-03-24']);
    // Each one's answer is their own: R. Smit's is still open.
    expect(answered.hearing!.availability['respondent:2']).toBeUndefined();
    // The secretary's console shows it under their name, and offers the respondents in its forms.
    const sanne = await staffLogIn(server.url, 'sanne@lko.example.nl', PASSWORD);
    const consoleForm = await sanne.get(`/medewerkers/zaken/${caseNumber}/acties/submitAvailability`);
    expect(consoleForm.status).toBe(200);
    expect(consoleForm.text).toMatch(/<td>T\. Jansen \(persoon over wie geklaagd is\)<\/td><td>maandag 22 maart 2027; woensdag 24 maart 2027<\/td>/);
    expect(consoleForm.text).toContain('value="respondent:2"');

    // Scheduled on Monday 22 March 2027: T. Jansen asks a postponement with a reason.
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/scheduleHearing`, { date: '2027-03-22', startTime: '10:00', location: 'Utrecht' }, secretary)).status).toBe(200);
    await until(caseNumber, (s) => s.hearing?.status === 'scheduled');
    expect((await jansen.get('/betrokkene')).text).toContain('href="/betrokkene/uitstel"');
    const noReason = await submit(jansen, '/betrokkene/uitstel', { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="f-reason-error"');
    const postponed = await submit(jansen, '/betrokkene/uitstel', { reason: 'Ik ben die week op schoolreis met groep 8.' });
    expect(postponed.location).toBe('/betrokkene?gedaan=uitstel');
    const after = await until(caseNumber, (s) => s.hearing?.status === 'awaiting-date');
    expect(after.hearing!.postponementsUsed).toEqual(['respondent:1']);
    const event = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where({ 'cases.case_number': caseNumber, type: 'hearing.postponed' }).first('case_events.data');
    expect(event.data).toEqual({ party: 'respondent:1', reason: 'Ik ben die week op schoolreis met groep 8.', oldDate: '2027-03-22' });
    // The confirmation goes to all parties (both respondents among them) and to the panel.
    await eventually(async () => ((await postponementLetters(caseNumber)).length >= 5 ? true : undefined));
    expect((await postponementLetters(caseNumber)).filter((k) => !k.startsWith('panel'))).toEqual(['complainant', 'respondent:1', 'respondent:2', 'school-board']);

    // A new date, Wednesday 7 April 2027: the second request of the same person is refused, at the form.
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/scheduleHearing`, { date: '2027-04-07', startTime: '10:00', location: 'Utrecht' }, secretary)).status).toBe(200);
    await until(caseNumber, (s) => s.hearing?.status === 'scheduled');
    expect((await jansen.get('/betrokkene')).text).not.toContain('href="/betrokkene/uitstel"');
    expect((await jansen.get('/betrokkene/uitstel')).location).toBe('/betrokkene');
    const csrf = csrfOf((await jansen.get('/betrokkene')).text)!;
    const twice = await jansen.postForm('/betrokkene/uitstel', { _csrf: csrf, reason: 'Nog een keer.' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('deze partij heeft al eens uitstel gekregen (één keer per partij).');
    const twiceEn = await jansen.postForm('/betrokkene/uitstel?lang=en', { _csrf: csrf, reason: 'Once more.' });
    expect(twiceEn.status).toBe(409);
    expect(twiceEn.text).toContain('this party (respondent:1) has had its postponement already (a party may ask once)');
    // R. Smit still may, until three working days before the hearing; on Tuesday 6 April 2027 it is too late.
    expect((await smit.get('/betrokkene')).text).toContain('href="/betrokkene/uitstel"');
    const smitCsrf = csrfOf((await smit.get('/betrokkene')).text)!;
    await env.sleep(Date.parse('2027-04-06T08:00:00Z') - (await env.currentTimeMs()));
    expect((await smit.get('/betrokkene')).text).not.toContain('href="/betrokkene/uitstel"');
    const late = await smit.postForm('/betrokkene/uitstel', { _csrf: smitCsrf, reason: 'Ik ben ziek.' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('te laat: uitstel moet uiterlijk drie werkdagen voor de hoorzitting van 2027-04-07 worden gevraagd, dus op 2027-04-02.');
    expect((await procedureStates(env.client, caseNumber)).hearing!.postponementsUsed).toEqual(['respondent:1']);
    // Someone who is no respondent of the hearing is no party to postpone for.
    const unknown = await postJson(`${server.url}/api/cases/${caseNumber}/actions/requestPostponement`, { party: 'respondent:3', reason: 'Wie?' }, secretary);
    expect(unknown.status).toBe(409);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ code: 'not-party', field: 'party' })]);
    await recordHistory('resp12-respondent-postponement', env.client.workflow.getHandle(hearingWorkflowId(caseNumber)), 'fetched');
  });
});
