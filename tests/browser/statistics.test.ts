/**
 * The statistics and annual-report pages in real Chromium on the seeded set of cases
 * (tests/helpers/statisticsSeed.ts): a secretary logs in, chooses a quarter and a filter in the
 * form (no JavaScript on the page), sees the charts as images with their names, and opens the
 * annual report's page. axe-core checks every page; screenshots go to
 * test-results/screenshots/statistics-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { launchChromium, visited } from '../helpers/browser';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { seedStatistics } from '../helpers/statisticsSeed';

vi.setConfig({ testTimeout: 120_000 });

let stack: AppStack;
let browser: Browser;
let page: Page;
const PASSWORD = 'een lang en geheim wachtwoord';

beforeAll(async () => {
  stack = await startAppStack('statistics-browser');
  await createUser(stack.database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await seedStatistics(stack.database.db);
  browser = await launchChromium();
  // No scripts on any page (CSP script-src 'none'); CSP is bypassed only so axe-core can run.
  page = await (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('statistics in the console', () => {
  it('shows a quarter with a filter, charts named for assistive technology', async () => {
    await page.goto(`${stack.server.url}/inloggen`);
    await page.getByLabel('E-mailadres').fill('sanne@lko.example.nl');
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('link', { name: 'Statistieken' }).click();
    await page.getByLabel('Periode', { exact: true }).selectOption('quarter');
    await page.getByLabel('Jaar', { exact: true }).selectOption('2026');
    await page.getByLabel('Kwartaal (bij periode kwartaal)').selectOption('1');
    await page.getByLabel('Regio').selectOption('noord');
    await page.getByRole('button', { name: 'Toon cijfers' }).click();
    await expect.poll(() => page.getByTestId('summary-received').textContent()).toBe('Totaal: 3');
    await expect.poll(() => page.getByRole('img', { name: /^Klachten naar onderwerp/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('table', { name: 'Klachten naar onderwerp: de cijfers van de grafiek' }).getByRole('row', { name: 'pesten 3' }).count()).toBe(1);
    await visited(page, 'statistics-quarter');
  });

  it('shows field errors at their fields', async () => {
    await page.goto(`${stack.server.url}/medewerkers/statistieken?period=custom&from=2026-05-01&to=2026-01-01`);
    await expect.poll(() => page.getByRole('link', { name: 'De einddatum ligt voor de begindatum.' }).count()).toBe(1);
    await visited(page, 'statistics-errors');
  });

  it('opens the annual report page with its texts and the PDF button', async () => {
    await page.getByRole('link', { name: 'Jaarverslag' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Jaarverslag 2026');
    await page.getByLabel('Inleiding').fill('Het eerste jaar van de commissie.');
    await page.getByRole('button', { name: 'Toelichtingen opslaan' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('De toelichtingen zijn opgeslagen.');
    await expect.poll(() => page.getByRole('button', { name: 'Jaarverslag 2026 als PDF maken' }).count()).toBe(1);
    await visited(page, 'statistics-annual-report');
  });
});
