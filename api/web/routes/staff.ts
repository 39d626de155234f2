/**
 * Staff login and logout. The secretary's console comes later; what exists now is the door: an
 * e-mail and password checked against a scrypt hash, rate-limited per account and per address, and
 * a fresh server-side session on success.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { authenticate, changeOwnPassword, endUserSessions } from '../../portal/users';
import { PASSWORD_MIN_LENGTH } from '../../portal/passwords';
import { LIMITS } from '../../portal/rateLimit';
import { endSession, ensureSession, startPartySession } from '../context';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { translate } from '../i18n';
import { renderPage } from '../render';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { mountOwnTokenPages } from '../ownTokenPages';
import { recordAdminAction } from '../admin/audit';
import { recordLogin } from '../admin/loginAudit';

const LOGIN_FIELDS: FieldSpec[] = [
  { name: 'email', kind: 'email', labelKey: 'field.email', autocomplete: 'username' },
  { name: 'password', kind: 'password', labelKey: 'field.password', autocomplete: 'current-password' },
];

const PASSWORD_FIELDS: FieldSpec[] = [
  { name: 'current', kind: 'password', labelKey: 'staff.password.current', autocomplete: 'current-password' },
  { name: 'password', kind: 'password', labelKey: 'staff.password.new', hintKey: 'staff.password.hint', autocomplete: 'new-password' },
  { name: 'repeat', kind: 'password', labelKey: 'staff.password.repeat', autocomplete: 'new-password' },
];

export function staffRoutes(deps: { db: Knex }): Router {
  const router = Router();

  function renderPassword(req: Request, res: Response, errors: FieldError[], status: number) {
    // Passwords are never echoed back into the form.
    const lang = req.portal.lang;
    const fields = PASSWORD_FIELDS.map((s) => buildField(lang, s, {}, errors)).map((f) => (f.hint ? { ...f, hint: f.hint.replace('{min}', String(PASSWORD_MIN_LENGTH)) } : f));
    renderPage(req, res, 'staff-password', { titleKey: 'staff.password.title', fields, errorSummary: errorSummary(fields) }, status);
  }

  function renderLogin(req: Request, res: Response, email: string, errors: FieldError[], status = 200) {
    const fields = LOGIN_FIELDS.map((s) => buildField(req.portal.lang, s, { email }, errors));
    renderPage(req, res, 'staff-login', { titleKey: 'staff.loginTitle', fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get('/inloggen', async (req, res) => {
    if (partyOf(req, 'staff')) return res.redirect(303, '/medewerkers');
    await ensureSession(deps.db, req, res);
    renderLogin(req, res, '', []);
  });

  router.post('/inloggen', async (req, res) => {
    const email = String(req.body?.email ?? '').trim().slice(0, 320);
    const password = String(req.body?.password ?? '').slice(0, 1024);
    const lang = req.portal.lang;
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: lang === 'nl' ? 'Vul uw e-mailadres in.' : 'Enter your e-mail address.' });
    if (!password) errors.push({ field: 'password', message: lang === 'nl' ? 'Vul uw wachtwoord in.' : 'Enter your password.' });
    if (errors.length) return renderLogin(req, res, email, errors, 400);
    // Hard limits per client and per account from this client; from anywhere an account only slows
    // down, so a guesser elsewhere cannot lock its owner out.
    const client = clientIp(req);
    const account = email.toLowerCase();
    const attempt = await guessAttempt(deps.db, [
      [LIMITS.staffLoginPerIp, client],
      [LIMITS.staffLoginPerAccount, `${account}|${client}`],
      [LIMITS.staffLoginPerAccountSlow, account],
    ]);
    const user = await authenticate(deps.db, email, password);
    await recordLogin(deps.db, req, email, user);
    if (user) await attempt.succeeded();
    if (!user) return renderLogin(req, res, email, [{ field: 'password', message: translate(lang, 'staff.loginFailed') }], 400);
    await startPartySession(deps.db, req, res, { kind: 'staff', userId: user.id, role: user.role, name: user.name });
    res.redirect(303, '/medewerkers');
  });

  // Any staff member changes their own password: the current one first (rate-limited like a
  // login), the new one twice. Every other session of theirs ends; this one starts afresh.
  router.get('/wachtwoord', (req, res) => {
    if (!partyOf(req, 'staff')) return res.redirect(303, '/inloggen');
    renderPassword(req, res, [], 200);
  });

  router.post('/wachtwoord', async (req, res) => {
    const staff = partyOf(req, 'staff');
    if (!staff) return res.redirect(303, '/inloggen');
    const lang = req.portal.lang;
    const current = String(req.body?.current ?? '').slice(0, 1024);
    const next = String(req.body?.password ?? '').slice(0, 1024);
    const repeat = String(req.body?.repeat ?? '').slice(0, 1024);
    const errors: FieldError[] = [];
    if (!current) errors.push({ field: 'current', message: translate(lang, 'staff.password.currentMissing') });
    if (next.length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', message: translate(lang, 'staff.password.tooShort', { min: PASSWORD_MIN_LENGTH }) });
    else if (next === current) errors.push({ field: 'password', message: translate(lang, 'staff.password.same') });
    if (repeat !== next) errors.push({ field: 'repeat', message: translate(lang, 'staff.password.mismatch') });
    if (errors.length) return renderPassword(req, res, errors, 400);
    const attempt = await guessAttempt(deps.db, [[LIMITS.staffLoginPerAccount, `user:${staff.userId}`]]);
    const changed = await changeOwnPassword(deps.db, staff.userId, current, next);
    if (changed !== 'wrong-current') await attempt.succeeded();
    if (changed === 'wrong-current') {
      return renderPassword(req, res, [{ field: 'current', message: translate(lang, 'staff.password.wrong') }], 400);
    }
    if (changed === 'guessable') return renderPassword(req, res, [{ field: 'password', message: translate(lang, 'staff.password.guessable') }], 400);
    await recordAdminAction(deps.db, { userId: staff.userId, name: staff.name, ip: req.ip }, { action: 'password.changed', targetType: 'user', targetId: staff.userId });
    await endUserSessions(deps.db, staff.userId);
    await startPartySession(deps.db, req, res, staff);
    renderPage(req, res, 'staff-password', { titleKey: 'staff.password.title', done: true });
  });

  mountOwnTokenPages(router, deps.db);

  /** One logout for every kind of session: the row is deleted, the cookie cleared. */
  router.post('/uitloggen', async (req, res) => {
    await endSession(deps.db, req, res);
    res.redirect(303, '/');
  });

  return router;
}
