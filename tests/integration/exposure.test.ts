/**
 * Attacks on what the app gives away or lets pile up, over real HTTP against the running app on
 * real PostgreSQL and the real Temporal dev server: a party reading its case over the JSON API sees
 * no more than its portal page; uploads are refused before their bytes are held; anonymous page
 * views leave no session; the access code never lies readable in the sessions table; case answers
 * are never cached; a closed case's school link is dead.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseState, runCaseAction } from '../../api/services/caseActions';
import { schoolToken as makeSchoolToken, staffToken } from '../helpers/tokens';
import { storeDocument } from '../../api/portal/documents';
import type { CaseStateView } from '../../contracts/messages';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { CHAIR } from '../helpers/procedure';
import { csrfOf, samplePdf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let secretaryToken: string;
let schoolToken: string;

beforeAll(async () => {
  stack = await startAppStack('exposure');
  ({ database, env, server } = stack);
  ({ token: secretaryToken } = await staffToken(database.db, { name: 'Anne', role: 'secretary' }));
  schoolToken = await makeSchoolToken(database.db, { subject: 'school-12AB', name: 'OBS De Linde', brin: '12AB' });
});

afterAll(async () => {
  await stack?.stop();
});

async function fileCase(): Promise<{ caseNumber: string; accessCode: string; id: string }> {
  const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
  expect(filed.status).toBe(201);
  await untilState(filed.body.caseNumber, (s) => s.status === 'admissibility');
  const row = await database.db('cases').where({ case_number: filed.body.caseNumber }).first();
  return { caseNumber: filed.body.caseNumber, accessCode: filed.body.accessCode, id: String(row.id) };
}

function untilState(caseNumber: string, ok: (s: CaseStateView) => boolean): Promise<CaseStateView> {
  return eventually(async () => {
    const s = (await caseState(env.client, caseNumber)).complaint as CaseStateView | undefined;
    return s && ok(s) ? s : undefined;
  }, 90_000, 200);
}

/** A case in the defence round: staff events with data, letters to both parties, a draft, documents. */
async function caseInDefence() {
  const c = await fileCase();
  await runCaseAction(env.client, c.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
  await untilState(c.caseNumber, (s) => s.allowedActions.includes('submitDefence'));
  await eventually(async () => ((await database.db('letters').where({ case_id: c.id, addressee_role: 'school-board' })).length > 0 ? true : undefined), 90_000, 200);
  // A draft to the complainant waiting for its second signature, and documents of which one is released to nobody else.
  const sent = await database.db('letters').where({ case_id: c.id, addressee_role: 'complainant' }).orderBy('id').first();
  const { id: _id, created_at: _at, ...copy } = sent;
  const jsonb = (v: unknown) => (v === null || typeof v !== 'object' || v instanceof Date ? v : JSON.stringify(v));
  await database.db('letters').insert({ ...Object.fromEntries(Object.entries(copy).map(([k, v]) => [k, jsonb(v)])), subject: 'Concept: nog niet ondertekend', status: 'awaiting-approval', dedupe_key: `${sent.dedupe_key}:concept` });
  const internal = await storeDocument(database.db, { caseId: c.id, party: 'secretary', actor: 'secr-anne', kind: 'evidence', file: { field: 'f', clientName: 'intern-memo.pdf', content: samplePdf('intern'), truncated: false } });
  await database.db('documents').where({ id: internal.id }).update({ released_to: JSON.stringify([]) });
  return c;
}

describe('a party over the JSON API sees what its portal page shows, nothing more', () => {
  it('complainant (X-Access-Code) and school (token): no staff actors, no event data, no hidden events, no others’ letters or drafts, no unreleased documents', async () => {
    const c = await caseInDefence();
    const events = await database.db('case_events').where({ case_id: c.id }).orderBy('id');
    // The case does hold what must not leak: a chair's events with data, and events the portal hides.
    expect(events.some((e) => e.actor === CHAIR.userId)).toBe(true);
    expect(events.some((e) => !['complaint.received', 'complaint.acknowledged', 'admissibility.decided', 'defence.requested'].includes(e.type))).toBe(true);
    const letterRows = await database.db('letters').where({ case_id: c.id }).orderBy('id');
    expect(new Set(letterRows.map((l) => l.addressee_role))).toEqual(new Set(['complainant', 'school-board']));

    const complainant = await getJson(`${server.url}/api/complaints/${c.caseNumber}`, { 'X-Access-Code': c.accessCode });
    const school = await getJson(`${server.url}/api/cases/${c.caseNumber}`, { Authorization: `Bearer ${schoolToken}` });
    for (const [party, res, expectedLetters] of [
      ['complainant', complainant, letterRows.filter((l) => l.addressee_role === 'complainant' && l.status !== 'awaiting-approval')],
      ['school', school, letterRows.filter((l) => l.addressee_role === 'school-board')],
    ] as const) {
      expect(res.status, party).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text, party).not.toContain('secr-anne');
      expect(text, party).not.toContain(CHAIR.userId);
      expect(text, party).not.toContain('"actor"');
      expect(text, party).not.toContain('"data"');
      expect(text, party).not.toContain('"workflow"');
      expect(text, party).not.toContain('Concept: nog niet ondertekend');
      expect(text, party).not.toContain('intern-memo.pdf');
      expect(res.body.timeline.map((t: { type: string }) => t.type), party).toEqual(['complaint.received', 'complaint.acknowledged', 'admissibility.decided', 'defence.requested']);
      for (const entry of res.body.timeline) expect(Object.keys(entry).sort(), party).toEqual(['at', 'label', 'type']);
      expect(res.body.timeline[0].label).toBe('Klacht ontvangen');
      expect(res.body.letters.map((l: { id: string }) => l.id), party).toEqual(expectedLetters.map((l) => String(l.id)));
      expect(res.body.documents, party).toEqual([]);
    }
    expect(school.body.complaint).toEqual({ description: 'Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.', occurredOn: '2026-10-01' });
    expect(JSON.stringify(school.body)).not.toContain('anna.devries@example.nl');
    expect(JSON.stringify(complainant.body)).not.toContain('"complaint"');

    // The portal page shows the same steps: one filter for both doors.
    const web = new WebClient(server.url);
    const csrf = await web.csrf('/zaak');
    expect((await web.postForm('/zaak', { _csrf: csrf, caseNumber: c.caseNumber, accessCode: c.accessCode })).location).toBe('/zaak/overzicht');
    const page = await web.get('/zaak/overzicht');
    // The admissibility step shows its outcome, not only that it was decided (issue 14).
    for (const label of ['Klacht ontvangen', 'Ontvangstbevestiging verstuurd', 'De klacht is ontvankelijk verklaard', 'School gevraagd om een verweerschrift']) expect(page.text).toContain(label);

    // Staff still get the full case.
    const staff = await getJson(`${server.url}/api/cases/${c.caseNumber}`, { Authorization: `Bearer ${secretaryToken}` });
    expect(staff.status).toBe(200);
    expect(staff.body.timeline.slice(0, events.length).map((e: { type: string }) => e.type)).toEqual(events.map((e) => e.type));
    expect(staff.body.timeline.some((e: { actor: string }) => e.actor === CHAIR.userId)).toBe(true);
  });

  it('marks every case answer of the API no-store, also on ?lang=en', async () => {
    const c = await fileCase();
    const reads = [
      await fetch(`${server.url}/api/complaints/${c.caseNumber}?lang=en`, { headers: { 'X-Access-Code': c.accessCode } }),
      await fetch(`${server.url}/api/cases/${c.caseNumber}`, { headers: { Authorization: `Bearer ${schoolToken}` } }),
      await fetch(`${server.url}/api/cases/${c.caseNumber}`, { headers: { Authorization: `Bearer ${secretaryToken}` } }),
      await fetch(`${server.url}/api/cases`, { headers: { Authorization: `Bearer ${secretaryToken}` } }),
    ];
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(reads.map((r) => r.headers.get('cache-control'))).toEqual(['no-store', 'no-store', 'no-store', 'no-store']);
    const english = (await (await fetch(`${server.url}/api/complaints/${c.caseNumber}?lang=en`, { headers: { "X-Access-Code": c.accessCode } })).json()) as { timeline: Array<{ label: string }> };
    expect(english.timeline[0].label).toBe('Complaint received');
  });
});

const MB = 1024 * 1024;

/** A multipart body made on the fly (nothing held): a first field, then `files` parts of `fileBytes` each. */
function multipartBody(boundary: string, first: { name: string; value: string }, files: number, fileBytes: number): Readable {
  const zeros = Buffer.alloc(64 * 1024);
  async function* parts() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${first.name}"\r\n\r\n${first.value}\r\n`);
    for (let i = 0; i < files; i++) {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="deel-${i}.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
      for (let sent = 0; sent < fileBytes; sent += zeros.length) yield zeros;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return Readable.from(parts(), { objectMode: false });
}

interface Attack {
  status: number;
  ms: number;
  /** Growth of this process's RSS (the app runs in it) at its peak during the request. */
  rssGrowthMb: number;
}

/** Posts a body as an attacker would, and measures how fast the answer comes and how much memory the app took meanwhile. */
function attack(path: string, cookie: string, body: Readable, opts: { contentLength?: number } = {}): Promise<Attack> {
  const boundary = 'aanval-grens-1234567890';
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const headers: Record<string, string | number> = { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie };
    if (opts.contentLength !== undefined) headers['content-length'] = opts.contentLength;
    const url = new URL(path, server.url);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const ms = Date.now() - started;
      res.resume();
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      body.destroy();
      req.destroy();
      resolve({ status: res.statusCode!, ms, rssGrowthMb: (peak - baseline) / MB });
    });
    // Once the answer is in, the server closing the connection under the rest of the body is the point.
    req.on('error', (err) => {
      if (!answered) {
        clearInterval(sampler);
        reject(err);
      }
    });
    body.pipe(req);
  });
}

async function loggedInComplainant(c: { caseNumber: string; accessCode: string }): Promise<{ web: WebClient; cookie: string; csrf: string }> {
  const web = new WebClient(server.url);
  const csrf = await web.csrf('/zaak');
  expect((await web.postForm('/zaak', { _csrf: csrf, caseNumber: c.caseNumber, accessCode: c.accessCode })).location).toBe('/zaak/overzicht');
  const page = await web.get('/zaak/overzicht');
  return { web, cookie: `kf_session=${web.cookies.get('kf_session')}`, csrf: csrfOf(page.text)! };
}

async function documentCount(caseId: string): Promise<number> {
  const [{ count }] = await database.db('documents').where({ case_id: caseId }).count<{ count: string }[]>('* as count');
  return Number(count);
}

describe('uploads are refused before their bytes are held', () => {
  it('a 200 MB upload with a wrong CSRF token is refused at once, and the app’s memory does not grow', async () => {
    const c = await fileCase();
    const { cookie } = await loggedInComplainant(c);
    const result = await attack('/zaak/reactie', cookie, multipartBody('aanval-grens-1234567890', { name: '_csrf', value: 'x'.repeat(43) }, 20, 10 * MB));
    console.log(`wrong-token 200 MB upload: ${JSON.stringify(result)}`);
    expect(result.status).toBe(403);
    expect(result.ms).toBeLessThan(5_000);
    expect(result.rssGrowthMb).toBeLessThan(16);
    expect(await documentCount(c.id)).toBe(0);
  });

  it('a 200 MB upload whose first part is a file, not the token, is refused alike', async () => {
    const c = await fileCase();
    const { cookie } = await loggedInComplainant(c);
    const result = await attack('/zaak/reactie', cookie, multipartBody('aanval-grens-1234567890', { name: 'text', value: 'eerst tekst' }, 20, 10 * MB));
    expect(result.status).toBe(403);
    expect(result.rssGrowthMb).toBeLessThan(16);
  });

  it('a 200 MB upload without any session is refused at once', async () => {
    const result = await attack('/zaak/reactie', 'kf_session=none', multipartBody('aanval-grens-1234567890', { name: '_csrf', value: 'x' }, 20, 10 * MB));
    expect(result.status).toBe(403);
    expect(result.rssGrowthMb).toBeLessThan(16);
  });

  it('with a valid token: a declared Content-Length over 30 MB is 413 before reading, and nothing is stored', async () => {
    const c = await fileCase();
    const { cookie, csrf } = await loggedInComplainant(c);
    const result = await attack('/zaak/reactie', cookie, multipartBody('aanval-grens-1234567890', { name: '_csrf', value: csrf }, 20, 10 * MB), { contentLength: 200 * MB + 4000 });
    expect(result.status).toBe(413);
    expect(result.rssGrowthMb).toBeLessThan(16);
    expect(await documentCount(c.id)).toBe(0);
  });

  it('with a valid token: a chunked body is cut off as soon as it passes 30 MB (413), and nothing is stored', async () => {
    const c = await fileCase();
    const { cookie, csrf } = await loggedInComplainant(c);
    const result = await attack('/zaak/reactie', cookie, multipartBody('aanval-grens-1234567890', { name: '_csrf', value: csrf }, 20, 10 * MB));
    console.log(`valid-token 200 MB chunked upload: ${JSON.stringify(result)}`);
    expect(result.status).toBe(413);
    // At most the 30 MB cap is held, never the 200 MB sent.
    expect(result.rssGrowthMb).toBeLessThan(60);
    expect(await documentCount(c.id)).toBe(0);
  });

  it('an ordinary reply form (token first, as the page sends it) still works', async () => {
    const c = await fileCase();
    const { web, csrf } = await loggedInComplainant(c);
    const sent = await web.postMultipart('/zaak/reactie', { _csrf: csrf, text: 'Mijn reactie' }, [{ field: 'files', name: 'bijlage.pdf', type: 'application/pdf', content: samplePdf() }]);
    // The procedure does not ask for a reply yet: the workflow's refusal, not a CSRF or size error.
    expect(sent.status).toBe(409);
    expect(sent.text).not.toContain('Uw sessie is verlopen');
  });
});

async function sessionRows(): Promise<number> {
  const [{ count }] = await database.db('web_sessions').count<{ count: string }[]>('* as count');
  return Number(count);
}

describe('sessions', () => {
  it('anonymous page views, the stylesheet, errors and the health check create no session row', async () => {
    const before = await sessionRows();
    const web = new WebClient(server.url);
    for (const path of ['/', '/?lang=en', '/assets/portal.css', '/bestaat-niet', '/health', '/api/openapi.json']) {
      const res = await web.get(path);
      expect([200, 404], path).toContain(res.status);
    }
    expect(web.cookies.has('kf_session')).toBe(false);
    expect(await sessionRows()).toBe(before);
  });

  it('the access code never lies readable in the sessions table, yet the acknowledgement page shows it once', async () => {
    const web = new WebClient(server.url);
    const csrf = await web.csrf('/klacht-indienen/stap/1');
    expect((await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Anna de Vries', 'complainant.email': 'anna@example.nl', 'complainant.role': 'parent' })).location).toBe('/klacht-indienen/stap/2');
    expect((await web.postForm('/klacht-indienen/stap/2', { _csrf: csrf, 'school.name': 'OBS De Linde', 'school.brin': '12AB', 'school.sector': 'primary' })).location).toBe('/klacht-indienen/stap/3');
    expect((await web.postForm('/klacht-indienen/stap/3', { _csrf: csrf, category: 'pesten', description: 'Mijn zoon wordt al weken gepest op het schoolplein.', occurredOn: '1-10-2026', raisedWithSchool: 'yes', language: 'nl' })).location).toBe('/klacht-indienen/controleren');
    expect((await web.postForm('/klacht-indienen/versturen', { _csrf: csrf })).location).toBe('/klacht-indienen/ontvangen');
    const table = JSON.stringify(await database.db('web_sessions').select('*'));
    const ack = await web.get('/klacht-indienen/ontvangen');
    const code = /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(ack.text)?.[0];
    expect(code).toBeDefined();
    expect(table).not.toContain(code);
    expect(table).not.toContain(code!.replace(/-/g, ''));
    expect(table).toContain('sealedAccessCode');
    // Shown once: the second visit goes to the login page.
    expect((await web.get('/klacht-indienen/ontvangen')).location).toBe('/zaak');
  });
});

describe('school links', () => {
  it('a closed (withdrawn) case’s link answers like an expired one, also for a session it already opened', async () => {
    const c = await fileCase();
    const link = await postJson(`${server.url}/api/cases/${c.caseNumber}/school-links`, {}, { Authorization: `Bearer ${secretaryToken}` });
    expect(link.status).toBe(201);
    const path = new URL(link.body.url).pathname;
    const opened = new WebClient(server.url);
    expect((await opened.get(path)).location).toBe('/school');
    expect((await opened.get('/school')).status).toBe(200);

    const withdrawn = await postJson(`${server.url}/api/complaints/${c.caseNumber}/actions/withdraw`, { reason: 'Opgelost met de school.' }, { 'X-Access-Code': c.accessCode });
    expect(withdrawn.status).toBe(200);
    await eventually(async () => ((await database.db('cases').where({ id: c.id }).first()).status === 'withdrawn' ? true : undefined), 90_000, 200);

    const expired = await new WebClient(server.url).get(`/school/${'A'.repeat(43)}`);
    expect(expired.status).toBe(404);
    const again = await new WebClient(server.url).get(path);
    expect(again.status).toBe(404);
    expect(again.text).toContain('Deze link werkt niet (meer).');
    const inSession = await opened.get('/school');
    expect(inSession.status).toBe(404);
    expect(inSession.text).toContain('Deze link werkt niet (meer).');
  });
});
