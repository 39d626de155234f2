/**
 * A board contact's e-mailed one-time login link (api/portal/boardLoginLinks.ts):
 *
 * - /bestuur/inloggen/link: the contact gives their e-mail address; the answer is the same whether
 *   the address belongs to a contact or not, so the form tells nobody who has an account. Requests
 *   are limited per client and per address, so nobody's mailbox is flooded.
 * - /bestuur/inloggen/link/:token shows a button, and only pressing it (a POST) spends the link:
 *   mail scanners that open every link in a message would otherwise use it up before the person.
 *
 * A spent link starts the board session that password plus second factor would, and is audited.
 */
import { EMAIL_ADDRESS } from '../../../domain/intake';
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { currentConfig, type MailConfig } from '../../../platform/config';
import { sendNoticeInBackground } from '../../../platform/mail/notice';
import { contactActorId } from '../../portal/boardContacts';
import { isLiveLoginLink, issueLoginLink, LINK_MINUTES, spendLoginLink } from '../../portal/boardLoginLinks';
import { LIMITS } from '../../portal/rateLimit';
import { baseUrl } from '../../publicBaseUrl';
import { recordAdminAction } from '../admin/audit';
import { ensureSession, startPartySession } from '../context';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, fieldText, type FieldError, type FieldSpec } from '../forms';
import { clientIp, guessAttempt, partyOf, rateLimit } from '../guards';
import { translate, type Lang } from '../i18n';
import { renderPage } from '../render';

const REQUEST = '/bestuur/inloggen/link';
const FIELDS: FieldSpec[] = [{ name: 'email', kind: 'email', labelKey: 'field.email', autocomplete: 'username' }];

function loginLinkMail(lang: Lang, name: string, boardName: string, url: string): { subject: string; text: string } {
  const vars = { name, board: boardName, url, minutes: LINK_MINUTES };
  return { subject: translate(lang, 'board.loginLink.mail.subject'), text: translate(lang, 'board.loginLink.mail.text', vars) };
}

export function boardLoginLinkRoutes(deps: { db: Knex; mail?: Pick<MailConfig, 'smtpUrl' | 'from'> }): Router {
  const router = Router();
  const { db } = deps;

  function renderRequest(req: Request, res: Response, email: string, errors: FieldError[], opts: { sent?: boolean; status?: number } = {}) {
    const fields = FIELDS.map((s) => buildField(req.portal.lang, s, { email }, errors));
    renderPage(req, res, 'board-login-link', { titleKey: 'board.loginLink.title', fields, sent: opts.sent ?? false, minutes: LINK_MINUTES, errorSummary: errorSummary(fields) }, opts.status);
  }

  router.get(REQUEST, async (req, res) => {
    if (partyOf(req, 'board')) return res.redirect(303, '/bestuur');
    await ensureSession(db, req, res);
    renderRequest(req, res, '', []);
  });

  router.post(REQUEST, async (req, res) => {
    const lang = req.portal.lang;
    const email = fieldText(req.body?.email).trim().slice(0, 320);
    if (!EMAIL_ADDRESS.test(email)) return renderRequest(req, res, email, [{ field: 'email', message: translate(lang, email ? 'register.error.email' : 'board.login.emailMissing') }], { status: 400 });
    await rateLimit(db, [[LIMITS.boardLoginLinkPerIp, clientIp(req)], [LIMITS.boardLoginLinkPerAddress, email.toLowerCase()]], 'email');
    const issued = await issueLoginLink(db, email, req.ip);
    if (issued) {
      const { contact, token } = issued;
      const mail = loginLinkMail(lang, contact.name, contact.boardName, `${baseUrl(req)}${REQUEST}/${token}`);
      sendNoticeInBackground(deps.mail ?? currentConfig().mail, { to: [{ name: contact.name, address: contact.email }], ...mail }, { contact: contact.id, notice: 'board-login-link' });
    }
    // The same page whether or not the address has an account.
    renderRequest(req, res, '', [], { sent: true });
  });

  /** The link's token, when it is live; an unknown, spent or expired link is a 404 (counted per client). */
  async function liveToken(req: Request): Promise<string> {
    const token = String(req.params.token);
    const attempt = await guessAttempt(db, [[LIMITS.schoolTokenPerIp, clientIp(req)]]);
    if (!(await isLiveLoginLink(db, token))) throw new PageNotFound('board.loginLink.invalid');
    await attempt.succeeded();
    return token;
  }

  router.get(`${REQUEST}/:token`, async (req, res) => {
    const token = await liveToken(req);
    await ensureSession(db, req, res);
    renderPage(req, res, 'board-login-link-confirm', { titleKey: 'board.loginLink.confirmTitle', formAction: `${REQUEST}/${token}` });
  });

  router.post(`${REQUEST}/:token`, async (req, res) => {
    const token = await liveToken(req);
    const contact = await spendLoginLink(db, token);
    if (!contact) throw new PageNotFound('board.loginLink.invalid');
    await recordAdminAction(db, { userId: contactActorId(contact.id), name: contact.name, ip: req.ip }, { action: 'board-contact.login-link-used', targetType: 'board-contact', targetId: contact.id, data: { board: contact.boardNumber } });
    await startPartySession(db, req, res, { kind: 'board', contactId: contact.id, boardNumber: contact.boardNumber, name: contact.name, canManage: contact.canManage });
    res.redirect(303, '/bestuur');
  });

  return router;
}
