/**
 * The console as a work tool over real HTTP (real PostgreSQL, real Temporal dev server, real
 * Chromium for the PDFs): search, previous page, the work queue and its counts, actions offered only
 * when they apply with one next step highlighted, the timeline in the page's language, the
 * admissibility facts, the daily print batch (PDF, marked printed, audited), letters with a way
 * back and as PDF, and a captured message readable in the page.
 */
import nodemailer from 'nodemailer';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { caseState } from '../../api/services/caseActions';
import { createUser } from '../../api/portal/users';
import { startMailCapture } from '../../platform/mail/captureServer';
import { amsterdamDate } from '../../domain/clock';
import type { CaseStateView } from '../../contracts/messages';
import type { ComplaintInput } from '../../domain/intake';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';
import { freePort } from '../helpers/ports';
import { logInStaff, STAFF_LANDING } from '../helpers/staffLogin';
import { consoleAct, csrfOf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;

const PASSWORD = 'een lang en geheim wachtwoord';
const STAFF = {
  secretary: { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  chair: { email: 'carla@lko.example.nl', name: 'Carla Voorzitter', role: 'chair' as const },
  member: { email: 'mees@lko.example.nl', name: 'Mees Lid', role: 'member' as const },
};
const users: Record<string, string> = {};

beforeAll(async () => {
  stack = await startAppStack('consolework');
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
  const res = await logInStaff(web, STAFF[who].email, PASSWORD);
  expect(res.location).toBe(STAFF_LANDING[STAFF[who].role]);
  return web;
}

const numbers = (html: string) => [...html.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1]);
const href = (html: string, rel: string) => [...html.matchAll(/href="([^"]+)" rel="(\w+)"/g)].find((m) => m[2] === rel)?.[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

let anna: { caseNumber: string; id: string };
let pieter: { caseNumber: string; id: string };

describe('search and paging', () => {
  it('finds cases by case number, name, school and complaint text, with received date and name columns', async () => {
    anna = await fileCase();
    pieter = await fileCase({
      complainant: { name: 'Pieter Bakker', email: 'pieter@example.nl', role: 'pupil' },
      school: { brin: '34CD', name: 'Het Lyceum', sector: 'secondary' },
      description: 'Op het schoolplein word ik steeds uitgescholden door dezelfde groep.',
      occurredOn: '2025-06-01',
      raisedWithSchool: false,
      notRaisedReason: 'Ik durfde het niet te vertellen.',
    });
    const web = await logIn('secretary');
    const byName = await web.get('/medewerkers/zaken?q=bakker');
    expect(byName.status).toBe(200);
    expect(numbers(byName.text)).toEqual([pieter.caseNumber]);
    expect(byName.text).toContain('<td>Pieter Bakker</td>');
    expect(numbers((await web.get('/medewerkers/zaken?q=lyceum')).text)).toEqual([pieter.caseNumber]);
    expect(numbers((await web.get('/medewerkers/zaken?q=schoolplein+groep')).text)).toEqual([pieter.caseNumber]);
    expect(numbers((await web.get(`/medewerkers/zaken?q=${anna.caseNumber}`)).text)).toEqual([anna.caseNumber]);
    expect(numbers((await web.get('/medewerkers/zaken?q=Anna+Linde')).text)).toEqual([anna.caseNumber]);
    expect(numbers((await web.get('/medewerkers/zaken?q=100%25')).text)).toEqual([]);
    const short = await web.get('/medewerkers/zaken?q=ab');
    expect(short.status).toBe(400);
    expect(short.text).toContain('href="#f-q"');
    expect(short.text).toContain('Zoek met woorden van minstens 3 tekens (hoogstens 10 woorden).');
  });

  it('goes back a page as well as forward', async () => {
    const base = (await database.db('cases').where({ id: anna.id }).first()) as Record<string, unknown>;
    const rows = Array.from({ length: 110 }, (_, i) => ({
      ...Object.fromEntries(Object.entries(base).filter(([k]) => !['id', 'deadline_key', 'created_at', 'updated_at', 'reporting_duty'].includes(k))),
      case_number: `2019-${String(800000 + i).padStart(6, '0')}`,
      workflow_id: `complaint-2019-${800000 + i}`,
      school_brin: '88YY',
      // In the defence stage: nothing of theirs waits on the secretariat (the queue test counts the real cases).
      status: 'defence',
      complaint: JSON.stringify(base.complaint),
      next_deadline: `2030-02-${String((i % 28) + 1).padStart(2, '0')}`,
    }));
    await database.db('cases').insert(rows);
    const web = await logIn('secretary');
    const page1 = await web.get('/medewerkers/zaken?school=88YY');
    expect(numbers(page1.text)).toHaveLength(50);
    expect(page1.text).not.toContain('rel="prev"');
    const page2 = await web.get(href(page1.text, 'next')!);
    const page3 = await web.get(href(page2.text, 'next')!);
    expect(numbers(page3.text)).toHaveLength(10);
    const back2 = await web.get(href(page3.text, 'prev')!);
    expect(numbers(back2.text)).toEqual(numbers(page2.text));
    const back1 = await web.get(href(back2.text, 'prev')!);
    expect(numbers(back1.text)).toEqual(numbers(page1.text));
    expect(back1.text).not.toContain('rel="prev"');
    expect(numbers((await web.get(href(back1.text, 'next')!)).text)).toEqual(numbers(page2.text));
    expect(new Set([...numbers(page1.text), ...numbers(page2.text), ...numbers(page3.text)]).size).toBe(110);
  });
});

describe('work queue', () => {
  it('lists what waits on the secretariat, earliest term first, with the dashboard’s count and its reasons', async () => {
    const web = await logIn('secretary');
    const dash = await web.get('/medewerkers');
    const waiting = Number(/data-testid="count-waiting">(\d+)</.exec(dash.text)![1]);
    const queue = await web.get('/medewerkers/werkvoorraad');
    expect(queue.status).toBe(200);
    expect(numbers(queue.text)).toHaveLength(waiting);
    expect(queue.text).toContain(`${waiting} zaken wachten op het secretariaat.`);
    expect(dash.text).toContain('zaken wachten op het secretariaat');
    expect(numbers(queue.text)).toEqual(expect.arrayContaining([anna.caseNumber, pieter.caseNumber]));
    expect(queue.text).toMatch(/data-reason="admissibility">beslissing over de ontvankelijkheid: \d+</);
    expect(/<tr data-case="[^"]+">.*?<\/tr>/s.exec(queue.text)![0]).toContain('beslissing over de ontvankelijkheid');
    const mees = await logIn('member');
    expect((await mees.get('/medewerkers/werkvoorraad')).status).toBe(404);
    // Staff get their own menu by role, not the public one.
    const menu = (html: string) => [...html.matchAll(/data-testid="staff-menu-(\w+)"/g)].map((m) => m[1]);
    expect(menu(queue.text)).toEqual(['console', 'queue', 'cases']);
    expect(menu((await mees.get('/medewerkers')).text)).toEqual(['panel', 'console']);
    // A chair sits on panels too: their hearings are in the menu (issue 14).
    const chairDash = await (await logIn('chair')).get('/medewerkers?lang=en');
    expect(menu(chairDash.text)).toEqual(['panel', 'console', 'queue', 'cases']);
    expect(chairDash.text).toContain('<a href="/panel" data-testid="staff-menu-panel">My hearings</a>');
    expect(queue.text).not.toContain('href="/klacht-indienen"');
    expect(queue.text).toContain('<body class="staff">');
  });
});

describe('the case page', () => {
  it('shows one next step, offers a term action only when it applies, and lists only the terms it fits', async () => {
    const base = `/medewerkers/zaken/${anna.caseNumber}`;
    // The admissibility decision is the chair's (issue 12): it is the chair's one next step.
    const chairPage = await (await logIn('chair')).get(base);
    expect(chairPage.text.match(/data-testid="primary-action"/g)).toHaveLength(1);
    expect(chairPage.text).toContain(`<a class="button" href="${base}/acties/decideAdmissibility" data-testid="primary-action">`);
    // Terms are the secretary's.
    const web = await logIn('secretary');
    const page = await web.get(base);
    expect(page.text).toContain(`href="${base}/acties/suspendTerm"`);
    expect(page.text).not.toContain(`href="${base}/acties/resumeTerm"`);
    expect((await web.get(`${base}/acties/resumeTerm`)).status).toBe(409);
    const term = (await caseState(env.client, anna.caseNumber)).complaint as CaseStateView;
    const running = term.terms.find((t) => t.status === 'running')!;
    const suspended = await consoleAct(web, anna.caseNumber, 'suspendTerm', { termId: running.id, reason: 'waiting-for-complainant' });
    expect(suspended.status).toBe(303);
    const after = await web.get(base);
    expect(after.text).toContain(`href="${base}/acties/resumeTerm"`);
    const resume = await web.get(`${base}/acties/resumeTerm`);
    expect(resume.status).toBe(200);
    expect(resume.text).toContain(`value="${running.id}"`);
    // The only running term is suspended: no term left to suspend.
    expect((await web.get(`${base}/acties/suspendTerm`)).status).toBe(409);
    expect(after.text).not.toContain(`href="${base}/acties/suspendTerm"`);
    // Asked anyway, the workflow refuses: the reason in the page's language, the term by its name.
    const again = await web.postForm(`${base}/acties/suspendTerm`, { _csrf: csrfOf(after.text)!, termId: running.id, reason: 'waiting-for-complainant', step: 'confirm' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('termijn voor de beslissing over ontvankelijkheid: deze termijn is al opgeschort.');
    const againEn = await web.postForm(`${base}/acties/suspendTerm?lang=en`, { _csrf: csrfOf(after.text)!, termId: running.id, reason: 'waiting-for-complainant', step: 'confirm' });
    expect(againEn.text).toContain('admissibility term: this term is already suspended');
    expect(againEn.text).not.toContain('opgeschort');
  });

  it('shows the timeline in the page’s language, never a raw key or actor id', async () => {
    const web = await logIn('secretary');
    const nl = await web.get(`/medewerkers/zaken/${anna.caseNumber}`);
    const timeline = (html: string) => html.slice(html.indexOf('id="verloop"'));
    expect(timeline(nl.text)).toContain('Klacht ontvangen');
    expect(timeline(nl.text)).toContain('— systeem,');
    expect(timeline(nl.text)).toContain('— Sanne Secretaris,');
    expect(timeline(nl.text)).toContain('Ontvangstbevestiging');
    for (const raw of ['letter.stored', 'letter.sent', 'complaint.received', 'status.changed', 'term.suspended', 'user:', '— system,', 'ontvangstbevestiging,']) expect(timeline(nl.text)).not.toContain(raw);
    const en = await web.get(`/medewerkers/zaken/${anna.caseNumber}?lang=en`);
    expect(timeline(en.text)).toContain('— system,');
    expect(timeline(en.text)).toContain('Acknowledgement of receipt');
    expect(timeline(en.text)).not.toContain('— systeem,');
    expect(timeline(en.text)).not.toContain('Klacht ontvangen');
  });

  it('shows the facts the admissibility decision needs', async () => {
    const web = await logIn('secretary');
    const page = await web.get(`/medewerkers/zaken/${pieter.caseNumber}`);
    const facts = page.text.slice(page.text.indexOf('data-testid="admissibility"'), page.text.indexOf('</dl>', page.text.indexOf('data-testid="admissibility"')));
    // Filed on the test's day in December 2026: more than a year after 1 June 2025.
    expect(facts).toContain('<dt>Datum van het voorval</dt><dd>zondag 1 juni 2025 <strong class="console-overdue">meer dan een jaar voor ontvangst</strong>');
    expect(facts).toContain('<dt>Eerst met de school besproken</dt><dd>Nee');
    expect(facts).toContain('Waarom niet: Ik durfde het niet te vertellen.');
    expect(facts).toContain('<dt>Klager is</dt><dd>leerling of student</dd>');
    const annaPage = await web.get(`/medewerkers/zaken/${anna.caseNumber}`);
    expect(annaPage.text).toContain('<dt>Datum van het voorval</dt><dd>donderdag 1 oktober 2026</dd>');
  });
});

describe('letters and the print batch', () => {
  it('prints the day’s post letters as one PDF, marks them printed (audited), and shows each letter with a way back and as PDF', async () => {
    const letter: { id: string; subject: string } = await eventually(async () => database.db('letters').where({ case_id: pieter.id }).orderBy('id').first('id', 'subject'), 60_000);
    const day = amsterdamDate(new Date());
    // An addressee without e-mail: the outbox puts the letter in the day's print batch.
    await database.db('letter_outbox').insert({ letter_id: letter.id, case_id: pieter.id, idempotency_key: `test-print-${letter.id}`, channel: 'print', status: 'print', print_date: day });
    const web = await logIn('secretary');
    const page = await web.get('/medewerkers/post');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-testid="print-summary-${day}">1 brief, waarvan 1 nog niet geprint.<`);
    expect(page.text).toContain(`<tr data-letter="${letter.id}">`);
    const pdf = await web.get(`/medewerkers/post/${day}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text.slice(0, 5)).toBe('%PDF-');
    const confirm = await web.postForm(`/medewerkers/post/${day}/geprint`, { _csrf: csrfOf(page.text)! });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`U markeert 1 brief van ${day} als geprint.`);
    const marked = await web.postForm(`/medewerkers/post/${day}/geprint`, { _csrf: csrfOf(confirm.text)!, step: 'confirm' });
    expect(marked.status).toBe(303);
    expect(marked.location).toBe(`/medewerkers/post?geprint=${day}`);
    const row = await database.db('letter_outbox').where({ idempotency_key: `test-print-${letter.id}` }).first('printed_at', 'printed_by');
    expect(row.printed_by).toBe(`user:${users.secretary}`);
    expect(row.printed_at).not.toBeNull();
    const events = await database.db('case_events').where({ case_id: pieter.id, type: 'letter.printed' }).select('actor', 'data');
    expect(events).toEqual([{ actor: `user:${users.secretary}`, data: { letterId: String(letter.id), printDate: day } }]);
    expect((await web.get('/medewerkers/post')).text).toContain(`data-testid="print-summary-${day}">1 brief, waarvan 0 nog niet geprint.<`);
    // Nothing left to mark for that day.
    expect((await web.postForm(`/medewerkers/post/${day}/geprint`, { _csrf: csrfOf(page.text)!, step: 'confirm' })).status).toBe(404);

    const html = await web.get(`/medewerkers/zaken/${pieter.caseNumber}/brieven/${letter.id}`);
    expect(html.status).toBe(200);
    expect(html.text).toContain(`<a href="/medewerkers/zaken/${pieter.caseNumber}#brieven">Terug naar zaak ${pieter.caseNumber}</a>`);
    expect(html.text).toContain(`<a href="/medewerkers/zaken/${pieter.caseNumber}/brieven/${letter.id}/pdf">Deze brief als PDF</a>`);
    const letterPdf = await web.get(`/medewerkers/zaken/${pieter.caseNumber}/brieven/${letter.id}/pdf`);
    expect(letterPdf.status).toBe(200);
    expect(letterPdf.text.slice(0, 5)).toBe('%PDF-');
    expect((await web.get(`/medewerkers/zaken/${anna.caseNumber}/brieven/${letter.id}`)).status).toBe(404);

    const mees = await logIn('member');
    expect((await mees.get('/medewerkers/post')).status).toBe(404);
    expect((await mees.get(`/medewerkers/post/${day}/pdf`)).status).toBe(404);
  });

  it('shows a captured message as a readable page, next to its .eml', async () => {
    const capture = await startMailCapture({ port: await freePort(), db: database.db, host: '127.0.0.1' });
    try {
      const transport = nodemailer.createTransport(capture.url);
      await transport.sendMail({ from: 'commissie@lko.example.nl', to: 'ouder@example.nl', subject: 'Ontvangstbevestiging 2026-000999', text: 'Wij hebben uw klacht <goed> ontvangen.' });
      transport.close();
      const web = await logIn('secretary');
      const list = await web.get('/medewerkers/postvak');
      const id = /<tr data-mail="(\d+)">/.exec(list.text)![1];
      expect(list.text).toContain(`<a href="/medewerkers/postvak/${id}/lezen">Ontvangstbevestiging 2026-000999</a>`);
      const mail = await web.get(`/medewerkers/postvak/${id}/lezen`);
      expect(mail.status).toBe(200);
      expect(mail.text).toContain('<h1>Ontvangstbevestiging 2026-000999</h1>');
      expect(mail.text).toContain('<dt>Van</dt><dd>commissie@lko.example.nl</dd>');
      expect(mail.text).toContain('Wij hebben uw klacht &lt;goed&gt; ontvangen.');
      expect((await web.get('/medewerkers/postvak/999999/lezen')).status).toBe(404);
    } finally {
      await capture.stop();
    }
  });
});
