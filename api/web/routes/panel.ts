/**
 * The panel members' pages. A staff user with role member or chair, linked to a committee member,
 * sees the hearings that member sits on (/panel), each hearing's file (the complaint, documents the
 * secretary released to the panel, the letters to the member), states availability, drafts the
 * advice, and — as chair, when someone else drafted it — approves it (four-eyes; the workflow makes
 * the final check). Every case page starts from the member's own seat on that case's panel: a case
 * without one is a plain 404, the same as a case that does not exist.
 */
import { refusalReason } from '../refusalReasons';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { STATUS_LABELS } from '../../../domain/caseStatus';
import { findCase } from '../../../platform/store/cases';
import { ActionRefused } from '../../errors';
import { runCaseAction } from '../../services/caseActions';
import { logCaseRead } from '../../../platform/store/accessLog';
import type { Actor } from '../../../contracts/messages';
import { staffActorId } from '../../../domain/actors';
import { sendLetter, sendLetterPdf } from '../letterFrame';
import { PageNotFound } from '../errors';
import { messageKey, translate } from '../i18n';
import { partyOf } from '../guards';
import { renderPage } from '../render';
import { doneNotice, mountActionForms, openForms, procedureStates, type ActingParty } from '../parties/actionForms';
import { adviceDraft, hearingsOf, memberOfUser, panelDocument, panelDocuments, panelLetter, panelLetters, seatOn } from '../parties/panel';
import { PANEL_FORMS } from '../parties/procedureForms';
import { stageView } from '../parties/stage';

const PANEL_ROLES = ['member', 'chair'];

interface PanelRequestState {
  member: { memberId: string; email: string; name: string };
  actor: Actor;
}

export function panelRoutes(deps: { db: Knex; temporal: Client }): Router {
  const router = Router();
  const members = new WeakMap<Request, PanelRequestState>();

  /** Staff with a panel role, speaking for a committee member; others are sent to log in or turned away. */
  const requireMember = async (req: Request, res: Response, next: NextFunction) => {
    const staff = partyOf(req, 'staff');
    if (!staff) return res.redirect(303, '/inloggen');
    if (!PANEL_ROLES.includes(staff.role)) return next(new PageNotFound('panel.notMember'));
    const member = await memberOfUser(deps.db, staff.userId);
    if (!member) return next(new PageNotFound('panel.notMember'));
    members.set(req, { member, actor: { userId: staffActorId(staff.userId), role: staff.role as Actor['role'] } });
    next();
  };
  const memberOf = (req: Request) => members.get(req)!;

  async function seatOrNotFound(req: Request) {
    const { member } = memberOf(req);
    const seat = await seatOn(deps.db, member.memberId, String(req.params.caseNumber));
    if (!seat) throw new PageNotFound();
    return seat;
  }

  async function resolve(req: Request): Promise<ActingParty> {
    const seat = await seatOrNotFound(req);
    return { caseId: seat.caseId, caseNumber: seat.caseNumber, actor: memberOf(req).actor, respondent: seat.memberId };
  }

  const caseHref = (req: Request) => `/panel/zaken/${encodeURIComponent(String(req.params.caseNumber))}`;

  router.use('/panel', requireMember);

  router.get('/panel', async (req, res) => {
    const { member } = memberOf(req);
    const lang = req.portal.lang;
    const hearings = (await hearingsOf(deps.db, member.memberId)).map((h) => ({
      ...h,
      href: `/panel/zaken/${h.caseNumber}`,
      seat: translate(lang, `panel.seat.${h.seatRole}`),
      statusLabel: STATUS_LABELS[h.status as keyof typeof STATUS_LABELS]?.[lang] ?? h.status,
      hearingLabel: h.hearingStatus ? translate(lang, messageKey(`panel.hearingStatus.${h.hearingStatus}`)) : '',
    }));
    renderPage(req, res, 'panel-hearings', { titleKey: 'panel.title', memberName: member.name, hearings });
  });

  async function renderCase(req: Request, res: Response, opts: { approveError?: string; status?: number } = {}) {
    const seat = await seatOrNotFound(req);
    const { member, actor } = memberOf(req);
    const lang = req.portal.lang;
    const row = (await findCase(deps.db, seat.caseNumber))!;
    const who: ActingParty = { caseId: seat.caseId, caseNumber: seat.caseNumber, actor, respondent: seat.memberId };
    const [states, documents, letters] = await Promise.all([procedureStates(deps.temporal, seat.caseNumber), panelDocuments(deps.db, seat.caseId), panelLetters(deps.db, seat.caseId, member.email)]);
    await logCaseRead(deps.db, { caseId: seat.caseId, actor: actor.userId, action: 'portal.panel.case.read', ip: req.ip });
    const draft = await adviceDraft(deps.db, seat.caseId, states.complaint?.awaitingApproval ?? []);
    const hearing = states.hearing;
    const complaint = row.complaint;
    const base = caseHref(req);
    // Only a chair approves a decision (caseActions); never the one who drafted it.
    const canApprove = !!draft && actor.role === 'chair' && draft.draftedBy !== actor.userId;
    const stage = stageView(lang, 'panel', states, row.status, seat.memberId);
    // The reader who can approve is told to approve, not that "a second person" has to.
    if (canApprove && stage.task.kind === 'approve') stage.task = { ...stage.task, text: translate(lang, 'task.approve.yours') };
    renderPage(
      req,
      res,
      'panel-case',
      {
        titleKey: 'panel.caseTitle',
        caseNumber: seat.caseNumber,
        seat: translate(lang, `panel.seat.${seat.seatRole}`),
        notice: doneNotice(PANEL_FORMS, req) ?? (req.query.goedgekeurd === '1' ? translate(lang, 'panel.approved') : undefined),
        statusLabel: STATUS_LABELS[(states.complaint?.status ?? row.status) as keyof typeof STATUS_LABELS]?.[lang] ?? row.status,
        stage,
        complaint: {
          description: complaint.description,
          occurredOn: complaint.occurredOn,
          category: CATEGORY_LABELS[complaint.category as ComplaintCategory]?.[lang] ?? complaint.category,
          schoolName: row.school_name,
        },
        hearing: hearing && {
          statusLabel: translate(lang, `panel.hearingStatus.${hearing.status}`),
          schedule: hearing.schedule,
          panel: hearing.panel.map((m) => ({ name: m.name, seat: translate(lang, `panel.seat.${m.role}`), me: m.memberId === seat.memberId })),
          myDates: hearing.availability[seat.memberId] ?? [],
        },
        actions: openForms(PANEL_FORMS, states, who, lang, base),
        documents,
        documentBase: `${base}/documenten`,
        letters,
        letterBase: `${base}/brieven`,
        draft: draft && {
          ...draft,
          readHref: `${base}/brieven/${draft.readId}`,
          mine: draft.draftedBy === actor.userId,
          canApprove,
        },
        approveAction: `${base}/goedkeuren`,
        approveError: opts.approveError,
        errorSummary: opts.approveError ? [{ href: '#f-approve', message: opts.approveError }] : [],
      },
      opts.status,
    );
  }

  router.get('/panel/zaken/:caseNumber', async (req, res) => {
    await renderCase(req, res);
  });

  router.use(
    mountActionForms(deps, {
      base: '/panel/zaken/:caseNumber',
      page: 'panel-action',
      guard: (_req, _res, next) => next(),
      resolve,
      backHref: caseHref,
      forms: PANEL_FORMS,
    }),
  );

  router.post('/panel/zaken/:caseNumber/goedkeuren', async (req, res) => {
    const seat = await seatOrNotFound(req);
    const { actor } = memberOf(req);
    const states = await procedureStates(deps.temporal, seat.caseNumber);
    const draft = await adviceDraft(deps.db, seat.caseId, states.complaint?.awaitingApproval ?? []);
    const lang = req.portal.lang;
    if (!draft) return renderCase(req, res, { approveError: translate(lang, 'panel.nothingToApprove'), status: 409 });
    try {
      await runCaseAction(deps.temporal, seat.caseNumber, 'approveLetter', { letterId: draft.letterId }, actor);
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err;
      return renderCase(req, res, { approveError: translate(lang, 'track.refused', { reason: err.refusals.map((r) => refusalReason(lang, r)).join(' ') }), status: err.status });
    }
    res.redirect(303, `${caseHref(req)}?goedgekeurd=1`);
  });

  router.get('/panel/zaken/:caseNumber/documenten/:id', async (req, res) => {
    const seat = await seatOrNotFound(req);
    const doc = await panelDocument(deps.db, seat.caseId, String(req.params.id));
    if (!doc) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: seat.caseId, actor: memberOf(req).actor.userId, action: `portal.document.read:${req.params.id}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type(doc.mimeType).attachment(doc.originalName).send(doc.content);
  });

  router.get('/panel/zaken/:caseNumber/brieven/:id', async (req, res) => {
    const seat = await seatOrNotFound(req);
    const letter = await panelLetter(deps.db, seat.caseId, memberOf(req).member.email, String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: seat.caseId, actor: memberOf(req).actor.userId, action: `portal.letter.read:${letter.id}`, ip: req.ip });
    const lang = req.portal.lang;
    const base = caseHref(req);
    sendLetter(res, letter.html, { lang, subject: letter.subject, backHref: `${base}#brieven`, backLabel: translate(lang, 'track.backToCase'), pdfHref: `${base}/brieven/${letter.id}/pdf` });
  });

  router.get('/panel/zaken/:caseNumber/brieven/:id/pdf', async (req, res) => {
    const seat = await seatOrNotFound(req);
    const letter = await panelLetter(deps.db, seat.caseId, memberOf(req).member.email, String(req.params.id));
    if (!letter) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: seat.caseId, actor: memberOf(req).actor.userId, action: `portal.letter.pdf:${letter.id}`, ip: req.ip });
    await sendLetterPdf(res, deps.db, letter.id, seat.caseNumber);
  });

  return router;
}
