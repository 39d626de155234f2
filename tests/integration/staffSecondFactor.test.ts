/**
 * The staff login's second factor, forced password change and lockout audit, attacked and used over
 * real HTTP against the real app and PostgreSQL: enrolment (QR code and key shown once, confirmed by
 * a first code), the code step after the password, wrong codes refused and then rate-limited, a code
 * never accepted twice (also not in parallel), recovery codes that work once, an administrator's
 * reset (audited), an admin-set password that blocks every other page until it is changed, and
 * lockouts in the login audit. Codes are computed by otplib from the key the enrolment page showed.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { createUser } from '../../api/portal/users';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { listen, type TestServer } from '../helpers/http';
import { enrolledSecret, enrolOnPage, logInStaff, nextCode } from '../helpers/staffLogin';
import { devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';
import { csrfOf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;

const PASSWORD = 'een lang en geheim wachtwoord';
const ADMIN = { email: 'beheer@mfa.example.nl', name: 'Bea Beheer', role: 'admin' as const };
const CHAIR = { email: 'voorzitter@mfa.example.nl', name: 'Carla Voorzitter', role: 'chair' as const };

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
  // The default policy (STAFF_2FA_ROLES unset): admin and chair must use a second factor.
  server = await listen(createApp({ db: database.appDb, temporal: env.client, taskQueue: uniqueTaskQueue('mfa'), secret: TEST_SECRET }));
  for (const u of [ADMIN, CHAIR]) await createUser(database.db, { ...u, password: PASSWORD });
});

afterAll(async () => {
  await server?.close();
  await env?.teardown();
  await database?.drop();
});

const auditOf = (action: string) => database.db('admin_audit').where({ action }).orderBy('id').select('actor_name', 'target_type', 'target_id', 'data');

async function passwordStep(web: WebClient, email: string, password = PASSWORD) {
  return web.postForm('/inloggen', { _csrf: await web.csrf('/inloggen'), email, password });
}

async function postCode(web: WebClient, code: string) {
  return web.postForm('/inloggen/code', { _csrf: await web.csrf('/inloggen/code'), code });
}

describe('enrolment', () => {
  it('a chair must enrol before anything else; the key is shown once, confirmed by a first code, and stored sealed', async () => {
    const web = new WebClient(server.url);
    const login = await passwordStep(web, CHAIR.email);
    expect(login.status).toBe(303);
    expect(login.location).toBe('/tweestapsverificatie');
    // Half-way: no staff page, and the login page sends back to the step that is due.
    expect((await web.get('/medewerkers')).location).toBe('/inloggen');
    expect((await web.get('/inloggen')).location).toBe('/tweestapsverificatie');
    expect((await web.get('/api-sleutels')).location).toBe('/inloggen');

    const page = await web.get('/tweestapsverificatie');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('Voor uw rol is tweestapsverificatie verplicht');
    const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1].replace(/ /g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Reloading keeps the same key (the app may already have scanned it).
    expect((await web.get('/tweestapsverificatie')).text).toContain(/data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.text)![1]);

    const wrong = await web.postForm('/tweestapsverificatie', { _csrf: csrfOf(page.text)!, code: '000000' === (await generate({ secret })) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Deze code klopt niet');
    const before = await database.db('users').where({ email: CHAIR.email }).first('totp_enabled_at');
    expect(before.totp_enabled_at).toBeNull();

    const done = await enrolOnPage(web, CHAIR.email);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/medewerkers');
    expect(done.recoveryCodes).toHaveLength(10);
    expect(new Set(done.recoveryCodes).size).toBe(10);
    expect((await web.get('/medewerkers')).status).toBe(200);

    const row = await database.db('users').where({ email: CHAIR.email }).first('id', 'totp_secret', 'totp_enabled_at');
    expect(row.totp_enabled_at).not.toBeNull();
    expect(row.totp_secret).not.toContain(secret);
    const stored = await database.db('staff_recovery_codes').where({ user_id: row.id }).select('code_hash');
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(done.recoveryCodes![0]);
    // Never shown again: the page now says since when it is on.
    const after = await web.get('/tweestapsverificatie');
    expect(after.text).not.toContain(secret.slice(0, 4) + ' ' + secret.slice(4, 8));
    expect(after.text).toContain('Ongebruikte herstelcodes: 10.');
    expect(await auditOf('second-factor.enabled')).toEqual([{ actor_name: CHAIR.name, target_type: 'user', target_id: String(row.id), data: {} }]);
  });

  it('a secretary is not required to enrol (default policy), but may', async () => {
    await createUser(database.db, { email: 'secretaris@mfa.example.nl', name: 'Sem Secr', role: 'secretary', password: PASSWORD });
    const web = new WebClient(server.url);
    expect((await passwordStep(web, 'secretaris@mfa.example.nl')).location).toBe('/medewerkers');
    expect((await enrolOnPage(web, 'secretaris@mfa.example.nl')).location).toBe('/medewerkers');
    const again = await passwordStep(new WebClient(server.url), 'secretaris@mfa.example.nl');
    expect(again.location).toBe('/inloggen/code');
  });
});

describe('the code step', () => {
  it('asks for a code after the password; a wrong code is refused, the right one logs in (each step audited)', async () => {
    const before = Number((await database.db('admin_audit').max({ id: 'id' }))[0].id);
    const web = new WebClient(server.url);
    expect((await passwordStep(web, CHAIR.email)).location).toBe('/inloggen/code');
    expect((await web.get('/medewerkers')).location).toBe('/inloggen');
    expect((await web.get('/inloggen')).location).toBe('/inloggen/code');
    const wrong = await postCode(web, '12345');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Deze code klopt niet, is verlopen of is al gebruikt');
    const ok = await postCode(web, await nextCode(web, CHAIR.email));
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/medewerkers');
    expect((await web.get('/medewerkers')).status).toBe(200);
    const steps = await database.db('admin_audit').where('id', '>', before).orderBy('id').pluck('action');
    expect(steps).toEqual(['login.password-accepted', 'login.second-factor-failed', 'login.second-factor-succeeded', 'login.succeeded']);
  });

  it('a code is accepted once: of two parallel uses exactly one gets in, and a later replay is refused', async () => {
    const email = 'herhaling@mfa.example.nl';
    await createUser(database.db, { email, name: 'Rik Herhaling', role: 'chair', password: PASSWORD });
    expect((await logInStaff(new WebClient(server.url), email, PASSWORD)).location).toBe('/medewerkers');
    const a = new WebClient(server.url);
    const b = new WebClient(server.url);
    await passwordStep(a, email);
    await passwordStep(b, email);
    const [ta, tb] = [await a.csrf('/inloggen/code'), await b.csrf('/inloggen/code')];
    const code = await nextCode(a, email);
    const results = await Promise.all([a.postForm('/inloggen/code', { _csrf: ta, code }), b.postForm('/inloggen/code', { _csrf: tb, code })]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
    const replay = new WebClient(server.url);
    await passwordStep(replay, email);
    expect((await postCode(replay, code)).status).toBe(400);
    expect((await replay.get('/medewerkers')).location).toBe('/inloggen');
  });

  it('ten wrong codes lock the account’s code step (429, even for the right code) and the lockout is audited', async () => {
    const email = 'gokdoel@mfa.example.nl';
    await createUser(database.db, { email, name: 'Gerrit Gokdoel', role: 'admin', password: PASSWORD });
    expect((await logInStaff(new WebClient(server.url), email, PASSWORD)).location).toBe('/beheer');
    const attacker = new WebClient(server.url);
    await passwordStep(attacker, email);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postCode(attacker, String(100000 + i))).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 429]);
    const owner = new WebClient(server.url);
    await passwordStep(owner, email);
    expect((await postCode(owner, await nextCode(owner, email))).status).toBe(429);
    const locked = (await auditOf('login.locked')).filter((r) => r.target_id === email);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ actor_name: 'Gerrit Gokdoel', target_type: 'login', data: { limit: 'login:second-factor', attempts: 10, slowDown: false } });
    expect((await auditOf('login.second-factor-failed')).filter((r) => r.target_id === email)).toHaveLength(10);
  });

  it('a recovery code works once, instead of a code from the app', async () => {
    const email = 'herstel@mfa.example.nl';
    await createUser(database.db, { email, name: 'Hanna Herstel', role: 'chair', password: PASSWORD });
    const enrol = await logInStaff(new WebClient(server.url), email, PASSWORD);
    const recovery = enrol.recoveryCodes![3];
    const web = new WebClient(server.url);
    await passwordStep(web, email);
    // Typed with capitals and without the dash: still the same code.
    const ok = await postCode(web, recovery.toUpperCase().replace('-', ''));
    expect(ok.location).toBe('/medewerkers');
    const again = new WebClient(server.url);
    await passwordStep(again, email);
    expect((await postCode(again, recovery)).status).toBe(400);
    expect((await auditOf('login.recovery-code-used')).filter((r) => r.target_id === email)).toHaveLength(1);
    const [{ left }] = await database.db('staff_recovery_codes').join('users', 'users.id', 'staff_recovery_codes.user_id').where('users.email', email).whereNull('used_at').count({ left: '*' });
    expect(Number(left)).toBe(9);
  });
});

describe('administrators', () => {
  it('an admin resets a user’s second factor: audited, the user logged out and enrolling anew at the next login', async () => {
    const admin = new WebClient(server.url);
    expect((await logInStaff(admin, ADMIN.email, PASSWORD)).location).toBe('/beheer');
    const email = 'telefoonkwijt@mfa.example.nl';
    const user = await createUser(database.db, { email, name: 'Tom Telefoonkwijt', role: 'chair', password: PASSWORD });
    const userWeb = new WebClient(server.url);
    expect((await logInStaff(userWeb, email, PASSWORD)).location).toBe('/medewerkers');
    const oldSecret = enrolledSecret(userWeb, email);

    const page = await admin.get(`/beheer/gebruikers/${user.id}`);
    expect(page.text).toContain('Tweestapsverificatie herstellen');
    const reset = await admin.postForm(`/beheer/gebruikers/${user.id}/tweestapsverificatie-herstellen`, { _csrf: csrfOf(page.text)! });
    expect(reset.location).toBe(`/beheer/gebruikers/${user.id}?gedaan=secondFactorReset`);
    expect(await auditOf('user.second-factor-reset')).toEqual([{ actor_name: ADMIN.name, target_type: 'user', target_id: user.id, data: {} }]);
    expect((await userWeb.get('/medewerkers')).location).toBe('/inloggen');
    const row = await database.db('users').where({ id: user.id }).first('totp_secret', 'totp_enabled_at', 'totp_last_step');
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null, totp_last_step: null });
    expect(await database.db('staff_recovery_codes').where({ user_id: user.id })).toEqual([]);

    const next = new WebClient(server.url);
    expect((await passwordStep(next, email)).location).toBe('/tweestapsverificatie');
    const fresh = await enrolOnPage(next, email);
    expect(fresh.location).toBe('/medewerkers');
    expect(enrolledSecret(next, email)).not.toBe(oldSecret);
  });

  it('an admin-set password must be changed at the first login; until then every other page is closed', async () => {
    const admin = new WebClient(server.url);
    await logInStaff(admin, ADMIN.email, PASSWORD);
    const form = await admin.get('/beheer/gebruikers/nieuw');
    const created = await admin.postForm('/beheer/gebruikers/nieuw', { _csrf: csrfOf(form.text)!, name: 'Nina Nieuw', email: 'nieuw@mfa.example.nl', role: 'secretary', password: 'door de beheerder gekozen' });
    expect(created.status).toBe(303);
    const id = /\/beheer\/gebruikers\/(\d+)/.exec(created.location!)![1];
    expect((await database.db('users').where({ id }).first('must_change_password')).must_change_password).toBe(true);

    const web = new WebClient(server.url);
    const login = await passwordStep(web, 'nieuw@mfa.example.nl', 'door de beheerder gekozen');
    expect(login.location).toBe('/wachtwoord');
    for (const path of ['/medewerkers', '/medewerkers/zaken', '/api-sleutels', '/panel', '/beheer']) expect((await web.get(path)).location, path).toBe('/inloggen');
    expect((await web.get('/inloggen')).location).toBe('/wachtwoord');
    const page = await web.get('/wachtwoord');
    expect(page.text).toContain('Uw wachtwoord is door een beheerder ingesteld');
    const token = csrfOf(page.text)!;
    const same = await web.postForm('/wachtwoord', { _csrf: token, current: 'door de beheerder gekozen', password: 'door de beheerder gekozen', repeat: 'door de beheerder gekozen' });
    expect(same.status).toBe(400);
    expect(same.text).toContain('Kies een ander wachtwoord dan het huidige.');
    const weak = await web.postForm('/wachtwoord', { _csrf: token, current: 'door de beheerder gekozen', password: 'password1234', repeat: 'password1234' });
    expect(weak.status).toBe(400);
    const changed = await web.postForm('/wachtwoord', { _csrf: token, current: 'door de beheerder gekozen', password: 'mijn eigen lange zin hier', repeat: 'mijn eigen lange zin hier' });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe('/medewerkers');
    expect((await web.get('/medewerkers')).status).toBe(200);
    expect((await database.db('users').where({ id }).first('must_change_password')).must_change_password).toBe(false);

    // An admin resets the forgotten password: audited, the session ends, the change is forced again.
    const userPage = await admin.get(`/beheer/gebruikers/${id}`);
    const reset = await admin.postForm(`/beheer/gebruikers/${id}/wachtwoord`, { _csrf: csrfOf(userPage.text)!, password: 'tijdelijk gekozen door beheer' });
    expect(reset.location).toBe(`/beheer/gebruikers/${id}?gedaan=passwordReset`);
    expect(await auditOf('user.password-reset')).toEqual([{ actor_name: ADMIN.name, target_type: 'user', target_id: id, data: {} }]);
    expect((await web.get('/medewerkers')).location).toBe('/inloggen');
    expect((await passwordStep(new WebClient(server.url), 'nieuw@mfa.example.nl', 'tijdelijk gekozen door beheer')).location).toBe('/wachtwoord');
  });
});

describe('lockouts in the login audit', () => {
  it('the wrong password that uses up an account’s budget from this client is audited once, and shown to admins', async () => {
    const email = 'slot@mfa.example.nl';
    await createUser(database.db, { email, name: 'Sam Slot', role: 'secretary', password: PASSWORD });
    const attacker = new WebClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await passwordStep(attacker, email, `gok nummer ${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
    const locked = (await auditOf('login.locked')).filter((r) => r.target_id === email);
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ actor_name: 'Sam Slot', target_type: 'login', data: { limit: 'login:account', attempts: 5, slowDown: false } });
    expect(locked[0].data.subject).toMatch(/^slot@mfa\.example\.nl\|/);

    const admin = new WebClient(server.url);
    await logInStaff(admin, ADMIN.email, PASSWORD);
    const audit = await admin.get('/beheer/wijzigingen');
    expect(audit.status).toBe(200);
    expect(audit.text).toContain('inloggen geblokkeerd (te veel pogingen)');
  });
});
