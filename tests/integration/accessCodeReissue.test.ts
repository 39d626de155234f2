/**
 * A lost access code, over HTTP against the running app with a real SMTP server (the capture):
 * the new code reaches the address on file (a minor's parent), the old one stops working, the
 * answer is the same for every case number, and requests are rate-limited.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devMailRaw, listDevMailbox } from '../../platform/mail/captureServer';
import { startAppStack, type AppStack } from '../helpers/appStack';
import type { TestDatabase } from '../helpers/db';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { csrfOf, WebClient } from '../helpers/webClient';

let database: TestDatabase;
let stack: AppStack;
let server: TestServer;

const ANSWER = { message: 'If the case number exists, a new access code is on its way to the address on file; the previous code no longer works.' };

// The workflows run (the case page asks them for the state); the access code is the API's own business.
beforeAll(async () => {
  stack = await startAppStack('lost-code', { mail: true });
  ({ database, server } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function file(body: Record<string, unknown>, ip: string): Promise<{ caseNumber: string; accessCode: string }> {
  const res = await postJson(`${server.url}/api/complaints`, sampleComplaintBody(body), { 'X-Forwarded-For': ip });
  expect(res.status).toBe(201);
  return res.body;
}

const ask = (caseNumber: unknown, ip: string) => postJson(`${server.url}/api/complaints/access-code-requests`, { caseNumber }, { 'X-Forwarded-For': ip });

async function codeMailedTo(address: string, caseNumber: string): Promise<string> {
  const mail = await eventually(async () => (await listDevMailbox(database.db, { to: address })).find((m) => m.subject === `Nieuwe toegangscode voor zaak ${caseNumber}`));
  const parsed = await simpleParser((await devMailRaw(database.db, mail.id))!);
  const code = /Uw nieuwe toegangscode: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(parsed.text ?? '')?.[1];
  expect(code).toBeDefined();
  return code!;
}

const read = (caseNumber: string, code: string) => getJson(`${server.url}/api/complaints/${caseNumber}`, { 'X-Access-Code': code });

describe('a new access code', () => {
  it('goes to the e-mail address on file; the old code stops working; every case number gets the same answer', async () => {
    const { caseNumber, accessCode } = await file({}, '192.0.2.10');
    expect((await read(caseNumber, accessCode)).status).toBe(200);

    expect(await ask(caseNumber, '192.0.2.11')).toEqual({ status: 202, body: ANSWER });
    expect(await ask('2026-999999', '192.0.2.11')).toEqual({ status: 202, body: ANSWER });
    expect(await ask('geen-zaak', '192.0.2.11')).toEqual({ status: 202, body: ANSWER });

    const code = await codeMailedTo('anna.devries@example.nl', caseNumber);
    expect(code).not.toBe(accessCode);
    expect((await read(caseNumber, accessCode)).status).toBe(404);
    expect((await read(caseNumber, code)).status).toBe(200);
    // The code itself is nowhere in the database: not on the case, not in its audit log.
    const events = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', caseNumber).where('case_events.type', 'access-code.reissued').select('case_events.data');
    expect(events.map((e) => e.data.to)).toEqual([['anna.devries@example.nl']]);
    expect(JSON.stringify(await database.db('cases').where({ case_number: caseNumber }).first())).not.toContain(code);
  });

  it("goes to a minor's parent or guardian, not to the pupil", async () => {
    const { caseNumber } = await file(
      { complainant: { name: 'Sem Bakker', role: 'pupil', minor: true, email: 'sem.bakker@example.nl' }, representatives: [{ name: 'Petra Bakker', relation: 'parent-or-guardian', email: 'petra.bakker@example.nl' }] },
      '192.0.2.20',
    );
    expect(await ask(caseNumber, '192.0.2.21')).toEqual({ status: 202, body: ANSWER });
    const code = await codeMailedTo('petra.bakker@example.nl', caseNumber);
    expect((await read(caseNumber, code)).status).toBe(200);
    expect(await listDevMailbox(database.db, { to: 'sem.bakker@example.nl' })).toEqual([]);
  });

  it('without an e-mail address on file, leaves the code as it is and asks the secretariat to send one by post', async () => {
    const { caseNumber, accessCode } = await file({ complainant: { name: 'Jan Bakker', role: 'parent', postalAddress: 'Lindelaan 4\n3511 AB Utrecht' } }, '192.0.2.30');
    expect(await ask(caseNumber, '192.0.2.31')).toEqual({ status: 202, body: ANSWER });
    expect((await read(caseNumber, accessCode)).status).toBe(200);
    const types = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', caseNumber).pluck('case_events.type');
    expect(types).toContain('access-code.reissue-requested');
  });

  it('is rate-limited: three per case number a day, five per client an hour; a missing case number is a 400', async () => {
    const { caseNumber } = await file({}, '192.0.2.40');
    for (const ip of ['192.0.2.41', '192.0.2.42', '192.0.2.43']) expect((await ask(caseNumber, ip)).status).toBe(202);
    const fourth = await ask(caseNumber, '192.0.2.44');
    expect(fourth.status).toBe(429);
    expect(fourth.body.errors[0].field).toBe('caseNumber');

    for (let i = 1; i <= 5; i++) expect((await ask(`2026-90000${i}`, '192.0.2.50')).status).toBe(202);
    expect((await ask('2026-900006', '192.0.2.50')).status).toBe(429);

    expect(await ask(undefined, '192.0.2.60')).toEqual({ status: 400, body: { errors: [{ field: 'caseNumber', message: 'is required (a case number such as 2026-000123)' }] } });
  });

  it('has a page that says the same for every case number', async () => {
    const web = new WebClient(server.url);
    const login = await web.get('/zaak');
    expect(login.text).toContain('href="/zaak/code-kwijt"');
    const token = await web.csrf('/zaak/code-kwijt');
    const post = (caseNumber: string, ip: string) =>
      web.request('/zaak/code-kwijt', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': ip }, body: new URLSearchParams({ _csrf: token, caseNumber }).toString() });
    const { caseNumber } = await file({}, '192.0.2.70');
    const known = await post(caseNumber, '192.0.2.71');
    const unknown = await post('2026-999998', '192.0.2.72');
    expect([known.status, unknown.status]).toEqual([200, 200]);
    const notice = (html: string) => /data-testid="lost-code-sent">([^<]*)</.exec(html)?.[1];
    expect(notice(known.text)).toBe('Als dit zaaknummer bestaat, is er een nieuwe toegangscode onderweg naar het adres dat bij de zaak bekend is. De vorige code werkt niet meer.');
    expect(notice(unknown.text)).toBe(notice(known.text));
    await codeMailedTo('anna.devries@example.nl', caseNumber);
    expect(csrfOf(login.text)).toBeDefined();
  });
});
