/**
 * The secretary's side of the personal links of the persons complained about (issue 12): per
 * respondent, whether a link is live, a new one sent (the old stops working; e-mailed to their own
 * address on file, or shown to send by post — never to the school board's address, which their
 * other letters may use care of the board), and revoking it. Both are recorded in the case's
 * audit trail; the code itself never is.
 */
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import { isClosed } from '../../../domain/caseStatus';
import type { CaseRow } from '../../../platform/store/cases';
import { appendEvent } from '../../../platform/store/cases';
import type { MailConfig } from '../../../platform/mail/config';
import { sendNoticeInBackground } from '../../../platform/mail/notice';
import { currentConfig } from '../../../platform/config';
import { currentRespondentLinks, issueRespondentLink, revokeRespondentLinks } from '../../../platform/store/respondentLinks';
import { PageNotFound } from '../errors';
import { translate, type Lang } from '../i18n';
import { renderPage } from '../render';
import type { ConsoleUser } from './access';

/** Per respondent of the case (1-based, as letters and links count them): name and link state. */
export async function respondentLinkRows(db: Knex, row: CaseRow, lang: Lang): Promise<Array<{ number: number; name: string; state: string; active: boolean }>> {
  const links = await currentRespondentLinks(db, row.id);
  return (row.complaint.respondents ?? []).map((r, i) => {
    const link = links.get(i + 1);
    return { number: i + 1, name: r.name, active: !!link, state: link ? translate(lang, 'console.respondentLink.active', { date: link.createdAt.toISOString().slice(0, 10) }) : translate(lang, 'console.respondentLink.none') };
  });
}

interface Helpers {
  db: Knex;
  mail?: Pick<MailConfig, 'smtpUrl' | 'from'>;
  caseRow(req: Request, res: Response): Promise<CaseRow>;
  userOf(res: Response): ConsoleUser;
}

export function mountRespondentLinkRoutes(router: Router, h: Helpers): void {
  /** The secretary, a case that is open, and a respondent it has; otherwise a 404. */
  async function target(req: Request, res: Response) {
    const row = await h.caseRow(req, res);
    const user = h.userOf(res);
    if (user.role !== 'secretary' || isClosed(row.status)) throw new PageNotFound();
    const number = Number(req.params.respondent);
    const respondent = Number.isInteger(number) && number >= 1 ? row.complaint.respondents?.[number - 1] : undefined;
    if (!respondent) throw new PageNotFound();
    return { row, user, number, respondent, base: `/medewerkers/zaken/${row.case_number}` };
  }

  router.post('/medewerkers/zaken/:caseNumber/betrokkene/:respondent/link', async (req, res) => {
    const { row, user, number, respondent, base } = await target(req, res);
    const lang = req.portal.lang;
    if (req.body?.step !== 'confirm') {
      return renderPage(req, res, 'console-confirm', {
        titleKey: 'console.respondentLink.title',
        name: respondent.name,
        caseNumber: row.case_number,
        back: base,
        action: `${base}/betrokkene/${number}/link`,
        intro: translate(lang, 'console.respondentLink.intro'),
        hidden: [],
        confirmLabel: translate(lang, 'console.respondentLink.confirm'),
      });
    }
    const actor = user.actor!.userId;
    const link = await issueRespondentLink(h.db, row.id, number, actor, 'console');
    await appendEvent(h.db, { caseId: row.id, type: 'respondent-link.issued', actor, data: { respondent: number, linkId: link.linkId, via: 'console', mailed: !!respondent.email, revokedPrevious: link.revoked } });
    if (respondent.email) {
      const vars = { caseNumber: row.case_number, name: respondent.name, url: link.url };
      const notice = { to: [{ name: respondent.name, address: respondent.email }], subject: translate('nl', 'console.respondentLink.mail.subject', vars), text: translate('nl', 'console.respondentLink.mail.text', vars) };
      sendNoticeInBackground(h.mail ?? currentConfig().mail, notice, { caseNumber: row.case_number, notice: 'respondent-link' });
    }
    renderPage(req, res, 'console-respondent-link', {
      titleKey: 'console.respondentLink.issuedTitle',
      caseNumber: row.case_number,
      back: base,
      // Only without an e-mail address is the link shown, to go by post.
      url: respondent.email ? undefined : link.url,
      mailed: respondent.email ? translate(lang, 'console.respondentLink.mailed', { address: respondent.email }) : undefined,
    });
  });

  router.post('/medewerkers/zaken/:caseNumber/betrokkene/:respondent/link/intrekken', async (req, res) => {
    const { row, user, number, respondent, base } = await target(req, res);
    if (req.body?.step !== 'confirm') {
      return renderPage(req, res, 'console-confirm', {
        titleKey: 'console.respondentLink.revokeTitle',
        name: respondent.name,
        caseNumber: row.case_number,
        back: base,
        action: `${base}/betrokkene/${number}/link/intrekken`,
        intro: translate(req.portal.lang, 'console.respondentLink.revokeIntro'),
        hidden: [],
        warning: true,
        confirmLabel: translate(req.portal.lang, 'console.respondentLink.revokeConfirm'),
      });
    }
    const revoked = await revokeRespondentLinks(h.db, row.id, number);
    if (revoked > 0) await appendEvent(h.db, { caseId: row.id, type: 'respondent-link.revoked', actor: user.actor!.userId, data: { respondent: number, revoked } });
    res.redirect(303, `${base}#betrokkenen`);
  });
}
