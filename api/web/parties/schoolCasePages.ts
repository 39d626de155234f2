/**
 * The school board's pages of one case, served alike under a per-case link (/school) and to a
 * logged-in board contact (/bestuur/zaken/:caseNumber): the complaint, the state and running terms,
 * the documents released to the school and its letters, the defence with its receipt, and the later
 * procedure forms of procedureForms.ts. Who acts is resolved per request by the mount (the link, or
 * the contact), and recorded as that actor in the case's audit trail; a side that may only read
 * gets the pages without the forms.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { documentFor, receiptFor } from '../../portal/documents';
import { logCaseRead } from '../../../platform/store/accessLog';
import { ACCEPTED_EXTENSIONS } from '../../portal/fileTypes';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { translate } from '../i18n';
import { formatDate, renderPage } from '../render';
import { letterFor, loadCaseView } from '../caseView';
import { sendLetter, sendLetterPdf } from '../letterFrame';
import { submitWithDocuments } from '../submissions';
import { readUploadForm, uploadPath } from '../uploads';
import { doneNotice, mountActionForms, openForms, procedureStates, type ActingParty } from './actionForms';
import { SCHOOL_FORMS } from './procedureForms';
import { complainantNames, partySummary } from '../partySummary';

const DEFENCE_FIELDS: FieldSpec[] = [
  { name: 'defence', kind: 'file', labelKey: 'field.defenceFile', hintKey: 'field.files.hint', accept: ACCEPTED_EXTENSIONS },
  { name: 'attachments', kind: 'file', labelKey: 'field.attachments', optional: true, multiple: true, accept: ACCEPTED_EXTENSIONS },
  { name: 'text', kind: 'textarea', labelKey: 'field.defenceText', optional: true, rows: 6 },
];

/** The school side of one case as a request resolved it. */
export interface SchoolSide {
  caseId: string;
  caseNumber: string;
  /** Who the audit trail names: `school-link:<id>` or `board-contact:<id>`. */
  actorId: string;
  /** False: the pages only read (a school director's account). */
  canAct: boolean;
}

export interface SchoolCasePagesOptions {
  /** The pages' path; may hold :caseNumber. */
  base: string;
  /** Lets a request through to the case's pages (otherwise a 404); `resolve` may rely on it. */
  guard: RequestHandler;
  resolve(req: Request): Promise<SchoolSide>;
  /** Extra view data for the case page (the board's back link). */
  extra?(req: Request): Record<string, unknown>;
}

export function schoolCasePages(deps: { db: Knex; temporal: Client }, opts: SchoolCasePagesOptions): Router {
  const router = Router({ mergeParams: true });
  const hrefOf = (side: SchoolSide) => opts.base.replace(':caseNumber', side.caseNumber);
  const acting = (side: SchoolSide): ActingParty => ({ caseId: side.caseId, caseNumber: side.caseNumber, actor: { userId: side.actorId, role: 'school' }, party: 'school', respondent: 'school', hearingParty: 'school' });

  // The forms only for a side that may act; a reading side is told the page does not exist.
  const actGuard: RequestHandler = (req, res, next) =>
    opts.guard(req, res, async (err?: unknown) => {
      if (err) return next(err);
      try {
        if (!(await opts.resolve(req)).canAct) return next(new PageNotFound());
        next();
      } catch (e) {
        next(e);
      }
    });

  async function renderCase(req: Request, res: Response, view: { errors?: FieldError[]; values?: Record<string, string>; status?: number } = {}) {
    const side = await opts.resolve(req);
    const base = hrefOf(side);
    const lang = req.portal.lang;
    const caseView = await loadCaseView(deps, { caseNumber: side.caseNumber, party: 'school', actor: side.actorId, ip: req.ip, lang });
    if (!caseView) throw new PageNotFound();
    const complaint = caseView.row.complaint;
    const states = await procedureStates(deps.temporal, side.caseNumber);
    const schedule = states.hearing?.status === 'scheduled' ? states.hearing.schedule : null;
    const defenceFields = DEFENCE_FIELDS.map((s) => buildField(lang, s, view.values ?? {}, view.errors ?? []));
    const other = (view.errors ?? []).filter((e) => !DEFENCE_FIELDS.some((f) => f.name === e.field));
    // Once the defence is in, the page says so (and when) instead of "no defence is requested". The
    // event is written just after the workflow accepted it; its stored file (kept only when accepted)
    // already says so in between.
    const defenceIn = caseView.timeline.find((e) => e.type === 'defence.received')?.at ?? caseView.documents.find((d) => d.kind === 'defence')?.createdAt;
    renderPage(
      req,
      res,
      'school-case',
      {
        ...caseView,
        ...(opts.extra ? opts.extra(req) : {}),
        titleKey: 'school.title',
        base,
        // The board reads the complaint itself; the complainant's contact details stay with the committee.
        description: complaint.description,
        occurredOn: complaint.occurredOn,
        category: CATEGORY_LABELS[complaint.category as ComplaintCategory]?.[lang] ?? complaint.category,
        schoolName: caseView.row.school_name,
        partyLines: partySummary(lang, caseView.parties, { staff: false, complainantNames: complainantNames(caseView.row.complaint) }),
        readOnly: !side.canAct,
        canDefend: side.canAct && caseView.allowedActions.includes('submitDefence'),
        defenceReceived: defenceIn && translate(lang, 'school.defenceReceived', { date: formatDate(defenceIn, lang, false) }),
        actions: side.canAct ? openForms(SCHOOL_FORMS, states, acting(side), lang, base) : [],
        notice: doneNotice(SCHOOL_FORMS, req),
        hearingSchedule: schedule,
        defenceFields,
        documentBase: `${base}/documenten`,
        errorSummary: [...errorSummary(defenceFields), ...other.map((e) => ({ href: '#verweer', message: e.message }))],
      },
      view.status,
    );
  }

  router.get(opts.base, opts.guard, async (req, res) => {
    await renderCase(req, res);
  });

  router.post(uploadPath(`${opts.base}/verweer`), actGuard, async (req, res) => {
    const side = await opts.resolve(req);
    const form = await readUploadForm(deps.db, req);
    const text = (form.fields.text ?? '').trim();
    const files = form.files.filter((f) => f.field === 'defence' || f.field === 'attachments');
    const outcome = await submitWithDocuments(deps, req, {
      caseId: side.caseId,
      caseNumber: side.caseNumber,
      party: 'school',
      actor: { userId: side.actorId, role: 'school' },
      action: 'submitDefence',
      purpose: 'defence',
      text,
      files: files.map((f) => ({ file: f, kind: f.field === 'defence' ? ('defence' as const) : ('attachment' as const) })),
      requireFileIn: { field: 'defence', messageKey: 'file.required' },
      defaultText: translate('nl', 'school.defenceDefaultText'),
    });
    if (!outcome.ok) return renderCase(req, res, { errors: outcome.errors, values: { text }, status: outcome.status });
    res.redirect(303, `${hrefOf(side)}/ontvangstbewijs/${outcome.receiptId}`);
  });

  router.get(`${opts.base}/ontvangstbewijs/:id`, opts.guard, async (req, res) => {
    const side = await opts.resolve(req);
    const receipt = await receiptFor(deps.db, side.caseId, 'school', String(req.params.id));
    if (!receipt) throw new PageNotFound();
    renderPage(req, res, 'receipt', { titleKey: 'receipt.title', receipt, caseNumber: side.caseNumber, backHref: hrefOf(side) });
  });

  router.get(`${opts.base}/documenten/:id`, opts.guard, async (req, res) => {
    const side = await opts.resolve(req);
    const doc = await documentFor(deps.db, side.caseId, 'school', String(req.params.id));
    if (!doc) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: side.caseId, actor: side.actorId, action: `portal.document.read:${doc.id}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type(doc.mimeType).attachment(doc.originalName).send(doc.content);
  });

  router.get(`${opts.base}/brieven/:id`, opts.guard, async (req, res) => {
    const side = await opts.resolve(req);
    const letter = await letterFor(deps.db, side.caseId, 'school', String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: side.caseId, actor: side.actorId, action: `portal.letter.read:${letter.id}`, ip: req.ip });
    const lang = req.portal.lang;
    const base = hrefOf(side);
    sendLetter(res, letter.html, { lang, subject: letter.subject, backHref: `${base}#brieven`, backLabel: translate(lang, 'letter.backToCase'), pdfHref: `${base}/brieven/${letter.id}/pdf` });
  });

  router.get(`${opts.base}/brieven/:id/pdf`, opts.guard, async (req, res) => {
    const side = await opts.resolve(req);
    const letter = await letterFor(deps.db, side.caseId, 'school', String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: side.caseId, actor: side.actorId, action: `portal.letter.pdf:${letter.id}`, ip: req.ip });
    await sendLetterPdf(res, deps.db, letter.id, side.caseNumber);
  });

  router.use(
    mountActionForms(deps, {
      base: opts.base,
      page: 'school-action',
      guard: actGuard,
      resolve: async (req) => acting(await opts.resolve(req)),
      backHref: (req) => opts.base.replace(':caseNumber', String(req.params.caseNumber ?? '')),
      receiptHref: (req, id) => `${opts.base.replace(':caseNumber', String(req.params.caseNumber ?? ''))}/ontvangstbewijs/${id}`,
      forms: SCHOOL_FORMS,
    }),
  );

  return router;
}
