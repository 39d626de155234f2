/**
 * The procedure's turns in real Chromium (issue 14): a complainant and a school walk through the
 * defence, the reply round, the hearing, the advice and the board's answer to it, and at every step
 * the stage bar and the next step each of them is shown are asserted, with their dates written out;
 * the letters announcing documents open for their addressee; the main pages fit a phone's width. Every page is checked with
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
import { CHAIR, MEMBER, SECRETARY } from '../helpers/procedure';
import { samplePdf } from '../helpers/webClient';
import { createUser } from '../../api/portal/users';
import { inviteContact } from '../../api/portal/boardContacts';
import { logInStaffInBrowser } from '../helpers/staffLogin';
import { generate } from 'otplib';

// One case walked by seven roles, each logging in for real: longer than one party's walk.
vi.setConfig({ testTimeout: 600_000 });

// What the pages must say after the hearing is planned. The availability request of Friday 19 February
// offers Friday 5 March first: two weeks' notice from the day it is scheduled (process.md step 9).
const HEARING_DATE = '2027-03-05';
// Three working days before Friday 5 March: Tuesday 2 March (process.md step 10).
const ATTEND_HEARING = 'De hoorzitting is op vrijdag 5 maart 2027 om 10:00. Kunt u dan niet, dan kunt u tot en met dinsdag 2 maart 2027 eenmaal om uitstel vragen.';
// The advice goes out on the hearing day, Friday 5 March; four weeks for the board's answer: Friday 2 April (step 14).
const ANSWER_ADVICE = 'U heeft tot en met vrijdag 2 april 2027 om de commissie en de klager te laten weten wat u met het advies doet.';
// The measure's six weeks from the advice of Friday 5 March: Friday 16 April (step 15).
const REPORT_MEASURE = 'Meld per maatregel dat die is uitgevoerd. De eerste termijn loopt tot en met vrijdag 16 april 2027.';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;
let secretaryToken: string;
let browser: Browser;
let boardInvite: string;
const PASSWORD = 'een-lang-wachtwoord-voor-tests';
// The panel's advice is due four weeks after the hearing of Friday 5 March: Friday 2 April (process.md step 12).
const DRAFT_ADVICE = 'Het panel stelt het advies op. De adviestermijn loopt tot en met vrijdag 2 april 2027.';

beforeAll(async () => {
  stack = await startAppStack('turns-browser', { timeSkipping: true });
  ({ database, env, server, taskQueue } = stack);
  secretaryToken = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
  // The school's board is in the register and has an account, whose contact follows the case too.
  await database.db('boards').insert({ number: '41001', name: 'Stichting De Linde' });
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl', board_number: '41001' });
  boardInvite = (await inviteContact(database.db, { boardNumber: '41001', email: 'bea@delinde.example.nl', name: 'Bea Bestuurder', role: 'board', canManage: true, invitedBy: 'turns' })).token;
  for (const [name, email, role] of [
    ['mr. A. Voorzitter', 'voorzitter@lko.example.nl', 'chair'],
    ['drs. B. Lid', 'b.lid@lko.example.nl', 'member'],
    ['dr. C. Lid', 'c.lid@lko.example.nl', 'member'],
  ] as const) {
    await database.db('committee_members').insert({ name, email, role, conflicts: '[]' });
    await createUser(database.db, { email, name, role, password: PASSWORD });
  }
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await createUser(database.db, { email: 'beheer@lko.example.nl', name: 'Bea Beheer', role: 'admin', password: PASSWORD });
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

async function staffPage(email: string): Promise<Page> {
  const page = await newPage();
  await logInStaffInBrowser(page, server.url, email, PASSWORD);
  await expect.poll(() => page.url(), { timeout: 30_000 }).not.toContain('/inloggen');
  return page;
}

/** The board's contact accepts the invitation: a password, the second factor, then the board's cases. */
async function boardPage(): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.url}/bestuur/uitnodiging/${boardInvite}`);
  await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
  await page.getByLabel('Code uit de app').fill(await generate({ secret, epoch: Math.floor(Date.now() / 30_000) * 30 }));
  await page.getByRole('button', { name: 'Tweestapsverificatie inschakelen' }).click();
  await page.getByRole('link', { name: 'Ik heb de codes bewaard, ga verder' }).click();
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe('/bestuur');
  return page;
}

/**
 * A letter opened from a party's page: its subject as the heading, a PDF of it, and the way back
 * to the page it came from.
 */
async function readLetter(page: Page, subject: RegExp, heading: string, back: string, backPath: string, name: string): Promise<void> {
  await page.getByRole('link', { name: subject }).first().click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 }).toBe(heading);
  await visited(page, name);
  const pdf = await page.request.get(new URL((await page.getByRole('link', { name: 'Deze brief als PDF' }).getAttribute('href'))!, page.url()).href);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await page.getByRole('link', { name: back }).click();
  await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe(backPath);
}

/** Nothing on the page scrolls sideways. */
async function fits(page: Page, what: string): Promise<void> {
  const width = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
  expect(width.scroll, what).toBeLessThanOrEqual(width.client);
}

/** The stage the bar marks as current, and the next step's text. */
async function stageAndStep(page: Page): Promise<[string, string]> {
  // A form's redirect may have changed the URL while its page still loads; reloading then (CI
  // saw it) hits Chromium between two documents: "Not attached to an active page".
  await page.waitForLoadState('load');
  await page.reload();
  const current = (await page.locator('.stage-bar [aria-current="step"]').textContent())!.replace(/\s*\(nu\)\s*$/, '').trim();
  const step = (await page.getByTestId('next-step').locator('p').first().textContent())!.trim();
  return [current, step];
}

describe('a complainant and a school through the defence, the reply round, the hearing, the advice and its answer', () => {
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
    // The one-year filing term from the incident of 1 October 2026, written out.
    expect(await complainant.locator('body').textContent()).toContain('Binnen de termijn ingediend (tot en met vrijdag 1 oktober 2027).');
    await visited(complainant, 'turns-01-complainant-defence');

    const link = await postJson(`${server.url}/api/cases/${c.caseNumber}/school-links`, {}, { Authorization: `Bearer ${secretaryToken}` });
    const school = await newPage();
    await school.goto(link.body.url);
    await expect.poll(() => new URL(school.url()).pathname, { timeout: 30_000 }).toBe('/school');
    expect(await stageAndStep(school)).toEqual(['Verweer', 'U heeft tot en met maandag 1 maart 2027 om uw verweerschrift in te dienen.']);
    await school.getByTestId('next-step').getByText('Waarom deze datum?').click();
    expect(await school.getByTestId('next-step').locator('details p').textContent()).toContain('1 maart 2027');
    await visited(school, 'turns-02-school-defence');

    // The board's contact sees the same case, stage and step on the board account's pages.
    const board = await boardPage();
    await visited(board, 'turns-02a-board-cases');
    await board.getByRole('link', { name: c.caseNumber }).click();
    await expect.poll(() => new URL(board.url()).pathname, { timeout: 30_000 }).toBe(`/bestuur/zaken/${c.caseNumber}`);
    expect(await stageAndStep(board)).toEqual(['Verweer', 'U heeft tot en met maandag 1 maart 2027 om uw verweerschrift in te dienen.']);
    await visited(board, 'turns-02b-board-defence');

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
    await readLetter(complainant, /Toezending verweer/, `Toezending verweer (${c.caseNumber})`, 'Terug naar uw zaak', '/zaak/overzicht', 'turns-04a-complainant-letter');
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

    // The secretary follows the round in the console.
    const secretary = await staffPage('sanne@lko.example.nl');
    await secretary.goto(`${server.url}/medewerkers/zaken/${c.caseNumber}`);
    // Who acted is named, also when the school board acted through its link.
    expect(await secretary.locator('.timeline').textContent()).toContain('Verweerschrift ontvangen — bevoegd gezag (via de link)');
    await visited(secretary, 'turns-05a-secretary-reply-round');

    // No rejoinder: after the term the hearing is planned and both are asked for their availability.
    await skipTo('2027-02-19');
    await until(c.caseNumber, (s) => s.hearing?.status === 'collecting-availability');
    expect(await stageAndStep(complainant)).toEqual(['Hoorzitting', 'U heeft tot en met vrijdag 26 februari 2027 om door te geven op welke dagen u naar de hoorzitting kunt.']);
    await visited(complainant, 'turns-06-complainant-hearing');
    expect(await stageAndStep(school)).toEqual(['Hoorzitting', 'U heeft tot en met vrijdag 26 februari 2027 om door te geven op welke dagen u naar de hoorzitting kunt.']);
    await visited(school, 'turns-07-school-hearing');
    const member = await staffPage('b.lid@lko.example.nl');
    await member.goto(`${server.url}/panel/zaken/${c.caseNumber}`);
    expect(await stageAndStep(member)).toEqual(['Hoorzitting', 'U heeft tot en met vrijdag 26 februari 2027 om door te geven op welke dagen u naar de hoorzitting kunt.']);
    await visited(member, 'turns-07a-panel-availability');

    // Both give their availability on their pages; the panel through the secretary; the first date suits everyone.
    await complainant.goto(`${server.url}/zaak/beschikbaarheid`);
    const firstDate = complainant.getByRole('group', { name: 'Op welke dagen kunt u?' }).getByRole('checkbox').first();
    const hearingDate = (await firstDate.getAttribute('value'))!;
    expect(hearingDate).toBe(HEARING_DATE);
    await firstDate.check();
    await complainant.getByRole('button', { name: 'Beschikbaarheid versturen' }).click();
    await expect.poll(() => new URL(complainant.url()).pathname, { timeout: 30_000 }).toBe('/zaak/overzicht');
    await school.goto(`${server.url}/school/beschikbaarheid`);
    await school.locator(`input[type="checkbox"][value="${HEARING_DATE}"]`).check();
    await school.getByRole('button', { name: 'Beschikbaarheid versturen' }).click();
    await expect.poll(() => new URL(school.url()).pathname, { timeout: 30_000 }).toBe('/school');
    const panel = (await until(c.caseNumber, (s) => (s.hearing?.panel.length ?? 0) === 3)).hearing!.panel;
    for (const member of panel) await runCaseAction(env.client, c.caseNumber, 'submitAvailability', { respondent: member.memberId, dates: [HEARING_DATE] }, SECRETARY);
    await runCaseAction(env.client, c.caseNumber, 'scheduleHearing', { date: HEARING_DATE, startTime: '10:00', location: 'Kantoor van de commissie, Utrecht' }, SECRETARY);
    await until(c.caseNumber, (s) => s.hearing?.status === 'scheduled');
    expect(await stageAndStep(complainant)).toEqual(['Hoorzitting', ATTEND_HEARING]);
    expect(await stageAndStep(school)).toEqual(['Hoorzitting', ATTEND_HEARING]);
    expect(await complainant.getByRole('link', { name: /Uitnodiging hoorzitting/ }).count()).toBe(1);
    await visited(complainant, 'turns-08-complainant-hearing-scheduled');
    // The panel member is told the date and time, and is not offered the parties' postponement.
    expect(await stageAndStep(member)).toEqual(['Hoorzitting', 'De hoorzitting is op vrijdag 5 maart 2027 om 10:00.']);
    await visited(member, 'turns-08a-panel-hearing-scheduled');
    await secretary.reload();
    await visited(secretary, 'turns-08b-secretary-hearing-scheduled');

    // The hearing is held; the panel deliberates: the parties wait.
    await skipTo(HEARING_DATE);
    await runCaseAction(env.client, c.caseNumber, 'recordHearing', { held: true, absentParties: [], minutes: 'Beide partijen zijn gehoord.' }, CHAIR);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('issueAdvice') ?? false);
    expect(await stageAndStep(complainant)).toEqual(['Advies', 'U hoeft nu niets te doen.']);
    expect(await stageAndStep(school)).toEqual(['Advies', 'U hoeft nu niets te doen.']);
    await visited(school, 'turns-09-school-deliberation');
    expect(await stageAndStep(member)).toEqual(['Advies', DRAFT_ADVICE]);
    await visited(member, 'turns-09a-panel-draft-advice');

    // The advice, drafted by a member and approved by the chair, with one measure of six weeks.
    await runCaseAction(env.client, c.caseNumber, 'issueAdvice', { finding: 'gegrond', reasons: 'De school heeft het pesten niet aangepakt.', measures: [{ description: 'Stel een pestprotocol vast.', termWeeks: 6 }] }, MEMBER);
    // The chair approves on the panel's page.
    const chair = await staffPage('voorzitter@lko.example.nl');
    await chair.goto(`${server.url}/panel/zaken/${c.caseNumber}`);
    expect(await stageAndStep(chair)).toEqual(['Advies', 'Keur het besluit goed dat klaarligt: u bent de tweede persoon die het bekijkt.']);
    await visited(chair, 'turns-09b-chair-approve');
    await chair.getByRole('button', { name: 'Advies goedkeuren' }).click();
    await expect.poll(() => chair.getByRole('status').textContent(), { timeout: 30_000 }).toContain('goedgekeurd');
    await until(c.caseNumber, (s) => s.compliance?.allowedActions.includes('reportMeasure') ?? false);
    expect(await stageAndStep(school)).toEqual(['Naleving', ANSWER_ADVICE]);
    expect(await stageAndStep(complainant)).toEqual(['Naleving', 'U hoeft nu niets te doen.']);
    expect(await complainant.getByRole('link', { name: /Advies van de commissie/ }).count()).toBe(1);
    await visited(school, 'turns-10-school-answer-advice');
    expect(await stageAndStep(board)).toEqual(['Naleving', ANSWER_ADVICE]);
    await readLetter(board, /Advies van de commissie/, `Advies van de commissie (${c.caseNumber})`, 'Terug naar uw zaak', `/bestuur/zaken/${c.caseNumber}`, 'turns-10a-board-advice-letter');
    // The panel member reads the advice as sent, on the panel's page.
    await member.reload();
    expect(await member.getByRole('link', { name: /Advies van de commissie/ }).count()).toBe(1);
    await readLetter(member, /Advies van de commissie/, `Advies van de commissie (${c.caseNumber})`, 'Terug naar de zaak', `/panel/zaken/${c.caseNumber}`, 'turns-10b-panel-advice-letter');

    // The school answers on its page; the answer is forwarded to the complainant, who can open it.
    await school.goto(`${server.url}/school/reactie-advies`);
    await school.getByRole('group', { name: 'Neemt u het oordeel van de commissie over?' }).getByLabel('Ja').check();
    await school.getByLabel('Hoe voert u de maatregelen uit?').fill('Het protocol wordt binnen zes weken vastgesteld.');
    await school.getByRole('button', { name: 'Reactie versturen' }).click();
    await expect.poll(() => new URL(school.url()).pathname, { timeout: 30_000 }).toBe('/school');
    expect(await stageAndStep(school)).toEqual(['Naleving', REPORT_MEASURE]);
    await eventually(async () => ((await database.db('letters').where({ kind: 'doorzending-reactie-advies' }).first('id')) ? true : undefined), 60_000, 200);
    await complainant.reload();
    // The answer is in both timelines, with its outcome, in the page's language.
    expect(await complainant.locator('.timeline').textContent()).toContain('Het bevoegd gezag heeft op het advies gereageerd en neemt het oordeel van de commissie over');
    expect(await school.locator('.timeline').textContent()).toContain('Uw reactie op het advies is ontvangen: u neemt het oordeel van de commissie over');
    await complainant.getByRole('link', { name: /Doorzending reactie op het advies/ }).click();
    await expect.poll(() => complainant.getByText('Het protocol wordt binnen zes weken vastgesteld.').count(), { timeout: 30_000 }).toBe(1);
    await visited(complainant, 'turns-11-complainant-answer-forwarded');
    await complainant.getByRole('link', { name: 'Terug naar uw zaak' }).click();
    await expect.poll(() => new URL(complainant.url()).pathname, { timeout: 30_000 }).toBe('/zaak/overzicht');
    await visited(complainant, 'turns-11a-complainant-answer-timeline');
    await readLetter(school, /Advies van de commissie/, `Advies van de commissie (${c.caseNumber})`, 'Terug naar uw zaak', '/school', 'turns-11b-school-advice-letter');
    await secretary.reload();
    await visited(secretary, 'turns-11c-secretary-compliance');

    // The administrator: the administration pages, and the audit trail of what happened.
    const admin = await staffPage('beheer@lko.example.nl');
    for (const path of ['/beheer', '/beheer/gebruikers', '/beheer/commissieleden', '/beheer/wijzigingen']) {
      await admin.goto(`${server.url}${path}`);
      await visited(admin, `turns-13-admin${path.replace(/\//g, '-')}`);
    }

    // The main pages of the parties, the board account and the panel at phone width: nothing scrolls sideways.
    for (const [page, path] of [
      [complainant, '/zaak/overzicht'],
      [school, '/school'],
      [board, '/bestuur'],
      [board, `/bestuur/zaken/${c.caseNumber}`],
      [board, '/bestuur/contactpersonen'],
      [member, '/panel'],
      [member, `/panel/zaken/${c.caseNumber}`],
      [chair, `/panel/zaken/${c.caseNumber}`],
    ] as const) {
      const who = page === chair ? '-chair' : '';
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}${path}`);
      await fits(page, `${path} at 390 px`);
      await visited(page, `turns-12-phone${who}${path.replace(/\//g, '-')}`);
    }
  });
});
