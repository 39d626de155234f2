/**
 * The administrators' pages over real HTTP against real PostgreSQL: who may enter, staff users
 * (create, role, disable with sessions ended, never oneself), committee members and their ties as
 * the panel draw reads them, the policy versions, and the audit trail of every change.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { createUser } from '../../api/portal/users';
import { createApiToken } from '../../api/services/staffTokens';
import { selectPanel } from '../../activities/hearings';
import { POLICY_2026_1 } from '../../domain/policy';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { listen, type TestServer } from '../helpers/http';
import { devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';
import { logInStaff, STAFF_LANDINGS } from '../helpers/staffLogin';
import { csrfOf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;

const ADMIN = { email: 'beheer@lkc.example.nl', name: 'Bea Beheer', role: 'admin' as const, password: 'beheerder wachtwoord 1' };

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
  server = await listen(createApp({ db: database.appDb, temporal: env.client, taskQueue: uniqueTaskQueue('admin'), secret: TEST_SECRET }));
  await createUser(database.db, ADMIN);
});

afterAll(async () => {
  await server?.close();
  await env?.teardown();
  await database?.drop();
});

/** Logs in; admins (and chairs) enrol a second factor at their first login and answer it later. */
async function logIn(email: string, password: string, opts: { newPassword?: string } = {}): Promise<WebClient> {
  const web = new WebClient(server.url);
  const res = await logInStaff(web, email, password, opts);
  expect(STAFF_LANDINGS, `login of ${email}`).toContain(res.location);
  return web;
}

/** Posts a form from a page, with that page's CSRF token. */
async function submit(web: WebClient, pagePath: string, action: string, fields: Record<string, string>) {
  const page = await web.get(pagePath);
  expect(page.status, `GET ${pagePath}`).toBe(200);
  return web.postForm(action, { _csrf: csrfOf(page.text)!, ...fields });
}

const audit = () => database.db('admin_audit').orderBy('id');

describe('access', () => {
  it('sends visitors without a staff session to the login, and refuses other staff roles with 403', async () => {
    const anonymous = new WebClient(server.url);
    for (const path of ['/beheer', '/beheer/gebruikers', '/beheer/commissieleden/nieuw', '/beheer/beleid']) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/inloggen');
    }
    await createUser(database.db, { email: 'secr@lkc.example.nl', name: 'Sem Secr', role: 'secretary', password: 'secretaris wachtwoord' });
    const secretary = await logIn('secr@lkc.example.nl', 'secretaris wachtwoord');
    const refused = await secretary.get('/beheer/gebruikers');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('alleen voor beheerders');
    // Not even a forged POST with a valid token of its own session gets through.
    const token = csrfOf((await secretary.get('/inloggen')).text) ?? csrfOf((await secretary.get('/zaak')).text)!;
    const post = await secretary.postForm('/beheer/gebruikers/nieuw', { _csrf: token, name: 'X', email: 'x@x.nl', role: 'admin', password: 'x'.repeat(20) });
    expect(post.status).toBe(403);
    expect(await database.db('users').where({ email: 'x@x.nl' }).first()).toBeUndefined();
  });
});

describe('staff users', () => {
  it('creates a user with field errors first, scrypt hash, audit row without the password; the user can log in', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const bad = await submit(admin, '/beheer/gebruikers/nieuw', '/beheer/gebruikers/nieuw', { name: '', email: 'geen-adres', role: 'koning', password: 'kort' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Er is een probleem');
    expect(bad.text).toContain('href="#f-name"');
    expect(bad.text).toContain('Vul een geldig e-mailadres in');
    expect(bad.text).toContain('minstens 12 tekens');
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).not.toContain('value="kort"');

    const taken = await submit(admin, '/beheer/gebruikers/nieuw', '/beheer/gebruikers/nieuw', { name: 'Dubbel', email: ADMIN.email.toUpperCase(), role: 'member', password: 'een lang wachtwoord' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Er is al een medewerker met dit e-mailadres');

    const ok = await submit(admin, '/beheer/gebruikers/nieuw', '/beheer/gebruikers/nieuw', { name: 'Carla Voorzitter', email: 'Carla@LKC.example.nl', role: 'chair', password: 'voorzitter wachtwoord' });
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(/^\/beheer\/gebruikers\/\d+\?gedaan=userCreated$/);
    const shown = await admin.follow(ok);
    expect(shown.text).toContain('De medewerker is toegevoegd.');
    expect(shown.text).toContain('carla@lkc.example.nl');

    const row = await database.db('users').where({ email: 'carla@lkc.example.nl' }).first();
    expect(row.role).toBe('chair');
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const [entry] = await audit().where({ action: 'user.created' });
    expect(entry).toMatchObject({ target_type: 'user', target_id: String(row.id), actor_name: ADMIN.name });
    expect(JSON.stringify(entry.data)).not.toContain('voorzitter wachtwoord');
    expect(JSON.stringify(entry.data)).not.toContain('scrypt');

    // The admin chose the password: Carla must choose her own first (then, as a chair, enrol).
    expect(row.must_change_password).toBe(true);
    await logIn('carla@lkc.example.nl', 'voorzitter wachtwoord', { newPassword: 'mijn eigen zin als voorzitter' });
    const list = await admin.get('/beheer/gebruikers');
    expect(list.text).toContain('Carla Voorzitter');
    expect(list.text).toContain('voorzitter');
  });

  it('changes a role (the user’s sessions end), disables (sessions end, login refused) and enables again', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const user = await createUser(database.db, { email: 'lid@lkc.example.nl', name: 'Lars Lid', role: 'member', password: 'lid wachtwoord lang' });
    const member = await logIn('lid@lkc.example.nl', 'lid wachtwoord lang');
    expect((await member.get('/medewerkers')).status).toBe(200);

    const changed = await submit(admin, `/beheer/gebruikers/${user.id}`, `/beheer/gebruikers/${user.id}/rol`, { role: 'secretary' });
    expect(changed.location).toBe(`/beheer/gebruikers/${user.id}?gedaan=roleChanged`);
    expect((await database.db('users').where({ id: user.id }).first()).role).toBe('secretary');
    expect((await member.get('/medewerkers')).location).toBe('/inloggen');

    const again = await logIn('lid@lkc.example.nl', 'lid wachtwoord lang');
    // An API token issued for the account (now a secretary) works until the account is disabled.
    const token = await createApiToken(database.db, { staffUserId: String(user.id) });
    expect((await fetch(`${server.url}/api/cases`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    const disabled = await submit(admin, `/beheer/gebruikers/${user.id}`, `/beheer/gebruikers/${user.id}/uitschakelen`, {});
    expect(disabled.location).toBe(`/beheer/gebruikers/${user.id}?gedaan=disabled`);
    expect((await admin.follow(disabled)).text).toContain('uitgeschakeld');
    expect((await again.get('/medewerkers')).location).toBe('/inloggen');
    // The token stops working with it.
    expect((await fetch(`${server.url}/api/cases`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    const web = new WebClient(server.url);
    const refused = await web.postForm('/inloggen', { _csrf: await web.csrf('/inloggen'), email: 'lid@lkc.example.nl', password: 'lid wachtwoord lang' });
    expect(refused.status).toBe(400);

    const enabled = await submit(admin, `/beheer/gebruikers/${user.id}`, `/beheer/gebruikers/${user.id}/inschakelen`, {});
    expect(enabled.location).toBe(`/beheer/gebruikers/${user.id}?gedaan=enabled`);
    await logIn('lid@lkc.example.nl', 'lid wachtwoord lang');
    expect((await fetch(`${server.url}/api/cases`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);

    const actions = (await audit().where({ target_id: user.id })).map((r) => r.action);
    expect(actions).toEqual(['user.role-changed', 'user.disabled', 'user.enabled']);
    const [roleRow] = await audit().where({ target_id: user.id, action: 'user.role-changed' });
    expect(roleRow.data).toEqual({ before: { role: 'member' }, after: { role: 'secretary' } });
  });

  it('an admin cannot disable or demote themself; a demoted admin loses access at once', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const me = await database.db('users').where({ email: ADMIN.email }).first();
    const page = await admin.get(`/beheer/gebruikers/${me.id}`);
    expect(page.text).toContain('Dit is uw eigen account');
    expect(page.text).not.toContain(`/beheer/gebruikers/${me.id}/uitschakelen`);
    const token = csrfOf(page.text)!;
    const self = await admin.postForm(`/beheer/gebruikers/${me.id}/uitschakelen`, { _csrf: token });
    expect(self.status).toBe(400);
    expect(self.text).toContain('U kunt uw eigen account niet uitschakelen');
    const selfRole = await admin.postForm(`/beheer/gebruikers/${me.id}/rol`, { _csrf: token, role: 'member' });
    expect(selfRole.status).toBe(400);
    expect((await database.db('users').where({ id: me.id }).first()).disabled_at).toBeNull();

    // A second admin, demoted by the first while logged in: the next page is refused.
    const other = await createUser(database.db, { email: 'admin2@lkc.example.nl', name: 'Ad Twee', role: 'admin', password: 'tweede beheerder ww' });
    const second = await logIn('admin2@lkc.example.nl', 'tweede beheerder ww');
    expect((await second.get('/beheer')).status).toBe(200);
    // Behind the portal's back (as a script would): the role in the database decides, not the session.
    await database.db('users').where({ id: other.id }).update({ role: 'secretary' });
    expect((await second.get('/beheer')).status).toBe(403);
    await database.db('users').where({ id: other.id }).update({ disabled_at: new Date() });
    expect((await second.get('/beheer')).location).toBe('/inloggen');

    // A multipart body carries no token the portal checks: refused, so no CSRF-free disable.
    const multipart = await admin.postMultipart(`/beheer/gebruikers/${other.id}/inschakelen`, {}, []);
    expect(multipart.status).toBe(403);
    expect((await database.db('users').where({ id: other.id }).first()).disabled_at).not.toBeNull();

    expect((await admin.get('/beheer/gebruikers/999999')).status).toBe(404);
    expect((await admin.get('/beheer/gebruikers/abc')).status).toBe(404);
  });
});

describe('committee members', () => {
  it('adds, edits and deactivates members; the panel draw skips conflicted and inactive members', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const bad = await submit(admin, '/beheer/commissieleden/nieuw', '/beheer/commissieleden/nieuw', { name: '', email: 'x', role: 'boss', ties: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#f-name"');
    expect(bad.text).toContain('href="#f-role"');

    const ids: Record<string, string> = {};
    for (const [name, role, ties] of [
      ['Voorzitter Vrij', 'chair', ''],
      ['Voorzitter Gebonden', 'chair', '99ZZ\nStichting De Linde'],
      ['Lid Een', 'member', ''],
      ['Lid Twee', 'member', '  12ab ; Andere Stichting\n\n12AB'],
      ['Lid Drie', 'member', ''],
      ['Lid Vier', 'member', ''],
    ] as const) {
      const res = await submit(admin, '/beheer/commissieleden/nieuw', '/beheer/commissieleden/nieuw', { name, email: `${name.replace(/ /g, '.').toLowerCase()}@panel.example.nl`, role, ties });
      expect(res.status, name).toBe(303);
      ids[name] = /\/beheer\/commissieleden\/(\d+)/.exec(res.location!)![1];
    }
    const two = await database.db('committee_members').where({ id: ids['Lid Twee'] }).first();
    expect(two.conflicts).toEqual(['12ab', 'Andere Stichting']);
    expect(two.active).toBe(true);

    const edit = await admin.get(`/beheer/commissieleden/${ids['Lid Een']}`);
    expect(edit.text).toContain('value="lid.een@panel.example.nl"');
    const updated = await submit(admin, `/beheer/commissieleden/${ids['Lid Een']}`, `/beheer/commissieleden/${ids['Lid Een']}`, { name: 'Lid Een', email: 'lid.een@panel.example.nl', role: 'member', ties: 'OBS De Linde' });
    expect(updated.location).toBe(`/beheer/commissieleden/${ids['Lid Een']}?gedaan=memberUpdated`);
    const deactivated = await submit(admin, `/beheer/commissieleden/${ids['Lid Drie']}`, `/beheer/commissieleden/${ids['Lid Drie']}/deactiveren`, {});
    expect(deactivated.location).toBe(`/beheer/commissieleden/${ids['Lid Drie']}?gedaan=memberDeactivated`);
    const list = await admin.get('/beheer/commissieleden');
    expect(list.text).toContain('niet actief');
    expect(list.text).toContain('12ab, Andere Stichting');

    // A case at school 12AB "OBS De Linde" (board Stichting De Linde): Voorzitter Gebonden, Lid Een and Lid Twee
    // have ties, Lid Drie is inactive: one chair and one member left, one member short.
    // (The panel draw itself, as the hearing workflow's activity runs it, on a case row of its own.)
    await database.db('cases').insert({
      case_number: '2026-990001', status: 'hearing', category: 'pesten', school_brin: '12AB', school_name: 'OBS De Linde', complaint: JSON.stringify({}),
      access_code_hash: 'x', policy_version: POLICY_2026_1.version, workflow_id: 'complaint-2026-990001', received_on: '2026-11-01',
    });
    await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', board_name: 'Stichting De Linde' });
    await expect(selectPanel(database.db, { caseNumber: '2026-990001', schoolBrin: '12AB', schoolName: 'OBS De Linde' })).rejects.toThrow(/Voorzitter Gebonden.*Lid Een.*Lid Twee|only 1 chair/);
    await submit(admin, `/beheer/commissieleden/${ids['Lid Drie']}`, `/beheer/commissieleden/${ids['Lid Drie']}/activeren`, {});
    const panel = await selectPanel(database.db, { caseNumber: '2026-990001', schoolBrin: '12AB', schoolName: 'OBS De Linde' });
    expect(panel.map((p) => p.name).sort()).toEqual(['Lid Drie', 'Lid Vier', 'Voorzitter Vrij']);

    const actions = (await audit().where({ target_type: 'committee-member' })).map((r) => r.action);
    expect(actions.filter((a) => a === 'member.created')).toHaveLength(6);
    expect(actions).toContain('member.updated');
    expect(actions).toContain('member.deactivated');
    const [upd] = await audit().where({ action: 'member.updated' });
    expect(upd.data.before.ties).toEqual([]);
    expect(upd.data.after.ties).toEqual(['OBS De Linde']);
  });
});

describe('committee members and their accounts', () => {
  it('links a member to a staff account with a panel role, one member per account', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const account = await createUser(database.db, { email: 'paneel@lkc.example.nl', name: 'Paula Paneel', role: 'member', password: 'paneel wachtwoord 1' });
    const form = await admin.get('/beheer/commissieleden/nieuw');
    expect(form.text).toContain(`<option value="${account.id}">Paula Paneel &lt;paneel@lkc.example.nl&gt; (lid)</option>`);
    expect(form.text).not.toMatch(new RegExp(`<option value="\\d+">${ADMIN.name}`));
    const first = await submit(admin, '/beheer/commissieleden/nieuw', '/beheer/commissieleden/nieuw', { name: 'P. Paneel', email: 'p.paneel@prive.example.nl', role: 'member', ties: '', userId: account.id });
    expect(first.status).toBe(303);
    const id = /\/beheer\/commissieleden\/(\d+)/.exec(first.location!)![1];
    expect(String((await database.db('committee_members').where({ id }).first()).user_id)).toBe(account.id);

    const taken = await submit(admin, '/beheer/commissieleden/nieuw', '/beheer/commissieleden/nieuw', { name: 'Ander', email: 'ander@prive.example.nl', role: 'member', ties: '', userId: account.id });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('hoort al bij een ander commissielid');
    const adminRow = await database.db('users').where({ email: ADMIN.email }).first();
    const notPanel = await submit(admin, '/beheer/commissieleden/nieuw', '/beheer/commissieleden/nieuw', { name: 'Ander', email: 'ander@prive.example.nl', role: 'member', ties: '', userId: String(adminRow.id) });
    expect(notPanel.status).toBe(400);
    expect(notPanel.text).toContain('href="#f-userId"');

    // Saving the member again keeps its own link; clearing it falls back to the e-mail address.
    const again = await submit(admin, `/beheer/commissieleden/${id}`, `/beheer/commissieleden/${id}`, { name: 'P. Paneel', email: 'p.paneel@prive.example.nl', role: 'member', ties: '', userId: account.id });
    expect(again.status).toBe(303);
    await submit(admin, `/beheer/commissieleden/${id}`, `/beheer/commissieleden/${id}`, { name: 'P. Paneel', email: 'p.paneel@prive.example.nl', role: 'member', ties: '', userId: '' });
    expect((await database.db('committee_members').where({ id }).first()).user_id).toBeNull();
  });
});

describe('policies and the audit trail', () => {
  it('lists every term of every policy version with default, legal basis and the date it applies from', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const page = await admin.get('/beheer/beleid');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Versie 2026.1');
    expect(page.text).toContain('Geldt voor nieuwe zaken vanaf');
    expect(page.text).toContain('Nieuwe zaken krijgen nu deze versie.');
    for (const [key, term] of Object.entries(POLICY_2026_1.terms)) {
      expect(page.text, key).toContain(`data-testid="term-${key}"`);
      expect(page.text, key).toContain(term.label.nl);
      expect(page.text, key).toContain(term.legalBasis.replace(/&/g, '&amp;').replace(/'/g, '&#x27;'));
    }
    expect(page.text).toContain('4 weken');
    expect(page.text).toContain('3 werkdagen vóór de gebeurtenis');
    const en = await admin.get('/beheer/beleid?lang=en');
    expect(en.text).toContain('Applies to new cases from');
    expect(en.text).toContain('term for the defence');
  });

  it('shows the audit trail, which the database keeps append-only', async () => {
    const admin = await logIn(ADMIN.email, ADMIN.password);
    const page = await admin.get('/beheer/wijzigingen');
    expect(page.status).toBe(200);
    expect(page.text).toContain('medewerker toegevoegd');
    expect(page.text).toContain(ADMIN.name);
    await expect(database.db('admin_audit').update({ actor_name: 'iemand anders' })).rejects.toThrow(/append-only/);
    await expect(database.db('admin_audit').delete()).rejects.toThrow(/append-only/);
  });
});
