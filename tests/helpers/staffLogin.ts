/**
 * Logs a staff member in through the real pages, second factor included: where the role requires
 * one, the first login enrols for real (reads the key shown on the enrolment page, answers with a
 * code otplib computes from it), and later logins answer with a fresh code from that key.
 *
 * The server refuses a code of a time step it has accepted before, so the helper keeps, per server
 * and account, the last step it used and moves on to the next one; when that step has not come yet
 * (more than two logins of one account within 30 seconds) it waits for it, as a person would.
 */
import { generate } from 'otplib';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { csrfOf, type WebClient } from './webClient';

const STEP_MS = 30_000;

/** Where each role lands after its login: its own work (api/web/staffMenu.ts). */
export const STAFF_LANDING = { secretary: '/medewerkers', chair: '/medewerkers', member: '/panel', admin: '/beheer' } as const;
/** The start pages a completed login may end at, for helpers that log in any role. */
export const STAFF_LANDINGS: readonly string[] = ['/medewerkers', '/panel', '/beheer'];

interface Enrolled {
  secret: string;
  lastStep: number;
}

const enrolled = new Map<string, Enrolled>();
/** A server (its base URL) as a WebClient or a browser test names it. */
type Server = { baseUrl: string };
const keyOf = (server: Server, email: string) => `${server.baseUrl}|${email.trim().toLowerCase()}`;

/** The TOTP secret the helper enrolled for this account on this server (for tests of the factor itself). */
export function enrolledSecret(web: Server, email: string): string | undefined {
  return enrolled.get(keyOf(web, email))?.secret;
}

/** Remembers a second factor enrolled by another helper (a board contact's), so nextCode serves it too. */
export function rememberEnrolment(server: Server, email: string, secret: string, step: number): void {
  enrolled.set(keyOf(server, email), { secret, lastStep: step });
}

/** A code for the next unused time step (waiting for that step to come within reach when needed). */
export async function nextCode(web: Server, email: string): Promise<string> {
  const known = enrolled.get(keyOf(web, email));
  if (!known) throw new Error(`no second factor enrolled by this helper for ${email}`);
  let nowStep = Math.floor(Date.now() / STEP_MS);
  const step = Math.max(nowStep, known.lastStep + 1);
  // The server accepts one step ahead of its clock; further ahead must wait.
  while (step > nowStep + 1) {
    await sleep((nowStep + 1) * STEP_MS - Date.now() + 200);
    nowStep = Math.floor(Date.now() / STEP_MS);
  }
  known.lastStep = step;
  return generate({ secret: known.secret, epoch: (step * STEP_MS) / 1000 });
}

export interface LoginResult {
  /** 303 once the login ended on a page (the enrolment's "continue" link counts as its redirect). */
  status: number;
  /** Where the login ended: /medewerkers, or a step the caller handles (e.g. /wachtwoord). */
  location: string | null;
  /** The recovery codes, when this login enrolled. */
  recoveryCodes?: string[];
}

async function postFromPage(web: WebClient, path: string, fields: Record<string, string>) {
  const page = await web.get(path);
  const token = csrfOf(page.text);
  if (!token) throw new Error(`no form on ${path} (status ${page.status})`);
  return { page, res: await web.postForm(path, { _csrf: token, ...fields }) };
}

/** Enrols on the enrolment page the session is at; returns the page the login continues to. */
export async function enrolOnPage(web: WebClient, email: string): Promise<LoginResult> {
  const page = await web.get('/tweestapsverificatie');
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.text)?.[1]?.replace(/ /g, '');
  if (!secret) throw new Error(`no TOTP key on the enrolment page (status ${page.status})`);
  const step = Math.floor(Date.now() / STEP_MS);
  const code = await generate({ secret, epoch: (step * STEP_MS) / 1000 });
  const res = await web.postForm('/tweestapsverificatie', { _csrf: csrfOf(page.text)!, code });
  if (res.status !== 200) return { status: res.status, location: res.location };
  enrolled.set(keyOf(web, email), { secret, lastStep: step });
  const recoveryCodes = [...res.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
  const next = /<a class="button" href="([^"]+)">/.exec(res.text)?.[1] ?? null;
  return { status: 303, location: next, recoveryCodes };
}

/**
 * Logs in with e-mail and password, then answers the second-factor steps. Stops at a step it cannot
 * answer (the forced password change unless `newPassword` is given) and at any refusal.
 */
export async function logInStaff(web: WebClient, email: string, password: string, opts: { newPassword?: string } = {}): Promise<LoginResult> {
  const token = await web.csrf('/inloggen');
  let res = await web.postForm('/inloggen', { _csrf: token, email, password });
  let result: LoginResult = { status: res.status, location: res.location };
  for (let i = 0; i < 4 && result.status === 303; i++) {
    if (result.location === '/inloggen/code') {
      res = (await postFromPage(web, '/inloggen/code', { code: await nextCode(web, email) })).res;
      result = { status: res.status, location: res.location };
    } else if (result.location === '/tweestapsverificatie') {
      result = await enrolOnPage(web, email);
    } else if (result.location === '/wachtwoord' && opts.newPassword) {
      res = (await postFromPage(web, '/wachtwoord', { current: password, password: opts.newPassword, repeat: opts.newPassword })).res;
      result = { status: res.status, location: res.location };
    } else break;
  }
  return result;
}

/** The same login in a browser: the form filled and submitted as a person would, codes from otplib. */
export async function logInStaffInBrowser(page: Page, baseUrl: string, email: string, password: string, visit?: (name: string) => Promise<void>): Promise<void> {
  const pathname = () => new URL(page.url()).pathname;
  const leaving = async (from: string) => {
    for (let i = 0; i < 300 && pathname() === from; i++) await sleep(100);
  };
  await page.goto(`${baseUrl}/inloggen`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await leaving('/inloggen');
  if (pathname() === '/inloggen/code') {
    await visit?.('staff-login-code');
    await page.getByLabel('Code', { exact: true }).fill(await nextCode({ baseUrl }, email));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await leaving('/inloggen/code');
  } else if (pathname() === '/tweestapsverificatie') {
    await visit?.('staff-2fa-enrol');
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    const step = Math.floor(Date.now() / STEP_MS);
    await page.getByLabel('Code uit de app').fill(await generate({ secret, epoch: (step * STEP_MS) / 1000 }));
    await page.getByRole('button', { name: 'Tweestapsverificatie inschakelen' }).click();
    await page.getByTestId('recovery-codes').waitFor({ timeout: 30_000 });
    enrolled.set(keyOf({ baseUrl }, email), { secret, lastStep: step });
    await visit?.('staff-2fa-recovery-codes');
    await page.getByRole('link', { name: 'Ik heb de codes bewaard, ga verder' }).click();
    await leaving('/tweestapsverificatie');
  }
}
