/**
 * A new policy version in real Chromium (no scripts; forms as without JavaScript), issue 13: one
 * administrator prepares it after a round of field errors, cannot approve it herself, a second
 * administrator approves it. axe-core checks every page. The app's clock is fixed at 15 January
 * 2027, so the start date below is in its future.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { createUser } from '../../api/portal/users';
import { logInStaffInBrowser } from '../helpers/staffLogin';
import { launchChromium, visited } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { listen, type TestServer } from '../helpers/http';
import { devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
  server = await listen(createApp({ db: database.db, temporal: env.client, taskQueue: uniqueTaskQueue('policy-browser'), secret: TEST_SECRET, now: () => new Date('2027-01-15T09:00:00Z') }));
  await createUser(database.db, { email: 'anja@lkc.example.nl', name: 'Anja Beheer', role: 'admin', password: 'beheerder wachtwoord A1' });
  await createUser(database.db, { email: 'bert@lkc.example.nl', name: 'Bert Beheer', role: 'admin', password: 'beheerder wachtwoord B2' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await env?.teardown();
  await database?.drop();
});

async function adminPage(email: string, password: string, prefix: string): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
  const page = await context.newPage();
  await logInStaffInBrowser(page, server.url, email, password, (name) => visited(page, `${prefix}-${name}`));
  await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/beheer');
  return page;
}

describe('policy versions in the browser', () => {
  it('prepares a version with field errors first, refuses the creator’s approval, takes a second administrator’s', async () => {
    const anja = await adminPage('anja@lkc.example.nl', 'beheerder wachtwoord A1', 'policy-a');
    await anja.goto(`${server.url}/beheer/beleid`);
    await visited(anja, 'policy-01-list');
    await anja.getByRole('link', { name: 'Nieuwe versie voorbereiden' }).click();
    await expect.poll(() => anja.url(), { timeout: 30_000 }).toContain('/beheer/beleid/nieuw');
    await visited(anja, 'policy-02-new');

    await anja.getByLabel('Ingangsdatum', { exact: true }).fill('1-1-2027');
    await anja.locator('#f-terms-defence-amount').fill('zes');
    await anja.getByRole('button', { name: 'Opslaan als concept' }).click();
    const summary = anja.locator('.error-summary');
    await expect.poll(() => summary.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await summary.textContent()).toContain('Vul een heel getal in');
    expect(await anja.title()).toMatch(/^Fout:/);
    await visited(anja, 'policy-03-errors');
    await summary.getByRole('link', { name: /heel getal/ }).click();
    expect(await anja.evaluate<string | null>('document.activeElement && document.activeElement.id')).toBe('f-terms-defence-amount');

    await anja.locator('#f-terms-defence-amount').fill('6');
    await anja.getByRole('button', { name: 'Opslaan als concept' }).click();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toContain('De ingangsdatum ligt in het verleden');
    await anja.getByLabel('Ingangsdatum', { exact: true }).fill('1-3-2027');
    await anja.getByRole('button', { name: 'Opslaan als concept' }).click();
    await expect.poll(() => anja.url(), { timeout: 30_000 }).toContain('/beheer/beleid/2027.1?gedaan=policyDrafted');
    expect(await anja.getByRole('status').textContent()).toContain('Het concept is opgeslagen.');
    expect(await anja.getByTestId('policy-diff').textContent()).toContain('verweertermijn: amount');
    expect(await anja.getByRole('button', { name: 'Versie goedkeuren' }).count()).toBe(0);
    await visited(anja, 'policy-04-draft');

    const bert = await adminPage('bert@lkc.example.nl', 'beheerder wachtwoord B2', 'policy-b');
    await bert.goto(`${server.url}/beheer/beleid/2027.1`);
    await visited(bert, 'policy-05-draft-other-admin');
    await bert.getByRole('button', { name: 'Versie goedkeuren' }).click();
    await expect.poll(() => bert.url(), { timeout: 30_000 }).toContain('gedaan=policyApproved');
    expect(await bert.getByTestId('policy-status').textContent()).toBe('Status: goedgekeurd.');
    await visited(bert, 'policy-06-approved');
    expect((await database.db('policy_versions').where({ version: '2027.1' }).first()).approved_by_name).toBe('Bert Beheer');
  });
});
