/**
 * The parties' procedure forms and the panel members' pages in real Chromium (no mocks: the app
 * in-process on real PostgreSQL, a worker on the real time-skipping Temporal server so the case
 * reaches the hearing and the advice). Each new page is checked with axe-core — also with its
 * errors shown — and kept as a screenshot; the forms are filled and sent as a person would.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { runCaseAction } from '../../api/services/caseActions';
import { staffToken } from '../helpers/tokens';
import { createUser } from '../../api/portal/users';
import { procedureStates, type ProcedureStates } from '../../api/web/parties/actionForms';
import { logInStaffInBrowser } from '../helpers/staffLogin';
import { launchChromium, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, postJson, type TestServer } from '../helpers/http';
import { CHAIR, SECRETARY } from '../helpers/procedure';
import { samplePdf } from '../helpers/webClient';

vi.setConfig({ testTimeout: 300_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;
let secretaryToken: string;
let browser: Browser;
const PASSWORD = 'een-lang-wachtwoord-voor-tests';

beforeAll(async () => {
  stack = await startAppStack('parties-browser', { timeSkipping: true });
  ({ database, env, server, taskQueue } = stack);
  secretaryToken = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  for (const [name, email, role] of [
    ['mr. A. Voorzitter', 'voorzitter@lko.example.nl', 'chair'],
    ['drs. B. Lid', 'b.lid@lko.example.nl', 'member'],
    ['dr. C. Lid', 'c.lid@lko.example.nl', 'member'],
  ] as const) {
    await database.db('committee_members').insert({ name, email, role, conflicts: '[]' });
    await createUser(database.db, { email, name, role, password: PASSWORD });
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function fileCase() {
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint());
  await until(filed.caseNumber, (s) => s.complaint?.status === 'admissibility');
  return filed;
}

function until(caseNumber: string, predicate: (s: ProcedureStates) => boolean): Promise<ProcedureStates> {
  return eventually(async () => {
    const s = await procedureStates(env.client, caseNumber);
    return predicate(s) ? s : undefined;
  }, 90_000, 200);
}

/** A page in its own browser context (its own cookies); CSP bypassed only so axe can be injected. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
  return context.newPage();
}

async function complainantPage(caseNumber: string, accessCode: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.url}/zaak`);
  await page.getByLabel('Zaaknummer').fill(caseNumber);
  await page.getByLabel('Toegangscode').fill(accessCode);
  await page.getByRole('button', { name: 'Bekijk mijn zaak' }).click();
  await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/zaak/overzicht');
  return page;
}

async function schoolPage(caseNumber: string): Promise<Page> {
  const link = await postJson(`${server.url}/api/cases/${caseNumber}/school-links`, {}, { Authorization: `Bearer ${secretaryToken}` });
  const page = await newPage();
  await page.goto(link.body.url);
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/school');
  return page;
}

async function staffPage(email: string): Promise<Page> {
  const page = await newPage();
  // Chairs enrol a second factor at their first login and answer it later.
  await logInStaffInBrowser(page, server.url, email, PASSWORD);
  await expect.poll(() => page.url(), { timeout: 30_000 }).not.toContain('/inloggen');
  return page;
}

async function open(page: Page, linkName: string | RegExp, path: string) {
  await page.getByRole('link', { name: linkName }).first().click();
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe(path);
}

async function send(page: Page, button: string, path: string) {
  await page.getByRole('button', { name: button }).click();
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe(path);
}

describe('the parties’ forms and the panel pages in the browser', () => {
  it('completion, reporting duty and referral forms', async () => {
    const c = await fileCase();
    const complainant = await complainantPage(c.caseNumber, c.accessCode);
    const school = await schoolPage(c.caseNumber);

    await runCaseAction(env.client, c.caseNumber, 'requestCompletion', { missing: ['de naam van de klas'] }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('completeComplaint') ?? false);
    await complainant.reload();
    await visited(complainant, 'parties-01-track-actions');
    await open(complainant, 'Uw klacht aanvullen', '/zaak/aanvullen');
    await visited(complainant, 'parties-02-track-complete');
    await complainant.getByRole('button', { name: 'Aanvulling versturen' }).click();
    await expect.poll(() => complainant.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    await visited(complainant, 'parties-03-track-complete-error');
    await complainant.getByLabel('Uw aanvulling').fill('Groep 6b.');
    await send(complainant, 'Aanvulling versturen', '/zaak/overzicht');
    expect(await complainant.getByRole('status').textContent()).toContain('Uw aanvulling is ontvangen.');
    await until(c.caseNumber, (s) => s.complaint?.status === 'admissibility');

    await runCaseAction(env.client, c.caseNumber, 'flagReportingDuty', { reason: 'Geweld.' }, SECRETARY);
    await runCaseAction(env.client, c.caseNumber, 'referToSchool', { complainantConsents: true }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('reportReferral') ?? false);
    await school.reload();
    await visited(school, 'parties-04-school-actions');
    await open(school, 'Melding aan de inspectie bevestigen (meldplicht)', '/school/meldplicht');
    await school.getByLabel('Datum van de melding').fill('30-02-2026');
    await school.getByRole('button', { name: 'Melding bevestigen' }).click();
    await expect.poll(() => school.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    await visited(school, 'parties-05-school-duty-error');
    await school.getByLabel('Datum van de melding').fill('27-11-2026');
    await send(school, 'Melding bevestigen', '/school');

    await open(school, 'Terugmelding over de teruggelegde klacht', '/school/terugverwijzing');
    await visited(school, 'parties-06-school-referral');
    await complainant.reload();
    await open(complainant, 'Uw klacht weer bij de commissie leggen', '/zaak/hervatten');
    await visited(complainant, 'parties-07-track-resume');
    await complainant.getByLabel('Waarom wilt u verder bij de commissie?').fill('De school reageert niet.');
    await send(complainant, 'Behandeling hervatten', '/zaak/overzicht');
    // The school's form is still on screen; sent now, the workflow's refusal shows on it.
    await school.getByRole('group', { name: 'Is de klacht opgelost?' }).getByLabel('Ja').check();
    await school.getByLabel('Wat is er gebeurd?').fill('Gesprek gevoerd.');
    await school.getByRole('button', { name: 'Terugmelding versturen' }).click();
    await expect.poll(() => school.locator('.error-summary').textContent(), { timeout: 30_000 }).toContain('Dit kan nu niet');
    await visited(school, 'parties-08-school-referral-refused');
  });

  it('hearing, advice and compliance forms, and the panel pages', async () => {
    const c = await fileCase();
    await runCaseAction(env.client, c.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitDefence') ?? false);
    await runCaseAction(env.client, c.caseNumber, 'submitDefence', { text: 'Verweer.' }, { userId: 'school', role: 'school' });
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('decideReplyRound') ?? false);
    await runCaseAction(env.client, c.caseNumber, 'decideReplyRound', { hold: true }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitReply') ?? false);
    await runCaseAction(env.client, c.caseNumber, 'submitReply', { text: 'Reactie.' }, { userId: 'complainant', role: 'complainant' });
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitRejoinder') ?? false);

    const school = await schoolPage(c.caseNumber);
    await open(school, 'Reactie op de repliek (dupliek)', '/school/repliek');
    await visited(school, 'parties-10-school-rejoinder');
    await school.getByLabel('Bijlagen').setInputFiles({ name: 'dupliek.pdf', mimeType: 'application/pdf', buffer: samplePdf('Dupliek') });
    await school.getByRole('button', { name: 'Dupliek versturen' }).click();
    await expect.poll(() => school.url(), { timeout: 30_000 }).toContain('/school/ontvangstbewijs/');
    expect(await school.locator('table').textContent()).toContain('dupliek.pdf');

    const hearing = (await until(c.caseNumber, (s) => s.hearing?.status === 'collecting-availability')).hearing!;
    const complainant = await complainantPage(c.caseNumber, c.accessCode);
    await open(complainant, 'Beschikbaarheid voor de hoorzitting', '/zaak/beschikbaarheid');
    await visited(complainant, 'parties-11-track-availability');
    await complainant.getByRole('button', { name: 'Beschikbaarheid versturen' }).click();
    await expect.poll(() => complainant.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    await visited(complainant, 'parties-12-track-availability-error');
    const first = complainant.getByRole('group', { name: 'Op welke dagen kunt u?' }).getByRole('checkbox').first();
    const date = (await first.getAttribute('value'))!;
    await first.check();
    await send(complainant, 'Beschikbaarheid versturen', '/zaak/overzicht');

    await school.goto(`${server.url}/school/beschikbaarheid`);
    await visited(school, 'parties-13-school-availability');

    const chair = await staffPage('voorzitter@lko.example.nl');
    await chair.goto(`${server.url}/panel`);
    await visited(chair, 'parties-14-panel-hearings');
    await open(chair, c.caseNumber, `/panel/zaken/${c.caseNumber}`);
    await visited(chair, 'parties-15-panel-case');
    await open(chair, 'Beschikbaarheid voor de hoorzitting', `/panel/zaken/${c.caseNumber}/beschikbaarheid`);
    await visited(chair, 'parties-16-panel-availability');
    await chair.getByRole('checkbox').first().check();
    await send(chair, 'Beschikbaarheid versturen', `/panel/zaken/${c.caseNumber}`);

    for (const member of hearing.panel) {
      const respondent = member.memberId;
      if (member.role !== 'chair') await runCaseAction(env.client, c.caseNumber, 'submitAvailability', { respondent, dates: [date] }, SECRETARY);
    }
    await runCaseAction(env.client, c.caseNumber, 'scheduleHearing', { date, startTime: '10:00', location: 'Utrecht' }, SECRETARY);
    await until(c.caseNumber, (s) => s.hearing?.status === 'scheduled');
    await school.goto(`${server.url}/school`);
    await open(school, 'Uitstel van de hoorzitting vragen', '/school/uitstel');
    await visited(school, 'parties-17-school-postpone');
    await complainant.goto(`${server.url}/zaak/uitstel`);
    await visited(complainant, 'parties-18-track-postpone');

    const days = Math.ceil((Date.parse(`${date}T12:00:00Z`) - (await env.currentTimeMs())) / 86_400_000) + 1;
    await env.sleep(`${days} days`);
    await eventually(async () => {
      try {
        await runCaseAction(env.client, c.caseNumber, 'recordHearing', { held: true, absentParties: [], minutes: 'Gehoord.' }, { userId: 'user:0', role: 'chair' });
        return true;
      } catch {
        return undefined;
      }
    }, 90_000, 200);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('issueAdvice') ?? false);

    const member = await staffPage('b.lid@lko.example.nl');
    await member.goto(`${server.url}/panel/zaken/${c.caseNumber}`);
    await open(member, 'Advies opstellen', `/panel/zaken/${c.caseNumber}/advies`);
    await visited(member, 'parties-19-panel-advice');
    await member.getByLabel('gegrond', { exact: true }).check();
    await member.getByLabel('Overwegingen').fill('De school deed te weinig.');
    await member.getByRole('button', { name: 'Nog een maatregel toevoegen' }).click();
    await expect.poll(() => member.getByLabel(/^Maatregel 2/).isVisible(), { timeout: 30_000 }).toBe(true);
    await member.getByLabel(/^Maatregel 1/).fill('Stel een pestprotocol op.');
    await member.getByLabel('Termijn maatregel 1 in weken').fill('60');
    await member.getByRole('button', { name: 'Advies ter goedkeuring aanbieden' }).click();
    await expect.poll(() => member.locator('.error-summary').textContent(), { timeout: 30_000 }).toContain('van 1 tot en met 52');
    await visited(member, 'parties-20-panel-advice-refused');
    await member.getByLabel('Termijn maatregel 1 in weken').fill('6');
    await send(member, 'Advies ter goedkeuring aanbieden', `/panel/zaken/${c.caseNumber}`);
    await until(c.caseNumber, (s) => (s.complaint?.awaitingApproval.length ?? 0) > 0);

    await chair.goto(`${server.url}/panel/zaken/${c.caseNumber}`);
    await visited(chair, 'parties-21-panel-approve');
    await send(chair, 'Advies goedkeuren', `/panel/zaken/${c.caseNumber}`);
    expect(await chair.getByRole('status').textContent()).toContain('goedgekeurd');

    await until(c.caseNumber, (s) => s.compliance?.allowedActions.includes('reportMeasure') ?? false);
    await school.goto(`${server.url}/school`);
    await open(school, 'Reactie op het advies', '/school/reactie-advies');
    await visited(school, 'parties-22-school-answer');
    await school.getByRole('group', { name: 'Neemt u het oordeel van de commissie over?' }).getByLabel('Ja').check();
    await school.getByLabel('Hoe voert u de maatregelen uit?').fill('Protocol binnen zes weken.');
    await send(school, 'Reactie versturen', '/school');
    await open(school, 'Uitvoering van een maatregel melden', '/school/naleving');
    await visited(school, 'parties-23-school-measure');
    await school.getByLabel(/Stel een pestprotocol op/).check();
    await school.getByLabel('Wat heeft u gedaan?').fill('Protocol vastgesteld.');
    await school.getByLabel('Bewijsstukken').setInputFiles({ name: 'protocol.pdf', mimeType: 'application/pdf', buffer: samplePdf('Protocol') });
    await school.getByRole('button', { name: 'Uitvoering melden' }).click();
    await expect.poll(() => school.url(), { timeout: 30_000 }).toContain('/school/ontvangstbewijs/');
    await visited(school, 'parties-24-school-measure-receipt');
  });
});
