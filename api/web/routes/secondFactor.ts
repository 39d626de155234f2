/**
 * The second factor's pages: the login's code step (/inloggen/code) and the enrolment of an
 * authenticator app (/tweestapsverificatie), for a logged-in staff member or for a login that must
 * enrol before it may go on. Codes are checked by api/portal/twoFactor.ts; wrong ones count against
 * the same atomic limiter as wrong passwords.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { LIMITS } from '../../portal/rateLimit';
import { checkSecondFactor, confirmEnrolment, enrolmentQr, groupedSecret, sessionEnrolmentSecret, twoFactorState, unsealTotpSecret, RECOVERY_CODE_COUNT } from '../../portal/twoFactor';
import { findUser, type StaffRole } from '../../portal/users';
import { recordAdminAction } from '../admin/audit';
import { recordLockouts, recordLoginCompleted, recordSecondFactor } from '../admin/loginAudit';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { translate } from '../i18n';
import { advanceLogin, pendingAt } from '../loginSteps';
import { renderPage } from '../render';
import { endSession } from '../context';
import { isStaffLanding } from '../staffMenu';

const CODE_FIELD: FieldSpec = { name: 'code', kind: 'text', labelKey: 'mfa.code', hintKey: 'mfa.code.hint', autocomplete: 'one-time-code' };
const ENROL_FIELD: FieldSpec = { name: 'code', kind: 'text', labelKey: 'mfa.enrol.code', hintKey: 'mfa.enrol.code.hint', autocomplete: 'one-time-code', inputmode: 'numeric' };

function typedCode(req: Request): string {
  const value = (req.body as Record<string, unknown> | undefined)?.code;
  return typeof value === 'string' ? value.trim().slice(0, 64) : '';
}

export function secondFactorRoutes(deps: { db: Knex; secret: string; requiredRoles: readonly StaffRole[] }): Router {
  const router = Router();
  const { db, secret, requiredRoles } = deps;

  // ------------------------------------------------------------------ the login's code step

  function renderCode(req: Request, res: Response, errors: FieldError[], status = 200) {
    const fields = [buildField(req.portal.lang, CODE_FIELD, {}, errors)];
    renderPage(req, res, 'staff-code', { titleKey: 'mfa.codeTitle', fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get('/inloggen/code', async (req, res) => {
    if (await pendingAt(db, req, res, 'second-factor', requiredRoles)) renderCode(req, res, []);
  });

  router.post('/inloggen/code', async (req, res) => {
    const pending = await pendingAt(db, req, res, 'second-factor', requiredRoles);
    if (!pending) return;
    const user = await findUser(db, pending.userId);
    if (!user) {
      await endSession(db, req, res);
      return res.redirect(303, '/inloggen');
    }
    const code = typedCode(req);
    if (!code) return renderCode(req, res, [{ field: 'code', message: translate(req.portal.lang, 'mfa.code.missing') }], 400);
    const attempt = await guessAttempt(db, [
      [LIMITS.staffLoginPerIp, clientIp(req)],
      [LIMITS.staffSecondFactorPerAccount, user.id],
    ]);
    const outcome = await checkSecondFactor(db, secret, user.id, code);
    await recordSecondFactor(db, req, user, outcome);
    if (!outcome) {
      await recordLockouts(db, req, user.email, attempt.filled, user);
      return renderCode(req, res, [{ field: 'code', message: translate(req.portal.lang, 'mfa.code.wrong') }], 400);
    }
    await attempt.succeeded();
    const next = await advanceLogin(db, req, res, { userId: user.id, name: user.name }, true, requiredRoles);
    if (isStaffLanding(next)) await recordLoginCompleted(db, req, user);
    res.redirect(303, next);
  });

  // ------------------------------------------------------------------ enrolment

  /** A logged-in staff member, or a login whose due step is the enrolment; otherwise redirected. */
  async function enrollee(req: Request, res: Response): Promise<{ userId: string; name: string; pending: boolean } | undefined> {
    const staff = partyOf(req, 'staff');
    if (staff) return { userId: staff.userId, name: staff.name, pending: false };
    const pending = await pendingAt(db, req, res, 'enrol', requiredRoles);
    return pending ? { userId: pending.userId, name: pending.name, pending: true } : undefined;
  }

  /** The secret being enrolled: kept sealed in the session, so reloading the page keeps the same QR code. */
  const enrolmentSecret = (req: Request) => sessionEnrolmentSecret(db, secret, req.portal.session!);

  async function renderEnrol(req: Request, res: Response, who: { userId: string; pending: boolean }, errors: FieldError[], status = 200) {
    const user = await findUser(db, who.userId);
    if (!user) {
      await endSession(db, req, res);
      return res.redirect(303, '/inloggen');
    }
    const state = await twoFactorState(db, user.id);
    if (state.enabled) return renderPage(req, res, 'staff-two-factor', { titleKey: 'mfa.title', enabled: true, enabledAt: state.enabledAt, codesLeft: state.recoveryCodesLeft }, status);
    const totpSecret = await enrolmentSecret(req);
    const { svg } = await enrolmentQr(user.email, totpSecret);
    const fields = [buildField(req.portal.lang, ENROL_FIELD, {}, errors)];
    renderPage(req, res, 'staff-two-factor', { titleKey: 'mfa.title', required: who.pending, qrSvg: svg, secretText: groupedSecret(totpSecret), email: user.email, fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get('/tweestapsverificatie', async (req, res) => {
    const who = await enrollee(req, res);
    if (who) await renderEnrol(req, res, who, []);
  });

  router.post('/tweestapsverificatie', async (req, res) => {
    const who = await enrollee(req, res);
    if (!who) return;
    const lang = req.portal.lang;
    const sealed = req.portal.session?.data.totpEnrolment?.sealedSecret;
    const totpSecret = sealed ? unsealTotpSecret(secret, sealed) : undefined;
    // No secret on the way (the page was never shown), or enrolled already (from another tab): a
    // second factor is replaced only after an administrator's reset, never by a stale form.
    if (!totpSecret || (await twoFactorState(db, who.userId)).enabled) return res.redirect(303, '/tweestapsverificatie');
    const code = typedCode(req).replace(/\s+/g, '');
    if (!code) return renderEnrol(req, res, who, [{ field: 'code', message: translate(lang, 'mfa.code.missing') }], 400);
    const attempt = await guessAttempt(db, [
      [LIMITS.staffLoginPerIp, clientIp(req)],
      [LIMITS.staffSecondFactorPerAccount, who.userId],
    ]);
    const codes = await confirmEnrolment(db, secret, who.userId, totpSecret, code);
    if (!codes) return renderEnrol(req, res, who, [{ field: 'code', message: translate(lang, 'mfa.enrol.wrong') }], 400);
    await attempt.succeeded();
    await recordAdminAction(db, { userId: who.userId, name: who.name, ip: req.ip }, { action: 'second-factor.enabled', targetType: 'user', targetId: who.userId });
    // The enrolment proved the second factor: a pending login goes on (a fresh session either way).
    const next = await advanceLogin(db, req, res, { userId: who.userId, name: who.name }, true, requiredRoles);
    const user = who.pending && isStaffLanding(next) ? await findUser(db, who.userId) : undefined;
    if (user) await recordLoginCompleted(db, req, user);
    // Shown once, on this response only; only their hashes are kept.
    renderPage(req, res, 'staff-two-factor', { titleKey: 'mfa.title', recoveryCodes: codes, count: RECOVERY_CODE_COUNT, next });
  });

  return router;
}
