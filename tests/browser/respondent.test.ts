/**
 * The page of a person complained about in real Chromium (issue 12): opened with the personal link
 * of their notice, the stage and their next step, a letter and the way back, their written
 * statement sent as a person would, at desktop width and at phone width (390 px) without sideways
 * scrolling; for the hearing their availability and their postponement, as a person fills them in.
 * axe-core checks every page; screenshots are kept. The app runs in-process on real
 * PostgreSQL with a worker on the real time-skipping Temporal server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { runCaseAction } from '../../api/services/caseActions';
import { procedureStates } from '../../api/web/parties/actionForms';
import { launchChromium, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';
import { CHAIR, SCHOOL, SECRETARY } from '../helpers/procedure';

vi.setConfig({ testTimeout: 300_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;
let browser: Browser;

beforeAll(async () => {
  stack = await startAppStack('respondent-browser', { timeSkipping: true });
  ({ database, env, server, taskQueue } = stack);
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  // The workflows' clock: Monday 1 March 2027; the defence term runs to Tuesday 30 March 2027 (Easter Monday moves it).
  await env.sleep(Date.parse('2027-03-01T08:00:00Z') - (await env.currentTimeMs()));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width: number, height: number): Promise<Page> {
  // CSP bypassed only so axe can be injected.
  const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL', viewport: { width, height } });
  return context.newPage();
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const width = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth })');
  expect(width.scroll, what).toBeLessThanOrEqual(width.client);
}

describe('the page of a person complained about', () => {
  it('opens with the link of the notice, shows the stage, the next step and the letters, and takes the written statement; at 1280 and 390 px', async () => {
    const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint({ respondents: [{ name: 'T. Jansen', role: 'teacher', email: 't.jansen@example.nl' }] }));
    await eventually(async () => ((await procedureStates(env.client, filed.caseNumber)).complaint?.status === 'admissibility' ? true : undefined), 90_000, 200);
    await runCaseAction(env.client, filed.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
    const notice = await eventually<{ html: string }>(async () => database.db('letters').where({ kind: 'kennisgeving-klacht', addressee_role: 'respondent' }).first('html'), 60_000, 200);
    const code = /\/betrokkene\/([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})/.exec(notice.html)?.[1];
    expect(code).toBeDefined();

    const desktop = await newPage(1280, 900);
    await desktop.goto(`${server.url}/betrokkene/${code}`);
    expect(new URL(desktop.url()).pathname).toBe('/betrokkene');
    await expect.poll(() => desktop.getByText('U bent degene over wie geklaagd is (de verweerder) in deze zaak.', { exact: false }).count()).toBe(1);
    expect(await desktop.getByTestId('stage-bar').getAttribute('data-stage')).toBe('defence');
    expect((await desktop.getByTestId('next-step').innerText()).trim()).toContain('U heeft tot en met dinsdag 30 maart 2027 om schriftelijk op de klacht te reageren.');
    await noSidewaysScroll(desktop, '/betrokkene at 1280 px');
    await visited(desktop, 'respondent-01-case');

    await desktop.getByRole('link', { name: 'Kennisgeving van een klacht en verzoek om verweer' }).click();
    await expect.poll(() => new URL(desktop.url()).pathname).toMatch(/^\/betrokkene\/brieven\/\d+$/);
    // The parties' letter frame: the subject as the heading, the PDF, the way back.
    await expect.poll(() => desktop.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Kennisgeving van een klacht en verzoek om verweer/);
    await visited(desktop, 'respondent-02-letter');
    expect(await desktop.getByRole('link', { name: 'Deze brief als PDF' }).getAttribute('href')).toMatch(/^\/betrokkene\/brieven\/\d+\/pdf$/);
    await desktop.getByRole('link', { name: 'Terug naar uw zaak' }).click();
    await expect.poll(() => new URL(desktop.url()).pathname).toBe('/betrokkene');

    // Nothing typed, no file: the form says what is missing.
    await desktop.getByRole('button', { name: 'Reactie versturen' }).click();
    await expect.poll(() => desktop.getByText('Typ uw reactie of voeg een bestand toe.').count()).toBeGreaterThan(0);
    await visited(desktop, 'respondent-03-statement-error');
    await desktop.getByLabel('Uw reactie').fill('Ik herken mij niet in deze klacht.');
    await desktop.getByRole('button', { name: 'Reactie versturen' }).click();
    await expect.poll(() => new URL(desktop.url()).pathname).toMatch(/^\/betrokkene\/ontvangstbewijs\//);
    await visited(desktop, 'respondent-04-receipt');
    await desktop.goto(`${server.url}/betrokkene`);
    expect(await desktop.getByTestId('statement-in').count()).toBe(1);

    // At phone width, on the same session: nothing scrolls sideways.
    await desktop.setViewportSize({ width: 390, height: 844 });
    await desktop.goto(`${server.url}/betrokkene`);
    await noSidewaysScroll(desktop, '/betrokkene at 390 px');
    await visited(desktop, 'respondent-05-phone');
    const letterHref = await desktop.getByRole('link', { name: 'Kennisgeving van een klacht en verzoek om verweer' }).getAttribute('href');
    await desktop.goto(`${server.url}${letterHref}`);
    await noSidewaysScroll(desktop, `${letterHref} at 390 px`);
    await visited(desktop, 'respondent-06-phone-letter');
  });

  it('gives their availability and asks a postponement of the hearing', async () => {
    for (const [name, email, role] of [
      ['mr. A. Voorzitter', 'voorzitter@lko.example.nl', 'chair'],
      ['drs. B. Lid', 'b.lid@lko.example.nl', 'member'],
      ['dr. C. Lid', 'c.lid@lko.example.nl', 'member'],
    ]) {
      await database.db('committee_members').insert({ name, email, role, conflicts: JSON.stringify([]) });
    }
    const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint({ respondents: [{ name: 'R. Smit', role: 'management' }] }));
    const states = (test: (s: Awaited<ReturnType<typeof procedureStates>>) => boolean) =>
      eventually(async () => ((s) => (test(s) ? s : undefined))(await procedureStates(env.client, filed.caseNumber)), 90_000, 200);
    await states((s) => s.complaint?.status === 'admissibility');
    await runCaseAction(env.client, filed.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
    const notice = await eventually<{ html: string }>(
      async () => database.db('letters').join('cases', 'cases.id', 'letters.case_id').where({ 'cases.case_number': filed.caseNumber, 'letters.kind': 'kennisgeving-klacht', 'letters.addressee_role': 'respondent' }).first('letters.html'),
      60_000,
      200,
    );
    const code = /\/betrokkene\/([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})/.exec(notice.html)?.[1];
    await states((s) => s.complaint?.allowedActions.includes('submitDefence') ?? false);
    await runCaseAction(env.client, filed.caseNumber, 'submitDefence', { text: 'Het verweer.' }, SCHOOL);
    await states((s) => s.complaint?.allowedActions.includes('decideReplyRound') ?? false);
    await runCaseAction(env.client, filed.caseNumber, 'decideReplyRound', { hold: false }, SECRETARY);
    await states((s) => s.hearing?.status === 'collecting-availability');

    const desktop = await newPage(1280, 900);
    await desktop.goto(`${server.url}/betrokkene/${code}`);
    await desktop.getByRole('region', { name: 'Wat u nu kunt doen' }).getByRole('link', { name: 'Beschikbaarheid voor de hoorzitting' }).click();
    await visited(desktop, 'respondent-07-availability');
    await desktop.getByLabel('Andere dagen').fill('22-03-2027');
    await desktop.getByRole('button', { name: 'Beschikbaarheid versturen' }).click();
    await expect.poll(() => desktop.getByRole('status').textContent()).toContain('Uw beschikbaarheid is doorgegeven.');
    expect((await states((s) => s.hearing?.availability['respondent:1'] !== undefined)).hearing!.availability['respondent:1']).toEqual(['2027-03-22']);

    await runCaseAction(env.client, filed.caseNumber, 'scheduleHearing', { date: '2027-03-22', startTime: '10:00', location: 'Utrecht' }, SECRETARY);
    await states((s) => s.hearing?.status === 'scheduled');
    await desktop.goto(`${server.url}/betrokkene`);
    await desktop.getByRole('region', { name: 'Wat u nu kunt doen' }).getByRole('link', { name: 'Uitstel van de hoorzitting vragen' }).click();
    await desktop.getByRole('button', { name: 'Uitstel vragen' }).click();
    await expect.poll(() => desktop.locator('#f-reason-error').textContent()).toContain('Geef de reden voor het uitstel.');
    await visited(desktop, 'respondent-08-postponement-error');
    await desktop.getByLabel('Reden voor uitstel').fill('Ik ben die dag bij een rechtszitting.');
    await desktop.getByRole('button', { name: 'Uitstel vragen' }).click();
    await expect.poll(() => desktop.getByRole('status').textContent()).toContain('De hoorzitting is uitgesteld.');
    await visited(desktop, 'respondent-09-postponed');
  });
});
