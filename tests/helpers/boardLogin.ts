/**
 * A board contact through the real pages: following the invitation (choosing a password), enrolling
 * the second factor (reads the key shown on the enrolment page, answers with a code otplib computes
 * from it), and later logins with e-mail, password and a fresh code from that key. Like the staff
 * helper, it remembers the last time step it used and moves to the next one.
 */
import { generate } from 'otplib';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { csrfOf, type WebClient } from './webClient';

const STEP_MS = 30_000;
const enrolled = new Map<string, { secret: string; lastStep: number }>();
const keyOf = (web: WebClient, email: string) => `${web.baseUrl}|${email.toLowerCase()}`;

async function codeFor(web: WebClient, email: string): Promise<string> {
  const known = enrolled.get(keyOf(web, email));
  if (!known) throw new Error(`no second factor enrolled by this helper for ${email}`);
  let nowStep = Math.floor(Date.now() / STEP_MS);
  const step = Math.max(nowStep, known.lastStep + 1);
  while (step > nowStep + 1) {
    await sleep((nowStep + 1) * STEP_MS - Date.now() + 200);
    nowStep = Math.floor(Date.now() / STEP_MS);
  }
  known.lastStep = step;
  return generate({ secret: known.secret, epoch: (step * STEP_MS) / 1000 });
}

/** Accepts an invitation (its URL's path) with this password and enrols the second factor; the client is then logged in. */
export async function acceptBoardInvitation(web: WebClient, invitePath: string, email: string, password: string): Promise<{ recoveryCodes: string[] }> {
  const form = await web.get(invitePath);
  expect(form.status).toBe(200);
  const set = await web.postForm(invitePath, { _csrf: csrfOf(form.text)!, password, repeat: password });
  expect(set.location).toBe('/bestuur/tweestapsverificatie');
  const page = await web.get('/bestuur/tweestapsverificatie');
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(page.text)?.[1]?.replace(/ /g, '');
  if (!secret) throw new Error(`no TOTP key on the enrolment page (status ${page.status})`);
  const step = Math.floor(Date.now() / STEP_MS);
  const res = await web.postForm('/bestuur/tweestapsverificatie', { _csrf: csrfOf(page.text)!, code: await generate({ secret, epoch: (step * STEP_MS) / 1000 }) });
  expect(res.status).toBe(200);
  enrolled.set(keyOf(web, email), { secret, lastStep: step });
  return { recoveryCodes: [...res.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]) };
}

/** Logs an enrolled contact in: password, then a code. Returns where the code step sent the client. */
export async function logInBoardContact(web: WebClient, email: string, password: string): Promise<string | null> {
  const login = await web.get('/bestuur/inloggen');
  const res = await web.postForm('/bestuur/inloggen', { _csrf: csrfOf(login.text)!, email, password });
  expect(res.location).toBe('/bestuur/inloggen/code');
  const codePage = await web.get('/bestuur/inloggen/code');
  const done = await web.postForm('/bestuur/inloggen/code', { _csrf: csrfOf(codePage.text)!, code: await codeFor(web, email) });
  return done.location;
}
