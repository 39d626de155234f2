/**
 * The console as a work tool in real Chromium (real PostgreSQL, the real Temporal dev server): a
 * secretary lands on the console with the staff menu, searches, opens the work queue, sees one next
 * step on a case, the print post with its batch and a letter with a way back, and the mailbox; an
 * administrator lands on /beheer and reads the policy page at 1280 px. Then the main console pages
 * at phone width (390 px): none scrolls sideways. axe-core checks every page; screenshots go to
 * test-results/screenshots/console-work-*.png.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { caseState } from '../../api/services/caseActions';
import { createUser } from '../../api/portal/users';
import { amsterdamDate } from '../../domain/clock';
import type { CaseStateView } from '../../contracts/messages';
import { logInStaffInBrowser } from '../helpers/staffLogin';
import { launchChromium, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let browser: Browser;
const cases: string[] = [];
let letterId = '';

const PASSWORD = 'een lang en geheim wachtwoord';

beforeAll(async () => {
  stack = await startAppStack('console-work-browser');
  ({ database, env, server } = stack);
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await createUser(database.db, { email: 'bea@lko.example.nl', name: 'Bea Beheer', role: 'admin', password: PASSWORD });
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  for (const overrides of [{}, { complainant: { name: 'Pieter Bakker', email: 'pieter@example.nl', role: 'pupil' as const }, school: { brin: '34CD', name: 'Het Lyceum met een heel lange naam voor een smal scherm', sector: 'secondary' as const } }]) {
    const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue: stack.taskQueue, secret: TEST_SECRET }, sampleComplaint(overrides));
    await eventually(async () => ((await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined)?.status === 'admissibility' || undefined, 90_000);
    cases.push(filed.caseNumber);
  }
  const row = await database.db('cases').where({ case_number: cases[1] }).first('id');
  const letter: { id: string } = await eventually(async () => database.db('letters').where({ case_id: row.id }).orderBy('id').first('id'), 60_000);
  letterId = String(letter.id);
  // An addressee without e-mail: the letter is in today's print batch.
  await database.db('letter_outbox').insert({ letter_id: letterId, case_id: row.id, idempotency_key: `browser-print-${letterId}`, channel: 'print', status: 'print', print_date: amsterdamDate(new Date()) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width: number, height: number): Promise<Page> {
  // No scripts on any page (CSP script-src 'none'); CSP is bypassed only so axe-core can run.
  const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL', viewport: { width, height } });
  return context.newPage();
}

/** Whether the page scrolls sideways: the document wider than the window. */
async function overflows(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate<{ scrollWidth: number; clientWidth: number }>('({ scrollWidth: document.scrollingElement.scrollWidth, clientWidth: document.scrollingElement.clientWidth })');
}

async function open(page: Page, path: string, name: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
  await visited(page, `console-work-${name}`);
}

describe('the console as a work tool', () => {
  it('lands the secretary on the console with the staff menu; search, queue, next step, print post, letter and mailbox', async () => {
    const page = await newPage(1280, 900);
    await logInStaffInBrowser(page, server.url, 'sanne@lko.example.nl', PASSWORD);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/medewerkers');
    const menu = page.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(['Overzicht', 'Werkvoorraad', 'Zaken']);
    expect(await page.getByTestId('count-waiting').textContent()).toBe('2');
    await visited(page, 'console-work-dashboard');

    await page.getByRole('link', { name: /2 zaken wachten op het secretariaat/ }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/medewerkers/werkvoorraad');
    expect(await page.getByTestId('queue-count').textContent()).toBe('2 zaken wachten op het secretariaat.');
    await visited(page, 'console-work-queue');

    await open(page, '/medewerkers/zaken', 'cases');
    await page.getByLabel('Zoeken').fill('bakker lyceum');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('q=bakker+lyceum');
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr td').nth(2).textContent()).toBe('Pieter Bakker');
    await visited(page, 'console-work-search');

    await page.getByRole('link', { name: cases[1] }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe(`/medewerkers/zaken/${cases[1]}`);
    // The stage bar the parties see, on the console too.
    expect(await page.getByTestId('stage-bar').getAttribute('data-stage')).toBe('admissibility');
    expect(await page.locator('[data-testid="stage-bar"] li[aria-current="step"]').textContent()).toContain('Ontvankelijkheid');
    // The decision is the chair's: the secretary sees whose step it is, and has no button for it.
    expect(await page.getByTestId('next-step-others').textContent()).toContain('Volgende stap, door de voorzitter: Besluiten over de ontvankelijkheid');
    expect(await page.getByTestId('primary-action').count()).toBe(0);
    expect(await page.locator('a[href$="/acties/decideAdmissibility"]').count()).toBe(0);
    expect(await page.locator('a[href$="/acties/resumeTerm"]').count()).toBe(0);
    expect(await page.getByTestId('admissibility').textContent()).toContain('leerling of student');
    await visited(page, 'console-work-case');

    await open(page, '/medewerkers/post', 'post');
    expect(await page.locator(`tr[data-letter="${letterId}"]`).count()).toBe(1);
    await page.locator(`tr[data-letter="${letterId}"] a`).nth(1).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe(`/medewerkers/zaken/${cases[1]}/brieven/${letterId}`);
    await page.getByRole('link', { name: `Terug naar zaak ${cases[1]}` }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe(`/medewerkers/zaken/${cases[1]}`);

    await open(page, '/medewerkers/postvak', 'mailbox');
  });

  it('lands an administrator on /beheer, with a link to it in the menu; the policy page fits 1280 px', async () => {
    const page = await newPage(1280, 900);
    await logInStaffInBrowser(page, server.url, 'bea@lko.example.nl', PASSWORD);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/beheer');
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual(['Overzicht', 'Beheer']);
    await open(page, '/beheer/beleid', 'admin-policies-1280');
    const { scrollWidth, clientWidth } = await overflows(page);
    expect(scrollWidth, 'policy page at 1280 px').toBeLessThanOrEqual(clientWidth);
  });

  it('shows the main console pages at phone width (390 px) without sideways scrolling', async () => {
    const page = await newPage(390, 844);
    await logInStaffInBrowser(page, server.url, 'sanne@lko.example.nl', PASSWORD);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/medewerkers');
    const pages: Array<[string, string]> = [
      ['/medewerkers', 'phone-dashboard'],
      ['/medewerkers/zaken', 'phone-cases'],
      ['/medewerkers/werkvoorraad', 'phone-queue'],
      [`/medewerkers/zaken/${cases[1]}`, 'phone-case'],
      ['/medewerkers/post', 'phone-post'],
      ['/medewerkers/postvak', 'phone-mailbox'],
    ];
    for (const [path, name] of pages) {
      await open(page, path, name);
      const { scrollWidth, clientWidth } = await overflows(page);
      expect(scrollWidth, `${path} at 390 px`).toBeLessThanOrEqual(clientWidth);
    }
  });
});
