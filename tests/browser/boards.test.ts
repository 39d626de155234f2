/**
 * Board accounts in real Chromium, every page checked with axe-core: the secretary invites the
 * board's first contact from the console, the contact chooses a password, enrols the second factor,
 * sees the board's cases and one case, and manages the board's contacts; then logs in again with
 * password and code. Screenshots go to test-results/screenshots/boards-*.png.
 */
import path from 'node:path';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueLoginLink } from '../../api/portal/boardLoginLinks';
import { createUser } from '../../api/portal/users';
import { importRegister, SEED_DIR } from '../../platform/register/store';
import { launchChromium, stackedTable, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { postJson, type TestServer } from '../helpers/http';
import { logInStaffInBrowser } from '../helpers/staffLogin';

vi.setConfig({ testTimeout: 300_000 });

let database: TestDatabase;
let stack: AppStack;
let server: TestServer;
let browser: Browser;

const PASSWORD = 'een lang en geheim wachtwoord';
const BOARD_PASSWORD = 'linde bestuur wachtwoord 2026';
let caseNumber = '';

const newPage = async (): Promise<Page> => (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();

beforeAll(async () => {
  stack = await startAppStack('boards-browser');
  ({ database, server } = stack);
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await importRegister(database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
  const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody({ school: { brin: '23CD', name: 'De Wilg' } }));
  expect(filed.status).toBe(201);
  caseNumber = filed.body.caseNumber;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('board accounts in the browser', () => {
  it('invited from the console, the contact sets up the account and works in it; logs in again with a code', async () => {
    const staff = await newPage();
    await logInStaffInBrowser(staff, server.url, 'sanne@lko.example.nl', PASSWORD);
    await staff.goto(`${server.url}/medewerkers/besturen/41001`);
    await staff.getByRole('link', { name: 'Contactpersonen en accounts van dit bestuur' }).click();
    await visited(staff, 'boards-console-contacts');
    await staff.getByRole('button', { name: 'Uitnodigen' }).click();
    await expect.poll(() => staff.getByText('Vul de naam in.').count()).toBeGreaterThan(0);
    await visited(staff, 'boards-console-contacts-errors');
    await staff.getByLabel('Naam').fill('Bea Bestuurder');
    await staff.getByLabel('E-mailadres').fill('bea@delinde.example.nl');
    await staff.getByLabel('Bestuur: ziet en behandelt alle zaken').check();
    await staff.getByLabel('Ja', { exact: true }).check();
    await staff.getByRole('button', { name: 'Uitnodigen' }).click();
    const url = (await staff.getByTestId('invite-link').textContent())!.trim();
    await visited(staff, 'boards-invited');

    const bea = await newPage();
    await bea.goto(url);
    await visited(bea, 'boards-invitation');
    await bea.getByLabel('Nieuw wachtwoord').fill(BOARD_PASSWORD);
    await bea.getByLabel('Herhaal het nieuwe wachtwoord').fill(BOARD_PASSWORD);
    await bea.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await bea.getByTestId('totp-secret').waitFor();
    await visited(bea, 'boards-enrol');
    const secret = (await bea.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    const step = Math.floor(Date.now() / 30_000);
    await bea.getByLabel('Code uit de app').fill(await generate({ secret, epoch: step * 30 }));
    await bea.getByRole('button', { name: 'Tweestapsverificatie inschakelen' }).click();
    await bea.getByTestId('recovery-codes').waitFor();
    await bea.getByRole('link', { name: 'Ik heb de codes bewaard, ga verder' }).click();
    await expect.poll(() => bea.getByRole('heading', { name: 'Zaken van Stichting De Linde Scholen' }).count()).toBe(1);
    await visited(bea, 'boards-cases');
    // The board's own menu, not the public one (issue 14).
    expect(await bea.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents()).toEqual(['Zaken van uw scholen', 'Contactpersonen']);
    // On a phone the cases table stacks into cards, its headers still there for screen readers.
    await bea.setViewportSize({ width: 390, height: 844 });
    expect(await stackedTable(bea)).toMatchObject({ sideways: false, headerHeight: 1, stacked: true });
    expect((await stackedTable(bea)).labelGap).toBeGreaterThan(12);
    expect(await bea.getByRole('columnheader', { name: 'School' }).count()).toBe(1);
    expect(await bea.getByRole('cell', { name: caseNumber }).count()).toBe(1);
    await visited(bea, 'boards-cases-phone');
    await bea.setViewportSize({ width: 1280, height: 720 });
    await bea.getByRole('link', { name: caseNumber }).click();
    await expect.poll(() => bea.getByTestId('complaint-text').count()).toBe(1);
    await visited(bea, 'boards-case');
    await bea.getByRole('link', { name: 'Terug naar alle zaken' }).click();
    await bea.getByRole('link', { name: 'Contactpersonen' }).click();
    await visited(bea, 'boards-contacts');
    await bea.getByLabel('Naam').fill('Dirk Directeur');
    await bea.getByLabel('E-mailadres').fill('dirk@delinde.example.nl');
    await bea.getByLabel('Schooldirecteur: leest de zaken van de eigen school').check();
    await bea.getByLabel('SBO De Wilg (23CD)').check();
    await bea.getByRole('button', { name: 'Uitnodigen' }).click();
    await expect.poll(() => bea.getByTestId('invite-link').count()).toBe(1);
    await bea.getByRole('link', { name: 'Terug naar de contactpersonen' }).click();
    await expect.poll(() => bea.getByText('dirk@delinde.example.nl').count()).toBe(1);
    await visited(bea, 'boards-contacts-invited');

    // Logging in again: password, then the next code.
    await bea.getByRole('button', { name: 'Uitloggen' }).click();
    await bea.goto(`${server.url}/bestuur/inloggen`);
    await visited(bea, 'boards-login');
    await bea.getByLabel('E-mailadres').fill('bea@delinde.example.nl');
    await bea.getByLabel('Wachtwoord').fill(BOARD_PASSWORD);
    await bea.getByRole('button', { name: 'Inloggen' }).click();
    await bea.getByLabel('Code', { exact: true }).waitFor();
    await visited(bea, 'boards-code');
    await bea.getByLabel('Code', { exact: true }).fill(await generate({ secret, epoch: (step + 1) * 30 }));
    await bea.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => bea.getByRole('heading', { name: 'Zaken van Stichting De Linde Scholen' }).count()).toBe(1);

    // Or with a link by e-mail: asked for on the login page, opened, confirmed with its button.
    await bea.getByRole('button', { name: 'Uitloggen' }).click();
    await bea.goto(`${server.url}/bestuur/inloggen`);
    await bea.getByRole('link', { name: 'Liever geen wachtwoord? Vraag een inloglink per e-mail aan.' }).click();
    await expect.poll(() => new URL(bea.url()).pathname).toBe('/bestuur/inloggen/link');
    await visited(bea, 'boards-login-link');
    await bea.getByLabel('E-mailadres').fill('bea@delinde.example.nl');
    await bea.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
    await bea.getByTestId('login-link-sent').waitFor();
    await visited(bea, 'boards-login-link-sent');
    // The mail's link (its delivery over SMTP is tests/integration/boardLoginLink.test.ts's).
    const issued = await issueLoginLink(database.db, 'bea@delinde.example.nl', '127.0.0.1');
    await bea.goto(`${server.url}/bestuur/inloggen/link/${issued!.token}`);
    await visited(bea, 'boards-login-link-confirm');
    await bea.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => bea.getByRole('heading', { name: 'Zaken van Stichting De Linde Scholen' }).count()).toBe(1);
  });
});
