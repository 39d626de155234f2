/**
 * Preparing and approving the publication of an advice (issue 17), in the console:
 *
 *   GET  /medewerkers/publicaties             the publications, and the cases whose advice can be published
 *   POST /medewerkers/publicaties             prepares a draft for a case (redactions proposed, then applied)
 *   GET  /medewerkers/publicaties/:id         the original beside the text to publish, with the proposals
 *   POST /medewerkers/publicaties/:id/:step   opslaan | ter-goedkeuring | terugsturen | goedkeuren | intrekken
 *
 * Staff only (committee members see no publications); secretaries and chairs take the steps; only a
 * chair who had no hand in the text approves it (domain/publication.ts). Every step is audited in the
 * case's log. The public pages are routes/rulings.ts.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { adviceText, MAX_PUBLICATION_LENGTH, monthLabel, NEXT_STATUS, redactionContext, stepRefusal, type PublicationStep } from '../../../domain/publication';
import { applyRedactions, proposeRedactions, type Redaction } from '../../../domain/redaction';
import { adviceSource, applyStep, createDraft, findPublication, listPublications, publishableCases, type PublicationRow } from '../../../platform/store/publications';
import { consoleUser, type ConsoleUser } from '../console/access';
import { PageNotFound } from '../errors';
import { messageKey, translate, type Lang } from '../i18n';
import { renderPage } from '../render';

export interface PublicationDeps {
  db: Knex;
}

/** The steps by their path segment, with the audit event each writes and its notice. */
const STEPS: Record<string, { step: PublicationStep; event: string; done: string }> = {
  opslaan: { step: 'edit', event: 'publication.edited', done: 'saved' },
  'ter-goedkeuring': { step: 'submit', event: 'publication.submitted', done: 'submitted' },
  terugsturen: { step: 'sendBack', event: 'publication.sent-back', done: 'sentBack' },
  goedkeuren: { step: 'approve', event: 'publication.published', done: 'approved' },
  intrekken: { step: 'unpublish', event: 'publication.unpublished', done: 'unpublished' },
};
const DONE = new Set(Object.values(STEPS).map((s) => s.done));

const categoryLabel = (category: string, lang: Lang) => CATEGORY_LABELS[category as ComplaintCategory]?.[lang] ?? category;
const cleanText = (raw: unknown) => (typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').replace(/\0/g, '').trim() : '');

/** The original as pieces, the proposals marked, for the side-by-side view. */
function segments(text: string, proposals: readonly Redaction[]) {
  const out: Array<{ text: string; replacement?: string }> = [];
  let at = 0;
  for (const p of proposals) {
    if (p.start > at) out.push({ text: text.slice(at, p.start) });
    out.push({ text: p.original, replacement: p.replacement });
    at = p.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

export function publicationRoutes(deps: PublicationDeps): Router {
  const router = Router();

  const staffOnly = async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.consoleUser ?? (await consoleUser(deps.db, req));
    if (!user) return res.redirect(303, '/inloggen');
    if (user.scope === 'panel') throw new PageNotFound();
    res.locals.consoleUser = user;
    next();
  };
  router.use('/medewerkers/publicaties', staffOnly);

  async function listPage(req: Request, res: Response, opts: { caseError?: string; status?: number } = {}) {
    const lang = req.portal.lang;
    const user: ConsoleUser = res.locals.consoleUser!;
    const publications = await listPublications(deps.db);
    const ready = user.canAct ? await publishableCases(deps.db) : [];
    renderPage(
      req,
      res,
      'console-publications',
      {
        titleKey: 'publication.title',
        canAct: user.canAct,
        ready: ready.map((c) => ({ caseNumber: c.case_number, label: `${c.case_number} (${categoryLabel(c.category, lang)})` })),
        caseError: opts.caseError,
        errorSummary: opts.caseError ? [{ href: '#caseNumber', message: opts.caseError }] : [],
        publications: publications.map((p) => ({
          id: p.id,
          caseNumber: p.case_number,
          month: monthLabel(p.advice_year, p.advice_month, lang),
          category: categoryLabel(p.category, lang),
          status: translate(lang, messageKey(`publication.status.${p.status}`)),
        })),
      },
      opts.status ?? 200,
    );
  }

  router.get('/medewerkers/publicaties', (req, res) => listPage(req, res));

  router.post('/medewerkers/publicaties', async (req, res) => {
    const user: ConsoleUser = res.locals.consoleUser!;
    if (!user.canAct) throw new PageNotFound();
    const lang = req.portal.lang;
    const caseNumber = cleanText(req.body?.caseNumber);
    const source = caseNumber ? await adviceSource(deps.db, caseNumber) : undefined;
    if (!source) return listPage(req, res, { caseError: translate(lang, 'publication.error.case'), status: 400 });
    const original = adviceText(source.advice);
    const proposals = proposeRedactions(original, redactionContext(source.particulars));
    const issued = source.issuedOn;
    const id = await createDraft(deps.db, {
      caseId: source.caseId,
      // The month of the advice in Amsterdam: the one date a publication carries.
      year: Number(issued.toLocaleString('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric' })),
      month: Number(issued.toLocaleString('en-CA', { timeZone: 'Europe/Amsterdam', month: 'numeric' })),
      category: source.category,
      sector: source.sector,
      finding: source.advice.finding,
      body: applyRedactions(original, proposals),
      by: user.actor!.userId,
      proposals: proposals.length,
    });
    if (!id) return listPage(req, res, { caseError: translate(lang, 'publication.error.case'), status: 400 });
    res.redirect(303, `/medewerkers/publicaties/${id}`);
  });

  async function detailPage(req: Request, res: Response, p: PublicationRow, opts: { errors?: Array<{ field: string; message: string }>; body?: string; status?: number } = {}) {
    const lang = req.portal.lang;
    const user: ConsoleUser = res.locals.consoleUser!;
    const source = await adviceSource(deps.db, p.case_number);
    const original = source ? adviceText(source.advice) : undefined;
    const proposals = original && source ? proposeRedactions(original, redactionContext(source.particulars)) : [];
    const errors = opts.errors ?? [];
    const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
    const done = typeof req.query.klaar === 'string' && DONE.has(req.query.klaar) ? req.query.klaar : undefined;
    const can = (step: PublicationStep) => user.canAct && stepRefusal(step, p, user.actor!) === undefined;
    renderPage(
      req,
      res,
      'console-publication',
      {
        titleKey: 'publication.detailTitle',
        caseNumber: p.case_number,
        id: p.id,
        status: translate(lang, messageKey(`publication.status.${p.status}`)),
        published: p.status === 'published',
        notice: done ? translate(lang, messageKey(`publication.done.${done}`)) : undefined,
        original: original ? segments(original, proposals) : undefined,
        proposals: proposals.map((r) => ({ original: r.original, replacement: r.replacement, kind: translate(lang, messageKey(`publication.proposal.${r.kind}`)) })),
        proposalCount: proposals.length,
        body: opts.body ?? p.body,
        bodyError: errorOf('body'),
        reasonError: errorOf('reason'),
        stepError: errorOf('step'),
        errorSummary: errors.map((e) => ({ href: `#${e.field}`, message: e.message })),
        canEdit: can('edit'),
        canSubmit: can('submit'),
        canSendBack: can('sendBack'),
        canApprove: can('approve'),
        showApprove: p.status === 'awaiting-approval',
        canUnpublish: can('unpublish'),
      },
      opts.status ?? 200,
    );
  }

  router.get('/medewerkers/publicaties/:id', async (req, res) => {
    const p = await findPublication(deps.db, String(req.params.id));
    if (!p) throw new PageNotFound();
    await detailPage(req, res, p);
  });

  router.post('/medewerkers/publicaties/:id/:step', async (req, res) => {
    const user: ConsoleUser = res.locals.consoleUser!;
    const p = await findPublication(deps.db, String(req.params.id));
    const step = Object.hasOwn(STEPS, String(req.params.step)) ? STEPS[String(req.params.step)] : undefined;
    if (!p || !step || !user.canAct) throw new PageNotFound();
    const lang = req.portal.lang;

    const errors: Array<{ field: string; message: string }> = [];
    const change: { body?: string; status?: (typeof NEXT_STATUS)[keyof typeof NEXT_STATUS]; reason?: string } = {};
    if (step.step === 'edit') {
      change.body = cleanText(req.body?.body);
      if (!change.body) errors.push({ field: 'body', message: translate(lang, 'publication.error.body') });
      else if (change.body.length > MAX_PUBLICATION_LENGTH) errors.push({ field: 'body', message: translate(lang, 'publication.error.bodyTooLong') });
    } else {
      change.status = NEXT_STATUS[step.step];
    }
    if (step.step === 'unpublish') {
      change.reason = cleanText(req.body?.reason).slice(0, 2000);
      if (!change.reason) errors.push({ field: 'reason', message: translate(lang, 'publication.error.reason') });
    }
    if (errors.length) return detailPage(req, res, p, { errors, body: change.body, status: 400 });

    const refusal = stepRefusal(step.step, p, user.actor!);
    if (refusal) {
      const status = refusal === 'publication.error.state' ? 409 : 403;
      return detailPage(req, res, p, { errors: [{ field: 'step', message: translate(lang, messageKey(refusal)) }], status });
    }
    // A step checked against a state that changed meanwhile (another tab, another person) changes nothing.
    if (!(await applyStep(deps.db, p, { event: step.event, by: user.actor!.userId, change }))) {
      const now = (await findPublication(deps.db, p.id))!;
      return detailPage(req, res, now, { errors: [{ field: 'step', message: translate(lang, 'publication.error.state') }], status: 409 });
    }
    res.redirect(303, `/medewerkers/publicaties/${p.id}?klaar=${step.done}`);
  });

  return router;
}
