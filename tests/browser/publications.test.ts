/**
 * Publication of advice in real Chromium: a secretary prepares the publication of a sent advice
 * (tests/helpers/publicationSeed.ts), reviews the original beside the proposed text, edits and
 * submits it; a chair (second factor) approves it; a visitor finds it on /uitspraken and opens it.
 * No JavaScript on any page. axe-core checks every page; screenshots go to
 * test-results/screenshots/publications-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { launchChromium, visited } from '../helpers/browser';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { seedAdvisedCase, seededCaseNumber } from '../helpers/publicationSeed';
import { logInStaffInBrowser } from '../helpers/staffLogin';

vi.setConfig({ testTimeout: 180_000 });

let stack: AppStack;
let browser: Browser;
const PASSWORD = 'een lang en geheim wachtwoord';

async function newPage(): Promise<Page> {
  // CSP is bypassed only so axe-core can run.
  return (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
}

beforeAll(async () => {
  stack = await startAppStack('publications-browser');
  await createUser(stack.database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await createUser(stack.database.db, { email: 'cor@lko.example.nl', name: 'Cor Voorzitter', role: 'chair', password: PASSWORD });
  await seedAdvisedCase(stack.database.db, 1);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('publication of advice', () => {
  it('the secretary prepares, reviews side by side, edits and submits', async () => {
    const page = await newPage();
    await logInStaffInBrowser(page, stack.server.url, 'sanne@lko.example.nl', PASSWORD);
    await page.getByRole('link', { name: 'Publicaties' }).click();
    await page.getByLabel('Zaak met verzonden advies').selectOption(seededCaseNumber(1));
    await visited(page, 'publications-list');
    await page.getByRole('button', { name: 'Voorstel maken' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Publicatie van zaak ${seededCaseNumber(1)}`);
    await expect.poll(() => page.getByRole('table').getByRole('row', { name: 'Pietersen [naam] persoon' }).count()).toBe(2);
    await visited(page, 'publications-draft');
    const text = page.getByLabel('Tekst bewerken');
    await text.fill((await text.inputValue()).replace('pesten van Fleur', 'pesten van [leerling]'));
    await page.getByRole('button', { name: 'Tekst opslaan' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('De tekst is opgeslagen.');
    await page.getByRole('button', { name: 'Ter goedkeuring aanbieden' }).click();
    await expect.poll(() => page.getByTestId('publication-state').textContent()).toBe('Stand: wacht op goedkeuring');
    await visited(page, 'publications-awaiting');
  });

  it('a chair approves; the advice is on /uitspraken, found and opened by anyone', async () => {
    const chair = await newPage();
    await logInStaffInBrowser(chair, stack.server.url, 'cor@lko.example.nl', PASSWORD);
    await chair.goto(`${stack.server.url}/medewerkers/publicaties`);
    await chair.getByRole('link', { name: seededCaseNumber(1) }).click();
    await chair.getByRole('button', { name: 'Goedkeuren en publiceren' }).click();
    await expect.poll(() => chair.getByRole('status').textContent()).toBe('Het advies is gepubliceerd.');
    await visited(chair, 'publications-published');

    const visitor = await newPage();
    await visitor.goto(`${stack.server.url}/`);
    await visitor.getByRole('link', { name: 'Uitspraken' }).click();
    await visitor.getByLabel('Zoeken in de tekst').fill('pestcoördinator');
    await visitor.getByLabel('Onderwerp').selectOption('pesten');
    await visitor.getByRole('button', { name: 'Zoeken' }).click();
    await expect.poll(() => visitor.getByTestId('rulings-count').textContent()).toBe('Gevonden: 1');
    await visited(visitor, 'publications-public-list');
    await visitor.getByRole('link', { name: /^Advies 2026-\d+: pesten$/ }).click();
    await expect.poll(() => visitor.getByTestId('ruling-meta').textContent()).toBe('maart 2026 · basisonderwijs · klacht gegrond');
    await expect.poll(() => visitor.getByTestId('ruling-text').textContent()).toContain('het pesten van [leerling] in de klas van meester [naam] op [school] in [plaats].');
    await visited(visitor, 'publications-public-advice');
  });
});
