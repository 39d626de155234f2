/**
 * Attacks over real HTTP against the running app (real PostgreSQL, real Temporal dev server):
 * an e-mail address crafted to make the pattern backtrack, mass anonymous intake, and parallel
 * bursts of guessed access codes, passwords and school links. A second app on the same database
 * believes X-Forwarded-For from loopback (TRUST_PROXY=loopback), so one test can speak for
 * several clients; the first app believes no proxy, as by default.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { createUser } from '../../api/portal/users';
import { issueSchoolLink } from '../../api/portal/schoolLinks';
import { fileComplaint } from '../../api/services/intake';
import { schoolToken, staffToken } from '../helpers/tokens';
import { parseTrustProxy } from '../../platform/trustProxy';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, sampleComplaintBody, TEST_SECRET } from '../helpers/fixtures';
import { listen, postJson, type TestServer } from '../helpers/http';
import { WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 180_000 });

let stack: AppStack;
/** Believes no proxy: the socket address is the client. */
let direct: TestServer;
/** Believes X-Forwarded-For from loopback, as behind a local reverse proxy. */
let proxied: TestServer;

beforeAll(async () => {
  stack = await startAppStack('abuse-limits');
  direct = stack.server;
  proxied = await listen(createApp({ db: stack.database.db, temporal: stack.env.client, taskQueue: stack.taskQueue, secret: TEST_SECRET, trustProxy: parseTrustProxy('loopback') }));
});

afterAll(async () => {
  await proxied?.close();
  await stack?.stop();
});

// Every request of this file comes from 127.0.0.1: each test starts with fresh counters.
beforeEach(async () => {
  await stack.database.db('rate_limits').delete();
});

function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

async function fileCase(): Promise<{ caseNumber: string; accessCode: string; id: string }> {
  const filed = await fileComplaint({ db: stack.database.db, temporal: stack.env.client, taskQueue: stack.taskQueue, secret: TEST_SECRET }, sampleComplaint());
  const row = await stack.database.db('cases').where({ case_number: filed.caseNumber }).first('id');
  return { caseNumber: filed.caseNumber, accessCode: filed.accessCode, id: String(row.id) };
}

const wrongCode = (i: number) => `WRNG-CODE-${String(i).padStart(4, '0')}`;

describe('a crafted e-mail address does not freeze the API', () => {
  // "a@" then dots then "@": the old pattern tried every split of the dots (quadratic: ~8 s at 60,000).
  const crafted = `a@${'.'.repeat(59_997)}@`;

  it('answers 400 within a second, and serves another request meanwhile', async () => {
    expect(crafted.length).toBe(60_000);
    const t0 = performance.now();
    const attack = postJson(`${direct.url}/api/complaints`, sampleComplaintBody({ complainant: { name: 'Mallory', email: crafted, role: 'other' } })).then((r) => ({ ...r, ms: performance.now() - t0 }));
    await new Promise((r) => setTimeout(r, 20));
    const t1 = performance.now();
    const other = await fetch(`${direct.url}/api/openapi.json`);
    const otherMs = performance.now() - t1;
    const answered = await attack;
    expect(other.status).toBe(200);
    expect(answered.status).toBe(400);
    expect(answered.body).toEqual({ errors: [{ field: 'complainant.email', message: 'must be at most 320 characters' }] });
    expect(answered.ms).toBeLessThan(1000);
    expect(otherMs).toBeLessThan(1000);
    expect(await stack.database.db('cases').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });

  it('a crafted address within the length limit, and every over-long field, are refused at once', async () => {
    const short = `a@${'.'.repeat(300)}@`;
    const t0 = performance.now();
    const res = await postJson(`${direct.url}/api/complaints`, {
      // 30,000 characters each keeps the body under the API's 256 kB.
      ...sampleComplaintBody({ school: { brin: '1'.repeat(30_000), name: 'OBS De Linde' }, occurredOn: '2'.repeat(30_000) }),
      complainant: { name: 'n'.repeat(30_000), email: short, phone: '0'.repeat(30_000), role: 'parent' },
      representative: { name: 'Rep', email: `b@${'.'.repeat(29_997)}@` },
    });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'complainant.name', message: 'must be at most 200 characters' },
      { field: 'complainant.email', message: 'must be an e-mail address' },
      { field: 'complainant.phone', message: 'must be at most 40 characters' },
      { field: 'representative.email', message: 'must be at most 320 characters' },
      { field: 'school.brin', message: 'must be at most 10 characters' },
      { field: 'occurredOn', message: 'must be at most 40 characters' },
    ]);
  });

  it('the web intake form answers the crafted address with a field error within a second', async () => {
    const web = new WebClient(direct.url);
    const csrf = await web.csrf('/klacht-indienen/stap/1');
    const t0 = performance.now();
    // The form keeps the first 25,000 characters of a field: the crafted part comes first.
    const forForm = `a@${'.'.repeat(24_997)}@${'x'.repeat(35_000)}`;
    expect(forForm.length).toBe(60_000);
    const res = await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Mallory', 'complainant.email': forForm, 'complainant.role': 'other' });
    const ms = performance.now() - t0;
    expect(res.status).toBe(400);
    expect(res.text).toContain('Gebruik hoogstens 320 tekens.');
    expect(ms).toBeLessThan(1000);
    // The step's answers wait in the session (cut to 25,000 characters); the summary checks them again, also at once.
    const t1 = performance.now();
    const summary = await web.get('/klacht-indienen/controleren');
    expect(summary.location).toBe('/klacht-indienen/stap/1');
    expect(performance.now() - t1).toBeLessThan(1000);
  });

  it('a NUL typed into the web intake form is dropped, not a server error (jsonb cannot hold U+0000)', async () => {
    const web = new WebClient(direct.url);
    const csrf = await web.csrf('/klacht-indienen/stap/1');
    const res = await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Anna\u0000 de Vries', 'complainant.email': 'anna@example.nl', 'complainant.role': 'parent' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/klacht-indienen/stap/2');
    const back = await web.get('/klacht-indienen/stap/1');
    expect(back.text).toContain('value="Anna de Vries"');
  });
});

describe('anonymous intake is limited per client', () => {
  it('12 parallel anonymous filings: 10 filed, 2 refused with 429, Retry-After and the reason; staff tokens keep filing; the web form is refused too', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => postJson(`${direct.url}/api/complaints`, sampleComplaintBody())));
    expect(tally(results.map((r) => r.status))).toEqual({ 201: 10, 429: 2 });
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors[0].field).toBe('client');
    expect(refused.body.errors[0].message).toMatch(/^too many complaints filed from this client; try again in \d+ seconds$/);
    const late = await fetch(`${direct.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleComplaintBody()) });
    expect(late.status).toBe(429);
    const retryAfter = Number(late.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await stack.database.db('cases').count<{ count: string }[]>('* as count')).toEqual([{ count: '10' }]);

    // The committee's own bulk filing, with a staff token, is not limited.
    const { token: secretary } = await staffToken(stack.database.db, { name: 'Bulk', role: 'secretary' });
    const bulk = await Promise.all(Array.from({ length: 3 }, () => postJson(`${direct.url}/api/complaints`, sampleComplaintBody(), { Authorization: `Bearer ${secretary}` })));
    expect(bulk.map((r) => r.status)).toEqual([201, 201, 201]);
    // A token that is no staff token (or none at all) does not step around the limit.
    const school = await schoolToken(stack.database.db, { subject: 'school-x', name: 'School', brin: '12AB' });
    expect((await postJson(`${direct.url}/api/complaints`, sampleComplaintBody(), { Authorization: `Bearer ${school}` })).status).toBe(401);
    expect((await postJson(`${direct.url}/api/complaints`, sampleComplaintBody(), { Authorization: 'Bearer kf_made-up' })).status).toBe(401);
    expect(await stack.database.db('cases').count<{ count: string }[]>('* as count')).toEqual([{ count: '13' }]);

    // The web form shares the client's budget.
    const web = new WebClient(direct.url);
    const csrf = await web.csrf('/klacht-indienen/stap/1');
    expect((await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Anna de Vries', 'complainant.email': 'anna@example.nl', 'complainant.role': 'parent' })).location).toBe('/klacht-indienen/stap/2');
    expect((await web.postForm('/klacht-indienen/stap/2', { _csrf: csrf, 'school.name': 'OBS De Linde', 'school.brin': '12AB', 'school.sector': 'primary' })).location).toBe('/klacht-indienen/stap/3');
    expect((await web.postForm('/klacht-indienen/stap/3', { _csrf: csrf, category: 'pesten', description: 'Mijn zoon wordt al weken gepest op het schoolplein.', occurredOn: '1-10-2026', raisedWithSchool: 'yes', language: 'nl' })).location).toBe('/klacht-indienen/controleren');
    const sent = await web.postForm('/klacht-indienen/versturen', { _csrf: csrf });
    expect(sent.status).toBe(429);
    expect(sent.text).toContain('Te veel pogingen');
    expect(await stack.database.db('cases').count<{ count: string }[]>('* as count')).toEqual([{ count: '13' }]);
  });
});

describe('parallel bursts of guessed secrets', () => {
  it('40 parallel wrong access codes on the JSON API: 5 evaluated, 35 refused; X-Forwarded-For is not believed by default', async () => {
    const c = await fileCase();
    const read = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetch(`${direct.url}/api/complaints/${c.caseNumber}`, { headers: { 'X-Access-Code': wrongCode(i), 'X-Forwarded-For': `198.51.100.${i + 1}` } })),
    );
    expect(tally(read.map((r) => r.status))).toEqual({ 404: 5, 429: 35 });
    const refused = (await read.find((r) => r.status === 429)!.json()) as { errors: Array<{ field: string; message: string }> };
    expect(refused.errors[0].field).toBe('X-Access-Code');
    expect(refused.errors[0].message).toMatch(/^too many wrong access codes for this case; try again in \d+ seconds$/);
    // Even the right code waits now, from this client.
    expect((await fetch(`${direct.url}/api/complaints/${c.caseNumber}`, { headers: { 'X-Access-Code': c.accessCode } })).status).toBe(429);

    await stack.database.db('rate_limits').delete();
    const acted = await Promise.all(Array.from({ length: 40 }, (_, i) => postJson(`${direct.url}/api/complaints/${c.caseNumber}/actions/withdraw`, { reason: 'x' }, { 'X-Access-Code': wrongCode(i) })));
    expect(tally(acted.map((r) => r.status))).toEqual({ 404: 5, 429: 35 });
  });

  it('40 parallel wrong access codes on the case page: 5 evaluated, 35 refused', async () => {
    const c = await fileCase();
    const web = new WebClient(direct.url);
    const csrf = await web.csrf('/zaak');
    const res = await Promise.all(Array.from({ length: 40 }, (_, i) => web.postForm('/zaak', { _csrf: csrf, caseNumber: c.caseNumber, accessCode: wrongCode(i) })));
    expect(tally(res.map((r) => r.status))).toEqual({ 400: 5, 429: 35 });
  });

  it('40 parallel wrong passwords: 5 evaluated, 35 refused', async () => {
    await createUser(stack.database.db, { email: 'burst@lkc.example.nl', name: 'Bea Burst', role: 'secretary', password: 'een lang en geheim wachtwoord' });
    const web = new WebClient(direct.url);
    const csrf = await web.csrf('/inloggen');
    const res = await Promise.all(Array.from({ length: 40 }, (_, i) => web.postForm('/inloggen', { _csrf: csrf, email: 'burst@lkc.example.nl', password: `gok-${i}` })));
    expect(tally(res.map((r) => r.status))).toEqual({ 400: 5, 429: 35 });
  });

  it('40 parallel unknown school links: 20 evaluated, 20 refused; a real link from this client waits too', async () => {
    const c = await fileCase();
    const link = await issueSchoolLink(stack.database.db, c.id, 'test');
    const web = new WebClient(direct.url);
    const res = await Promise.all(Array.from({ length: 40 }, (_, i) => web.get(`/school/${String(i).padStart(43, 'x')}`)));
    expect(tally(res.map((r) => r.status))).toEqual({ 404: 20, 429: 20 });
    expect((await new WebClient(direct.url).get(`/school/${link.token}`)).status).toBe(429);
    // From another client (behind the trusted proxy) the link opens.
    const school = new WebClient(proxied.url);
    expect((await school.request(`/school/${link.token}`, { headers: { 'X-Forwarded-For': '192.0.2.50' } })).location).toBe('/school');
  });
});

describe('an attacker elsewhere cannot lock out the legitimate user', () => {
  it('the complainant reads the case from another client during an attack, even one from several addresses', async () => {
    const c = await fileCase();
    const from = (ip: string, code: string) => fetch(`${proxied.url}/api/complaints/${c.caseNumber}`, { headers: { 'X-Access-Code': code, 'X-Forwarded-For': ip } });
    const attack = await Promise.all(Array.from({ length: 40 }, (_, i) => from('203.0.113.7', wrongCode(i))));
    expect(tally(attack.map((r) => r.status))).toEqual({ 404: 5, 429: 35 });
    const legit = await from('198.51.100.20', c.accessCode);
    expect(legit.status).toBe(200);
    expect(((await legit.json()) as { caseNumber: string }).caseNumber).toBe(c.caseNumber);

    // Five more addresses, five guesses each: past the case's ceiling of 20, which only slows down.
    const spread = await Promise.all(Array.from({ length: 25 }, (_, i) => from(`203.0.113.${10 + (i % 5)}`, wrongCode(100 + i))));
    expect(tally(spread.map((r) => r.status))).toEqual({ 404: 25 });
    const t0 = performance.now();
    const stillIn = await from('198.51.100.21', c.accessCode);
    expect(stillIn.status).toBe(200);
    // The slow-down is at most five seconds, never a lock.
    expect(performance.now() - t0).toBeLessThan(8000);

    const page = new WebClient(proxied.url);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await page.request('/zaak', { headers: { 'X-Forwarded-For': '198.51.100.22' } })).text)![1];
    const login = await page.request('/zaak', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '198.51.100.22' },
      body: new URLSearchParams({ _csrf: csrf, caseNumber: c.caseNumber, accessCode: c.accessCode }).toString(),
    });
    expect(login.location).toBe('/zaak/overzicht');
  });

  it('the secretary logs in from another client while one client hammers the account', async () => {
    const email = 'sanne@lkc.example.nl';
    const password = 'een lang en geheim wachtwoord';
    await createUser(stack.database.db, { email, name: 'Sanne Secretaris', role: 'secretary', password });
    const attacker = new WebClient(proxied.url);
    const form = (fields: Record<string, string>, ip: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': ip }, body: new URLSearchParams(fields).toString() });
    const csrfOfPage = async (web: WebClient, ip: string) => /name="_csrf" value="([^"]+)"/.exec((await web.request('/inloggen', { headers: { 'X-Forwarded-For': ip } })).text)![1];
    const t = await csrfOfPage(attacker, '203.0.113.9');
    const attack = await Promise.all(Array.from({ length: 40 }, (_, i) => attacker.request('/inloggen', form({ _csrf: t, email, password: `gok-${i}` }, '203.0.113.9'))));
    expect(tally(attack.map((r) => r.status))).toEqual({ 400: 5, 429: 35 });

    const secretary = new WebClient(proxied.url);
    const s = await csrfOfPage(secretary, '198.51.100.30');
    const ok = await secretary.request('/inloggen', form({ _csrf: s, email, password }, '198.51.100.30'));
    expect(ok.location).toBe('/medewerkers');
  });
});

describe('TRUST_PROXY', () => {
  it('is off by default; takes a hop count or addresses and subnets; refuses "true" and nonsense with one sentence', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.0/8, fd00::1')).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    expect(() => parseTrustProxy('true')).toThrow("TRUST_PROXY=true would believe any client's X-Forwarded-For; give the number of proxies in front of the API or their addresses/subnets");
    expect(() => parseTrustProxy('loopback,proxy.example')).toThrow('TRUST_PROXY must be false, a number of proxies, or a comma-separated list of addresses/subnets (or loopback, linklocal, uniquelocal); "proxy.example" is none of these');
  });
});
