/**
 * The school board's door: /school/:token opens the case the link was issued for (rate-limited; an
 * unknown, expired or revoked token is a plain 404) and trades the token for a session, so the
 * token leaves the address bar and every later page is reached by session. Each request checks the
 * link again: a revoked link closes the session's door too. The board sees the complaint, the
 * documents released to it and its letters, and hands in its defence with a receipt. The later
 * steps (availability, postponement, rejoinder, answer to the advice, compliance reports, the
 * referral report and the reporting duty) are the procedure forms of parties/procedureForms.ts,
 * each linked from the case page while the workflow has it open.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { documentFor, receiptFor } from '../../portal/documents';
import { logCaseRead } from '../../portal/accessLog';
import { ACCEPTED_EXTENSIONS } from '../../portal/fileTypes';
import { LIMITS } from '../../portal/rateLimit';
import { linkStillValid, resolveSchoolLink } from '../../portal/schoolLinks';
import { endSession, startPartySession } from '../context';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { translate } from '../i18n';
import { renderPage } from '../render';
import { complainantNames, partySummary } from '../partySummary';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { LETTER_CSP, letterFor, loadCaseView } from '../caseView';
import { submitWithDocuments } from '../submissions';
import { readUploadForm, uploadPath } from '../uploads';
import { doneNotice, mountActionForms, openForms, procedureStates, type ActingParty } from '../parties/actionForms';
import { SCHOOL_FORMS } from '../parties/procedureForms';

const DEFENCE_FIELDS: FieldSpec[] = [
  { name: 'defence', kind: 'file', labelKey: 'field.defenceFile', hintKey: 'field.files.hint', accept: ACCEPTED_EXTENSIONS },
  { name: 'attachments', kind: 'file', labelKey: 'field.attachments', optional: true, multiple: true, accept: ACCEPTED_EXTENSIONS },
  { name: 'text', kind: 'textarea', labelKey: 'field.defenceText', optional: true, rows: 6 },
];

export function schoolRoutes(deps: { db: Knex; temporal: Client }): Router {
  const router = Router();

  const school = (req: Request) => partyOf(req, 'school');
  const actorOf = (linkId: string) => `school-link:${linkId}`;
  const actingSchool = (req: Request): ActingParty => {
    const party = school(req)!;
    return { caseId: party.caseId, caseNumber: party.caseNumber, actor: { userId: actorOf(party.linkId), role: 'school' }, party: 'school', respondent: 'school', hearingParty: 'school' };
  };

  async function renderCase(req: Request, res: Response, opts: { errors?: FieldError[]; values?: Record<string, string>; status?: number } = {}) {
    const party = school(req)!;
    const view = await loadCaseView(deps, { caseNumber: party.caseNumber, party: 'school', actor: actorOf(party.linkId), ip: req.ip, lang: req.portal.lang });
    if (!view) throw new PageNotFound();
    const lang = req.portal.lang;
    const complaint = view.row.complaint;
    const states = await procedureStates(deps.temporal, party.caseNumber);
    const schedule = states.hearing?.status === 'scheduled' ? states.hearing.schedule : null;
    const defenceFields = DEFENCE_FIELDS.map((s) => buildField(lang, s, opts.values ?? {}, opts.errors ?? []));
    const other = (opts.errors ?? []).filter((e) => !DEFENCE_FIELDS.some((f) => f.name === e.field));
    renderPage(
      req,
      res,
      'school-case',
      {
        ...view,
        titleKey: 'school.title',
        // The board reads the complaint itself; the complainant's contact details stay with the committee.
        description: complaint.description,
        occurredOn: complaint.occurredOn,
        category: CATEGORY_LABELS[complaint.category as ComplaintCategory]?.[lang] ?? complaint.category,
        schoolName: view.row.school_name,
        canDefend: view.allowedActions.includes('submitDefence'),
        partyLines: partySummary(lang, view.parties, { staff: false, complainantNames: complainantNames(view.row.complaint) }),
        actions: openForms(SCHOOL_FORMS, states, actingSchool(req), lang, '/school'),
        notice: doneNotice(SCHOOL_FORMS, req),
        hearingSchedule: schedule,
        defenceFields,
        documentBase: '/school/documenten',
        errorSummary: [...errorSummary(defenceFields), ...other.map((e) => ({ href: '#verweer', message: e.message }))],
      },
      opts.status,
    );
  }

  // Pages of an opened link: the session must belong to a school link that still holds.
  const requireLink = async (req: Request, res: Response, next: NextFunction) => {
    const party = school(req);
    if (!party || !(await linkStillValid(deps.db, party.linkId))) {
      if (party) await endSession(deps.db, req, res);
      return next(new PageNotFound('school.linkInvalid'));
    }
    next();
  };

  router.get('/school', requireLink, async (req, res) => {
    await renderCase(req, res);
  });

  router.post(uploadPath('/school/verweer'), requireLink, async (req, res) => {
    const party = school(req)!;
    const form = await readUploadForm(deps.db, req);
    const text = (form.fields.text ?? '').trim();
    const files = form.files.filter((f) => f.field === 'defence' || f.field === 'attachments');
    const outcome = await submitWithDocuments(deps, req, {
      caseId: party.caseId,
      caseNumber: party.caseNumber,
      party: 'school',
      actor: { userId: actorOf(party.linkId), role: 'school' },
      action: 'submitDefence',
      purpose: 'defence',
      text,
      files: files.map((f) => ({ file: f, kind: f.field === 'defence' ? ('defence' as const) : ('attachment' as const) })),
      requireFileIn: { field: 'defence', messageKey: 'file.required' },
      defaultText: translate('nl', 'school.defenceDefaultText'),
    });
    if (!outcome.ok) return renderCase(req, res, { errors: outcome.errors, values: { text }, status: outcome.status });
    res.redirect(303, `/school/ontvangstbewijs/${outcome.receiptId}`);
  });

  router.get('/school/ontvangstbewijs/:id', requireLink, async (req, res) => {
    const party = school(req)!;
    const receipt = await receiptFor(deps.db, party.caseId, 'school', String(req.params.id));
    if (!receipt) throw new PageNotFound();
    renderPage(req, res, 'receipt', { titleKey: 'receipt.title', receipt, caseNumber: party.caseNumber, backHref: '/school' });
  });

  router.get('/school/documenten/:id', requireLink, async (req, res) => {
    const party = school(req)!;
    const doc = await documentFor(deps.db, party.caseId, 'school', String(req.params.id));
    if (!doc) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: actorOf(party.linkId), action: `portal.document.read:${doc.id}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type(doc.mimeType).attachment(doc.originalName).send(doc.content);
  });

  router.get('/school/brieven/:id', requireLink, async (req, res) => {
    const party = school(req)!;
    const letter = await letterFor(deps.db, party.caseId, 'school', String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: actorOf(party.linkId), action: `portal.letter.read:${req.params.id}`, ip: req.ip });
    res.set({ 'Content-Security-Policy': LETTER_CSP, 'Cache-Control': 'no-store' }).type('html').send(letter.html);
  });

  router.use(
    mountActionForms(deps, {
      base: '/school',
      page: 'school-action',
      guard: requireLink,
      resolve: async (req) => actingSchool(req),
      backHref: () => '/school',
      receiptHref: (_req, id) => `/school/ontvangstbewijs/${id}`,
      forms: SCHOOL_FORMS,
    }),
  );

  // Last: any other /school/<something> is a token.
  router.get('/school/:token', async (req, res) => {
    const attempt = await guessAttempt(deps.db, [[LIMITS.schoolTokenPerIp, clientIp(req)]]);
    const link = await resolveSchoolLink(deps.db, String(req.params.token));
    if (!link) {
      throw new PageNotFound('school.linkInvalid');
    }
    await attempt.succeeded();
    await startPartySession(deps.db, req, res, { kind: 'school', linkId: link.linkId, caseId: link.caseId, caseNumber: link.caseNumber });
    res.redirect(303, '/school');
  });

  return router;
}
