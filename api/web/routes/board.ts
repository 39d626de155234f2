/**
 * Board accounts (/bestuur): a school board's contact persons log in with a password and a second
 * factor, see every case of the board's schools their role allows, act on each with the school
 * case pages the per-case link opens too (parties/schoolCasePages.ts), and — a managing contact —
 * invite and disable the board's other contacts. Each request reads the contact again, so a
 * disabled contact's session ends at once; a case outside the contact's reach is a plain 404.
 *
 * The login: /bestuur/inloggen (e-mail, password) → /bestuur/inloggen/code (the authenticator's
 * code, or a recovery code), or at the first login /bestuur/tweestapsverificatie (enrolment). The
 * second factor is the staff accounts' code (api/portal/twoFactor.ts) on the board_contacts table.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { currentConfig, type MailConfig } from '../../../platform/config';
import { isClosed, STATUS_LABELS, type CaseStatus } from '../../../domain/caseStatus';
import {
  acceptInvite,
  authenticateContact,
  caseForContact,
  contactActorId,
  contactForInvite,
  disableContact,
  findContact,
  listContacts,
  mayAct,
  type BoardContact,
} from '../../portal/boardContacts';
import { contactCaseList } from '../../../platform/store/boardContacts';
import { BOARD_CONTACT_ACCOUNTS, checkSecondFactor, confirmEnrolment, enrolmentQr, groupedSecret, RECOVERY_CODE_COUNT, sessionEnrolmentSecret, twoFactorState, unsealTotpSecret } from '../../portal/twoFactor';
import { PASSWORD_MIN_LENGTH } from '../../portal/passwords';
import { LIMITS } from '../../portal/rateLimit';
import { findCase } from '../../../platform/store/cases';
import { recordAdminAction } from '../admin/audit';
import { endSession, ensureSession, startPartySession } from '../context';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { messageKey, translate } from '../i18n';
import { renderPage } from '../render';
import { openForms, procedureStates } from '../parties/actionForms';
import { SCHOOL_FORMS } from '../parties/procedureForms';
import { schoolCasePages } from '../parties/schoolCasePages';
import { boardSchools, inviteFromForm, renderInvited, inviteFields } from '../boards/invite';

const LOGIN_FIELDS: FieldSpec[] = [
  { name: 'email', kind: 'email', labelKey: 'field.email', autocomplete: 'username' },
  { name: 'password', kind: 'password', labelKey: 'field.password', autocomplete: 'current-password' },
];
const CODE_FIELD: FieldSpec = { name: 'code', kind: 'text', labelKey: 'mfa.code', hintKey: 'mfa.code.hint', autocomplete: 'one-time-code' };
const ENROL_FIELD: FieldSpec = { name: 'code', kind: 'text', labelKey: 'mfa.enrol.code', hintKey: 'mfa.enrol.code.hint', autocomplete: 'one-time-code', inputmode: 'numeric' };
const PASSWORD_FIELDS: FieldSpec[] = [
  { name: 'password', kind: 'password', labelKey: 'staff.password.new', hintKey: 'staff.password.hint', autocomplete: 'new-password' },
  { name: 'repeat', kind: 'password', labelKey: 'staff.password.repeat', autocomplete: 'new-password' },
];

const LOGIN = '/bestuur/inloggen';
const CODE = '/bestuur/inloggen/code';
const ENROL = '/bestuur/tweestapsverificatie';
const HOME = '/bestuur';

function field(req: Request, name: string, max = 1024): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

declare module 'express-serve-static-core' {
  interface Locals {
    boardContact?: BoardContact;
  }
}

export function boardRoutes(deps: { db: Knex; temporal: Client; secret: string; mail?: Pick<MailConfig, 'smtpUrl' | 'from'> }): Router {
  const router = Router();
  const { db, secret } = deps;

  // ------------------------------------------------------------------ who is logged in

  /** The logged-in contact, read again (a disabled contact's session ends); otherwise to the login. */
  const requireContact = async (req: Request, res: Response, next: NextFunction) => {
    const party = partyOf(req, 'board');
    const contact = party ? await findContact(db, party.contactId) : undefined;
    if (!contact || contact.boardNumber !== party!.boardNumber) {
      if (party) await endSession(db, req, res);
      return res.redirect(303, LOGIN);
    }
    res.locals.boardContact = contact;
    next();
  };
  const contactOf = (res: Response) => res.locals.boardContact!;

  /** The pending login's contact (password proven), when its due step is `step`; otherwise redirected. */
  async function pendingAt(req: Request, res: Response, step: 'code' | 'enrol'): Promise<BoardContact | undefined> {
    const pending = partyOf(req, 'board-pending');
    const contact = pending ? await findContact(db, pending.contactId) : undefined;
    if (!contact) {
      if (pending) await endSession(db, req, res);
      res.redirect(303, LOGIN);
      return undefined;
    }
    const enrolled = (await twoFactorState(db, contact.id, BOARD_CONTACT_ACCOUNTS)).enabled;
    const due = enrolled ? 'code' : 'enrol';
    if (due !== step) {
      res.redirect(303, due === 'code' ? CODE : ENROL);
      return undefined;
    }
    return contact;
  }

  async function proven(req: Request, res: Response, contact: BoardContact): Promise<void> {
    await startPartySession(db, req, res, { kind: 'board', contactId: contact.id, boardNumber: contact.boardNumber, name: contact.name, canManage: contact.canManage });
  }

  // ------------------------------------------------------------------ login

  function renderLogin(req: Request, res: Response, email: string, errors: FieldError[], status = 200) {
    const fields = LOGIN_FIELDS.map((s) => buildField(req.portal.lang, s, { email }, errors));
    renderPage(req, res, 'board-login', { titleKey: 'board.loginTitle', fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get(LOGIN, async (req, res) => {
    if (partyOf(req, 'board')) return res.redirect(303, HOME);
    await ensureSession(db, req, res);
    renderLogin(req, res, '', []);
  });

  router.post(LOGIN, async (req, res) => {
    const lang = req.portal.lang;
    const email = field(req, 'email', 320).trim();
    const password = field(req, 'password');
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: translate(lang, 'board.login.emailMissing') });
    if (!password) errors.push({ field: 'password', message: translate(lang, 'board.login.passwordMissing') });
    if (errors.length) return renderLogin(req, res, email, errors, 400);
    const client = clientIp(req);
    const account = `board:${email.toLowerCase()}`;
    const attempt = await guessAttempt(db, [
      [LIMITS.staffLoginPerIp, client],
      [LIMITS.staffLoginPerAccount, `${account}|${client}`],
      [LIMITS.staffLoginPerAccountSlow, account],
    ]);
    const contact = await authenticateContact(db, email, password);
    if (!contact) return renderLogin(req, res, email, [{ field: 'password', message: translate(lang, 'staff.loginFailed') }], 400);
    await attempt.succeeded();
    await startPartySession(db, req, res, { kind: 'board-pending', contactId: contact.id });
    const enrolled = (await twoFactorState(db, contact.id, BOARD_CONTACT_ACCOUNTS)).enabled;
    res.redirect(303, enrolled ? CODE : ENROL);
  });

  function renderCode(req: Request, res: Response, errors: FieldError[], status = 200) {
    const fields = [buildField(req.portal.lang, CODE_FIELD, {}, errors)];
    renderPage(req, res, 'staff-code', { titleKey: 'mfa.codeTitle', formAction: CODE, fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get(CODE, async (req, res) => {
    if (await pendingAt(req, res, 'code')) renderCode(req, res, []);
  });

  router.post(CODE, async (req, res) => {
    const contact = await pendingAt(req, res, 'code');
    if (!contact) return;
    const code = field(req, 'code', 64).trim();
    if (!code) return renderCode(req, res, [{ field: 'code', message: translate(req.portal.lang, 'mfa.code.missing') }], 400);
    const attempt = await guessAttempt(db, [
      [LIMITS.staffLoginPerIp, clientIp(req)],
      [LIMITS.staffSecondFactorPerAccount, `board:${contact.id}`],
    ]);
    const outcome = await checkSecondFactor(db, secret, contact.id, code, BOARD_CONTACT_ACCOUNTS);
    if (!outcome) return renderCode(req, res, [{ field: 'code', message: translate(req.portal.lang, 'mfa.code.wrong') }], 400);
    await attempt.succeeded();
    await proven(req, res, contact);
    res.redirect(303, HOME);
  });

  async function renderEnrol(req: Request, res: Response, contact: BoardContact, errors: FieldError[], status = 200) {
    const totpSecret = await sessionEnrolmentSecret(db, secret, req.portal.session!);
    const { svg } = await enrolmentQr(contact.email, totpSecret);
    const fields = [buildField(req.portal.lang, ENROL_FIELD, {}, errors)];
    renderPage(req, res, 'staff-two-factor', { titleKey: 'mfa.title', formAction: ENROL, required: true, qrSvg: svg, secretText: groupedSecret(totpSecret), email: contact.email, fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get(ENROL, async (req, res) => {
    const contact = await pendingAt(req, res, 'enrol');
    if (contact) await renderEnrol(req, res, contact, []);
  });

  router.post(ENROL, async (req, res) => {
    const contact = await pendingAt(req, res, 'enrol');
    if (!contact) return;
    const lang = req.portal.lang;
    const sealed = req.portal.session?.data.totpEnrolment?.sealedSecret;
    const totpSecret = sealed ? unsealTotpSecret(secret, sealed) : undefined;
    if (!totpSecret) return res.redirect(303, ENROL);
    const code = field(req, 'code', 64).replace(/\s+/g, '');
    if (!code) return renderEnrol(req, res, contact, [{ field: 'code', message: translate(lang, 'mfa.code.missing') }], 400);
    const attempt = await guessAttempt(db, [
      [LIMITS.staffLoginPerIp, clientIp(req)],
      [LIMITS.staffSecondFactorPerAccount, `board:${contact.id}`],
    ]);
    const codes = await confirmEnrolment(db, secret, contact.id, totpSecret, code, BOARD_CONTACT_ACCOUNTS);
    if (!codes) return renderEnrol(req, res, contact, [{ field: 'code', message: translate(lang, 'mfa.enrol.wrong') }], 400);
    await attempt.succeeded();
    await proven(req, res, contact);
    // Shown once, on this response only; only their hashes are kept.
    renderPage(req, res, 'staff-two-factor', { titleKey: 'mfa.title', recoveryCodes: codes, count: RECOVERY_CODE_COUNT, next: HOME });
  });

  // ------------------------------------------------------------------ invitation: choose a password

  function renderInvite(req: Request, res: Response, contact: BoardContact, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const fields = PASSWORD_FIELDS.map((s) => buildField(lang, s, {}, errors)).map((f) => (f.hint ? { ...f, hint: f.hint.replace('{min}', String(PASSWORD_MIN_LENGTH)) } : f));
    renderPage(req, res, 'board-invite', { titleKey: 'board.invite.title', contact, fields, errorSummary: errorSummary(fields) }, status);
  }

  async function invitation(req: Request): Promise<BoardContact> {
    const attempt = await guessAttempt(db, [[LIMITS.schoolTokenPerIp, clientIp(req)]]);
    const contact = await contactForInvite(db, String(req.params.token));
    if (!contact) throw new PageNotFound('board.invite.invalid');
    await attempt.succeeded();
    return contact;
  }

  router.get('/bestuur/uitnodiging/:token', async (req, res) => {
    const contact = await invitation(req);
    await ensureSession(db, req, res);
    renderInvite(req, res, contact, []);
  });

  router.post('/bestuur/uitnodiging/:token', async (req, res) => {
    const contact = await invitation(req);
    const lang = req.portal.lang;
    const password = field(req, 'password');
    const repeat = field(req, 'repeat');
    const errors: FieldError[] = [];
    if (password.length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', message: translate(lang, 'staff.password.tooShort', { min: PASSWORD_MIN_LENGTH }) });
    if (repeat !== password) errors.push({ field: 'repeat', message: translate(lang, 'staff.password.mismatch') });
    if (errors.length) return renderInvite(req, res, contact, errors, 400);
    const accepted = await acceptInvite(db, String(req.params.token), password);
    if (accepted === 'guessable' || accepted === 'too-short') return renderInvite(req, res, contact, [{ field: 'password', message: translate(lang, 'staff.password.guessable') }], 400);
    if (!accepted) throw new PageNotFound('board.invite.invalid');
    // The invitation proved the person as far as a password does; the second factor is enrolled next.
    await startPartySession(db, req, res, { kind: 'board-pending', contactId: accepted.id });
    res.redirect(303, ENROL);
  });

  // ------------------------------------------------------------------ the board's cases

  router.get(HOME, requireContact, async (req, res) => {
    const contact = contactOf(res);
    const lang = req.portal.lang;
    const rows = await contactCaseList(db, contact);
    const cases = await Promise.all(
      rows.map(async (r) => {
        const status = r.status as CaseStatus;
        let asked: string[] = [];
        // What the board is asked to do now: the forms the workflow has open for the school.
        if (!isClosed(status) && mayAct(contact)) {
          const states = await procedureStates(deps.temporal, r.case_number);
          const who = { caseId: '', caseNumber: r.case_number, actor: { userId: contactActorId(contact.id), role: 'school' as const }, party: 'school' as const, respondent: 'school', hearingParty: 'school' as const };
          asked = [
            ...(states.complaint?.allowedActions.includes('submitDefence') ? [translate(lang, 'school.defenceTitle')] : []),
            ...openForms(SCHOOL_FORMS, states, who, lang, '').map((f) => f.label),
          ];
        }
        return {
          caseNumber: r.case_number,
          school: `${r.school_name} (${r.school_brin})`,
          status: STATUS_LABELS[status]?.[lang] ?? status,
          nextDeadline: r.next_deadline,
          asked,
          closed: isClosed(status),
        };
      }),
    );
    renderPage(req, res, 'board-cases', {
      titleKey: 'board.cases.title',
      contact,
      roleLabel: translate(lang, messageKey(`board.role.${contact.role}`)),
      cases,
      canManage: contact.canManage,
    });
  });

  const requireCase = async (req: Request, res: Response, next: NextFunction) => {
    await requireContact(req, res, async () => {
      const row = await caseForContact(db, contactOf(res), String(req.params.caseNumber));
      if (!row) return next(new PageNotFound());
      next();
    });
  };

  router.use(
    schoolCasePages(deps, {
      base: '/bestuur/zaken/:caseNumber',
      guard: (req, res, next) => requireCase(req, res, next).catch(next),
      resolve: async (req) => {
        const contact = (req.res as Response).locals.boardContact!;
        const row = (await findCase(db, String(req.params.caseNumber)))!;
        return { caseId: row.id, caseNumber: row.case_number, actorId: contactActorId(contact.id), canAct: mayAct(contact) };
      },
      extra: () => ({ overviewHref: HOME }),
    }),
  );

  // ------------------------------------------------------------------ the board's own contacts

  const requireManager = async (req: Request, res: Response, next: NextFunction) => {
    await requireContact(req, res, () => {
      if (!contactOf(res).canManage) return next(new PageNotFound());
      next();
    });
  };

  async function renderContacts(req: Request, res: Response, values: Record<string, string>, errors: FieldError[], status = 200) {
    const contact = contactOf(res);
    const lang = req.portal.lang;
    const schools = await boardSchools(db, contact.boardNumber);
    const fields = inviteFields(lang, schools, values, errors);
    const contacts = (await listContacts(db, contact.boardNumber)).map((c) => ({ ...c, roleLabel: translate(lang, messageKey(`board.role.${c.role}`)), self: c.id === contact.id }));
    renderPage(req, res, 'board-contacts', {
      titleKey: 'board.contacts.title',
      contacts,
      fields,
      action: '/bestuur/contactpersonen',
      disableBase: '/bestuur/contactpersonen',
      notice: req.query.gedaan === 'uitgeschakeld' ? translate(lang, 'board.contacts.disabled') : undefined,
      errorSummary: errorSummary(fields),
    }, status);
  }

  router.get('/bestuur/contactpersonen', (req, res, next) => requireManager(req, res, next).catch(next), async (req, res) => {
    await renderContacts(req, res, {}, []);
  });

  router.post('/bestuur/contactpersonen', (req, res, next) => requireManager(req, res, next).catch(next), async (req, res) => {
    const contact = contactOf(res);
    const outcome = await inviteFromForm(db, deps.mail ?? currentConfig().mail, req, contact.boardNumber, { actorId: contactActorId(contact.id), name: contact.name });
    if ('errors' in outcome) return renderContacts(req, res, outcome.values, outcome.errors, 400);
    renderInvited(req, res, outcome, HOME + '/contactpersonen');
  });

  router.post('/bestuur/contactpersonen/:id/uitschakelen', (req, res, next) => requireManager(req, res, next).catch(next), async (req, res) => {
    const contact = contactOf(res);
    const id = String(req.params.id);
    // Not oneself: a board always keeps the manager who is acting.
    if (id === contact.id || !(await disableContact(db, contact.boardNumber, id))) throw new PageNotFound();
    await recordAdminAction(db, { userId: contactActorId(contact.id), name: contact.name, ip: req.ip }, { action: 'board-contact.disabled', targetType: 'board-contact', targetId: id, data: { board: contact.boardNumber } });
    res.redirect(303, '/bestuur/contactpersonen?gedaan=uitgeschakeld');
  });

  return router;
}
