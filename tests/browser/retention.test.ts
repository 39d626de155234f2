/**
 * The retention page (issue 17) in real Chromium: a secretary opens Bewaartermijnen from the
 * console menu, reads the retention periods and the dry run, is told at the field that a legal
 * hold needs a reason, sets one and lifts it again (no JavaScript on the page). axe-core checks
 * every page; screenshots go to test-results/screenshots/retention-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { launchChromium, visited } from '../helpers/browser';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { insertRetentionCase } from '../helpers/retentionSeed';

vi.setConfig({ testTimeout: 120_000 });

let stack: AppStack;
let browser: Browser;
let page: Page;
const PASSWORD = 'een lang en geheim wachtwoord';

/** Two cases closed long ago (past their periods) and one still open. */
const CASES = [
  ['1999-900301', 'withdrawn', '2019-05-01'],
  ['1999-900302', 'settled', '2019-03-01'],
  ['1999-900303', 'deliberation', null],
] as const;

async function seed(): Promise<void> {
  const db = stack.database.db;
  for (const [caseNumber, status, closedOn] of CASES) {
    const id = await insertRetentionCase(db, { caseNumber, status, workflowId: `retention-browser-${caseNumber}` });
    if (closedOn) await db('case_events').insert({ case_id: id, type: 'case.closed', actor: 'system', data: JSON.stringify({ outcome: status }), occurred_at: `${closedOn}T10:00:00Z` });
  }
}

beforeAll(async () => {
  stack = await startAppStack('retention-browser');
  await createUser(stack.database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await seed();
  browser = await launchChromium();
  // No scripts on the page (CSP script-src 'none'); CSP is bypassed only so axe-core can run.
  page = await (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const dueCases = () => page.getByTestId('retention-due').locator('tbody tr td:first-child').allTextContents();
const heldCases = () => page.getByTestId('retention-held').locator('tbody tr td:first-child').allTextContents();

describe('retention in the console', () => {
  it('shows the periods and the dry run', async () => {
    await page.goto(`${stack.server.url}/inloggen`);
    await page.getByLabel('E-mailadres').fill('sanne@lko.example.nl');
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('link', { name: 'Bewaartermijnen' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bewaartermijnen');
    await expect.poll(dueCases).toEqual(['1999-900302', '1999-900301']);
    await expect.poll(() => page.getByTestId('retention-held').count()).toBe(0);
    await visited(page, 'retention-page');
  });

  it('asks for the reason at its field, then sets and lifts a legal hold', async () => {
    await page.getByLabel('Zaaknummer').fill('1999-900302');
    await page.getByRole('button', { name: 'Bewaarplicht instellen' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Vul de reden van de bewaarplicht in.' }).count()).toBe(1);
    await expect.poll(() => page.getByLabel('Reden (bijvoorbeeld een lopende procedure)').getAttribute('aria-invalid')).toBe('true');
    await visited(page, 'retention-error');

    await page.getByLabel('Reden (bijvoorbeeld een lopende procedure)').fill('Procedure bij de rechter loopt.');
    await page.getByRole('button', { name: 'Bewaarplicht instellen' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('De bewaarplicht is ingesteld.');
    await expect.poll(dueCases).toEqual(['1999-900301']);
    await expect.poll(heldCases).toEqual(['1999-900302']);
    await visited(page, 'retention-held');

    await page.getByRole('button', { name: 'Bewaarplicht opheffen 1999-900302' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('De bewaarplicht is opgeheven.');
    await expect.poll(dueCases).toEqual(['1999-900302', '1999-900301']);
    await visited(page, 'retention-lifted');
  });
});
