/**
 * The portal in real Chromium, without mocks: the app in-process on real PostgreSQL, a worker on
 * the real Temporal dev server. A complainant files a complaint through the form (with a round of
 * field errors), sees the acknowledgement, logs in and sees the state; the school opens its link and
 * uploads its defence. axe-core checks every page; screenshots go to test-results/screenshots/.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseState, runCaseAction } from '../../api/services/caseActions';
import { staffToken } from '../helpers/tokens';
import type { CaseStateView } from '../../contracts/messages';
import { launchChromium, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { eventually, postJson, type TestServer } from '../helpers/http';
import { CHAIR } from '../helpers/procedure';
import { samplePdf } from '../helpers/webClient';

// Workflows wait on activities that share two cores with other suites (and Chromium): allow time.
vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startAppStack('browser');
  ({ database, env, server } = stack);
  browser = await launchChromium();
  // The pages have no scripts at all (their CSP says script-src 'none', checked below under the real
  // CSP), so every form here works as it would without JavaScript. CSP is bypassed in this context
  // only so that axe-core can be injected.
  context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The case filed through the form, shared by the tests below (they run in order). */
const filed = { caseNumber: '', accessCode: '' };

describe('complainant in the browser', () => {
  it('files a complaint through the form, with a round of field errors, and sees the acknowledgement', async () => {
    await page.goto(`${server.url}/`);
    await visited(page, '01-home');
    // The first Tab reaches the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.textContent')).toBe('Naar de inhoud');

    await page.getByRole('link', { name: 'Start met uw klacht' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/klacht-indienen/stap/1');
    await visited(page, '02-intake-step1');

    await page.getByLabel('Uw naam').fill('Fatima el Amrani');
    await page.getByLabel('Uw e-mailadres').fill('fatima@voorbeeld');
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await summary.textContent()).toContain('Vul een geldig e-mailadres in');
    expect(await summary.textContent()).toContain('Kies wie u bent.');
    // Nothing lost, and the error is tied to its field for screen readers.
    expect(await page.getByLabel('Uw naam').inputValue()).toBe('Fatima el Amrani');
    const email = page.getByLabel('Uw e-mailadres');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy[describedBy.length - 1]}`).textContent()).toContain('Vul een geldig e-mailadres in');
    await visited(page, '03-intake-step1-errors');
    // The summary's link takes the keyboard to the field.
    await summary.getByRole('link', { name: /e-mailadres/ }).click();
    expect(await page.evaluate<string | null>('document.activeElement && document.activeElement.id')).toBe('f-complainant-email');

    await email.fill('fatima@voorbeeld.nl');
    await page.getByLabel('ouder of verzorger').check();
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/stap/2');
    await visited(page, '04-intake-step2');
    await page.getByLabel('Naam van de school').fill('OBS De Linde');
    await page.getByLabel('BRIN-code van de school').fill('12AB');
    await page.getByLabel('basisonderwijs').check();
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/stap/3');
    await visited(page, '05-intake-step3');
    await page.getByLabel('Pesten').check();
    await page.getByLabel('Beschrijf wat er is gebeurd').fill('Mijn zoon wordt sinds de zomer elke pauze uitgescholden en geduwd.');
    await page.getByLabel('Wanneer gebeurde het?').fill('02-10-2026');
    await page.getByRole('group', { name: 'Heeft u de klacht eerst met de school besproken?' }).getByLabel('Ja').check();
    await page.getByLabel('Nederlands').check();
    await page.getByRole('button', { name: 'Volgende stap' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/klacht-indienen/controleren');
    await visited(page, '06-intake-summary');
    expect(await page.locator('.summary').textContent()).toContain('Fatima el Amrani');

    await page.getByRole('button', { name: 'Klacht versturen' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/klacht-indienen/ontvangen');
    await visited(page, '07-intake-acknowledgement');
    filed.caseNumber = (await page.getByTestId('case-number').textContent())!;
    filed.accessCode = (await page.getByTestId('access-code').textContent())!;
    expect(filed.caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(filed.accessCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it('logs in with case number and access code and sees the state in plain language', async () => {
    await eventually(async () => {
      const s = (await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined;
      return s?.status === 'admissibility' ? s : undefined;
    }, 90_000);
    await page.goto(`${server.url}/zaak`);
    await visited(page, '08-track-login');
    await page.getByLabel('Zaaknummer').fill(filed.caseNumber);
    await page.getByLabel('Toegangscode').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Bekijk mijn zaak' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByLabel('Zaaknummer').inputValue()).toBe(filed.caseNumber);
    await visited(page, '09-track-login-error');
    await page.getByLabel('Toegangscode').fill(filed.accessCode);
    await page.getByRole('button', { name: 'Bekijk mijn zaak' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/zaak/overzicht');
    expect(await page.getByTestId('status').textContent()).toBe('Ontvankelijkheid wordt beoordeeld');
    expect(await page.locator('main').textContent()).toContain('Uiterlijk');
    await visited(page, '10-track-case');

    await page.goto(`${server.url}/zaak/overzicht?lang=en`);
    expect(await page.getByTestId('status').textContent()).toBe('Admissibility under review');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await visited(page, '11-track-case-en');
    await page.goto(`${server.url}/zaak/overzicht?lang=nl`);
  });

  it('renders under the real CSP: the stylesheet applies and nothing is blocked', async () => {
    const strict = await browser.newContext();
    const p = await strict.newPage();
    const violations: string[] = [];
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await p.goto(`${server.url}/klacht-indienen/stap/1`);
    const header = await p.locator('.site-header').evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);
    expect(header).toBe('rgb(21, 66, 115)');
    expect(violations).toEqual([]);
    await strict.close();
  });
});

describe('school board in the browser', () => {
  it('opens its link, reads the complaint and uploads the defence with a receipt', async () => {
    await runCaseAction(env.client, filed.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
    await eventually(async () => {
      const s = (await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined;
      return s?.allowedActions.includes('submitDefence') ? s : undefined;
    }, 90_000);
    const token = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
    const link = await postJson(`${server.url}/api/cases/${filed.caseNumber}/school-links`, {}, { Authorization: `Bearer ${token}` });
    expect(link.status).toBe(201);

    const schoolContext = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
    const s = await schoolContext.newPage();
    await s.goto(link.body.url);
    await expect.poll(() => s.url(), { timeout: 30_000 }).toBe(`${server.url}/school`);
    expect(await s.getByTestId('complaint-text').textContent()).toContain('elke pauze uitgescholden');
    expect(await s.locator('main').textContent()).not.toContain('fatima@voorbeeld.nl');
    await visited(s, '12-school-case');

    // First without the defence file: the error is shown at the field, the typed text kept.
    await s.getByLabel('Toelichting').fill('Wij betreuren de gang van zaken.');
    await s.getByRole('button', { name: 'Verweerschrift versturen' }).click();
    await expect.poll(() => s.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await s.getByLabel('Toelichting').inputValue()).toBe('Wij betreuren de gang van zaken.');
    await visited(s, '13-school-defence-error');

    await s.getByLabel('Verweerschrift', { exact: true }).setInputFiles({ name: 'verweerschrift.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await s.getByRole('button', { name: 'Verweerschrift versturen' }).click();
    await expect.poll(() => s.url(), { timeout: 30_000 }).toContain('/school/ontvangstbewijs/');
    expect(await s.getByTestId('receipt-reference').textContent()).toMatch(/^OB-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await s.locator('table').textContent()).toContain('verweerschrift.pdf');
    await visited(s, '14-school-receipt');

    await s.getByRole('link', { name: 'Terug naar de zaak' }).click();
    // The defence is in: said with its date (issue 14), no longer "no defence is requested".
    expect(await s.getByTestId('defence-received').textContent()).toMatch(/^Uw verweerschrift is ontvangen op \w+dag \d{1,2} [a-z]+ 20\d\d\.$/);
    expect(await s.locator('main').textContent()).not.toContain('Er wordt op dit moment geen verweerschrift gevraagd.');
    expect(await s.locator('main').textContent()).toContain('verweerschrift.pdf');
    await visited(s, '15-school-after-defence');
    await schoolContext.close();

    const events = await eventually(async () => {
      const rows = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', filed.caseNumber).where('case_events.type', 'defence.received').select('case_events.data');
      return rows.length ? rows : undefined;
    }, 90_000);
    expect(events[0].data.documentIds).toHaveLength(1);
  });
});
