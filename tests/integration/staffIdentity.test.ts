/**
 * One identity per person (issue 10, four-eyes bypass): a staff user acts as the same actor in the
 * console and through an API token of their account, so drafting a decision in the console and
 * approving it through the API is refused; and a token takes its account's role at each request,
 * expires, and stops when revoked. Over real HTTP against the running app (real PostgreSQL and the
 * real Temporal dev server).
 */
import crypto from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { caseState, runCaseAction } from '../../api/services/caseActions';
import { createApiToken, revokeToken } from '../../api/services/staffTokens';
import { createUser, setUserRole } from '../../api/portal/users';
import type { CaseStateView } from '../../contracts/messages';
import type { ComplaintInput } from '../../domain/intake';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, getJson, postJson } from '../helpers/http';
import { schoolToken } from '../helpers/tokens';
import { logInStaff, STAFF_LANDING } from '../helpers/staffLogin';
import { csrfOf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

let stack: AppStack;
let env: TestWorkflowEnvironment;
const PASSWORD = 'een lang en geheim wachtwoord';
const STAFF = {
  sanne: { email: 'sanne@ident.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  bart: { email: 'bart@ident.example.nl', name: 'Bart Secretaris', role: 'secretary' as const },
  // Decisions are the chair's (process.md, "Who decides"): four-eyes on a decision is a chair and a deputy chair.
  carla: { email: 'carla@ident.example.nl', name: 'Carla Voorzitter', role: 'chair' as const },
  dirk: { email: 'dirk@ident.example.nl', name: 'Dirk Plaatsvervangend Voorzitter', role: 'chair' as const },
};
const ids: Record<keyof typeof STAFF, string> = { sanne: '', bart: '', carla: '', dirk: '' };

beforeAll(async () => {
  stack = await startAppStack('identity');
  env = stack.env;
  for (const key of Object.keys(STAFF) as Array<keyof typeof STAFF>) ids[key] = (await createUser(stack.database.db, { ...STAFF[key], password: PASSWORD })).id;
});

afterAll(async () => {
  await stack?.stop();
});

async function fileCase(overrides: Partial<ComplaintInput> = {}): Promise<string> {
  const filed = await fileComplaint({ db: stack.database.db, temporal: env.client, taskQueue: stack.taskQueue, secret: TEST_SECRET }, sampleComplaint(overrides));
  await eventually(async () => (((await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined)?.status === 'admissibility' ? true : undefined), 90_000);
  return filed.caseNumber;
}

async function awaitingLetter(caseNumber: string): Promise<string> {
  const s = await eventually(async () => {
    const state = (await caseState(env.client, caseNumber)).complaint as CaseStateView;
    return state.awaitingApproval.length ? state : undefined;
  }, 90_000);
  return s.awaitingApproval[0];
}

async function logIn(who: keyof typeof STAFF): Promise<WebClient> {
  const web = new WebClient(stack.server.url);
  const res = await logInStaff(web, STAFF[who].email, PASSWORD);
  expect(res.location).toBe(STAFF_LANDING[STAFF[who].role]);
  return web;
}

/** Posts an action form in the console and confirms it, as a person clicking would. */
async function act(web: WebClient, caseNumber: string, action: string, fields: Record<string, string>) {
  const path = `/medewerkers/zaken/${caseNumber}/acties/${action}`;
  const form = await web.get(path);
  // An action of another role is refused for the role already on its form page.
  if (form.status === 403) return form;
  expect(form.status).toBe(200);
  const review = await web.postForm(path, { _csrf: csrfOf(form.text)!, ...fields, step: 'review' });
  if (review.status !== 200) return review;
  return web.postForm(path, { _csrf: csrfOf(review.text)!, ...fields, step: 'confirm' });
}

const api = (path: string) => `${stack.server.url}/api/cases${path}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('four-eyes across console and API', () => {
  it('refuses the console drafter approving through an API token of their own account; another person approves', async () => {
    const caseNumber = await fileCase({ school: { brin: '56EF', name: 'De Vlinder', sector: 'primary' } });
    const carla = await logIn('carla');
    const drafted = await act(carla, caseNumber, 'decideAdmissibility', { admissible: 'no', decidedBy: 'chair', reasons: 'De klacht gaat niet over de school.' });
    expect(drafted.status).toBe(303);
    const letterId = await awaitingLetter(caseNumber);

    const carlaToken = await createApiToken(stack.database.db, { staffUserId: ids.carla });
    const self = await postJson(api(`/${caseNumber}/actions/approveLetter`), { letterId }, bearer(carlaToken));
    expect(self.status).toBe(409);
    expect(self.body.errors).toEqual([{ code: 'four-eyes', field: 'by', message: 'wie een besluit opstelt, kan het niet zelf goedkeuren (vier-ogenprincipe).' }]);
    expect((await stack.database.db('letters').where({ id: letterId }).first('status')).status).toBe('awaiting-approval');

    const dirkToken = await createApiToken(stack.database.db, { staffUserId: ids.dirk });
    const approved = await postJson(api(`/${caseNumber}/actions/approveLetter`), { letterId }, bearer(dirkToken));
    expect(approved.status).toBe(200);
    const letter = await stack.database.db('letters').where({ id: letterId }).first('approved_by', 'drafted_by');
    expect(letter).toEqual({ drafted_by: `user:${ids.carla}`, approved_by: `user:${ids.dirk}` });
  });

  it('reads a decision a token drafted under the old bare account id as the same person in the console', async () => {
    const caseNumber = await fileCase({ school: { brin: '78GH', name: 'De Regenboog', sector: 'primary' } });
    // How a token of Carla's account acted before one identity: the bare id, already in running workflows.
    await runCaseAction(env.client, caseNumber, 'decideAdmissibility', { admissible: false, decidedBy: 'chair', reasons: 'Niet over de school.' }, { userId: ids.carla, role: 'chair' });
    const letterId = await awaitingLetter(caseNumber);

    const carla = await logIn('carla');
    const self = await act(carla, caseNumber, 'approveLetter', { letterId });
    expect(self.status).toBe(409);
    expect(self.text).toContain('(vier-ogenprincipe)');

    // A secretary cannot approve a decision (403); the deputy chair does.
    const sanne = await logIn('sanne');
    expect((await act(sanne, caseNumber, 'approveLetter', { letterId })).status).toBe(403);
    const dirk = await logIn('dirk');
    expect((await act(dirk, caseNumber, 'approveLetter', { letterId })).status).toBe(303);
  });
});

describe('API tokens', () => {
  it('take the role of their account at each request: a demoted secretary cannot approve, a disabled one cannot read', async () => {
    const db = stack.database.db;
    const user = await createUser(db, { email: 'wim@ident.example.nl', name: 'Wim Wissel', role: 'secretary', password: PASSWORD });
    const token = await createApiToken(db, { staffUserId: user.id });
    expect((await getJson(api(''), bearer(token))).status).toBe(200);

    await setUserRole(db, user.id, 'member');
    const refused = await postJson(api('/2026-000001/actions/approveLetter'), { letterId: '1' }, bearer(token));
    // A member lists only the cases of panels they sit on (none) and does not see other cases.
    expect(refused.status).toBe(404);
    expect((await getJson(api(''), bearer(token))).body.cases).toEqual([]);

    await setUserRole(db, user.id, 'admin');
    expect((await getJson(api(''), bearer(token))).status).toBe(401);
    await setUserRole(db, user.id, 'secretary');
    expect((await getJson(api(''), bearer(token))).status).toBe(200);
    await db('users').where({ id: user.id }).update({ disabled_at: db.fn.now() });
    expect((await getJson(api(''), bearer(token))).status).toBe(401);
  });

  it('expire and can be revoked; a school token keeps working with its own role and BRIN until then', async () => {
    const db = stack.database.db;
    const school = await schoolToken(db, { subject: 'board-90XY', name: 'Stichting Test', brin: '90XY' });
    expect((await getJson(api('/2026-999999'), bearer(school))).status).toBe(404);
    const staff = await createApiToken(db, { staffUserId: ids.bart, expiresInDays: 1 });
    expect((await getJson(api(''), bearer(staff))).status).toBe(200);
    const row = await db('api_tokens').where({ staff_user_id: ids.bart }).orderBy('created_at', 'desc').first('token_hash', 'last_used_at', 'expires_at');
    expect(row.last_used_at).not.toBeNull();
    await db('api_tokens').where({ token_hash: row.token_hash }).update({ expires_at: new Date(Date.now() - 1000) });
    expect((await getJson(api(''), bearer(staff))).status).toBe(401);

    const schoolRow = await db('api_tokens').where({ role: 'school', school_brin: '90XY' }).first('token_hash');
    expect(await revokeToken(db, String(schoolRow.token_hash).slice(0, 16), 'test')).toBe(true);
    expect((await getJson(api('/2026-999999'), bearer(school))).status).toBe(401);
  });

  it('are refused for an administrator account and a missing one', async () => {
    const db = stack.database.db;
    const admin = await createUser(db, { email: 'ada@ident.example.nl', name: 'Ada Beheer', role: 'admin', password: PASSWORD });
    await expect(createApiToken(db, { staffUserId: admin.id })).rejects.toThrow('user: the account has the role admin; only secretary, chair, member accounts hold API tokens');
    await expect(createApiToken(db, { staffUserId: '999999' })).rejects.toThrow('user: no staff account with id 999999');
    expect(await db('api_tokens').where({ staff_user_id: admin.id }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });
});

describe('the token pages', () => {
  const tokenId = (token: string) => crypto.createHash('sha256').update(token).digest('hex').slice(0, 16);

  it('let staff see and revoke their own tokens only, after confirming; the revocation is audited', async () => {
    const db = stack.database.db;
    const own = await createApiToken(db, { staffUserId: ids.sanne, name: 'Sanne script' });
    const other = await createApiToken(db, { staffUserId: ids.bart, name: 'Bart script' });
    const sanne = await logIn('sanne');
    const list = await sanne.get('/api-sleutels');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Sanne script');
    expect(list.text).not.toContain('Bart script');
    expect((await sanne.get(`/api-sleutels/${tokenId(other)}/intrekken`)).status).toBe(404);

    const form = await sanne.get(`/api-sleutels/${tokenId(own)}/intrekken`);
    expect(form.status).toBe(200);
    const unconfirmed = await sanne.postForm(`/api-sleutels/${tokenId(own)}/intrekken`, { _csrf: csrfOf(form.text)! });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('href="#f-confirm"');
    expect((await getJson(api(''), bearer(own))).status).toBe(200);
    const noCsrf = await sanne.postForm(`/api-sleutels/${tokenId(own)}/intrekken`, { confirm: 'ja' });
    expect(noCsrf.status).toBe(403);
    expect((await getJson(api(''), bearer(own))).status).toBe(200);

    const revoked = await sanne.postForm(`/api-sleutels/${tokenId(own)}/intrekken`, { _csrf: csrfOf(form.text)!, confirm: 'ja' });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe('/api-sleutels?gedaan=tokenRevoked');
    expect((await getJson(api(''), bearer(own))).status).toBe(401);
    expect((await getJson(api(''), bearer(other))).status).toBe(200);
    const [audit] = await db('admin_audit').where({ target_type: 'api-token', target_id: tokenId(own) }).select('action', 'actor_user_id', 'data');
    expect(audit).toEqual({ action: 'token.revoked', actor_user_id: ids.sanne, data: { name: 'Sanne script', owner: 'Sanne Secretaris', role: 'secretary' } });
  });

  it('let an administrator see every token, staff and school, and revoke any', async () => {
    const db = stack.database.db;
    await createUser(db, { email: 'beheer@ident.example.nl', name: 'Bea Beheer', role: 'admin', password: PASSWORD });
    const school = await schoolToken(db, { subject: 'board-45KL', name: 'Stichting Sleutel', brin: '45KL' });
    const bart = await createApiToken(db, { staffUserId: ids.bart, name: 'Bart export' });
    const admin = new WebClient(stack.server.url);
    expect((await logInStaff(admin, 'beheer@ident.example.nl', PASSWORD)).location).toBe('/beheer');
    const list = await admin.get('/beheer/api-sleutels');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Stichting Sleutel');
    expect(list.text).toContain('board-45KL (45KL)');
    expect(list.text).toContain('Bart export');

    const form = await admin.get(`/beheer/api-sleutels/${tokenId(school)}/intrekken`);
    const done = await admin.postForm(`/beheer/api-sleutels/${tokenId(school)}/intrekken`, { _csrf: csrfOf(form.text)!, confirm: 'ja' });
    expect(done.location).toBe('/beheer/api-sleutels?gedaan=tokenRevoked');
    expect((await getJson(api('/2026-999999'), bearer(school))).status).toBe(401);
    expect((await getJson(api(''), bearer(bart))).status).toBe(200);
    expect(await db('admin_audit').where({ target_type: 'api-token', target_id: tokenId(school) }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });
});

describe('password rules', () => {
  it('refuse a common or breached password when an admin creates an account and when staff change theirs; nothing is stored', async () => {
    const db = stack.database.db;
    await createUser(db, { email: 'hans@ident.example.nl', name: 'Hans Beheer', role: 'admin', password: PASSWORD });
    const admin = new WebClient(stack.server.url);
    expect((await logInStaff(admin, 'hans@ident.example.nl', PASSWORD)).location).toBe('/beheer');
    const form = await admin.get('/beheer/gebruikers/nieuw');
    const refused = await admin.postForm('/beheer/gebruikers/nieuw', { _csrf: csrfOf(form.text)!, name: 'Piet Zwak', email: 'piet@ident.example.nl', role: 'secretary', password: 'qwertyuiop123' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Dit wachtwoord is te bekend of te makkelijk te raden');
    expect(refused.text).toContain('href="#f-password"');
    expect(await db('users').where({ email: 'piet@ident.example.nl' }).count({ n: '*' })).toEqual([{ n: '0' }]);

    const sanne = await logIn('sanne');
    const page = await sanne.get('/wachtwoord');
    const weak = await sanne.postForm('/wachtwoord', { _csrf: csrfOf(page.text)!, current: PASSWORD, password: 'password1234', repeat: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Dit wachtwoord is te bekend of te makkelijk te raden');
    // The old password still opens the account.
    await logIn('sanne');
  });

  it('write logins, failed logins and own password changes to the audit trail', async () => {
    const db = stack.database.db;
    const before = Number((await db('admin_audit').max({ id: 'id' }))[0].id ?? 0);
    const web = new WebClient(stack.server.url);
    const failed = await web.postForm('/inloggen', { _csrf: await web.csrf('/inloggen'), email: STAFF.bart.email, password: 'niet het goede wachtwoord' });
    expect(failed.status).toBe(400);
    const ghost = await web.postForm('/inloggen', { _csrf: await web.csrf('/inloggen'), email: 'Niemand@Ident.example.nl', password: 'niet het goede wachtwoord' });
    expect(ghost.status).toBe(400);
    const bart = await logIn('bart');
    const page = await bart.get('/wachtwoord');
    const changed = await bart.postForm('/wachtwoord', { _csrf: csrfOf(page.text)!, current: PASSWORD, password: 'een nieuw en lang geheim voor bart', repeat: 'een nieuw en lang geheim voor bart' });
    expect(changed.status).toBe(200);
    const rows = await db('admin_audit').where('id', '>', before).orderBy('id').select('action', 'actor_user_id', 'target_type', 'target_id');
    expect(rows).toEqual([
      { action: 'login.failed', actor_user_id: ids.bart, target_type: 'login', target_id: 'bart@ident.example.nl' },
      { action: 'login.failed', actor_user_id: 'unknown', target_type: 'login', target_id: 'niemand@ident.example.nl' },
      { action: 'login.succeeded', actor_user_id: ids.bart, target_type: 'login', target_id: 'bart@ident.example.nl' },
      { action: 'password.changed', actor_user_id: ids.bart, target_type: 'user', target_id: ids.bart },
    ]);
  });
});
