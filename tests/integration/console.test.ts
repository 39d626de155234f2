/**
 * The secretary's console over real HTTP, against real PostgreSQL and the real Temporal dev server:
 * who sees what, the dashboard and the filtered list, the case page with its live terms, actions
 * through form → confirmation → workflow update (with the validator's refusal at the field),
 * four-eyes approval, document release, the school link, and the access log. A second part seeds
 * 100,000 cases and checks with EXPLAIN that the list's page query runs on an index.
 */
import nodemailer from 'nodemailer';
import { startMailCapture } from '../../platform/mail/captureServer';
import { freePort } from '../helpers/ports';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { caseState } from '../../api/services/caseActions';
import { createUser } from '../../api/portal/users';
import { documentsFor, storeDocument } from '../../api/portal/documents';
import { caseListQuery, parseFilters, resolveBoard, today } from '../../api/web/console/caseList';
import type { CaseStateView } from '../../contracts/messages';
import type { ComplaintInput } from '../../domain/intake';
import { BENCH_FILTERS, BENCH_SECRETARY, seedConsoleCases } from '../../scripts/bench/consoleList';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';
import { logInStaff, STAFF_LANDING } from '../helpers/staffLogin';
import { consoleAct, csrfOf, samplePdf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;

const PASSWORD = 'een lang en geheim wachtwoord';
const STAFF = {
  secretary: { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  secretary2: { email: 'bart@lko.example.nl', name: 'Bart Secretaris', role: 'secretary' as const },
  chair: { email: 'carla@lko.example.nl', name: 'Carla Voorzitter', role: 'chair' as const },
  chair2: { email: 'dirk@lko.example.nl', name: 'Dirk Plaatsvervangend Voorzitter', role: 'chair' as const },
  member: { email: 'mees@lko.example.nl', name: 'Mees Lid', role: 'member' as const },
  admin: { email: 'ada@lko.example.nl', name: 'Ada Beheer', role: 'admin' as const },
};
const users: Record<string, string> = {};

beforeAll(async () => {
  stack = await startAppStack('console');
  ({ database, env, server, taskQueue } = stack);
  for (const [key, u] of Object.entries(STAFF)) users[key] = (await createUser(database.db, { ...u, password: PASSWORD })).id;
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
});

afterAll(async () => {
  await stack?.stop();
});

async function fileCase(overrides: Partial<ComplaintInput> = {}): Promise<{ caseNumber: string; id: string }> {
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint(overrides));
  await eventually(async () => {
    const s = (await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined;
    return s?.status === 'admissibility' ? s : undefined;
  }, 90_000);
  const row = await database.db('cases').where({ case_number: filed.caseNumber }).first();
  return { caseNumber: filed.caseNumber, id: String(row.id) };
}

async function logIn(who: keyof typeof STAFF): Promise<WebClient> {
  const web = new WebClient(server.url);
  // Chair and admin enrol a second factor at their first login and answer it later (real TOTP codes).
  const res = await logInStaff(web, STAFF[who].email, PASSWORD);
  expect(res.location).toBe(STAFF_LANDING[STAFF[who].role]);
  return web;
}

const act = consoleAct;

async function statusOf(caseNumber: string): Promise<CaseStateView> {
  return (await caseState(env.client, caseNumber)).complaint as CaseStateView;
}

let plain: { caseNumber: string; id: string };
let serious: { caseNumber: string; id: string };

describe('console access', () => {
  it('sends anyone without a staff session to the login, and refuses posts without a CSRF token', async () => {
    plain = await fileCase();
    serious = await fileCase({ category: 'geweld', school: { brin: '34CD', name: 'Het Lyceum', sector: 'secondary' } });
    const anonymous = new WebClient(server.url);
    for (const path of ['/medewerkers', '/medewerkers/zaken', `/medewerkers/zaken/${plain.caseNumber}`]) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(303);
      expect(res.location).toBe('/inloggen');
    }
    const web = await logIn('secretary');
    const noToken = await web.postForm(`/medewerkers/zaken/${plain.caseNumber}/acties/decideAdmissibility`, { admissible: 'yes', step: 'confirm' });
    expect(noToken.status).toBe(403);
    // A multipart body is never parsed here, so it cannot carry a token: refused as such.
    const multipart = await web.postMultipart(`/medewerkers/zaken/${plain.caseNumber}/schoollink`, { step: 'confirm' }, []);
    expect(multipart.status).toBe(403);
    expect(await database.db('school_links').where({ case_id: plain.id })).toHaveLength(0);
    expect((await statusOf(plain.caseNumber)).status).toBe('admissibility');
  });
});

describe('dashboard and case list', () => {
  it('counts open cases by state and those waiting on the secretary', async () => {
    const web = await logIn('secretary');
    const page = await web.get('/medewerkers');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sanne Secretaris');
    expect(page.text).toMatch(/data-testid="count-open">2</);
    expect(page.text).toMatch(/data-testid="count-waiting">2</);
    expect(page.text).toMatch(/data-status="admissibility">2</);
    // A serious incident (geweld) starts the reporting duty; the trigger mirrors it in the read model.
    await eventually(async () => ((await database.db('cases').where({ id: serious.id }).first('reporting_duty')).reporting_duty === 'awaiting-confirmation' ? true : undefined), 60_000);
    expect((await web.get('/medewerkers')).text).toMatch(/data-testid="count-reporting">1</);
  });

  it('filters by school, sector, reporting duty and board, sorts by deadline, and names a bad filter at its field', async () => {
    const web = await logIn('secretary');
    const bySchool = await web.get('/medewerkers/zaken?school=34cd');
    expect(bySchool.text).toContain(`data-case="${serious.caseNumber}"`);
    expect(bySchool.text).not.toContain(`data-case="${plain.caseNumber}"`);
    const bySector = await web.get('/medewerkers/zaken?sector=primary');
    expect(bySector.text).toContain(`data-case="${plain.caseNumber}"`);
    expect(bySector.text).not.toContain(`data-case="${serious.caseNumber}"`);
    const duty = await web.get('/medewerkers/zaken?reportingDuty=any');
    expect(duty.text).toContain(`data-case="${serious.caseNumber}"`);
    expect(duty.text).not.toContain(`data-case="${plain.caseNumber}"`);
    const board = await web.get(`/medewerkers/zaken?board=${encodeURIComponent('stichting de linde')}`);
    expect(board.text).toContain(`data-case="${plain.caseNumber}"`);
    expect(board.text).not.toContain(`data-case="${serious.caseNumber}"`);
    const noSchools = await web.get(`/medewerkers/zaken?board=${encodeURIComponent('Stichting Zonder Scholen')}`);
    expect(noSchools.status).toBe(200);
    expect(noSchools.text).not.toContain(`data-case="${plain.caseNumber}"`);
    expect(noSchools.text).not.toContain(`data-case="${serious.caseNumber}"`);
    const week = await web.get('/medewerkers/zaken?dueWithin=366');
    expect(week.text).toContain(`data-case="${plain.caseNumber}"`);
    const none = await web.get('/medewerkers/zaken?overdue=1');
    expect(none.text).toContain('Geen zaken gevonden');

    const bad = await web.get('/medewerkers/zaken?dueWithin=veel&school=x');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('class="error-summary"');
    expect(bad.text).toContain('href="#f-dueWithin"');
    expect(bad.text).toMatch(/id="f-dueWithin"[^>]*aria-describedby="f-dueWithin-hint f-dueWithin-error"[^>]*aria-invalid="true"/);

    // Each case the list showed is a logged read.
    const reads = await database.db('case_access_log').where({ case_id: plain.id, action: 'console.list.read' });
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0].actor).toBe(`secretary:user:${users.secretary}`);
  });

  it('pages with a keyset cursor, 50 cases a page, in deadline order', async () => {
    // Plain rows without workflows, only for the list: their case numbers cannot collide with real ones.
    const base = (await database.db('cases').first()) as Record<string, unknown>;
    const rows = Array.from({ length: 60 }, (_, i) => ({
      ...Object.fromEntries(Object.entries(base).filter(([k]) => !['id', 'deadline_key', 'created_at', 'updated_at', 'reporting_duty'].includes(k))),
      case_number: `2019-${String(900000 + i).padStart(6, '0')}`,
      workflow_id: `complaint-2019-${900000 + i}`,
      school_brin: '99ZZ',
      complaint: JSON.stringify(base.complaint),
      next_deadline: `2030-01-${String((i % 28) + 1).padStart(2, '0')}`,
    }));
    await database.db('cases').insert(rows);
    const web = await logIn('secretary');
    const first = await web.get('/medewerkers/zaken?school=99ZZ');
    const numbers = (html: string) => [...html.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1]);
    expect(numbers(first.text)).toHaveLength(50);
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    const second = await web.get(next);
    expect(numbers(second.text)).toHaveLength(10);
    expect(new Set([...numbers(first.text), ...numbers(second.text)]).size).toBe(60);
    expect(second.text).not.toContain('rel="next"');
    // The rows stay: listing them logged a read of each, and the access log is append-only.
  });
});

describe('the case page and its actions', () => {
  it('shows parties, running terms with explanation, the Temporal link and the allowed actions; reading is logged', async () => {
    const web = await logIn('secretary');
    const page = await web.get(`/medewerkers/zaken/${plain.caseNumber}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Anna de Vries');
    expect(page.text).toContain('Stichting De Linde');
    const state = await statusOf(plain.caseNumber);
    const term = state.terms.find((t) => t.status === 'running')!;
    expect(page.text).toContain(term.label.nl);
    expect(page.text).toContain(term.explanation.nl.replace(/&/g, '&amp;').slice(0, 40));
    expect(page.text).toContain(`http://localhost:8233/namespaces/default/workflows/complaint-${plain.caseNumber}`);
    // The secretary prepares (asks for completion); admissibility is the chair's to decide.
    expect(page.text).toContain(`/acties/requestCompletion`);
    expect(page.text).not.toContain(`/acties/decideAdmissibility`);
    expect(page.text).not.toContain(`/acties/submitReply"`);
    const reads = await database.db('case_access_log').where({ case_id: plain.id, action: 'console.case.read' });
    expect(reads.length).toBeGreaterThan(0);
  });

  it('asks for missing answers, confirms, and shows the workflow validator’s refusal at its field', async () => {
    const web = await logIn('chair');
    const path = `/medewerkers/zaken/${plain.caseNumber}/acties/decideAdmissibility`;
    const form = await web.get(path);
    expect(form.text).toContain('id="action-form"');
    const missing = await web.postForm(path, { _csrf: csrfOf(form.text)!, step: 'review' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#f-admissible"');

    // Inadmissible without reasons: the form lets it through, the workflow refuses it at "reasons".
    const refused = await act(web, plain.caseNumber, 'decideAdmissibility', { admissible: 'no', decidedBy: 'chair' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('href="#f-reasons"');
    expect(refused.text).toContain('Dit kan niet. Motivering: dit moet worden ingevuld.');
    expect(refused.text).toMatch(/id="f-reasons"[^>]*aria-describedby="f-reasons-hint f-reasons-error"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('value="no" checked');
    expect((await statusOf(plain.caseNumber)).status).toBe('admissibility');

    // "Change answers" on the confirmation page brings the form back filled in.
    const review = await web.postForm(path, { _csrf: csrfOf(form.text)!, admissible: 'yes', step: 'review' });
    expect(review.text).toContain('Bevestig: Besluiten over de ontvankelijkheid');
    const edit = await web.postForm(path, { _csrf: csrfOf(review.text)!, admissible: 'yes', step: 'edit' });
    expect(edit.text).toContain('value="yes" checked');

    const done = await act(web, plain.caseNumber, 'decideAdmissibility', { admissible: 'yes' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/medewerkers/zaken/${plain.caseNumber}?gedaan=decideAdmissibility`);
    await eventually(async () => ((await statusOf(plain.caseNumber)).allowedActions.includes('submitDefence') ? true : undefined), 90_000);
    const after = await web.follow(done);
    expect(after.text).toContain('Gedaan: Besluiten over de ontvankelijkheid');
    const again = await web.get(path);
    expect(again.status).toBe(409);
    expect(again.text).toContain('kan in deze fase van de zaak niet');
  });

  it('needs a second person to approve a decision (four-eyes), through the letters on the case page', async () => {
    const c = await fileCase({ school: { brin: '56EF', name: 'De Vlinder', sector: 'primary' } });
    const sanne = await logIn('chair');
    const drafted = await act(sanne, c.caseNumber, 'decideAdmissibility', { admissible: 'no', decidedBy: 'chair', reasons: 'De klacht gaat niet over de school.' });
    expect(drafted.status).toBe(303);
    const state = await eventually(async () => {
      const s = await statusOf(c.caseNumber);
      return s.awaitingApproval.length ? s : undefined;
    }, 90_000);
    const letterId = state.awaitingApproval[0];
    const page = await sanne.get(`/medewerkers/zaken/${c.caseNumber}`);
    expect(page.text).toContain(`/acties/approveLetter?letterId=${letterId}`);
    expect(page.text).toContain('wacht op goedkeuring');
    const form = await sanne.get(`/medewerkers/zaken/${c.caseNumber}/acties/approveLetter?letterId=${letterId}`);
    expect(form.text).toContain(`value="${letterId}" checked`);

    const self = await act(sanne, c.caseNumber, 'approveLetter', { letterId });
    expect(self.status).toBe(409);
    expect(self.text).toContain('(vier-ogenprincipe)');
    expect(self.text).toContain('href="#f-letterId"');

    // A secretary neither decides nor approves: refused for the role.
    const secretary = await logIn('secretary');
    const notHers = await secretary.get(`/medewerkers/zaken/${c.caseNumber}/acties/approveLetter?letterId=${letterId}`);
    expect(notHers.status).toBe(403);
    const posted = await secretary.postForm(`/medewerkers/zaken/${c.caseNumber}/acties/approveLetter`, { _csrf: csrfOf(notHers.text)!, letterId, step: 'confirm' });
    expect(posted.status).toBe(403);
    const bart = await logIn('chair2');
    const approved = await act(bart, c.caseNumber, 'approveLetter', { letterId });
    expect(approved.status).toBe(303);
    await eventually(async () => ((await statusOf(c.caseNumber)).status === 'inadmissible' ? true : undefined), 90_000);
    const letter = await database.db('letters').where({ id: letterId }).first('approved_by', 'status');
    expect(letter.status).not.toBe('awaiting-approval');
  });

  it('releases a document to the other party after confirmation, and issues the school link', async () => {
    const web = await logIn('secretary');
    const doc = await storeDocument(database.db, { caseId: plain.id, party: 'school', actor: 'school-link:1', kind: 'defence', file: { field: 'defence', clientName: 'verweer.pdf', content: samplePdf(), truncated: false } });
    const page = await web.get(`/medewerkers/zaken/${plain.caseNumber}`);
    expect(page.text).toContain('verweer.pdf');
    const path = `/medewerkers/zaken/${plain.caseNumber}/documenten/${doc.id}/vrijgeven`;
    const confirm = await web.postForm(path, { _csrf: csrfOf(page.text)!, to: 'complainant' });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('verweer.pdf');
    expect(await documentsFor(database.db, plain.id, 'complainant')).toHaveLength(0);
    const released = await web.postForm(path, { _csrf: csrfOf(confirm.text)!, to: 'complainant', step: 'confirm' });
    expect(released.status).toBe(303);
    expect((await documentsFor(database.db, plain.id, 'complainant')).map((d) => d.id)).toEqual([doc.id]);
    const download = await web.get(`/medewerkers/zaken/${plain.caseNumber}/documenten/${doc.id}`);
    expect(download.status).toBe(200);
    expect(await database.db('case_access_log').where({ case_id: plain.id, action: `console.document.read:${doc.id}` })).toHaveLength(1);

    const linkConfirm = await web.postForm(`/medewerkers/zaken/${plain.caseNumber}/schoollink`, { _csrf: csrfOf(page.text)! });
    expect(linkConfirm.text).toContain('Ja, geef een link uit');
    const issued = await web.postForm(`/medewerkers/zaken/${plain.caseNumber}/schoollink`, { _csrf: csrfOf(linkConfirm.text)!, step: 'confirm' });
    expect(issued.status).toBe(200);
    const url = /data-testid="school-link">([^<]+)</.exec(issued.text)![1];
    expect(url).toMatch(/\/school\/[A-Za-z0-9_-]{43}$/);
    const school = new WebClient(server.url);
    const opened = await school.get(new URL(url).pathname);
    expect(opened.status).toBeLessThan(400);
    // Re-issuing revokes the first link.
    const again = await web.postForm(`/medewerkers/zaken/${plain.caseNumber}/schoollink`, { _csrf: csrfOf(issued.text)!, step: 'confirm' });
    expect(again.text).toContain('ingetrokken: 1');
    expect((await new WebClient(server.url).get(new URL(url).pathname)).status).toBeGreaterThanOrEqual(400);
  });
});

describe('roles', () => {
  it('shows a member only the cases whose panel they sit on, read-only; an admin may view but not act', async () => {
    const [member] = await database.db('committee_members').insert({ name: 'Mees Lid', email: 'MEES@lko.example.nl', role: 'member', conflicts: '[]' }).returning('id');
    await database.db('hearing_panel_assignments').insert({ case_id: serious.id, member_id: member.id, role: 'member' });
    const mees = await logIn('member');
    const list = await mees.get('/medewerkers/zaken');
    expect(list.text).toContain(`data-case="${serious.caseNumber}"`);
    expect(list.text).not.toContain(`data-case="${plain.caseNumber}"`);
    expect((await mees.get('/medewerkers')).text).toMatch(/data-testid="count-open">1</);
    expect((await mees.get(`/medewerkers/zaken/${plain.caseNumber}`)).status).toBe(404);
    const own = await mees.get(`/medewerkers/zaken/${serious.caseNumber}`);
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('/acties/');
    expect((await mees.get(`/medewerkers/zaken/${serious.caseNumber}/acties/flagReportingDuty`)).status).toBe(404);

    // Linked by an administrator to another committee member, the account follows that member.
    const [other] = await database.db('committee_members').insert({ name: 'Ander Lid', email: 'ander@lko.example.nl', role: 'member', conflicts: '[]', user_id: users.member }).returning('id');
    expect((await mees.get(`/medewerkers/zaken/${serious.caseNumber}`)).status).toBe(404);
    await database.db('hearing_panel_assignments').insert({ case_id: plain.id, member_id: other.id, role: 'member' });
    expect((await mees.get(`/medewerkers/zaken/${plain.caseNumber}`)).status).toBe(200);

    const ada = await logIn('admin');
    const viewed = await ada.get(`/medewerkers/zaken/${plain.caseNumber}`);
    expect(viewed.status).toBe(200);
    expect(viewed.text).toContain('inzien, maar niet behandelen');
    const form = await ada.get(`/medewerkers/zaken/${serious.caseNumber}/acties/confirmReportingDuty`);
    expect(form.status).toBe(404);
    const post = await ada.postForm(`/medewerkers/zaken/${serious.caseNumber}/acties/confirmReportingDuty`, { _csrf: csrfOf(viewed.text)!, reportedOn: '2026-11-01', step: 'confirm' });
    expect(post.status).toBe(404);
    expect((await statusOf(serious.caseNumber)).reportingDuty.status).toBe('awaiting-confirmation');
    expect((await database.db('case_access_log').where({ case_id: plain.id, actor: `admin:user:${users.admin}` })).length).toBeGreaterThan(0);
    // English is the second language of every console page.
    const english = await ada.get('/medewerkers?lang=en');
    expect(english.text).toContain('Secretariat dashboard');
    expect(english.text).toContain('<html lang="en">');
    expect((await ada.get(`/medewerkers/zaken/${plain.caseNumber}`)).text).toContain('You may view this case, but not handle it.');
  });
});

describe('sent mail (development)', () => {
  it('shows what a local SMTP capture received and opens a message as .eml; not for panel members', async () => {
    const capture = await startMailCapture({ port: await freePort(), db: database.db, host: '127.0.0.1' });
    try {
      const transport = nodemailer.createTransport(capture.url);
      await transport.sendMail({ from: 'commissie@lko.example.nl', to: 'ouder@example.nl', subject: 'Ontvangstbevestiging 2026-000123', text: 'Wij hebben uw klacht ontvangen.', attachments: [{ filename: 'brief.pdf', content: samplePdf('Ontvangstbevestiging') }] });
      transport.close();
      const sanne = await logIn('secretary');
      const page = await sanne.get('/medewerkers/postvak');
      expect(page.status).toBe(200);
      // The tests send letters to a relay (SMTP_URL), and the page says so above what was captured.
      expect(page.text).toContain('E-mail gaat naar de mailserver smtp://127.0.0.1');
      const row = /<tr data-mail="(\d+)">(.*?)<\/tr>/s.exec(page.text)!;
      expect(row[2]).toContain('ouder@example.nl');
      expect(row[2]).toContain('Ontvangstbevestiging 2026-000123');
      expect(row[2]).toContain('brief.pdf');
      const raw = await sanne.get(`/medewerkers/postvak/${row[1]}`);
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-type')).toContain('message/rfc822');
      expect(raw.headers.get('content-disposition')).toContain(`bericht-${row[1]}.eml`);
      expect(raw.text).toContain('Subject: Ontvangstbevestiging 2026-000123');
      expect((await sanne.get('/medewerkers/postvak/999999')).status).toBe(404);
      const mees = await logIn('member');
      expect((await mees.get('/medewerkers/postvak')).status).toBe(404);
      expect((await mees.get(`/medewerkers/postvak/${row[1]}`)).status).toBe(404);
    } finally {
      await capture.stop();
    }
  });
});

describe('the case list at 100,000 cases', () => {
  let big: TestDatabase;
  afterAll(async () => big?.drop());

  it('answers every filtered, deadline-sorted page from an index', async () => {
    big = await createTestDatabase();
    await seedConsoleCases(big.db, 100_000);
    const day = today();
    const cases = [...BENCH_FILTERS, { state: 'defence', category: 'pesten', after: '2027-01-01~500' }, { state: 'defence', before: '2027-01-01~500' }];
    for (const query of cases) {
      const { filters, errors } = parseFilters(query);
      expect(errors).toEqual([]);
      const resolved = await resolveBoard(big.db, filters);
      const { sql, bindings } = caseListQuery(big.db, BENCH_SECRETARY, resolved, day).toSQL();
      const plan = (await big.db.raw(`EXPLAIN ${sql}`, bindings)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      expect(plan, `${JSON.stringify(query)}\n${plan}`).not.toMatch(/Seq Scan on cases/);
      // A board without schools is answered without reading cases at all.
      const expected = resolved.boardSchools?.length === 0 ? /One-Time Filter: false/ : /Index (Only )?Scan (Backward )?using cases_console_\w+_idx|Bitmap Index Scan on cases_console_\w+_idx/;
      expect(plan, `${JSON.stringify(query)}\n${plan}`).toMatch(expected);
    }
  });
});
