/**
 * The procedure's turns in real Chromium (issue 14): a complainant and a school walk through the
 * defence, the reply round and on to the hearing, and at every step the stage bar and the next step
 * each of them is shown are asserted, with their dates written out. Every page is checked with
 * axe-core and kept as a screenshot. The app runs in-process on real PostgreSQL with a worker on
 * the real time-skipping Temporal server; the case is filed on Monday 1 February 2027.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { runCaseAction } from '../../api/services/caseActions';
import { procedureStates, type ProcedureStates } from '../../api/web/parties/actionForms';
import { staffToken } from '../helpers/tokens';
import { launchChromium, visited } from '../helpers/browser';
import { startAppStack, type AppStack } from '../helpers/appStack';
import type { TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, postJson, type TestServer } from '../helpers/http';
import { CHAIR } from '../helpers/procedure';
import { samplePdf } from '../helpers/webClient';

vi.setConfig({ testTimeout: 300_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;
let secretaryToken: string;
let browser: Browser;

beforeAll(async () => {
  stack = await startAppStack('turns-browser', { timeSkipping: true });
  ({ database, env, server, taskQueue } = stack);
  secretaryToken = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  for (const [name, email, role] of [
    ['mr. A. Voorzitter', 'voorzitter@lko.example.nl', 'chair'],
    ['drs. B. Lid', 'b.lid@lko.example.nl', 'member'],
    ['dr. C. Lid', 'c.lid@lko.example.nl', 'member'],
  ] as const) {
    await database.db('committee_members').insert({ name, email, role, conflicts: '[]' });
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function skipTo(date: string): Promise<void> {
  const ms = Date.parse(`${date}T08:00:00Z`) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

function until(caseNumber: string, predicate: (s: ProcedureStates) => boolean): Promise<ProcedureStates> {
  return eventually(async () => {
    const s = await procedureStates(env.client, caseNumber);
    return predicate(s) ? s : undefined;
  }, 90_000, 200);
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
  return context.newPage();
}

/** The stage the bar marks as current, and the next step's text. */
async function stageAndStep(page: Page): Promise<[string, string]> {
  await page.reload();
  const current = (await page.locator('.stage-bar [aria-current="step"]').textContent())!.replace(/\s*\(nu\)\s*$/, '').trim();
  const step = (await page.getByTestId('next-step').locator('p').first().textContent())!.trim();
  return [current, step];
}

describe('a complainant and a school through the defence, the reply round and on to the hearing', () => {
  it('shows each of them the stage and their own next step at every turn', async () => {
    await skipTo('2027-02-01');
    const c = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date('2027-02-01T08:00:00Z') }, sampleComplaint());
    await until(c.caseNumber, (s) => s.complaint?.status === 'admissibility');
    await runCaseAction(env.client, c.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitDefence') ?? false);

    const complainant = await newPage();
    await complainant.goto(`${server.url}/zaak`);
    await complainant.getByLabel('Zaaknummer').fill(c.caseNumber);
    await complainant.getByLabel('Toegangscode').fill(c.accessCode);
    await complainant.getByRole('button', { name: 'Bekijk mijn zaak' }).click();
    await expect.poll(() => complainant.url(), { timeout: 30_000 }).toContain('/zaak/overzicht');
    expect(await stageAndStep(complainant)).toEqual(['Verweer', 'U hoeft nu niets te doen.']);
    expect(await complainant.getByTestId('own-complaint-text').textContent()).toBe('Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.');
    expect(await complainant.locator('.timeline').textContent()).toContain('De klacht is ontvankelijk verklaard');
    await visited(complainant, 'turns-01-complainant-defence');

    const link = await postJson(`${server.url}/api/cases/${c.caseNumber}/school-links`, {}, { Authorization: `Bearer ${secretaryToken}` });
    const school = await newPage();
    await school.goto(link.body.url);
    await expect.poll(() => new URL(school.url()).pathname, { timeout: 30_000 }).toBe('/school');
    expect(await stageAndStep(school)).toEqual(['Verweer', 'U heeft tot en met maandag 1 maart 2027 om uw verweerschrift in te dienen.']);
    await school.getByTestId('next-step').getByText('Waarom deze datum?').click();
    expect(await school.getByTestId('next-step').locator('details p').textContent()).toContain('1 maart 2027');
    await visited(school, 'turns-02-school-defence');

    // The school hands in its defence on Thursday 4 February.
    await skipTo('2027-02-04');
    await school.getByLabel('Verweerschrift', { exact: true }).setInputFiles({ name: 'verweer.pdf', mimeType: 'application/pdf', buffer: samplePdf('Verweerschrift') });
    await school.getByLabel('Toelichting').fill('Wij hebben een pestcoördinator ingezet.');
    await school.getByRole('button', { name: 'Verweerschrift versturen' }).click();
    await expect.poll(() => school.url(), { timeout: 30_000 }).toContain('/school/ontvangstbewijs/');
    await until(c.caseNumber, (s) => s.complaint?.status === 'reply-round');
    await school.goto(`${server.url}/school`);
    expect(await stageAndStep(school)).toEqual(['Repliek en dupliek', 'U hoeft nu niets te doen.']);
    await visited(school, 'turns-03-school-reply-round');

    // The complainant: the round has begun, the defence the letter announces is in the file.
    expect(await stageAndStep(complainant)).toEqual([
      'Repliek en dupliek',
      'Het verweer van de school staat in uw dossier. U heeft tot en met donderdag 18 februari 2027 om daarop schriftelijk te reageren (repliek). Dat hoeft niet: zonder reactie plant de commissie daarna de hoorzitting.',
    ]);
    const documents = complainant.locator('#documenten + ul');
    expect(await documents.getByRole('link').allTextContents()).toEqual(['verweer.pdf', 'Toelichting bij het verweer (school).txt']);
    const letters = await complainant.getByRole('link', { name: /Toezending verweer/ }).count();
    expect(letters).toBe(1);
    await visited(complainant, 'turns-04-complainant-reply');
    await complainant.getByLabel('Uw reactie').fill('Het pesten ging na de maatregelen door.');
    await complainant.getByRole('button', { name: 'Reactie versturen' }).click();
    await expect.poll(() => complainant.url(), { timeout: 30_000 }).toContain('/zaak/ontvangstbewijs/');
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitRejoinder') ?? false);
    await complainant.goto(`${server.url}/zaak/overzicht`);
    expect(await stageAndStep(complainant)).toEqual(['Repliek en dupliek', 'U hoeft nu niets te doen.']);

    // The school: the reply is in its file with the rejoinder term.
    expect(await stageAndStep(school)).toEqual([
      'Repliek en dupliek',
      'De reactie van de klager (repliek) staat in uw dossier. U heeft tot en met donderdag 18 februari 2027 om daarop schriftelijk te reageren (dupliek). Dat hoeft niet: daarna plant de commissie de hoorzitting.',
    ]);
    expect(await school.locator('#documenten + ul').getByRole('link').allTextContents()).toContain('Reactie op het verweer (repliek).txt');
    await visited(school, 'turns-05-school-rejoinder');

    // No rejoinder: after the term the hearing is planned and both are asked for their availability.
    await skipTo('2027-02-19');
    await until(c.caseNumber, (s) => s.hearing?.status === 'collecting-availability');
    expect(await stageAndStep(complainant)).toEqual(['Hoorzitting', 'U heeft tot en met vrijdag 26 februari 2027 om door te geven op welke dagen u naar de hoorzitting kunt.']);
    await visited(complainant, 'turns-06-complainant-hearing');
    expect(await stageAndStep(school)).toEqual(['Hoorzitting', 'U heeft tot en met vrijdag 26 februari 2027 om door te geven op welke dagen u naar de hoorzitting kunt.']);
    await visited(school, 'turns-07-school-hearing');
  });
});
