/**
 * The secretary's console in real Chromium, without mocks: the app in-process on real PostgreSQL, a
 * worker on the real Temporal time-skipping server (so the weeks up to the hearing pass in seconds).
 * A secretary logs in, sees the dashboard and the list, opens a case and drives it through the
 * console — admissibility (with a round of field errors), the school link, the defence, the reply
 * round, availability and the hearing — with admissibility decided by the chair, and the chair's advice
 * approved by a deputy chair (four-eyes; a secretary neither decides nor approves),
 * the school's answer and the verification of the measure — to `advised-complied`. The complainant,
 * in a browser session of their own, sees each step on their case page. axe-core checks every
 * console page; screenshots go to test-results/screenshots/console-*.png.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { caseState } from '../../api/services/caseActions';
import { createUser } from '../../api/portal/users';
import type { CaseStateView, ComplianceView, HearingView } from '../../contracts/messages';
import { logInStaffInBrowser } from '../helpers/staffLogin';
import { launchChromium, visited } from '../helpers/browser';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let caseNumber = '';
let accessCode = '';
let complainant: Page;
/** The chair's own browser session: admissibility and the advice are the chair's. */
let chair: Page;

const PASSWORD = 'een lang en geheim wachtwoord';

beforeAll(async () => {
  stack = await startAppStack('console-browser', { timeSkipping: true });
  ({ database, env, server } = stack);
  const taskQueue = stack.taskQueue;
  await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await createUser(database.db, { email: 'carla@lko.example.nl', name: 'Carla Voorzitter', role: 'chair', password: PASSWORD });
  await createUser(database.db, { email: 'dirk@lko.example.nl', name: 'Dirk Plaatsvervangend Voorzitter', role: 'chair', password: PASSWORD });
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  for (const [name, role] of [['mr. A. Voorzitter', 'chair'], ['drs. B. Lid', 'member'], ['dr. C. Lid', 'member']] as const) {
    await database.db('committee_members').insert({ name, email: `${role}.${name.length}@lko.example.nl`, role, conflicts: '[]' });
  }
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint());
  caseNumber = filed.caseNumber;
  accessCode = filed.accessCode;
  await until((s) => s.status === 'admissibility');
  browser = await launchChromium();
  // No scripts on any page (CSP script-src 'none'); CSP is bypassed only so axe-core can run.
  context = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
  page = await context.newPage();
  complainant = await (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
  chair = await (await browser.newContext({ bypassCSP: true, locale: 'nl-NL' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function state(): Promise<{ complaint: CaseStateView; hearing?: HearingView; compliance?: ComplianceView }> {
  return (await caseState(env.client, caseNumber)) as { complaint: CaseStateView; hearing?: HearingView; compliance?: ComplianceView };
}

async function until(predicate: (s: CaseStateView, all: Awaited<ReturnType<typeof state>>) => boolean): Promise<Awaited<ReturnType<typeof state>>> {
  return eventually(async () => {
    const all = await state().catch(() => undefined);
    return all?.complaint && predicate(all.complaint, all) ? all : undefined;
  }, 90_000, 200);
}

async function logIn(p: Page, email: string): Promise<void> {
  // Chairs enrol a second factor at their first login and answer it later.
  await logInStaffInBrowser(p, server.url, email, PASSWORD);
  await expect.poll(() => p.url(), { timeout: 30_000 }).toMatch(/\/medewerkers$/);
}

/** The complainant's own case page (logging in with case number and access code the first time) shows `status`. */
async function complainantSees(status: string, text?: string): Promise<void> {
  await complainant.goto(`${server.url}/zaak/overzicht`);
  if (!complainant.url().includes('/zaak/overzicht')) {
    await complainant.goto(`${server.url}/zaak`);
    await complainant.getByLabel('Zaaknummer').fill(caseNumber);
    await complainant.getByLabel('Toegangscode').fill(accessCode);
    await complainant.getByRole('button', { name: 'Bekijk mijn zaak' }).click();
    await expect.poll(() => complainant.url(), { timeout: 30_000 }).toContain('/zaak/overzicht');
  }
  expect(await complainant.getByTestId('status').textContent()).toBe(status);
  if (text) expect(await complainant.locator('main').textContent()).toContain(text);
}

const checked = new Set<string>();
/** axe and a screenshot, once per kind of page (the same template need not be checked ten times). */
async function check(p: Page, name: string): Promise<void> {
  if (checked.has(name)) return;
  checked.add(name);
  await visited(p, `console-${name}`);
}

/**
 * Takes an action the way a secretary does: the button on the case page, the form, "Controleren",
 * the confirmation page, "Bevestig". Returns when the case page says it is done.
 */
async function runAction(p: Page, action: string, fill: () => Promise<void>, shots = false): Promise<void> {
  await p.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
  await p.locator(`a[href$="/acties/${action}"]`).first().click();
  await expect.poll(() => p.url(), { timeout: 30_000 }).toContain(`/acties/${action}`);
  if (shots) await check(p, `action-${action}`);
  await fill();
  await p.getByRole('button', { name: 'Controleren' }).click();
  const confirm = p.locator('button[name="step"][value="confirm"]');
  await expect.poll(() => confirm.isVisible(), { timeout: 30_000 }).toBe(true);
  if (shots) await check(p, `confirm-${action}`);
  await confirm.click();
  await expect.poll(() => p.locator('.notice').textContent().catch(() => ''), { timeout: 60_000 }).toContain('Gedaan:');
}

/** A deputy chair approves a drafted decision from the letters on the case page. */
async function approveAsDeputy(p: Page, letterId: string): Promise<void> {
  await p.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
  expect(await p.locator(`tr[data-letter="${letterId}"]`).textContent()).toContain('wacht op goedkeuring');
  await p.locator(`tr[data-letter="${letterId}"] a[href*="approveLetter"]`).click();
  await expect.poll(() => p.url(), { timeout: 30_000 }).toContain(`letterId=${letterId}`);
  await check(p, 'action-approveLetter');
  expect(await p.locator(`input[value="${letterId}"]`).isChecked()).toBe(true);
  await p.getByRole('button', { name: 'Controleren' }).click();
  await check(p, 'confirm-approveLetter');
  await p.locator('button[name="step"][value="confirm"]').click();
  await expect.poll(() => p.locator('.notice').textContent().catch(() => ''), { timeout: 60_000 }).toContain('Gedaan: Besluit goedkeuren');
}

describe('the secretary console in the browser', () => {
  it('logs in and sees the dashboard and the case list', async () => {
    await logIn(page, 'sanne@lko.example.nl');
    expect(await page.getByTestId('count-open').textContent()).toBe('1');
    expect(await page.getByTestId('count-waiting').textContent()).toBe('1');
    await check(page, 'dashboard');
    // One case: "1 zaak wacht", and the tile opens the work queue.
    await page.getByRole('link', { name: /1 zaak wacht op het secretariaat/ }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/medewerkers/werkvoorraad');
    expect(await page.getByTestId('queue-count').textContent()).toBe('1 zaak wacht op het secretariaat.');
    await page.goto(`${server.url}/medewerkers/zaken?waiting=1`);
    await check(page, 'cases');
    // A bad filter is named at its field.
    await page.getByLabel('Volgende termijn binnen (dagen)').fill('veel');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByLabel('Volgende termijn binnen (dagen)').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'cases-error');
    await page.getByRole('link', { name: 'Filters wissen' }).click();
    await page.getByRole('link', { name: caseNumber }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(`/medewerkers/zaken/${caseNumber}`);
    expect(await page.getByTestId('status').textContent()).toBe('Ontvankelijkheid wordt beoordeeld');
    expect(await page.getByTestId('terms').textContent()).toContain('uiterlijk');
    expect(await page.getByTestId('temporal-link').getAttribute('href')).toBe(`http://localhost:8233/namespaces/default/workflows/complaint-${caseNumber}`);
    await check(page, 'case');
    // The mail the parties got, as the console shows it in development.
    await page.getByRole('link', { name: 'Verzonden post' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/medewerkers/postvak');
    await check(page, 'mailbox');
    await page.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/wachtwoord');
    await check(page, 'password');
  });

  it('has the chair decide admissibility after a round of field errors, and the secretary issue the school link', async () => {
    // The secretary's case page offers no admissibility decision: that is the chair's.
    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    expect(await page.locator('a[href$="/acties/decideAdmissibility"]').count()).toBe(0);
    await logIn(chair, 'carla@lko.example.nl');
    await chair.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    await chair.getByRole('link', { name: 'Besluiten over de ontvankelijkheid' }).click();
    await check(chair, 'action-decideAdmissibility');
    // Nothing chosen: the summary links to the field.
    await chair.getByRole('button', { name: 'Controleren' }).click();
    await expect.poll(() => chair.locator('.error-summary').isVisible(), { timeout: 30_000 }).toBe(true);
    await check(chair, 'action-errors');
    // Inadmissible without reasons: the workflow's validator refuses at "reasons".
    await chair.locator('#f-admissible-no').check();
    await chair.locator('#f-decidedBy').check();
    await chair.getByRole('button', { name: 'Controleren' }).click();
    await check(chair, 'confirm-decideAdmissibility');
    await chair.locator('button[name="step"][value="confirm"]').click();
    await expect.poll(() => chair.locator('.error-summary').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Dit kan niet. Motivering: dit moet worden ingevuld.');
    expect(await chair.locator('.error-summary a').getAttribute('href')).toBe('#f-reasons');
    const reasons = chair.locator('#f-reasons');
    expect(await reasons.getAttribute('aria-invalid')).toBe('true');
    expect(await reasons.getAttribute('aria-describedby')).toContain('f-reasons-error');
    await check(chair, 'action-refused');
    expect((await state()).complaint.status).toBe('admissibility');

    await chair.locator('#f-admissible').check();
    await chair.getByRole('button', { name: 'Controleren' }).click();
    await chair.locator('button[name="step"][value="confirm"]').click();
    await expect.poll(() => chair.locator('.notice').textContent().catch(() => ''), { timeout: 60_000 }).toContain('Gedaan: Besluiten over de ontvankelijkheid');
    await until((s) => s.allowedActions.includes('submitDefence'));
    await complainantSees('Wacht op verweer van de school');

    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);

    await page.getByRole('button', { name: 'Link uitgeven' }).click();
    await check(page, 'confirm-school-link');
    await page.getByRole('button', { name: 'Ja, geef een link uit' }).click();
    await expect.poll(() => page.getByTestId('school-link').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/\/school\/[A-Za-z0-9_-]{43}$/);
    await check(page, 'school-link');
  });

  it('records the defence, decides the reply round, and schedules the hearing', async () => {
    await runAction(page, 'submitDefence', async () => {
      await page.getByLabel('Inhoud of samenvatting van het verweer').fill('De school heeft een anti-pestcoördinator ingezet en gesprekken gevoerd.');
    }, true);
    await until((s) => s.allowedActions.includes('decideReplyRound'));
    await runAction(page, 'decideReplyRound', async () => {
      await page.locator('#f-hold-no').check();
    }, true);
    const { hearing } = await until((_s, all) => all.hearing?.status === 'collecting-availability');
    const request = await eventually<{ data_snapshot: { details: { candidateDates: string[] } } }>(async () =>
      database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', caseNumber).where('letters.kind', 'verzoek-beschikbaarheid').first('letters.data_snapshot'),
    );
    const date = request.data_snapshot.details.candidateDates[0];
    await runAction(page, 'submitAvailability', async () => {
      await page.getByLabel('klager').check();
      await page.getByLabel('Datums').fill(date);
    }, true);
    expect(hearing!.panel).toHaveLength(3);
    await runAction(page, 'scheduleHearing', async () => {
      await page.getByLabel('Datum').fill(date);
      await page.getByLabel('Begintijd').fill('10:00');
      await page.getByLabel('Plaats').fill('Utrecht, Nieuwegracht 1');
    }, true);
    await until((s) => s.status === 'hearing-scheduled');
    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    expect(await page.locator('main').textContent()).toContain('Utrecht, Nieuwegracht 1');
    await complainantSees('Hoorzitting gepland');

    // The hearing day comes (time-skipping), and the secretary records it.
    const days = Math.ceil((Date.parse(`${date}T12:00:00Z`) - (await env.currentTimeMs())) / 86_400_000) + 1;
    await env.sleep(`${days} days`);
    await until((_s, all) => all.hearing?.allowedActions.includes('recordHearing') ?? false);
    await runAction(page, 'recordHearing', async () => {
      await page.locator('#f-held').check();
      await page.locator('#f-absentParties').check();
      await page.getByLabel('Verslag').fill('Beide partijen gehoord.');
    }, true);
    await until((s) => s.status === 'deliberation');
    await complainantSees('Commissie beraadslaagt');
  });

  it('has the chair draft the advice and a deputy chair approve it (four-eyes); the secretary cannot approve', async () => {
    await runAction(chair, 'issueAdvice', async () => {
      await chair.getByLabel('gegrond', { exact: true }).check();
      await chair.getByLabel('Motivering').fill('De school heeft onvoldoende gedaan om het pesten te stoppen.');
      await chair.getByLabel('Bindende maatregelen').fill('Stel een pestprotocol op en bespreek het met de ouders.');
      await chair.getByLabel('Termijn per maatregel (weken)').fill('6');
    }, true);
    const { complaint } = await until((s) => s.awaitingApproval.length > 0);
    const letterId = complaint.awaitingApproval[0];
    // The secretary sees the draft waiting, with no way to approve it.
    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    expect(await page.locator(`tr[data-letter="${letterId}"]`).textContent()).toContain('wacht op goedkeuring');
    expect(await page.locator(`tr[data-letter="${letterId}"] a[href*="approveLetter"]`).count()).toBe(0);

    const deputyContext = await browser.newContext({ bypassCSP: true, locale: 'nl-NL' });
    const deputy = await deputyContext.newPage();
    try {
      await logIn(deputy, 'dirk@lko.example.nl');
      await approveAsDeputy(deputy, letterId);
    } finally {
      await deputyContext.close();
    }
    await until((s) => s.awaitingApproval.length === 0 && (s.status === 'advice-issued' || s.status === 'compliance'));
    await complainantSees('Naleving van het advies');
  });


  it('records the school’s answer and verifies the measure, closing the case as complied with', async () => {
    // The board's answer is awaited while its term runs (beside compliance, as there are measures).
    await until((s) => s.allowedActions.includes('answerAdvice'));
    await runAction(page, 'answerAdvice', async () => {
      await page.locator('#f-acceptsFinding').check();
      await page.getByLabel('Hoe voert het de maatregelen uit?').fill('Wij stellen het protocol binnen zes weken op.');
    }, true);
    await until((_s, all) => (all.compliance?.measures?.length ?? 0) > 0);
    await runAction(page, 'reportMeasure', async () => {
      await page.locator('#f-measureId').check();
      await page.getByLabel('Wat heeft de school gedaan?').fill('Protocol vastgesteld op de MR-vergadering.');
    }, true);
    await until((_s, all) => all.compliance?.allowedActions.includes('verifyMeasure') ?? false);
    await runAction(page, 'verifyMeasure', async () => {
      await page.locator('#f-measureId').check();
      await page.locator('#f-accepted').check();
    }, true);
    await until((s) => s.status === 'advised-complied');
    await complainantSees('Advies nageleefd');
    await page.goto(`${server.url}/medewerkers/zaken/${caseNumber}`);
    expect(await page.getByTestId('status').textContent()).toBe('Advies nageleefd');
    await check(page, 'case-closed');
    await page.goto(`${server.url}/medewerkers/zaken?state=closed`);
    expect(await page.locator(`tr[data-case="${caseNumber}"]`).count()).toBe(1);
    await check(page, 'cases-closed');
    // Every read through the console was logged.
    const reads = await database.db('case_access_log').join('cases', 'cases.id', 'case_access_log.case_id').where('cases.case_number', caseNumber).where('case_access_log.action', 'like', 'console.%').count<{ count: string }[]>({ count: '*' });
    expect(Number(reads[0].count)).toBeGreaterThan(10);
  });
});
