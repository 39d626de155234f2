/**
 * A board contact through the real pages: following the invitation (choosing a password), enrolling
 * the second factor (reads the key shown on the enrolment page, answers with a code otplib computes
 * from it), and later logins with e-mail, password and a fresh code from that key. Like the staff
 * helper (whose code-step bookkeeping it shares), each login uses the next time step.
 */
import { generate } from 'otplib';
import { expect } from 'vitest';
import { nextCode, rememberEnrolment } from './staffLogin';
import { csrfOf, type WebClient } from './webClient';

const STEP_MS = 30_000;

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
  rememberEnrolment(web, email, secret, step);
  return { recoveryCodes: [...res.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]) };
}

/** Logs an enrolled contact in: password, then a code. Returns where the code step sent the client. */
export async function logInBoardContact(web: WebClient, email: string, password: string): Promise<string | null> {
  const login = await web.get('/bestuur/inloggen');
  const res = await web.postForm('/bestuur/inloggen', { _csrf: csrfOf(login.text)!, email, password });
  expect(res.location).toBe('/bestuur/inloggen/code');
  const codePage = await web.get('/bestuur/inloggen/code');
  const done = await web.postForm('/bestuur/inloggen/code', { _csrf: csrfOf(codePage.text)!, code: await nextCode(web, email) });
  return done.location;
}
