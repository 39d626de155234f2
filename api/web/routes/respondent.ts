/**
 * The page of a person complained about (issue 12): /betrokkene/<code> opens it with the personal
 * code their notice of the complaint carried (rate-limited like the school's link; an unknown,
 * revoked code, or one whose case is closed, is a plain 404) and trades the code for a session, so
 * it leaves the address bar. Each request checks the link again: revoking it closes the session's
 * door too.
 *
 * They see only what the procedure gives them: the stage and their own next step, the complaint as
 * the notice gives it, the names and roles of the parties (never the complainant's contact details
 * or access code), the letters addressed to them, the documents released to them, and the form for
 * their written statement while the defence term runs. For the hearing they give their own
 * availability and may ask their own one postponement, with the parties' forms (procedureForms.ts),
 * keyed respondent:<n> by the link they opened, never by the form.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { respondentLetter, respondentLetterList, respondentLinkStillValid, resolveRespondentLink } from '../../../platform/store/respondentLinks';
import { findCase, listEvents } from '../../../platform/store/cases';
import { LIMITS } from '../../portal/rateLimit';
import { documentFor, documentsFor, receiptFor, type Party } from '../../portal/documents';
import { logCaseRead } from '../../../platform/store/accessLog';
import { ACCEPTED_EXTENSIONS } from '../../portal/fileTypes';
import { casePartiesForParty } from '../../services/caseParties';
import { sendLetter, sendLetterPdf } from '../letterFrame';
import { endSession, startPartySession } from '../context';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { translate } from '../i18n';
import { doneNotice, mountActionForms, openForms, procedureStates, type ActingParty } from '../parties/actionForms';
import { RESPONDENT_FORMS } from '../parties/procedureForms';
import { stageView } from '../parties/stage';
import { complainantNames, partySummary } from '../partySummary';
import { renderPage } from '../render';
import { submitWithDocuments } from '../submissions';
import { readUploadForm, uploadPath } from '../uploads';

const BASE = '/betrokkene';

const STATEMENT_FIELDS: FieldSpec[] = [
  { name: 'text', kind: 'textarea', labelKey: 'respondent.statementText', rows: 8, optional: true },
  { name: 'files', kind: 'file', labelKey: 'respondent.statementFiles', hintKey: 'field.files.hint', optional: true, multiple: true, accept: ACCEPTED_EXTENSIONS },
];

type RespondentParty = { linkId: string; caseId: string; caseNumber: string; respondent: number };

export function respondentRoutes(deps: { db: Knex; temporal: Client }): Router {
  const router = Router();
  const respondent = (req: Request) => partyOf(req, 'respondent');
  const actorOf = (p: RespondentParty) => `respondent-link:${p.linkId}`;
  const documentParty = (p: RespondentParty): Party => `respondent:${p.respondent}`;
  const acting = (p: RespondentParty): ActingParty => {
    const key = `respondent:${p.respondent}` as const;
    return { caseId: p.caseId, caseNumber: p.caseNumber, actor: { userId: actorOf(p), role: 'respondent' }, party: key, respondent: key, hearingParty: key };
  };

  // Pages of an opened link: the session must belong to a link that still holds.
  const requireLink = async (req: Request, res: Response, next: NextFunction) => {
    const party = respondent(req);
    if (!party || !(await respondentLinkStillValid(deps.db, party.linkId))) {
      if (party) await endSession(deps.db, req, res);
      return next(new PageNotFound('respondent.linkInvalid'));
    }
    next();
  };

  async function renderCase(req: Request, res: Response, view: { errors?: FieldError[]; values?: Record<string, string>; status?: number; notice?: string } = {}) {
    const party = respondent(req)!;
    const lang = req.portal.lang;
    const row = await findCase(deps.db, party.caseNumber);
    if (!row) throw new PageNotFound();
    const [states, letters, documents, events] = await Promise.all([
      procedureStates(deps.temporal, party.caseNumber),
      respondentLetterList(deps.db, party.caseId, party.respondent),
      documentsFor(deps.db, row.id, documentParty(party)),
      listEvents(deps.db, row.id),
    ]);
    await logCaseRead(deps.db, { caseId: row.id, actor: actorOf(party), action: 'portal.case.read', ip: req.ip });
    const statementIn = events.some((e) => e.type === 'respondent.statement-received' && (e.data as { respondent?: number } | null)?.respondent === party.respondent);
    const canState = !statementIn && (states.complaint?.allowedActions ?? []).includes('submitRespondentStatement');
    const fields = STATEMENT_FIELDS.map((s) => buildField(lang, s, view.values ?? {}, view.errors ?? []));
    const other = (view.errors ?? []).filter((e) => !STATEMENT_FIELDS.some((f) => f.name === e.field));
    const complaint = row.complaint;
    const hearing = states.hearing?.status === 'scheduled' ? states.hearing.schedule : null;
    renderPage(
      req,
      res,
      'respondent-case',
      {
        titleKey: 'respondent.title',
        caseNumber: row.case_number,
        base: BASE,
        stage: stageView(lang, 'respondent', states, row.status, undefined, statementIn),
        description: complaint.description,
        occurredOn: complaint.occurredOn,
        category: CATEGORY_LABELS[complaint.category as ComplaintCategory]?.[lang] ?? complaint.category,
        schoolName: row.school_name,
        partyLines: partySummary(lang, casePartiesForParty(row, events), { staff: false, complainantNames: complainantNames(complaint) }),
        canState,
        statementIn,
        fields,
        hearingSchedule: hearing,
        actions: openForms(RESPONDENT_FORMS, states, acting(party), lang, BASE),
        letters: letters.map((l) => ({ id: String(l.id), subject: l.subject, createdAt: l.created_at })),
        documents,
        documentBase: `${BASE}/documenten`,
        notice: view.notice,
        errorSummary: [...errorSummary(fields), ...other.map((e) => ({ href: '#reactie', message: e.message }))],
      },
      view.status,
    );
  }

  router.get(BASE, requireLink, async (req, res) => {
    await renderCase(req, res, { notice: req.query.ontvangen === '1' ? translate(req.portal.lang, 'respondent.statementReceived') : doneNotice(RESPONDENT_FORMS, req) });
  });

  router.post(uploadPath(`${BASE}/reactie`), requireLink, async (req, res) => {
    const party = respondent(req)!;
    const form = await readUploadForm(deps.db, req);
    const text = (form.fields.text ?? '').trim();
    const outcome = await submitWithDocuments(deps, req, {
      caseId: party.caseId,
      caseNumber: party.caseNumber,
      party: documentParty(party),
      actor: { userId: actorOf(party), role: 'respondent' },
      action: 'submitRespondentStatement',
      purpose: 'respondent-statement',
      text,
      files: form.files.filter((f) => f.field === 'files').map((f) => ({ file: f, kind: 'defence' as const })),
      requireSomething: { field: 'text', messageKey: 'respondent.statementRequired' },
      defaultText: translate('nl', 'respondent.statementDefaultText'),
      // Who hands it in comes from the link, never from the form.
      input: { respondent: party.respondent },
    });
    if (!outcome.ok) return renderCase(req, res, { errors: outcome.errors, values: { text }, status: outcome.status });
    res.redirect(303, `${BASE}/ontvangstbewijs/${outcome.receiptId}`);
  });

  router.get(`${BASE}/ontvangstbewijs/:id`, requireLink, async (req, res) => {
    const party = respondent(req)!;
    const receipt = await receiptFor(deps.db, party.caseId, documentParty(party), String(req.params.id));
    if (!receipt) throw new PageNotFound();
    renderPage(req, res, 'receipt', { titleKey: 'receipt.title', receipt, caseNumber: party.caseNumber, backHref: BASE });
  });

  router.get(`${BASE}/documenten/:id`, requireLink, async (req, res) => {
    const party = respondent(req)!;
    const doc = await documentFor(deps.db, party.caseId, documentParty(party), String(req.params.id));
    if (!doc) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: actorOf(party), action: `portal.document.read:${doc.id}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type(doc.mimeType).attachment(doc.originalName).send(doc.content);
  });

  // A letter opens as the other parties' letters do: the stored letter with the shared bar above it
  // (the way back, the PDF), under the letter's own CSP.
  router.get(`${BASE}/brieven/:id`, requireLink, async (req, res) => {
    const party = respondent(req)!;
    const id = String(req.params.id);
    const letter = /^\d{1,18}$/.test(id) ? await respondentLetter(deps.db, party.caseId, party.respondent, id, 'html', 'subject') : undefined;
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: actorOf(party), action: `portal.letter.read:${id}`, ip: req.ip });
    const lang = req.portal.lang;
    sendLetter(res, letter.html, { lang, subject: letter.subject, backHref: BASE, backLabel: translate(lang, 'letter.backToCase'), pdfHref: `${BASE}/brieven/${id}/pdf` });
  });

  router.get(`${BASE}/brieven/:id/pdf`, requireLink, async (req, res) => {
    const party = respondent(req)!;
    const id = String(req.params.id);
    const letter = /^\d{1,18}$/.test(id) ? await respondentLetter(deps.db, party.caseId, party.respondent, id, 'id') : undefined;
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: actorOf(party), action: `portal.letter.pdf:${id}`, ip: req.ip });
    await sendLetterPdf(res, deps.db, id, party.caseNumber);
  });

  // Availability and postponement for the hearing (before the personal code's catch-all below).
  router.use(
    mountActionForms(deps, {
      base: BASE,
      page: 'track-action',
      guard: requireLink,
      resolve: async (req) => acting(respondent(req)!),
      backHref: () => BASE,
      forms: RESPONDENT_FORMS,
    }),
  );

  // Last: any other /betrokkene/<something> is a personal code.
  router.get(`${BASE}/:code`, async (req, res) => {
    const attempt = await guessAttempt(deps.db, [[LIMITS.respondentLinkPerIp, clientIp(req)]]);
    const link = await resolveRespondentLink(deps.db, String(req.params.code));
    if (!link) throw new PageNotFound('respondent.linkInvalid');
    await attempt.succeeded();
    await startPartySession(deps.db, req, res, { kind: 'respondent', linkId: link.linkId, caseId: link.caseId, caseNumber: link.caseNumber, respondent: link.respondent });
    res.redirect(303, BASE);
  });

  return router;
}
