/**
 * The console's mail room: the daily print batch of letters "per post" (addressees without an
 * e-mail address), printed as one PDF by the letters' Chromium printer and marked printed (each
 * letter's case gets an audit event), each letter as HTML (with a way back) and as PDF, and the
 * development mailbox's messages readable in the page.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { simpleParser } from 'mailparser';
import { buildPrintBatch } from '../../../platform/pdf/printBatch';
import { isCaseNumber } from '../../../domain/caseNumber';
import { addDays } from '../../../domain/clock';
import { isValidIsoDate } from '../../../domain/intake';
import { devMailRaw } from '../../../platform/mail/captureServer';
import { appendEvent, findCase } from '../../../platform/store/cases';
import { logCaseRead } from '../../../platform/store/accessLog';
import { markPrinted, printRows as outboxPrintRows, unprintedOfDay } from '../../../platform/store/outbox';
import { casesOfLetters, letterOfCase } from '../../../platform/store/letters';
import { LETTER_PRINTER, sendLetter, sendLetterPdf } from '../letterFrame';
import { PageNotFound } from '../errors';
import { translate, translateCount, translateKnown } from '../i18n';
import { renderPage } from '../render';
import { consoleUser, type ConsoleUser } from '../console/access';
import { mayView } from '../console/caseDetail';
import { today } from '../console/caseList';

/** A real calendar day (2026-13-45 is not one, and PostgreSQL would refuse it). */
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && isValidIsoDate(value);
const LETTER_ID = /^\d{1,18}$/;

interface PrintRow {
  outbox_id: string;
  letter_id: string;
  case_id: string;
  case_number: string;
  subject: string;
  addressee_role: string;
  print_date: string;
  printed_at: Date | null;
}

/** The print letters of the last weeks, newest day first: still to print, then printed. */
async function printRows(db: Knex, since: string): Promise<PrintRow[]> {
  return outboxPrintRows<PrintRow>(db, since);
}

export function consolePostRoutes(deps: { db: Knex }): Router {
  const router = Router();

  async function userOf(req: Request, res: Response): Promise<ConsoleUser> {
    const user = res.locals.consoleUser ?? (await consoleUser(deps.db, req));
    if (!user) throw new PageNotFound();
    return user;
  }

  /** The mail room is the secretariat's: not for panel members (they see only their panel's cases). */
  async function secretariat(req: Request, res: Response): Promise<ConsoleUser> {
    const user = await userOf(req, res);
    if (user.scope === 'panel') throw new PageNotFound();
    return user;
  }

  router.get('/medewerkers/post', async (req, res) => {
    const user = await secretariat(req, res);
    const lang = req.portal.lang;
    const day = today();
    const rows = await printRows(deps.db, addDays(day, -28));
    const dates = [...new Set(rows.map((r) => r.print_date))];
    renderPage(req, res, 'console-post', {
      titleKey: 'console.post.title',
      canMark: user.canAct,
      notice: typeof req.query.geprint === 'string' && isDay(req.query.geprint) ? translate(lang, 'console.post.done') : undefined,
      today: day,
      days: dates.map((date) => {
        const letters = rows.filter((r) => r.print_date === date);
        const toPrint = letters.filter((r) => !r.printed_at).length;
        return {
          day: date,
          toPrint,
          summary: translateCount(lang, 'console.post.daySummary', letters.length, { toPrint }),
          letters: letters.map((r) => ({
            id: String(r.letter_id),
            caseNumber: r.case_number,
            subject: r.subject,
            to: translateKnown(lang, `console.addressee.${r.addressee_role}`) ?? translate(lang, 'console.actor.other'),
            printedAt: r.printed_at,
          })),
        };
      }),
    });
  });

  router.get('/medewerkers/post/:date/pdf', async (req, res) => {
    const user = await secretariat(req, res);
    const date = String(req.params.date);
    if (!isDay(date)) throw new PageNotFound();
    const batch = await buildPrintBatch({ db: deps.db, pdf: LETTER_PRINTER }, { date });
    if (!batch) throw new PageNotFound();
    const cases: Array<{ case_id: string }> = await casesOfLetters(deps.db, batch.letterIds);
    for (const c of cases) await logCaseRead(deps.db, { caseId: String(c.case_id), actor: user.logName, action: `console.print-batch.read:${date}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type('application/pdf').attachment(`printbatch-${date}.pdf`).send(batch.pdf);
  });

  /** Marking a day printed, after a confirmation; each letter's case records who printed it, when. */
  router.post('/medewerkers/post/:date/geprint', async (req, res) => {
    const user = await secretariat(req, res);
    if (!user.canAct) throw new PageNotFound();
    const date = String(req.params.date);
    if (!isDay(date)) throw new PageNotFound();
    const lang = req.portal.lang;
    const open: Array<{ id: string; letter_id: string; case_id: string }> = await unprintedOfDay(deps.db, date);
    if (!open.length) throw new PageNotFound();
    if (req.body?.step !== 'confirm') {
      return renderPage(req, res, 'console-confirm', {
        titleKey: 'console.post.markTitle',
        back: '/medewerkers/post',
        backLabel: translate(lang, 'console.post.back'),
        action: `/medewerkers/post/${date}/geprint`,
        intro: translateCount(lang, 'console.post.markIntro', open.length, { date }),
        hidden: [],
        confirmLabel: translate(lang, 'console.post.markConfirm'),
      });
    }
    const actor = user.actor!.userId;
    await deps.db.transaction(async (trx) => {
      const marked: Array<{ id: string; letter_id: string; case_id: string }> = await markPrinted(trx, open.map((o) => o.id), actor);
      for (const m of marked) {
        await appendEvent(trx, { caseId: String(m.case_id), type: 'letter.printed', actor, data: { letterId: String(m.letter_id), printDate: date }, dedupeKey: `outbox:${m.id}:printed` });
      }
    });
    res.redirect(303, `/medewerkers/post?geprint=${date}`);
  });

  /** A case's letter, with a bar to go back to the case and to the PDF (hidden when printed). */
  router.get('/medewerkers/zaken/:caseNumber/brieven/:id', async (req, res) => {
    const { row, user } = await letterCase(req, res);
    const id = String(req.params.id);
    const letter = LETTER_ID.test(id) ? await letterOfCase(deps.db, row.id, id, 'html', 'subject') : undefined;
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: row.id, actor: user.logName, action: `console.letter.read:${id}`, ip: req.ip });
    const lang = req.portal.lang;
    const base = `/medewerkers/zaken/${row.case_number}`;
    sendLetter(res, letter.html, { lang, subject: letter.subject, backHref: `${base}#brieven`, backLabel: translate(lang, 'console.backToCase', { caseNumber: row.case_number }), pdfHref: `${base}/brieven/${id}/pdf` });
  });

  router.get('/medewerkers/zaken/:caseNumber/brieven/:id/pdf', async (req, res) => {
    const { row, user } = await letterCase(req, res);
    const id = String(req.params.id);
    const letter = LETTER_ID.test(id) ? await letterOfCase(deps.db, row.id, id, 'id') : undefined;
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: row.id, actor: user.logName, action: `console.letter.pdf:${id}`, ip: req.ip });
    await sendLetterPdf(res, deps.db, id, row.case_number);
  });

  async function letterCase(req: Request, res: Response) {
    const user = await userOf(req, res);
    const caseNumber = String(req.params.caseNumber);
    const row = isCaseNumber(caseNumber) ? await findCase(deps.db, caseNumber) : undefined;
    if (!row || !(await mayView(deps.db, user, row.id))) throw new PageNotFound();
    return { row, user };
  }

  /** A captured message as a page: headers, the plain text, the attachments' names. */
  router.get('/medewerkers/postvak/:id/lezen', async (req, res) => {
    await secretariat(req, res);
    if (!/^\d{1,18}$/.test(req.params.id)) throw new PageNotFound();
    const raw = await devMailRaw(deps.db, req.params.id);
    if (!raw) throw new PageNotFound();
    const mail = await simpleParser(raw);
    const addresses = (a: typeof mail.to) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
    renderPage(req, res, 'console-mail', {
      titleKey: 'console.mail.title',
      id: req.params.id,
      from: addresses(mail.from),
      to: addresses(mail.to),
      subject: mail.subject ?? '',
      date: mail.date,
      text: mail.text ?? '',
      attachments: mail.attachments.map((a) => `${a.filename ?? a.contentType} (${Math.max(1, Math.round(a.size / 1024))} kB)`),
    });
  });

  return router;
}
