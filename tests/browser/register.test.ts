/**
 * The register's pages in real Chromium, checked with axe-core: the intake's school search (a GET
 * form, then a button per school), the console's flag for an unknown school and the page that links
 * it, and the boards' affiliation pages. Screenshots go to test-results/screenshots/register-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { importRegister, SEED_DIR } from '../../platform/register/store';
import { launchChromium, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { postJson, type TestServer } from '../helpers/http';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let stack: AppStack;
let server: TestServer;
let browser: Browser;
let page: Page;

const PASSWORD = 'een lang en geheim wachtwoord';

beforeAll(async () => {
  stack = await startAppStack('register-browser');
  ({ database, server } = stack);
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await importRegister(database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
  browser = await launchChromium();
  // No scripts on any page (CSP script-src 'none'); CSP is bypassed only so axe-core can run.
  page = await (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the register in the browser', () => {
  it('intake: search the school, choose it with a button', async () => {
    await page.goto(`${server.url}/klacht-indienen/stap/1`);
    await page.getByLabel('Uw naam').fill('Fatima el Amrani');
    await page.getByLabel('Uw e-mailadres').fill('fatima@voorbeeld.nl');
    await page.getByLabel('ouder of verzorger').check();
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await page.getByLabel('Zoek de school').fill('linde');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    expect(page.url()).toContain('/klacht-indienen/stap/2?zoek=linde');
    await visited(page, 'register-intake-search');
    await page.getByRole('button', { name: 'Kies OBS De Linde' }).click();
    expect(page.url()).toContain('/klacht-indienen/stap/3');
    await page.goto(`${server.url}/klacht-indienen/stap/2`);
    await expect.poll(() => page.getByText('Gekozen school: OBS De Linde, UTRECHT (BRIN 12AB).').count()).toBe(1);
    await visited(page, 'register-intake-chosen');
  });

  it('console: the unknown school flagged, linked from the search; boards and their affiliation', async () => {
    const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody({ school: { name: 'Montessorischool Zonnebloem', place: 'Zeist' } }));
    expect(filed.status).toBe(201);
    const caseNumber = filed.body.caseNumber as string;
    await page.goto(`${server.url}/inloggen`);
    await page.getByLabel('E-mailadres').fill('sanne@lko.example.nl');
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    await expect.poll(() => page.getByTestId('school-unmatched').count()).toBe(1);
    await visited(page, 'register-case-flag');
    await page.getByRole('link', { name: 'School koppelen' }).click();
    await page.getByLabel('Zoek de school').fill('wilg');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await visited(page, 'register-link-school');
    await page.getByRole('button', { name: 'Kies SBO De Wilg' }).click();
    await expect.poll(() => page.getByText('De zaak is gekoppeld aan SBO De Wilg (23CD).').count()).toBe(1);
    await expect.poll(() => page.getByTestId('school-not-affiliated').count()).toBe(1);

    await page.getByRole('link', { name: 'Besturen' }).click();
    await visited(page, 'register-boards');
    await page.getByRole('link', { name: 'Stichting De Linde Scholen' }).click();
    await page.getByLabel('Aangesloten sinds').fill('01-09-2026');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => page.getByText('De aansluiting is opgeslagen.').count()).toBe(1);
    await visited(page, 'register-board');
    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    await expect.poll(() => page.getByText('Aangesloten sinds 1 september 2026').count()).toBe(1);
  });
});
