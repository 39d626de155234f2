/**
 * Retention in the console (issue 17), staff only:
 *
 *   GET  /medewerkers/bewaartermijnen               the retention periods (policy data), what the next
 *                                                   run would anonymise (dry run) and the legal holds
 *   POST /medewerkers/bewaartermijnen/bewaarplicht  sets or lifts a case's legal hold (secretary, chair), audited
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { legalHolds, liftLegalHold, retentionPlan, setLegalHold } from '../../../platform/store/retention';
import { amsterdamDate } from '../../../domain/clock';
import { RETENTION_POLICY_VERSION, RETENTION_RULES } from '../../../domain/retention';
import { STATUS_LABELS, type CaseStatus } from '../../../domain/caseStatus';
import { appendEvent, findCase } from '../../../platform/store/cases';
import { consoleUser, type ConsoleUser } from '../console/access';
import { PageNotFound } from '../errors';
import { translate } from '../i18n';
import { renderPage } from '../render';

export interface RetentionDeps {
  db: Knex;
}

const statusLabel = (status: string, lang: 'nl' | 'en') => STATUS_LABELS[status as CaseStatus]?.[lang] ?? status;
const cleanText = (raw: unknown) => (typeof raw === 'string' ? raw.replace(/\0/g, '').trim() : '');

export function retentionRoutes(deps: RetentionDeps): Router {
  const router = Router();

  const staffOnly = async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.consoleUser ?? (await consoleUser(deps.db, req));
    if (!user) return res.redirect(303, '/inloggen');
    if (user.scope === 'panel') throw new PageNotFound();
    res.locals.consoleUser = user;
    next();
  };
  router.use('/medewerkers/bewaartermijnen', staffOnly);

  async function page(req: Request, res: Response, opts: { errors?: Array<{ field: string; message: string }>; values?: Record<string, string>; status?: number } = {}) {
    const lang = req.portal.lang;
    const user: ConsoleUser = res.locals.consoleUser!;
    const plan = await retentionPlan(deps.db, amsterdamDate(new Date()));
    const holds = await legalHolds(deps.db);
    const errors = opts.errors ?? [];
    const row = (v: (typeof plan.due)[number]) => ({ caseNumber: v.caseNumber, outcome: statusLabel(v.outcome, lang), closedOn: v.closedOn, endsOn: v.endsOn });
    renderPage(
      req,
      res,
      'console-retention',
      {
        titleKey: 'retention.title',
        policyVersion: RETENTION_POLICY_VERSION,
        rules: RETENTION_RULES.map((r) => ({ outcomes: r.outcomes.map((o) => statusLabel(o, lang)).join(', '), years: r.years, basis: r.basis, provisional: r.provisional })),
        due: plan.due.map(row),
        held: plan.held.map(row),
        holds: holds.map((h) => ({ caseNumber: h.case_number, since: h.legal_hold_since, reason: h.legal_hold_reason })),
        canAct: user.canAct,
        notice: typeof req.query.klaar === 'string' && ['set', 'lifted'].includes(req.query.klaar) ? translate(lang, req.query.klaar === 'set' ? 'retention.done.set' : 'retention.done.lifted') : undefined,
        caseError: errors.find((e) => e.field === 'caseNumber')?.message,
        reasonError: errors.find((e) => e.field === 'reason')?.message,
        values: opts.values ?? {},
        errorSummary: errors.map((e) => ({ href: `#${e.field}`, message: e.message })),
      },
      opts.status ?? 200,
    );
  }

  router.get('/medewerkers/bewaartermijnen', (req, res) => page(req, res));

  router.post('/medewerkers/bewaartermijnen/bewaarplicht', async (req, res) => {
    const user: ConsoleUser = res.locals.consoleUser!;
    if (!user.canAct) throw new PageNotFound();
    const lang = req.portal.lang;
    const action = req.body?.action === 'lift' ? 'lift' : 'set';
    const caseNumber = cleanText(req.body?.caseNumber);
    const reason = cleanText(req.body?.reason).slice(0, 2000);
    const row = caseNumber ? await findCase(deps.db, caseNumber) : undefined;
    const errors: Array<{ field: string; message: string }> = [];
    if (!row || (row as { anonymised_at?: Date | null }).anonymised_at) errors.push({ field: 'caseNumber', message: translate(lang, 'retention.error.case') });
    if (action === 'set' && !reason) errors.push({ field: 'reason', message: translate(lang, 'retention.error.reason') });
    if (errors.length) return page(req, res, { errors, values: { caseNumber, reason }, status: 400 });
    await deps.db.transaction(async (trx) => {
      const changed =
        action === 'set'
          ? await setLegalHold(trx, row!.id, user.actor!.userId, reason)
          : await liftLegalHold(trx, row!.id);
      if (changed) await appendEvent(trx, { caseId: row!.id, type: action === 'set' ? 'retention.hold-set' : 'retention.hold-lifted', actor: user.actor!.userId, data: action === 'set' ? { reason } : {} });
    });
    res.redirect(303, `/medewerkers/bewaartermijnen?klaar=${action === 'set' ? 'set' : 'lifted'}`);
  });

  return router;
}
