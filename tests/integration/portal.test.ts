/**
 * The portal's security over real HTTP, against real PostgreSQL and the real Temporal dev server:
 * sessions, CSRF, rate limits, uploads and authorisation for complainants, school links and staff.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { runCaseAction, caseState } from '../../api/services/caseActions';
import { staffToken, schoolToken } from '../helpers/tokens';
import { createUser } from '../../api/portal/users';
import { storeDocument } from '../../api/portal/documents';
import type { CaseStateView } from '../../contracts/messages';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, postJson, type TestServer } from '../helpers/http';
import { CHAIR } from '../helpers/procedure';
import { logInStaff } from '../helpers/staffLogin';
import { csrfOf, fakeExecutable, samplePdf, WebClient } from '../helpers/webClient';

// Workflows wait on activities that share two cores with other suites (and Chromium): allow time.
vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;
let secretaryToken: string;

beforeAll(async () => {
  stack = await startAppStack('portal');
  ({ database, env, server, taskQueue } = stack);
  secretaryToken = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
});

afterAll(async () => {
  await stack?.stop();
});

async function fileCase(brin = '12AB'): Promise<{ caseNumber: string; accessCode: string; id: string }> {
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint({ school: { brin, name: `School ${brin}`, sector: 'primary' } }));
  await eventually(async () => {
    const s = (await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined;
    return s?.status === 'admissibility' ? s : undefined;
  }, 90_000);
  const row = await database.db('cases').where({ case_number: filed.caseNumber }).first();
  return { caseNumber: filed.caseNumber, accessCode: filed.accessCode, id: String(row.id) };
}

async function toDefence(caseNumber: string): Promise<void> {
  await runCaseAction(env.client, caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
  await eventually(async () => {
    const s = (await caseState(env.client, caseNumber)).complaint as CaseStateView | undefined;
    return s?.allowedActions.includes('submitDefence') ? s : undefined;
  }, 90_000);
}

async function logIn(caseNumber: string, accessCode: string): Promise<WebClient> {
  const web = new WebClient(server.url);
  const csrf = await web.csrf('/zaak');
  const res = await web.postForm('/zaak', { _csrf: csrf, caseNumber, accessCode });
  expect(res.status).toBe(303);
  expect(res.location).toBe('/zaak/overzicht');
  return web;
}

async function schoolLink(caseNumber: string, token = secretaryToken): Promise<{ status: number; body: any }> {
  return postJson(`${server.url}/api/cases/${caseNumber}/school-links`, {}, { Authorization: `Bearer ${token}` });
}

describe('pages, headers and language', () => {
  it('serves the Dutch start page with security headers, and English on ?lang=en (kept in a cookie)', async () => {
    const web = new WebClient(server.url);
    const home = await web.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<html lang="nl">');
    expect(home.text).toContain('Een klacht over uw school');
    expect(home.text).not.toMatch(/<script/i);
    const csp = home.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    expect(home.headers.get('referrer-policy')).toBe('no-referrer');
    expect(home.headers.get('cache-control')).toBe('no-store');

    const en = await web.get('/?lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('A complaint about your school');
    const again = await web.get('/zaak');
    expect(again.text).toContain('View your case');

    const api = await fetch(`${server.url}/api/nothing`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers unknown pages with a 404 page, not JSON', async () => {
    const res = await new WebClient(server.url).get('/bestaat-niet');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Pagina niet gevonden');
  });
});

describe('sessions and CSRF', () => {
  it('stores sessions server-side with only a hash; the cookie is HttpOnly and SameSite=Lax', async () => {
    const web = new WebClient(server.url);
    await web.get('/zaak');
    const cookie = web.setCookies.find((c) => c.startsWith('kf_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const id = web.cookies.get('kf_session')!;
    const rows = await database.db('web_sessions').select('id_hash');
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('refuses every POST without the session’s CSRF token, and with another session’s token', async () => {
    const web = new WebClient(server.url);
    const token = await web.csrf('/klacht-indienen/stap/1');
    const none = await web.postForm('/klacht-indienen/stap/1', { 'complainant.name': 'X' });
    expect(none.status).toBe(403);
    expect(none.text).toContain('Het formulier is verlopen');
    const other = new WebClient(server.url);
    const otherToken = await other.csrf('/zaak');
    expect(otherToken).not.toBe(token);
    expect((await web.postForm('/zaak', { _csrf: otherToken, caseNumber: '2026-000001', accessCode: 'AAAA-BBBB-CCCC' })).status).toBe(403);
    const noSession = new WebClient(server.url);
    expect((await noSession.postForm('/inloggen', { _csrf: token, email: 'a@b.nl', password: 'x' })).status).toBe(403);
    const multipart = await noSession.postMultipart('/school/verweer', { _csrf: token }, [{ field: 'defence', name: 'a.pdf', type: 'application/pdf', content: samplePdf() }]);
    expect(multipart.status).toBe(403);
  });
});

describe('intake form over HTTP', () => {
  it('shows Dutch errors at the fields, keeps what was typed, and files the complaint after the summary', async () => {
    const web = new WebClient(server.url);
    const csrf = await web.csrf('/klacht-indienen/stap/1');
    const bad = await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Anna de Vries', 'complainant.email': 'geen-adres' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vul een geldig e-mailadres in');
    expect(bad.text).toContain('Kies wie u bent.');
    expect(bad.text).toContain('value="Anna de Vries"');
    expect(bad.text).toContain('value="geen-adres"');
    expect(bad.text).toContain('aria-describedby="f-complainant-email-hint f-complainant-email-error"');
    expect(bad.text).toContain('id="f-complainant-email-error"');
    expect(bad.text).toContain('href="#f-complainant-email"');
    expect(bad.text).toContain('<title>Fout:');

    const s1 = await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Anna de Vries', 'complainant.email': 'anna@example.nl', 'complainant.role': 'parent' });
    expect(s1.location).toBe('/klacht-indienen/stap/2');
    const s2 = await web.postForm('/klacht-indienen/stap/2', { _csrf: csrf, 'school.name': 'OBS De Linde', 'school.brin': '12ab', 'school.sector': 'primary' });
    expect(s2.location).toBe('/klacht-indienen/stap/3');
    const s3bad = await web.postForm('/klacht-indienen/stap/3', { _csrf: csrf, category: 'pesten', description: 'Te kort', occurredOn: '31-02-2026', raisedWithSchool: 'yes', language: 'nl' });
    expect(s3bad.status).toBe(400);
    expect(s3bad.text).toContain('minstens 20 tekens');
    expect(s3bad.text).toContain('Vul een bestaande datum in');
    const s3 = await web.postForm('/klacht-indienen/stap/3', { _csrf: csrf, category: 'pesten', description: 'Mijn zoon wordt al weken gepest op het schoolplein.', occurredOn: '1-10-2026', raisedWithSchool: 'yes', language: 'nl' });
    expect(s3.location).toBe('/klacht-indienen/controleren');
    const summary = await web.get('/klacht-indienen/controleren');
    expect(summary.text).toContain('OBS De Linde');
    expect(summary.text).toContain('12AB');
    expect(summary.text).toContain('01-10-2026');
    const before = await database.db('cases').count<{ count: string }[]>('* as count');
    const sent = await web.postForm('/klacht-indienen/versturen', { _csrf: csrf });
    expect(sent.location).toBe('/klacht-indienen/ontvangen');
    const ack = await web.get('/klacht-indienen/ontvangen');
    const caseNumber = /data-testid="case-number">([^<]+)</.exec(ack.text)![1];
    const code = /data-testid="access-code">([^<]+)</.exec(ack.text)![1];
    expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    // Shown once.
    const again = await web.get('/klacht-indienen/ontvangen');
    expect(again.status).toBe(303);
    // A second POST of the (now cleared) draft files nothing new.
    await web.postForm('/klacht-indienen/versturen', { _csrf: csrf });
    const after = await database.db('cases').count<{ count: string }[]>('* as count');
    expect(Number(after[0].count)).toBe(Number(before[0].count) + 1);
    const row = await database.db('cases').where({ case_number: caseNumber }).first();
    expect(row.complaint).toMatchObject({ complainant: { name: 'Anna de Vries', email: 'anna@example.nl', role: 'parent' }, school: { brin: '12AB' }, occurredOn: '2026-10-01' });
    expect(JSON.stringify(row)).not.toContain(code);
  });
});

describe('complainant tracking', () => {
  it('logs in with case number and code, shows the state and next term, logs the read; a wrong code says nothing about the case', async () => {
    const c = await fileCase();
    const wrong = new WebClient(server.url);
    const csrf = await wrong.csrf('/zaak');
    const bad = await wrong.postForm('/zaak', { _csrf: csrf, caseNumber: c.caseNumber, accessCode: 'AAAA-BBBB-CCCC' });
    const unknown = await wrong.postForm('/zaak', { _csrf: csrf, caseNumber: '1999-000001', accessCode: c.accessCode });
    expect(bad.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(bad.text).toContain('horen niet bij elkaar');
    expect(unknown.text).toContain('horen niet bij elkaar');
    expect(bad.text).not.toContain('AAAA-BBBB-CCCC');
    expect((await wrong.get('/zaak/overzicht')).location).toBe('/zaak');

    const web = await logIn(c.caseNumber, c.accessCode.toLowerCase());
    const page = await web.get('/zaak/overzicht');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Zaak ${c.caseNumber}`);
    expect(page.text).toContain('Ontvankelijkheid wordt beoordeeld');
    expect(page.text).toMatch(/Uiterlijk \w+dag \d+ \w+ \d{4}/);
    expect(page.text).toContain('De termijn');
    expect(page.text).toContain('Klacht ontvangen');
    const logged = await database.db('case_access_log').where({ case_id: c.id, action: 'portal.case.read' });
    expect(logged[0]).toMatchObject({ actor: `complainant:${c.caseNumber}` });
    expect(logged[0].at).toBeInstanceOf(Date);

    const letterId = /href="\/zaak\/brieven\/(\d+)"/.exec(page.text)![1];
    const letter = await web.get(`/zaak/brieven/${letterId}`);
    expect(letter.status).toBe(200);
    expect(letter.text).toContain(c.caseNumber);
    expect(letter.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('rate-limits access-code attempts with 429 and Retry-After', async () => {
    const c = await fileCase();
    const web = new WebClient(server.url);
    const csrf = await web.csrf('/zaak');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await web.postForm('/zaak', { _csrf: csrf, caseNumber: c.caseNumber, accessCode: `WRNG-CODE-000${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
    const blocked = await web.postForm('/zaak', { _csrf: csrf, caseNumber: c.caseNumber, accessCode: c.accessCode });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.text).toContain('Te veel pogingen');
  });

  it('a complainant never reaches another case’s letters or documents', async () => {
    const a = await fileCase();
    const b = await fileCase();
    const bLetter = await eventually(async () => database.db('letters').where({ case_id: b.id }).first(), 90_000);
    const bDoc = await storeDocument(database.db, { caseId: b.id, party: 'complainant', actor: 'test', kind: 'evidence', file: { field: 'f', clientName: 'b.pdf', content: samplePdf('B'), truncated: false } });
    const aDoc = await storeDocument(database.db, { caseId: a.id, party: 'complainant', actor: 'test', kind: 'evidence', file: { field: 'f', clientName: 'a.pdf', content: samplePdf('A'), truncated: false } });
    const web = await logIn(a.caseNumber, a.accessCode);
    expect((await web.get(`/zaak/brieven/${bLetter.id}`)).status).toBe(404);
    expect((await web.get(`/zaak/documenten/${bDoc.id}`)).status).toBe(404);
    const own = await web.get(`/zaak/documenten/${aDoc.id}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('content-disposition')).toContain('attachment');
    const overview = await web.get('/zaak/overzicht');
    expect(overview.text).not.toContain(b.caseNumber);
  });

  it('a reply the procedure does not ask for is refused with the workflow’s reason, and its files are not kept', async () => {
    const c = await fileCase();
    const web = await logIn(c.caseNumber, c.accessCode);
    const page = await web.get('/zaak/overzicht');
    expect(page.text).not.toContain('action="/zaak/reactie"');
    const res = await web.postMultipart('/zaak/reactie', { _csrf: csrfOf(page.text)!, text: 'Mijn reactie' }, [{ field: 'files', name: 'bijlage.pdf', type: 'application/pdf', content: samplePdf() }]);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Dit kan nu niet');
    expect(await database.db('documents').where({ case_id: c.id })).toEqual([]);
    expect(await database.db('upload_receipts').where({ case_id: c.id })).toEqual([]);
  });

  it('withdraws after a confirmation step, through the workflow', async () => {
    const c = await fileCase();
    const web = await logIn(c.caseNumber, c.accessCode);
    const overview = await web.get('/zaak/overzicht');
    expect(overview.text).toContain('href="/zaak/intrekken"');
    const confirm = await web.get('/zaak/intrekken');
    expect(confirm.text).toContain('Weet u zeker');
    const done = await web.postForm('/zaak/intrekken', { _csrf: csrfOf(confirm.text)!, reason: 'Opgelost met de school.' });
    expect(done.location).toBe('/zaak/overzicht?ingetrokken=1');
    const after = await web.follow(done);
    expect(after.text).toContain('Uw klacht is ingetrokken.');
    expect(after.text).toContain('Ingetrokken');
    expect(after.text).not.toContain('href="/zaak/intrekken"');
    const refused = await web.postForm('/zaak/intrekken', { _csrf: csrfOf(after.text)!, reason: 'Nog eens' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Dit kan nu niet');
  });
});

describe('school links', () => {
  it('issues a link only for a secretary, validates the body by schema, and revokes the previous link', async () => {
    const c = await fileCase();
    expect((await postJson(`${server.url}/api/cases/${c.caseNumber}/school-links`, {})).status).toBe(401);
    const schoolBearer = await schoolToken(database.db, { subject: 'school-12AB', name: 'School', brin: '12AB' });
    expect((await schoolLink(c.caseNumber, schoolBearer)).status).toBe(403);
    expect((await schoolLink('1999-000001')).status).toBe(404);
    const bad = await postJson(`${server.url}/api/cases/${c.caseNumber}/school-links`, { expiresInDays: 0, colour: 'red' }, { Authorization: `Bearer ${secretaryToken}` });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['colour', 'expiresInDays']);

    const first = await schoolLink(c.caseNumber);
    expect(first.status).toBe(201);
    expect(first.body.url).toMatch(/\/school\/[A-Za-z0-9_-]{43}$/);
    const token = first.body.url.split('/').pop();
    const stored = await database.db('school_links').where({ id: first.body.linkId }).first();
    expect(stored.token_hash).not.toContain(token);
    // No fixed expiry: the link lives as long as the case is open.
    expect(stored.expires_at).toBeNull();
    expect(first.body.expiresAt).toBeNull();

    const web = new WebClient(server.url);
    expect((await web.get(`/school/${token}`)).location).toBe('/school');
    const second = await schoolLink(c.caseNumber);
    expect(second.body.revokedPrevious).toBe(1);
    // The old link and the session it opened are both closed.
    expect((await web.get('/school')).status).toBe(404);
    expect((await new WebClient(server.url).get(`/school/${token}`)).status).toBe(404);
    const fresh = new WebClient(server.url);
    expect((await fresh.get(`/school/${second.body.url.split('/').pop()}`)).status).toBe(303);
    expect((await fresh.get('/school')).status).toBe(200);
  });

  it('a wrong token is a 404; token checks are rate-limited', async () => {
    const web = new WebClient(server.url);
    const res = await web.get(`/school/${'x'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Deze link werkt niet');
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await web.get(`/school/${'y'.repeat(43)}`)).status;
    expect(last).toBe(429);
    // Every test here comes from 127.0.0.1: give the next tests their budget back.
    await database.db('rate_limits').delete();
  });

  it('the school sees its case and only documents released to it, uploads a defence with a receipt; bad files are refused at the field', async () => {
    const a = await fileCase();
    const b = await fileCase('34CD');
    await toDefence(a.caseNumber);
    const link = await schoolLink(a.caseNumber);
    const web = new WebClient(server.url);
    const opened = await web.follow(await web.get(new URL(link.body.url).pathname));
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Mijn dochter wordt sinds september dagelijks gepest');
    expect(opened.text).not.toContain('anna.devries@example.nl');
    expect(opened.text).toContain('Verweerschrift indienen');

    const secret = await storeDocument(database.db, { caseId: a.id, party: 'complainant', actor: 'test', kind: 'evidence', file: { field: 'f', clientName: 'medisch.pdf', content: samplePdf('M'), truncated: false } });
    const otherCase = await storeDocument(database.db, { caseId: b.id, party: 'school', actor: 'test', kind: 'evidence', file: { field: 'f', clientName: 'b.pdf', content: samplePdf('B'), truncated: false } });
    expect((await web.get(`/school/documenten/${secret.id}`)).status).toBe(404);
    expect((await web.get(`/school/documenten/${otherCase.id}`)).status).toBe(404);
    expect((await web.get('/school')).text).not.toContain('medisch.pdf');
    await database.db('documents').where({ id: secret.id }).update({ released_to: JSON.stringify(['complainant', 'school']) });
    expect((await web.get(`/school/documenten/${secret.id}`)).status).toBe(200);

    const csrf = csrfOf(opened.text)!;
    const disguised = await web.postMultipart('/school/verweer', { _csrf: csrf, text: 'Ons verweer' }, [{ field: 'defence', name: 'verweer.pdf', type: 'application/pdf', content: fakeExecutable() }]);
    expect(disguised.status).toBe(400);
    expect(disguised.text).toContain('is geen PDF');
    expect(disguised.text).toContain('>Ons verweer</textarea>');
    const missing = await web.postMultipart('/school/verweer', { _csrf: csrf, text: 'Alleen tekst' }, []);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Kies het bestand met uw verweerschrift.');
    const huge = await web.postMultipart('/school/verweer', { _csrf: csrf }, [{ field: 'defence', name: 'groot.pdf', type: 'application/pdf', content: Buffer.concat([samplePdf(), Buffer.alloc(10 * 1024 * 1024)]) }]);
    expect(huge.status).toBe(400);
    expect(huge.text).toContain('groter dan 10 MB');
    expect(await database.db('documents').where({ case_id: a.id, uploaded_by: 'school' }).count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);

    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const sent = await web.postMultipart('/school/verweer', { _csrf: csrf, text: '' }, [
      { field: 'defence', name: 'C:\\stukken\\verweer.pdf', type: 'application/octet-stream', content: samplePdf() },
      { field: 'attachments', name: 'foto.txt', type: 'text/plain', content: png },
    ]);
    expect(sent.status).toBe(303);
    const receipt = await web.follow(sent);
    expect(receipt.text).toContain('Ontvangstbewijs');
    expect(receipt.text).toMatch(/OB-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    const docs = await database.db('documents').where({ case_id: a.id, uploaded_by: 'school' }).orderBy('kind');
    expect(docs.map((d) => [d.kind, d.original_name, d.mime_type])).toEqual([
      ['attachment', 'foto.txt', 'image/png'],
      ['defence', 'verweer.pdf', 'application/pdf'],
    ]);
    expect(docs.every((d) => /^[0-9a-f-]{36}\.(pdf|png)$/.test(d.stored_name))).toBe(true);
    const state = await eventually(async () => {
      const s = (await caseState(env.client, a.caseNumber)).complaint as CaseStateView | undefined;
      return s && !s.allowedActions.includes('submitDefence') ? s : undefined;
    }, 90_000);
    // The defence is in: the secretary decides on a reply round next.
    expect(state.allowedActions).toContain('decideReplyRound');
    const events = await database.db('case_events').where({ case_id: a.id, type: 'defence.received' });
    expect(events[0].data.documentIds.sort()).toEqual(docs.map((d) => d.id).sort());
    expect(events[0].actor).toMatch(/^school-link:/);

    // A second defence is refused by the workflow, and the refused upload leaves nothing behind.
    const again = await web.postMultipart('/school/verweer', { _csrf: csrf }, [{ field: 'defence', name: 'nog.pdf', type: 'application/pdf', content: samplePdf('2') }]);
    expect([400, 409]).toContain(again.status);
    expect((await database.db('documents').where({ case_id: a.id, uploaded_by: 'school' })).length).toBe(2);
    expect((await database.db('case_access_log').where({ case_id: a.id }).where('actor', 'like', 'school-link:%')).length).toBeGreaterThan(0);
  });
});

describe('staff login', () => {
  it('checks scrypt passwords, rotates the session on login, rate-limits per account, and logs out', async () => {
    await createUser(database.db, { email: 'secretaris@lkc.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: 'een lang en geheim wachtwoord' });
    const stored = await database.db('users').where({ email: 'secretaris@lkc.example.nl' }).first();
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);

    const web = new WebClient(server.url);
    const csrf = await web.csrf('/inloggen');
    const before = web.cookies.get('kf_session');
    const wrong = await web.postForm('/inloggen', { _csrf: csrf, email: 'secretaris@lkc.example.nl', password: 'fout' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('klopt niet');
    expect(wrong.text).toContain('value="secretaris@lkc.example.nl"');
    const ok = await web.postForm('/inloggen', { _csrf: csrf, email: 'Secretaris@LKC.example.nl', password: 'een lang en geheim wachtwoord' });
    expect(ok.location).toBe('/medewerkers');
    expect(web.cookies.get('kf_session')).not.toBe(before);
    const home = await web.get('/medewerkers');
    expect(home.text).toContain('Sanne Secretaris');
    const out = await web.postForm('/uitloggen', { _csrf: csrfOf(home.text)! });
    expect(out.location).toBe('/');
    expect((await web.get('/medewerkers')).location).toBe('/inloggen');

    const attacker = new WebClient(server.url);
    const t = await attacker.csrf('/inloggen');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attacker.postForm('/inloggen', { _csrf: t, email: 'secretaris@lkc.example.nl', password: `gok-${i}` })).status);
    // Only failures count: the earlier wrong attempt plus four of these spend the budget of five.
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
  });

  it('lets staff change their own password: the current one first, the new one twice; other sessions end', async () => {
    const email = 'voorzitter@lkc.example.nl';
    const first = 'het eerste lange wachtwoord';
    const second = 'een tweede, nog langer wachtwoord';
    await createUser(database.db, { email, name: 'Carla Voorzitter', role: 'chair', password: first });
    const logIn = async (password: string) => {
      const web = new WebClient(server.url);
      // A chair: the first login enrols a second factor, later ones answer it (real TOTP codes).
      const res = await logInStaff(web, email, password);
      return { web, res };
    };
    const laptop = (await logIn(first)).web;
    const phone = (await logIn(first)).web;
    expect((await phone.get('/medewerkers')).status).toBe(200);

    const form = await laptop.get('/wachtwoord');
    expect(form.text).toContain('Ten minste 12 tekens');
    const csrf = csrfOf(form.text)!;
    const bad = await laptop.postForm('/wachtwoord', { _csrf: csrf, current: '', password: 'kort', repeat: 'anders' });
    expect(bad.status).toBe(400);
    for (const id of ['f-current-error', 'f-password-error', 'f-repeat-error']) expect(bad.text).toContain(`id="${id}"`);
    expect(bad.text).not.toContain('value="kort"');
    const wrong = await laptop.postForm('/wachtwoord', { _csrf: csrf, current: 'niet mijn wachtwoord', password: second, repeat: second });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Het huidige wachtwoord klopt niet.');

    const done = await laptop.postForm('/wachtwoord', { _csrf: csrf, current: first, password: second, repeat: second });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Uw wachtwoord is gewijzigd.');
    // This session goes on (renewed); the other device is logged out; only the new password works.
    expect((await laptop.get('/medewerkers')).status).toBe(200);
    expect((await phone.get('/medewerkers')).location).toBe('/inloggen');
    expect((await logIn(first)).res.status).toBe(400);
    expect((await logIn(second)).res.location).toBe('/medewerkers');
    // Not for anyone without a staff session.
    expect((await new WebClient(server.url).get('/wachtwoord')).location).toBe('/inloggen');
  });
});
