/**
 * The complainant's own case: log in with case number + access code (rate-limited), then the state,
 * the next term with its explanation, letters, released documents, a reply upload when the
 * procedure asks for one, and withdrawal with a confirmation step. The hearing (availability,
 * postponement), resuming after a referral and completing the complaint are the procedure forms of
 * parties/procedureForms.ts, linked from the case page while the workflow has them open. Every
 * action goes through runCaseAction: what the workflow refuses is shown with its reason.
 */
import { refusalReason, refusedText } from '../refusalReasons';
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { caseByAccessCode } from '../../services/complainantAccess';
import { findCase } from '../../../platform/store/cases';
import { runCaseAction } from '../../services/caseActions';
import { ActionRefused } from '../../errors';
import { documentFor, receiptFor } from '../../portal/documents';
import { logCaseRead } from '../../../platform/store/accessLog';
import { ensureSession, startPartySession } from '../context';
import { buildField, errorSummary, type FieldError, type FieldSpec, fieldText } from '../forms';
import { translate } from '../i18n';
import { renderPage } from '../render';
import { complainantNames, partySummary } from '../partySummary';
import { partyOf } from '../guards';
import { letterFor, loadCaseView } from '../caseView';
import { sendLetter, sendLetterPdf } from '../letterFrame';
import { PageNotFound } from '../errors';
import { ACCEPTED_EXTENSIONS } from '../../portal/fileTypes';
import { submitWithDocuments } from '../submissions';
import { readUploadForm, uploadPath } from '../uploads';
import { doneNotice, mountActionForms, openForms, procedureStates, type ActingParty } from '../parties/actionForms';
import { COMPLAINANT_FORMS } from '../parties/procedureForms';

export interface TrackDeps {
  db: Knex;
  temporal: Client;
  secret: string;
}

const LOGIN_FIELDS: FieldSpec[] = [
  { name: 'caseNumber', kind: 'text', labelKey: 'field.caseNumber', hintKey: 'field.caseNumber.hint', inputmode: 'numeric' },
  { name: 'accessCode', kind: 'text', labelKey: 'field.accessCode', hintKey: 'field.accessCode.hint', autocomplete: 'off' },
];

const REPLY_FIELDS: FieldSpec[] = [
  { name: 'text', kind: 'textarea', labelKey: 'field.replyText', rows: 8 },
  { name: 'files', kind: 'file', labelKey: 'field.replyFiles', hintKey: 'field.files.hint', optional: true, multiple: true, accept: ACCEPTED_EXTENSIONS },
];

const EVIDENCE_FIELDS: FieldSpec[] = [{ name: 'files', kind: 'file', labelKey: 'track.evidenceFiles', hintKey: 'field.files.hint', multiple: true, accept: ACCEPTED_EXTENSIONS }];

/** While the hearing is being planned or is planned, the complainant can send the documents the invitation asks for. */
const EVIDENCE_STATUSES = ['hearing-scheduling', 'hearing-scheduled'];

const WITHDRAW_FIELDS: FieldSpec[] = [{ name: 'reason', kind: 'textarea', labelKey: 'field.withdrawReason', optional: true, rows: 4 }];

export function trackRoutes(deps: TrackDeps): Router {
  const router = Router();

  function complainant(req: Request) {
    return partyOf(req, 'complainant');
  }

  function actingComplainant(req: Request): ActingParty {
    const party = complainant(req)!;
    const actor = { userId: `complainant:${party.caseNumber}`, role: 'complainant' as const };
    return { caseId: party.caseId, caseNumber: party.caseNumber, actor, party: 'complainant', respondent: 'complainant', hearingParty: 'complainant' };
  }

  function renderLogin(req: Request, res: Response, values: Record<string, string>, errors: FieldError[], status = 200) {
    const fields = LOGIN_FIELDS.map((s) => buildField(req.portal.lang, s, values, errors));
    renderPage(req, res, 'track-login', { titleKey: 'track.loginTitle', fields, errorSummary: errorSummary(fields) }, status);
  }

  async function renderCase(req: Request, res: Response, opts: { errors?: FieldError[]; values?: Record<string, string>; notice?: string; status?: number } = {}) {
    const party = complainant(req)!;
    const view = await loadCaseView(deps, { caseNumber: party.caseNumber, party: 'complainant', actor: `complainant:${party.caseNumber}`, ip: req.ip, lang: req.portal.lang });
    if (!view) throw new PageNotFound();
    const lang = req.portal.lang;
    const states = await procedureStates(deps.temporal, party.caseNumber);
    const canReply = view.allowedActions.includes('submitReply');
    const canSendEvidence = EVIDENCE_STATUSES.includes(view.status);
    const replyFields = REPLY_FIELDS.map((s) => buildField(lang, s, opts.values ?? {}, canReply ? (opts.errors ?? []) : []));
    const evidenceFields = EVIDENCE_FIELDS.map((s) => buildField(lang, s, {}, canReply ? [] : (opts.errors ?? [])));
    const actionErrors = (opts.errors ?? []).filter((e) => !REPLY_FIELDS.some((f) => f.name === e.field) && !EVIDENCE_FIELDS.some((f) => f.name === e.field));
    renderPage(
      req,
      res,
      'track-case',
      {
        ...view,
        titleKey: 'track.title',
        canReply,
        canSendEvidence,
        evidenceFields,
        complaintText: view.row.complaint.description,
        canWithdraw: view.allowedActions.includes('withdraw'),
        partyLines: partySummary(lang, view.parties, { staff: false, complainantNames: complainantNames(view.row.complaint) }),
        actions: openForms(COMPLAINANT_FORMS, states, actingComplainant(req), lang, '/zaak'),
        hearingSchedule: states.hearing?.status === 'scheduled' ? states.hearing.schedule : null,
        replyFields,
        documentBase: '/zaak/documenten',
        notice: opts.notice,
        errorSummary: [...errorSummary(canReply ? replyFields : []), ...errorSummary(canSendEvidence && !canReply ? evidenceFields : []), ...actionErrors.map((e) => ({ href: '#main', message: e.message }))],
      },
      opts.status,
    );
  }

  router.get('/zaak', async (req, res) => {
    if (complainant(req)) return res.redirect(303, '/zaak/overzicht');
    await ensureSession(deps.db, req, res);
    renderLogin(req, res, {}, []);
  });

  router.post('/zaak', async (req, res) => {
    const caseNumber = fieldText(req.body?.caseNumber).trim();
    const code = fieldText(req.body?.accessCode, '').trim();
    const errors: FieldError[] = [];
    const lang = req.portal.lang;
    if (!caseNumber) errors.push({ field: 'caseNumber', message: translate(lang, 'field.caseNumber') + (lang === 'nl' ? ' is verplicht.' : ' is required.') });
    if (!code) errors.push({ field: 'accessCode', message: translate(lang, 'field.accessCode') + (lang === 'nl' ? ' is verplicht.' : ' is required.') });
    if (errors.length) return renderLogin(req, res, { caseNumber }, errors, 400);
    const row = await caseByAccessCode(deps, req, caseNumber, code);
    if (!row) {
      // One message for an unknown case and a wrong code: the form tells nobody which cases exist.
      return renderLogin(req, res, { caseNumber }, [{ field: 'accessCode', message: translate(lang, 'track.loginFailed') }], 400);
    }
    await startPartySession(deps.db, req, res, { kind: 'complainant', caseId: row.id, caseNumber: row.case_number });
    res.redirect(303, '/zaak/overzicht');
  });

  // Everything below needs a logged-in complainant; without one, back to the login form.
  router.use('/zaak', (req, res, next) => {
    if (!complainant(req)) return res.redirect(303, '/zaak');
    next();
  });

  router.get('/zaak/overzicht', async (req, res) => {
    const notice = req.query.ingetrokken === '1' ? translate(req.portal.lang, 'track.withdrawn') : doneNotice(COMPLAINANT_FORMS, req);
    await renderCase(req, res, { notice });
  });

  router.get('/zaak/brieven/:id', async (req, res) => {
    const party = complainant(req)!;
    const letter = await letterFor(deps.db, party.caseId, 'complainant', String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: `complainant:${party.caseNumber}`, action: `portal.letter.read:${letter.id}`, ip: req.ip });
    const lang = req.portal.lang;
    sendLetter(res, letter.html, { lang, subject: letter.subject, backHref: '/zaak/overzicht#brieven', backLabel: translate(lang, 'letter.backToCase'), pdfHref: `/zaak/brieven/${letter.id}/pdf` });
  });

  router.get('/zaak/brieven/:id/pdf', async (req, res) => {
    const party = complainant(req)!;
    const letter = await letterFor(deps.db, party.caseId, 'complainant', String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: `complainant:${party.caseNumber}`, action: `portal.letter.pdf:${letter.id}`, ip: req.ip });
    await sendLetterPdf(res, deps.db, letter.id, party.caseNumber);
  });

  router.get('/zaak/documenten/:id', async (req, res) => {
    const party = complainant(req)!;
    const doc = await documentFor(deps.db, party.caseId, 'complainant', String(req.params.id));
    if (!doc) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: party.caseId, actor: `complainant:${party.caseNumber}`, action: `portal.document.read:${doc.id}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type(doc.mimeType).attachment(doc.originalName).send(doc.content);
  });

  router.post(uploadPath('/zaak/reactie'), async (req, res) => {
    const party = complainant(req)!;
    const form = await readUploadForm(deps.db, req);
    const text = (form.fields.text ?? '').trim();
    const outcome = await submitWithDocuments(deps, req, {
      caseId: party.caseId,
      caseNumber: party.caseNumber,
      party: 'complainant',
      actor: { userId: `complainant:${party.caseNumber}`, role: 'complainant' },
      action: 'submitReply',
      purpose: 'reply',
      text,
      files: form.files.map((f) => ({ file: f, kind: 'reply' as const })),
      requireSomething: { field: 'text', messageKey: 'reply.required' },
    });
    if (!outcome.ok) return renderCase(req, res, { errors: outcome.errors, values: { text }, status: outcome.status });
    res.redirect(303, `/zaak/ontvangstbewijs/${outcome.receiptId}`);
  });

  router.post(uploadPath('/zaak/stukken'), async (req, res) => {
    const party = complainant(req)!;
    const form = await readUploadForm(deps.db, req);
    const lang = req.portal.lang;
    const row = await findCase(deps.db, party.caseNumber);
    if (!row || !EVIDENCE_STATUSES.includes(row.status)) {
      return renderCase(req, res, { errors: [{ field: 'action', message: translate(lang, 'track.refused', { reason: translate(lang, 'track.evidenceNotNow') }) }], status: 409 });
    }
    const outcome = await submitWithDocuments(deps, req, {
      caseId: party.caseId,
      caseNumber: party.caseNumber,
      party: 'complainant',
      actor: { userId: `complainant:${party.caseNumber}`, role: 'complainant' },
      event: 'evidence.submitted',
      purpose: 'evidence',
      text: '',
      files: form.files.filter((f) => f.field === 'files').map((f) => ({ file: f, kind: 'evidence' as const })),
      requireFileIn: { field: 'files', messageKey: 'track.evidenceRequired' },
    });
    if (!outcome.ok) return renderCase(req, res, { errors: outcome.errors, status: outcome.status });
    res.redirect(303, `/zaak/ontvangstbewijs/${outcome.receiptId}`);
  });

  router.get('/zaak/ontvangstbewijs/:id', async (req, res) => {
    const party = complainant(req)!;
    const receipt = await receiptFor(deps.db, party.caseId, 'complainant', String(req.params.id));
    if (!receipt) throw new PageNotFound();
    renderPage(req, res, 'receipt', { titleKey: 'receipt.title', receipt, caseNumber: party.caseNumber, backHref: '/zaak/overzicht' });
  });

  router.get('/zaak/intrekken', (req, res) => {
    const fields = WITHDRAW_FIELDS.map((s) => buildField(req.portal.lang, s, {}, []));
    renderPage(req, res, 'track-withdraw', { titleKey: 'track.withdrawConfirmTitle', fields });
  });

  router.post('/zaak/intrekken', async (req, res) => {
    const party = complainant(req)!;
    const raw: unknown = req.body?.reason;
    const reason = typeof raw === 'string' ? raw.trim() : '';
    // Anything but text (a crafted JSON body) goes to the action as it came, which refuses it at its field.
    const input = typeof raw === 'string' ? (reason ? { reason } : {}) : raw === undefined ? {} : { reason: raw };
    try {
      await runCaseAction(deps.temporal, party.caseNumber, 'withdraw', input, { userId: `complainant:${party.caseNumber}`, role: 'complainant' });
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err;
      const lang = req.portal.lang;
      const atReason = err.refusals.filter((r) => r.field === 'reason').map((r) => ({ field: r.field, message: refusalReason(lang, r) }));
      const fields = WITHDRAW_FIELDS.map((s) => buildField(lang, s, { reason }, atReason));
      const summary = err.refusals.map((r) => ({ href: r.field === 'reason' ? '#f-reason' : '#main', message: refusedText(lang, r) }));
      return renderPage(req, res, 'track-withdraw', { titleKey: 'track.withdrawConfirmTitle', fields, errorSummary: summary }, 409);
    }
    res.redirect(303, '/zaak/overzicht?ingetrokken=1');
  });

  router.use(
    mountActionForms(deps, {
      base: '/zaak',
      page: 'track-action',
      guard: (req, res, next) => (complainant(req) ? next() : res.redirect(303, '/zaak')),
      resolve: async (req) => actingComplainant(req),
      backHref: () => '/zaak/overzicht',
      forms: COMPLAINANT_FORMS,
    }),
  );

  return router;
}
