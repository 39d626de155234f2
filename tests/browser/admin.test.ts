/**
 * The administrators' pages in real Chromium (no scripts; forms as without JavaScript): an admin
 * logs in, adds a staff user after a round of field errors, disables them, adds a committee member
 * with ties, and reads the policy versions and the audit trail. axe-core checks every page.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { createUser } from '../../api/portal/users';
import { createApiToken } from '../../api/services/staffTokens';
import { logInStaffInBrowser } from '../helpers/staffLogin';
import { launchChromium, visited } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { listen, type TestServer } from '../helpers/http';
import { devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';

vi.setConfig({ testTimeout: 180_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
  server = await listen(createApp({ db: database.db, temporal: env.client, taskQueue: uniqueTaskQueue('admin-browser'), secret: TEST_SECRET }));
  await createUser(database.db, { email: 'beheer@lkc.example.nl', name: 'Bea Beheer', role: 'admin', password: 'beheerder wachtwoord 1' });
  browser = await launchChromium();
  context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.teardown();
  await database?.drop();
});

const settled = (path: string) => expect.poll(() => page.url(), { timeout: 30_000 }).toContain(path);

describe('administrator in the browser', () => {
  it('manages staff users and committee members, and reads policies and the audit trail', async () => {
    // An admin enrols a second factor at the first login (the code computed from the key shown).
    // The enrolment and recovery-code pages pass the same accessibility checks as every page.
    await logInStaffInBrowser(page, server.url, 'beheer@lkc.example.nl', 'beheerder wachtwoord 1', (name) => visited(page, name));
    // An administrator lands on the administration pages, not on the case console.
    await settled('/beheer');

    await page.goto(`${server.url}/beheer`);
    await visited(page, 'admin-01-home');
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Medewerkers' }).click();
    await settled('/beheer/gebruikers');
    await visited(page, 'admin-02-users');

    await page.getByRole('link', { name: 'Nieuwe medewerker toevoegen' }).click();
    await settled('/beheer/gebruikers/nieuw');
    await visited(page, 'admin-03-user-new');
    await page.getByLabel('Naam').fill('Sanne Secretaris');
    await page.getByLabel('E-mailadres').fill('sanne@voorbeeld');
    await page.getByLabel('Eerste wachtwoord').fill('kort');
    await page.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await summary.textContent()).toContain('Vul een geldig e-mailadres in');
    expect(await summary.textContent()).toContain('minstens 12 tekens');
    expect(await page.title()).toMatch(/^Fout:/);
    await visited(page, 'admin-04-user-new-errors');
    // The summary's links reach their fields.
    await summary.getByRole('link', { name: /e-mailadres/ }).click();
    expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.id')).toBe('f-email');

    await page.getByLabel('E-mailadres').fill('sanne@lkc.example.nl');
    await page.getByLabel('Eerste wachtwoord').fill('een goed lang wachtwoord');
    await page.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await settled('gedaan=userCreated');
    expect(await page.getByRole('status').textContent()).toContain('De medewerker is toegevoegd.');
    await visited(page, 'admin-05-user');
    await page.getByLabel('beheerder').check();
    await page.getByRole('button', { name: 'Rol opslaan' }).click();
    await settled('gedaan=roleChanged');
    await page.getByRole('button', { name: 'Account uitschakelen' }).click();
    await settled('gedaan=disabled');
    expect(await page.getByTestId('status').textContent()).toContain('uitgeschakeld');
    await visited(page, 'admin-06-user-disabled');

    await page.goto(`${server.url}/beheer/commissieleden/nieuw`);
    await visited(page, 'admin-07-member-new');
    await page.getByLabel('Naam').fill('mr. J. de Vries');
    await page.getByLabel('E-mailadres').fill('j.devries@panel.example.nl');
    await page.getByLabel('voorzitter').check();
    await page.getByLabel('Banden met scholen of schoolbesturen').fill('12AB\nStichting De Linde');
    await page.getByRole('button', { name: 'Commissielid toevoegen' }).click();
    await settled('gedaan=memberCreated');
    await visited(page, 'admin-08-member');
    await page.goto(`${server.url}/beheer/commissieleden`);
    expect(await page.locator('main').textContent()).toContain('12AB, Stichting De Linde');
    await visited(page, 'admin-09-members');

    await page.goto(`${server.url}/beheer/beleid`);
    expect(await page.getByRole('heading', { level: 2, name: /Versie 2026\.1/ }).isVisible()).toBe(true);
    await visited(page, 'admin-10-policies');
    await page.goto(`${server.url}/beheer/wijzigingen?lang=en`);
    expect(await page.locator('main').textContent()).toContain('account disabled');
    await visited(page, 'admin-11-audit-en');
  });

  it('lists the API tokens and revokes one after a ticked confirmation', async () => {
    const owner = await createUser(database.db, { email: 'sleutel.eigenaar@lkc.example.nl', name: 'Sanne Sleutel', role: 'secretary', password: 'secretaris wachtwoord 1' });
    await createApiToken(database.db, { staffUserId: owner.id, name: 'Sanne export' });
    await createApiToken(database.db, { school: { subject: 'bestuur-12AB', brin: '12AB' }, name: 'Stichting De Linde' });
    await page.goto(`${server.url}/beheer?lang=nl`);
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'API-sleutels' }).click();
    await settled('/beheer/api-sleutels');
    expect(await page.locator('main').textContent()).toContain('bestuur-12AB (12AB)');
    await visited(page, 'admin-12-tokens');
    await page.getByRole('link', { name: 'Intrekken: Sanne export' }).click();
    await settled('/intrekken');
    await visited(page, 'admin-13-token-revoke');
    await page.getByRole('button', { name: 'Sleutel intrekken' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    await visited(page, 'admin-14-token-revoke-error');
    await page.getByLabel('Ik begrijp dat deze sleutel direct en blijvend ophoudt te werken.').check();
    await page.getByRole('button', { name: 'Sleutel intrekken' }).click();
    await settled('gedaan=tokenRevoked');
    expect(await page.locator('main').textContent()).toContain('ingetrokken');
    await visited(page, 'admin-15-tokens-revoked');
  });
});
