/**
 * The case API for committee staff and schools (bearer token): read a case with its live workflow
 * state, list cases, and take the actions the workflows allow.
 */
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { FIRST_CALENDAR_RELEASE } from '../../domain/calendar';
import { amsterdamDate } from '../../domain/clock';
import { adviceRegimeOn } from '../../domain/policy';
import { casePolicy } from '../../platform/store/policies';
import { applyCalendarRelease, checkedVersion } from '../services/calendarReleases';
import { CLOSED_OUTCOMES, OPEN_STATUSES, STATUS_LABELS } from '../../domain/caseStatus';
import { isCaseNumber } from '../../domain/caseNumber';
import { findCase, listCases, listEvents, listLetters, type CaseRow } from '../../platform/store/cases';
import { logCaseRead } from '../../platform/store/accessLog';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { requireApiToken } from '../middleware/apiToken';
import { caseState, runCaseAction } from '../services/caseActions';
import { memberOfUser, seatOn } from '../web/parties/panel';
import { apiLang, loadCaseView, partyCaseJson } from '../web/caseView';
import { assertRespondentOfCase, casePartiesForStaff } from '../services/caseParties';

export interface CasesRouterDeps {
  db: Knex;
  temporal: Client;
}

export function cases(deps: CasesRouterDeps): Router {
  const router = Router();
  router.use(requireApiToken(deps.db));

  /** The committee member a member's token speaks for: its staff account's member, as on the panel pages. */
  async function panelMemberOf(req: Request): Promise<string | undefined> {
    const userId = req.user!.staffUserId;
    return userId ? (await memberOfUser(deps.db, userId))?.memberId : undefined;
  }

  /** A school reaches only its own cases, a member only those whose panel they sit on; any other case does not exist for them. */
  async function caseFor(req: Request): Promise<CaseRow> {
    const caseNumber = String(req.params.caseNumber);
    const row = isCaseNumber(caseNumber) ? await findCase(deps.db, caseNumber) : undefined;
    if (!row || (req.user!.role === 'school' && row.school_brin !== req.user!.schoolBrin)) throw new NotFoundError('case not found');
    if (req.user!.role === 'member') {
      const memberId = await panelMemberOf(req);
      if (!memberId || !(await seatOn(deps.db, memberId, row.case_number))) throw new NotFoundError('case not found');
    }
    return row;
  }

  router.get('/', async (req, res) => {
    if (req.user!.role === 'school') throw new NotFoundError('not found');
    const errors: Array<{ field: string; message: string }> = [];
    const status = req.query.status === undefined ? undefined : String(req.query.status);
    const allStatuses: readonly string[] = [...OPEN_STATUSES, ...CLOSED_OUTCOMES];
    if (status !== undefined && !allStatuses.includes(status)) errors.push({ field: 'status', message: `must be one of: ${allStatuses.join(', ')}` });
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) errors.push({ field: 'limit', message: 'must be a whole number from 1 to 500' });
    const after = req.query.after === undefined ? undefined : String(req.query.after);
    if (after !== undefined && !isCaseNumber(after)) errors.push({ field: 'after', message: 'must be a case number' });
    if (errors.length) throw new ValidationError(errors);
    // A member lists only the cases whose panel they sit on; a token that speaks for no member lists none.
    const panelOf = req.user!.role === 'member' ? ((await panelMemberOf(req)) ?? null) : undefined;
    const rows = await listCases(deps.db, { limit, panelOf, status, after });
    res.json({ cases: rows.map((r) => ({ caseNumber: r.case_number, status: r.status, category: r.category, school: { brin: r.school_brin, name: r.school_name }, receivedOn: r.received_on, nextDeadline: r.next_deadline })), next: rows.length === limit ? rows[rows.length - 1].case_number : null });
  });

  router.get('/:caseNumber', async (req, res) => {
    const row = await caseFor(req);
    if (req.user!.role === 'school') {
      // A school sees what its portal page shows (one filter for both doors), plus the complaint itself.
      const view = await loadCaseView(deps, { caseNumber: row.case_number, party: 'school', actor: `school:${req.user!.userId}`, ip: req.ip, lang: apiLang(req.query.lang), logAction: 'case.read' });
      if (!view) throw new NotFoundError('case not found');
      return res.json({ ...partyCaseJson(view), complaint: { description: row.complaint.description, occurredOn: row.complaint.occurredOn } });
    }
    const [events, letters, state] = await Promise.all([listEvents(deps.db, row.id), listLetters(deps.db, row.id), caseState(deps.temporal, row.case_number)]);
    await logCaseRead(deps.db, { caseId: row.id, actor: `${req.user!.role}:${req.user!.userId}`, action: 'case.read', ip: req.ip });
    res.json({
      caseNumber: row.case_number,
      status: row.status,
      statusLabel: STATUS_LABELS[row.status],
      receivedOn: row.received_on,
      nextDeadline: row.next_deadline,
      policyVersion: row.policy_version,
      calendarVersion: row.calendar_version ?? FIRST_CALENDAR_RELEASE,
      adviceRegime: adviceRegimeOn(await casePolicy(deps.db, row.policy_version), amsterdamDate(new Date()), row.sector),
      category: row.category,
      school: { brin: row.school_brin, name: row.school_name, sector: row.sector },
      complaint: row.complaint,
      ...casePartiesForStaff(row, events),
      workflow: state,
      timeline: events.map((e) => ({ at: e.occurred_at, type: e.type, actor: e.actor, data: e.data })),
      letters: letters.map((l) => ({ id: l.id, kind: l.kind, to: l.addressee_role, subject: l.subject, status: l.status, templateVersion: l.template_version, createdAt: l.created_at })),
    });
  });

  router.post('/:caseNumber/calendar-release', async (req, res) => {
    const row = await caseFor(req);
    if (req.user!.role !== 'chair') throw new ConflictError('only the chair may apply a new calendar release to a running case', 'action', 403);
    const version = checkedVersion(req.body?.version);
    res.json(await applyCalendarRelease(deps.temporal, row.case_number, version, { userId: req.user!.userId, role: req.user!.role }));
  });

  router.post('/:caseNumber/actions/:action', async (req, res) => {
    const row = await caseFor(req);
    const user = req.user!;
    assertRespondentOfCase(row, String(req.params.action), req.body);
    const result = await runCaseAction(deps.temporal, row.case_number, String(req.params.action), req.body, { userId: user.userId, role: user.role });
    res.json(result);
  });

  return router;
}
