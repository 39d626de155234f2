/**
 * The person complained about as a party (issue 12), over HTTP against the real app on a
 * time-skipping Temporal server, with a real SMTP server (the capture) for the link the secretary
 * sends: the notice of the complaint carries their personal link, their page shows the stage and
 * their next step with its due date, their written statement is taken while the defence term runs
 * and refused after it, it reaches the hearing file and the complainant with the defence, and
 * neither party's door opens the other's pages. Dates and texts are written out.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createUser } from '../../api/portal/users';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { recordHistory } from '../helpers/histories';
import { createLogger } from '../../platform/log';
import { devMailRaw, listDevMailbox } from '../../platform/mail/captureServer';
import { startAppStack, type AppStack } from '../helpers/appStack';
import type { TestDatabase } from '../helpers/db';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { schoolToken, staffToken } from '../helpers/tokens';
import { csrfOf, staffLogIn, WebClient } from '../helpers/webClient';

let stack: AppStack;
let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;
let secretary: Record<string, string>;
let chair: Record<string, string>;
let school: Record<string, string>;
const PASSWORD = 'een lang en geheim wachtwoord';
// The app's request lines, to prove no personal code reaches the log.
const logLines: string[] = [];

beforeAll(async () => {
  stack = await startAppStack('respondent', { timeSkipping: true, mail: true, logger: createLogger({ level: 'info' }, { write: (line: string) => void logLines.push(line) }) });
  ({ database, env, server } = stack);
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  secretary = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token}` };
  chair = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Carla', role: 'chair' })).token}` };
  school = { Authorization: `Bearer ${await schoolToken(database.db, { subject: 'de-linde', name: 'De Linde', brin: '12AB' })}` };
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  // The workflows' clock: Monday 1 March 2027. Four weeks of defence term end on Easter Monday
  // 29 March 2027, so the term runs to Tuesday 30 March 2027 (Atw art. 1).
  await env.sleep(Date.parse('2027-03-01T08:00:00Z') - (await env.currentTimeMs()));
});

afterAll(async () => {
  await stack?.stop();
});

type LetterRow = { id: string; addressee: { key: string }; html: string };

async function fileAndAdmit(): Promise<{ caseNumber: string; accessCode: string }> {
  const body = sampleComplaintBody({
    respondents: [
      { name: 'T. Jansen', role: 'teacher', email: 't.jansen@example.nl' },
      { name: 'R. Smit', role: 'management' },
    ],
  });
  const filed = await postJson(`${server.url}/api/complaints`, body);
  expect(filed.status).toBe(201);
  const { caseNumber, accessCode } = filed.body;
  await eventually(async () => ((await getJson(`${server.url}/api/cases/${caseNumber}`, secretary)).body.status === 'admissibility' ? true : undefined));
  const decided = await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`, { admissible: true }, chair);
  expect(decided.status).toBe(200);
  expect(decided.body.status).toBe('defence');
  return { caseNumber, accessCode };
}

async function noticeTo(caseNumber: string, key: string): Promise<LetterRow> {
  return eventually(async () =>
    database
      .db('letters')
      .join('cases', 'cases.id', 'letters.case_id')
      .where({ 'cases.case_number': caseNumber, 'letters.kind': 'kennisgeving-klacht' })
      .whereRaw("letters.addressee->>'key' = ?", [key])
      .first('letters.id', 'letters.addressee', 'letters.html'),
  );
}

const CODE = /\/betrokkene\/([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})/;

async function openLink(code: string): Promise<WebClient> {
  const web = new WebClient(server.url);
  const opened = await web.get(`/betrokkene/${code}`);
  expect(opened.status).toBe(303);
  expect(opened.location).toBe('/betrokkene');
  return web;
}

describe('the person complained about', () => {
  let caseNumber: string;
  let accessCode: string;
  let teacher: WebClient;
  let complainant: WebClient;

  it('gets a personal link in the notice of the complaint, and their page shows the stage and their next step with its due date', async () => {
    ({ caseNumber, accessCode } = await fileAndAdmit());
    const notice = await noticeTo(caseNumber, 'respondent:1');
    expect(notice.html).toContain('U bent degene over wie geklaagd is.');
    const code = CODE.exec(notice.html)?.[1];
    expect(code).toBeDefined();
    // The school board's notice carries no personal link.
    expect(CODE.test((await noticeTo(caseNumber, 'school-board')).html)).toBe(false);
    // Only the hash is stored.
    const stored = await database.db('respondent_links').select('token_hash', 'respondent', 'issued_via');
    expect(stored.map((r) => [r.respondent, r.issued_via])).toEqual([
      [1, 'letter'],
      [2, 'letter'],
    ]);
    expect(JSON.stringify(stored)).not.toContain(code!.replace(/-/g, ''));

    teacher = await openLink(code!);
    // The request line names the door, never the code.
    expect(logLines.join('')).toContain('"url":"/betrokkene/[redacted]"');
    expect(logLines.join('')).not.toContain(code!);
    const page = await teacher.get('/betrokkene');
    expect(page.status).toBe(200);
    expect(page.text).toContain('U bent degene over wie geklaagd is (de verweerder) in deze zaak.');
    expect(page.text).toContain('data-stage="defence"');
    expect(page.text).toContain('data-task="respondent-statement"');
    expect(page.text).toContain('U heeft tot en met dinsdag 30 maart 2027 om schriftelijk op de klacht te reageren.');
    expect(page.text).toContain('Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.');
    // Never the complainant's contact details or access code.
    expect(page.text).not.toContain('anna.devries@example.nl');
    expect(page.text).not.toContain('06 12345678');
    expect(page.text).not.toContain(accessCode);
    // Their letter opens, with the way back.
    const letterLink = /href="(\/betrokkene\/brieven\/\d+)"/.exec(page.text)?.[1];
    expect(letterLink).toBe(`/betrokkene/brieven/${notice.id}`);
    // The same frame as the other parties' letters: the stored letter, the bar above it, its own CSP.
    const letterPage = await teacher.get(letterLink!);
    expect(letterPage.status).toBe(200);
    expect(letterPage.text).toContain('<a href="/betrokkene">Terug naar uw zaak</a>');
    expect(letterPage.text).toContain(`<a href="/betrokkene/brieven/${notice.id}/pdf">Deze brief als PDF</a>`);
    expect(letterPage.headers.get('content-security-policy')).toContain('sandbox');
    expect(letterPage.text.replace(/<div class="kf-letter-bar"[\s\S]*?<\/style>/, '')).toBe(notice.html);
    const pdf = await teacher.get(`${letterLink!}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Not the letter to the other person complained about, nor the school board's.
    const other = await noticeTo(caseNumber, 'respondent:2');
    expect((await teacher.get(`/betrokkene/brieven/${other.id}`)).status).toBe(404);
    expect((await teacher.get(`/betrokkene/brieven/${(await noticeTo(caseNumber, 'school-board')).id}/pdf`)).status).toBe(404);
    // English on request.
    expect((await teacher.get('/betrokkene?lang=en')).text).toContain('You have until Tuesday 30 March 2027 to answer the complaint in writing.');
  });

  it('the complainant cannot use the link pages, and the link is no access code', async () => {
    complainant = new WebClient(server.url);
    const login = await complainant.postForm('/zaak', { _csrf: csrfOf((await complainant.get('/zaak')).text)!, caseNumber, accessCode });
    expect(login.location).toBe('/zaak/overzicht');
    expect((await complainant.get('/betrokkene')).status).toBe(404);
    expect((await complainant.get(`/betrokkene/${accessCode}`)).status).toBe(404);
    // The respondent's session opens none of the complainant's pages.
    const own = await teacher.get('/zaak/overzicht');
    expect(own.status).toBe(303);
    expect(own.location).toBe('/zaak');
  });

  it('takes their written statement in the term, once', async () => {
    const form = await teacher.get('/betrokkene');
    const sent = await teacher.postMultipart('/betrokkene/reactie', { _csrf: csrfOf(form.text)!, text: 'Ik herken mij niet in deze klacht. Ik heb de leerling steeds geholpen.' }, []);
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/betrokkene\/ontvangstbewijs\/[0-9a-f-]{36}$/);
    const after = await teacher.get('/betrokkene');
    expect(after.text).toContain('data-testid="statement-in"');
    expect(after.text).toContain('data-task="wait"');
    const again = await postJson(`${server.url}/api/cases/${caseNumber}/actions/submitRespondentStatement`, { respondent: 1, text: 'Nog iets.' }, secretary);
    expect(again.status).toBe(409);
    expect(again.body.errors.map((e: { code: string }) => e.code)).toEqual(['respondent-statement-received']);
    // Only a person the case names: the case's own list is checked.
    const unknown = await postJson(`${server.url}/api/cases/${caseNumber}/actions/submitRespondentStatement`, { respondent: 3, text: 'Wie?' }, secretary);
    expect(unknown.status).toBe(409);
    expect(unknown.body.errors.map((e: { code: string; field: string }) => [e.code, e.field])).toEqual([['not-respondent-number', 'respondent']]);
    // A school cannot hand in a respondent's statement.
    const bySchool = await postJson(`${server.url}/api/cases/${caseNumber}/actions/submitRespondentStatement`, { respondent: 2, text: 'Namens R. Smit.' }, school);
    expect(bySchool.status).toBe(403);
    const events = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where({ 'cases.case_number': caseNumber, 'case_events.type': 'respondent.statement-received' }).select('case_events.actor', 'case_events.data');
    expect(events).toHaveLength(1);
    expect(events[0].actor).toMatch(/^respondent-link:\d+$/);
    expect(events[0].data.respondent).toBe(1);
  });

  it('forwards the statement with the defence to the complainant and the hearing file, and refuses a statement after the term', async () => {
    const defence = await postJson(`${server.url}/api/cases/${caseNumber}/actions/submitDefence`, { text: 'Het verweer van het bestuur.' }, school);
    expect(defence.status).toBe(200);
    const statement = await eventually(async () => {
      const row = await database.db('documents').join('cases', 'cases.id', 'documents.case_id').where({ 'cases.case_number': caseNumber, 'documents.uploaded_by': 'respondent' }).first('documents.original_name', 'documents.released_to');
      return row && row.released_to.includes('panel') ? row : undefined;
    });
    expect(statement.original_name).toBe('Schriftelijke reactie van de persoon over wie geklaagd is (1).txt');
    expect(statement.released_to).toEqual(['respondent:1', 'complainant', 'panel']);
    // The complainant gets it with the defence (toezending verweer) and finds it in their file.
    const forwarded = await eventually<{ addressee_role: string }>(async () =>
      database.db('letters').join('cases', 'cases.id', 'letters.case_id').where({ 'cases.case_number': caseNumber, 'letters.kind': 'toezending-verweer' }).first('letters.addressee_role'),
    );
    expect(forwarded.addressee_role).toBe('complainant');
    expect((await complainant.get('/zaak/overzicht')).text).toContain('Schriftelijke reactie van de persoon over wie geklaagd is (1).txt');
    const late = await postJson(`${server.url}/api/cases/${caseNumber}/actions/submitRespondentStatement`, { respondent: 2, text: 'Te laat.' }, secretary);
    expect(late.status).toBe(409);
    expect(late.body.errors.map((e: { code: string; field: string }) => [e.code, e.field])).toEqual([['respondent-statement-term-over', 'action']]);
    // The page says so too.
    expect((await teacher.get('/betrokkene')).text).toContain('data-stage="reply-round"');
    await recordHistory('respondent-statement-with-defence', env.client.workflow.getHandle(complaintWorkflowId(caseNumber)), 'fetched');
  });

  it('the secretary sends a new link by e-mail (the old one stops working) and revokes it; both are in the audit trail', async () => {
    const sanne = await staffLogIn(server.url, 'sanne@lko.example.nl', PASSWORD);
    const base = `/medewerkers/zaken/${caseNumber}`;
    const casePage = await sanne.get(base);
    expect(casePage.text).toContain('data-testid="respondent-links"');
    const confirm = await sanne.postForm(`${base}/betrokkene/1/link`, { _csrf: csrfOf(casePage.text)! });
    expect(confirm.status).toBe(200);
    const issued = await sanne.postForm(`${base}/betrokkene/1/link`, { _csrf: csrfOf(confirm.text)!, step: 'confirm' });
    expect(issued.status).toBe(200);
    expect(issued.text).toContain('De link is per e-mail verstuurd naar t.jansen@example.nl.');
    const mail = await eventually(async () => (await listDevMailbox(database.db, { to: 't.jansen@example.nl' })).find((m) => m.subject === `Uw persoonlijke link voor klacht ${caseNumber}`));
    const parsed = await simpleParser((await devMailRaw(database.db, mail.id))!);
    const code = CODE.exec(parsed.text ?? '')?.[1];
    expect(code).toBeDefined();
    // The old session and link stop working; the new link opens the page.
    expect((await teacher.get('/betrokkene')).status).toBe(404);
    const again = await openLink(code!);
    expect((await again.get('/betrokkene')).status).toBe(200);
    const confirmRevoke = await sanne.postForm(`${base}/betrokkene/1/link/intrekken`, { _csrf: csrfOf((await sanne.get(base)).text)! });
    const revoked = await sanne.postForm(`${base}/betrokkene/1/link/intrekken`, { _csrf: csrfOf(confirmRevoke.text)!, step: 'confirm' });
    expect(revoked.status).toBe(303);
    expect((await again.get('/betrokkene')).status).toBe(404);
    expect((await new WebClient(server.url).get(`/betrokkene/${code}`)).status).toBe(404);
    const trail = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', caseNumber).where('case_events.type', 'like', 'respondent-link.%').orderBy('case_events.id').select('case_events.type', 'case_events.data');
    expect(trail.map((e) => [e.type, e.data.respondent, e.data.via ?? null])).toEqual([
      ['respondent-link.issued', 1, 'letter'],
      ['respondent-link.issued', 2, 'letter'],
      ['respondent-link.issued', 1, 'console'],
      ['respondent-link.revoked', 1, null],
    ]);
    expect(JSON.stringify(trail)).not.toContain(code!);
  });

  it('the case API shows the persons complained about', async () => {
    const view = await getJson(`${server.url}/api/cases/${caseNumber}`, secretary);
    expect(view.body.respondents).toEqual([
      { name: 'T. Jansen', role: 'teacher', email: 't.jansen@example.nl' },
      { name: 'R. Smit', role: 'management' },
    ]);
  });

  it('forwards a statement even when the school board sends no defence: at the end of the defence term it goes to the complainant and the hearing file', async () => {
    const other = await fileAndAdmit();
    const sent = await postJson(`${server.url}/api/cases/${other.caseNumber}/actions/submitRespondentStatement`, { respondent: 2, text: 'Namens mij, R. Smit: ik was er niet bij.' }, secretary);
    expect(sent.status).toBe(200);
    // Past the defence term's last day, Tuesday 30 March 2027.
    await env.sleep(Date.parse('2027-03-31T08:00:00Z') - (await env.currentTimeMs()));
    const forwarded = await eventually<{ addressee_role: string }>(async () =>
      database.db('letters').join('cases', 'cases.id', 'letters.case_id').where({ 'cases.case_number': other.caseNumber, 'letters.kind': 'toezending-verweer' }).first('letters.addressee_role', 'letters.data_snapshot'),
    );
    expect(forwarded.addressee_role).toBe('complainant');
    const statement = await database.db('documents').join('cases', 'cases.id', 'documents.case_id').where({ 'cases.case_number': other.caseNumber, 'documents.uploaded_by': 'respondent' }).first('documents.released_to');
    expect(statement.released_to).toEqual(['respondent:2', 'complainant', 'panel']);
    const types = (await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', other.caseNumber).orderBy('case_events.id').select('case_events.type')).map((e) => e.type);
    expect(types).toContain('defence.not-received');
    expect(types.indexOf('defence.forwarded')).toBeGreaterThan(types.indexOf('defence.not-received'));
    expect((await getJson(`${server.url}/api/cases/${other.caseNumber}`, secretary)).body.status).toBe('reply-round');
    await recordHistory('respondent-statement-without-defence', env.client.workflow.getHandle(complaintWorkflowId(other.caseNumber)), 'fetched');
  });
});
