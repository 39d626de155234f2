/**
 * Staff login and logout: an e-mail and password checked against a scrypt hash, rate-limited per
 * account and per address, then the steps still due (second factor, forced password change,
 * required enrolment; see ../loginSteps.ts), and a fresh server-side session on each step.
 */
import { currentConfig } from '../../../platform/config';
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { authenticate, changeOwnPassword, endUserSessions, findUser, type StaffRole } from '../../portal/users';
import { parseTwoFactorRoles } from '../../portal/twoFactor';
import { PASSWORD_MIN_LENGTH } from '../../portal/passwords';
import { LIMITS } from '../../portal/rateLimit';
import { endSession, ensureSession, startPartySession } from '../context';
import { buildField, errorSummary, type FieldError, type FieldSpec, fieldText } from '../forms';
import { translate } from '../i18n';
import { renderPage } from '../render';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { isStaffLanding, staffLanding } from '../staffMenu';
import { mountOwnTokenPages } from '../ownTokenPages';
import { recordAdminAction } from '../admin/audit';
import { recordLockouts, recordLogin, recordLoginCompleted } from '../admin/loginAudit';
import { advanceLogin, pendingAt, pendingStepPath } from '../loginSteps';
import { secondFactorRoutes } from './secondFactor';

const LOGIN_FIELDS: FieldSpec[] = [
  { name: 'email', kind: 'email', labelKey: 'field.email', autocomplete: 'username' },
  { name: 'password', kind: 'password', labelKey: 'field.password', autocomplete: 'current-password' },
];

const PASSWORD_FIELDS: FieldSpec[] = [
  { name: 'current', kind: 'password', labelKey: 'staff.password.current', autocomplete: 'current-password' },
  { name: 'password', kind: 'password', labelKey: 'staff.password.new', hintKey: 'staff.password.hint', autocomplete: 'new-password' },
  { name: 'repeat', kind: 'password', labelKey: 'staff.password.repeat', autocomplete: 'new-password' },
];

export function staffRoutes(deps: { db: Knex; secret: string; twoFactorRoles?: readonly StaffRole[] }): Router {
  const router = Router();
  // Which roles must have a second factor (STAFF_2FA_ROLES; default admin and chair).
  const requiredRoles = deps.twoFactorRoles ?? parseTwoFactorRoles(currentConfig().staffTwoFactorRoles);

  function renderPassword(req: Request, res: Response, errors: FieldError[], status: number) {
    // Passwords are never echoed back into the form.
    const lang = req.portal.lang;
    const fields = PASSWORD_FIELDS.map((s) => buildField(lang, s, {}, errors)).map((f) => (f.hint ? { ...f, hint: f.hint.replace('{min}', String(PASSWORD_MIN_LENGTH)) } : f));
    const forced = partyOf(req, 'staff-pending') !== undefined;
    renderPage(req, res, 'staff-password', { titleKey: 'staff.password.title', fields, errorSummary: errorSummary(fields), forced }, status);
  }

  /** Who changes their password: a staff member, or a login that must change an admin-set one first. */
  async function passwordChanger(req: Request, res: Response): Promise<{ userId: string; role: string; name: string; secondFactorPassed?: boolean; pending: boolean } | undefined> {
    const staff = partyOf(req, 'staff');
    if (staff) return { ...staff, pending: false };
    if (!partyOf(req, 'staff-pending')) {
      res.redirect(303, '/inloggen');
      return undefined;
    }
    const pending = await pendingAt(deps.db, req, res, 'password', requiredRoles);
    return pending ? { ...pending, pending: true } : undefined;
  }

  function renderLogin(req: Request, res: Response, email: string, errors: FieldError[], status = 200) {
    const fields = LOGIN_FIELDS.map((s) => buildField(req.portal.lang, s, { email }, errors));
    renderPage(req, res, 'staff-login', { titleKey: 'staff.loginTitle', fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get('/inloggen', async (req, res) => {
    const staff = partyOf(req, 'staff');
    if (staff) return res.redirect(303, staffLanding(staff.role));
    // Half-way a login: back to the step that is due (the only pages such a session may see).
    const step = await pendingStepPath(deps.db, req, requiredRoles);
    if (step) return res.redirect(303, step);
    await ensureSession(deps.db, req, res);
    renderLogin(req, res, '', []);
  });

  router.post('/inloggen', async (req, res) => {
    const email = fieldText(req.body?.email, '').trim().slice(0, 320);
    const password = fieldText(req.body?.password, '').slice(0, 1024);
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
    if (!user) {
      await recordLogin(deps.db, req, email, undefined);
      await recordLockouts(deps.db, req, email, attempt.filled);
      return renderLogin(req, res, email, [{ field: 'password', message: translate(lang, 'staff.loginFailed') }], 400);
    }
    await attempt.succeeded();
    const next = await advanceLogin(deps.db, req, res, { userId: user.id, name: user.name }, false, requiredRoles);
    // Logged in only when nothing is due; otherwise the password was right and a step follows.
    await recordLogin(deps.db, req, email, user, isStaffLanding(next) ? 'complete' : 'password-only');
    res.redirect(303, next);
  });

  router.use(secondFactorRoutes({ db: deps.db, secret: deps.secret, requiredRoles }));

  // Any staff member changes their own password: the current one first (rate-limited like a
  // login), the new one twice. Every other session of theirs ends; this one starts afresh.
  router.get('/wachtwoord', async (req, res) => {
    if (await passwordChanger(req, res)) renderPassword(req, res, [], 200);
  });

  router.post('/wachtwoord', async (req, res) => {
    const staff = await passwordChanger(req, res);
    if (!staff) return;
    const lang = req.portal.lang;
    const current = fieldText(req.body?.current, '').slice(0, 1024);
    const next = fieldText(req.body?.password, '').slice(0, 1024);
    const repeat = fieldText(req.body?.repeat, '').slice(0, 1024);
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
    // A forced change done: the login goes on to what is still due (or to the start page).
    if (staff.pending) {
      const next = await advanceLogin(deps.db, req, res, { userId: staff.userId, name: staff.name }, staff.secondFactorPassed === true, requiredRoles);
      const user = isStaffLanding(next) ? await findUser(deps.db, staff.userId) : undefined;
      if (user) await recordLoginCompleted(deps.db, req, user);
      return res.redirect(303, next);
    }
    await startPartySession(deps.db, req, res, { kind: 'staff', userId: staff.userId, role: staff.role, name: staff.name });
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
