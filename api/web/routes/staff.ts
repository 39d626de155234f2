/**
 * Staff login and logout. The secretary's console comes later; what exists now is the door: an
 * e-mail and password checked against a scrypt hash, rate-limited per account and per address, and
 * a fresh server-side session on success.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { authenticate } from '../../portal/users';
import { LIMITS } from '../../portal/rateLimit';
import { endSession, ensureSession, startPartySession } from '../context';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { translate } from '../i18n';
import { renderPage } from '../render';
import { assertNotBlocked, clientIp, partyOf, recordFailure } from '../guards';

const LOGIN_FIELDS: FieldSpec[] = [
  { name: 'email', kind: 'email', labelKey: 'field.email', autocomplete: 'username' },
  { name: 'password', kind: 'password', labelKey: 'field.password', autocomplete: 'current-password' },
];

export function staffRoutes(deps: { db: Knex }): Router {
  const router = Router();

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
    const limits: Parameters<typeof recordFailure>[1] = [
      [LIMITS.staffLoginPerIp, clientIp(req)],
      [LIMITS.staffLoginPerAccount, email.toLowerCase()],
    ];
    await assertNotBlocked(deps.db, limits);
    const user = await authenticate(deps.db, email, password);
    if (!user) await recordFailure(deps.db, limits);
    if (!user) return renderLogin(req, res, email, [{ field: 'password', message: translate(lang, 'staff.loginFailed') }], 400);
    await startPartySession(deps.db, req, res, { kind: 'staff', userId: user.id, role: user.role, name: user.name });
    res.redirect(303, '/medewerkers');
  });

  router.get('/medewerkers', (req, res) => {
    if (!partyOf(req, 'staff')) return res.redirect(303, '/inloggen');
    renderPage(req, res, 'staff-home', { titleKey: 'staff.homeTitle' });
  });

  /** One logout for every kind of session: the row is deleted, the cookie cleared. */
  router.post('/uitloggen', async (req, res) => {
    await endSession(deps.db, req, res);
    res.redirect(303, '/');
  });

  return router;
}
