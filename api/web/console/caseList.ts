/**
 * The console's case list and dashboard, read from the `cases` read model only (never from
 * Temporal: a list of 50 cases must not cost 50 workflow queries). Every filter has an index of the
 * shape (filter, deadline_key, id) (migrations/20261129_020_console_indexes.ts), and pages are cut
 * with a keyset on (deadline_key, id), so page 2000 costs what page 1 costs.
 */
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES, OPEN_STATUSES, type CaseStatus } from '../../../domain/caseStatus';
import { addDays, amsterdamDate } from '../../../domain/clock';
import { commonFilters, queryValues, type FilterError } from '../../../domain/queryFilters';
import type { ConsoleUser } from './access';

export const PAGE_SIZE = 50;
/** "Next term within N days" is capped: beyond a year the filter means nothing. */
export const MAX_DUE_WITHIN = 366;
export const REPORTING_DUTY_FILTERS = ['any', 'awaiting-confirmation', 'confirmed', 'escalated'] as const;
export const STATE_FILTERS = ['open', 'closed', 'all', ...OPEN_STATUSES, ...CLOSED_OUTCOMES] as const;

export interface CaseFilters {
  state: (typeof STATE_FILTERS)[number];
  category?: string;
  sector?: string;
  school?: string;
  board?: string;
  dueWithin?: number;
  overdue: boolean;
  reportingDuty?: (typeof REPORTING_DUTY_FILTERS)[number];
  waiting: boolean;
  /** Keyset cursor: the (deadline_key, id) of the last row of the previous page. */
  after?: { deadlineKey: string; id: string };
}

export type { FilterError };

/** Reads the filters from a query string; what is unreadable is named, never silently ignored. */
export function parseFilters(query: Record<string, unknown>): { filters: CaseFilters; values: Record<string, string>; errors: FilterError[] } {
  const values = queryValues(query, ['state', 'category', 'sector', 'school', 'board', 'dueWithin', 'overdue', 'reportingDuty', 'waiting', 'after']);
  const errors: FilterError[] = [];
  const filters: CaseFilters = { state: 'open', overdue: values.overdue === '1', waiting: values.waiting === '1' };
  if (values.state) {
    if ((STATE_FILTERS as readonly string[]).includes(values.state)) filters.state = values.state as CaseFilters['state'];
    else errors.push({ field: 'state', messageKey: 'console.filter.badState' });
  }
  Object.assign(filters, commonFilters(values, errors));
  if (values.dueWithin) {
    const n = Number(values.dueWithin);
    if (/^\d{1,3}$/.test(values.dueWithin) && n <= MAX_DUE_WITHIN) filters.dueWithin = n;
    else errors.push({ field: 'dueWithin', messageKey: 'console.filter.badDueWithin' });
  }
  if (values.reportingDuty) {
    if ((REPORTING_DUTY_FILTERS as readonly string[]).includes(values.reportingDuty)) filters.reportingDuty = values.reportingDuty as CaseFilters['reportingDuty'];
    else errors.push({ field: 'reportingDuty', messageKey: 'console.filter.badReportingDuty' });
  }
  const cursor = /^(\d{4}-\d{2}-\d{2}|infinity)~(\d{1,18})$/.exec(values.after);
  if (cursor) filters.after = { deadlineKey: cursor[1], id: cursor[2] };
  return { filters, values, errors };
}

/** The same filters as a query string, for links (the next page, the dashboard's counts). */
export function filterQuery(values: Record<string, string>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v && k !== 'after') params.set(k, v);
  if (extra.after) params.set('after', extra.after);
  return params.toString();
}

export function today(now = new Date()): string {
  return amsterdamDate(now);
}

/**
 * Cases where the next move is the secretary's: a decision on admissibility, a hearing date to
 * pick, a decision letter waiting for the second signature, a measure reported by the school and
 * waiting for verification, or a panel that could not be formed.
 */
export const WAITING_ON_SECRETARY_STATUSES: readonly CaseStatus[] = ['received', 'admissibility', 'hearing-scheduling'];

function whereWaitingOnSecretary(q: Knex.QueryBuilder): void {
  // The cases with something waiting elsewhere are few: one hashed set of ids, each part on a
  // partial index, instead of three correlated lookups for every open case.
  const elsewhere = `SELECT case_id FROM letters WHERE status = 'awaiting-approval'
    UNION SELECT case_id FROM compliance_measures WHERE status = 'reported'
    UNION SELECT case_id FROM hearings WHERE status = 'forming-panel' AND panel_problem IS NOT NULL`;
  q.where((w) => {
    w.whereIn('cases.status', WAITING_ON_SECRETARY_STATUSES as string[]).orWhereRaw(`cases.id IN (${elsewhere})`);
  });
}

/** A committee member sees only the cases whose hearing panel they sit on (the member their account speaks for). */
function whereVisibleTo(q: Knex.QueryBuilder, db: Knex, user: ConsoleUser): void {
  if (user.scope === 'all') return;
  if (!user.memberId) {
    q.whereRaw('false');
    return;
  }
  q.whereIn('cases.id', db('hearing_panel_assignments').where('member_id', user.memberId).select('case_id'));
}

function applyFilters(q: Knex.QueryBuilder, db: Knex, f: CaseFilters, day: string): void {
  if (f.state === 'open' || f.overdue) q.whereIn('cases.status', OPEN_STATUSES as readonly string[] as string[]);
  else if (f.state === 'closed') q.whereIn('cases.status', CLOSED_OUTCOMES as readonly string[] as string[]);
  if (f.state !== 'open' && f.state !== 'closed' && f.state !== 'all') q.where('cases.status', f.state);
  if (f.category) q.where('cases.category', f.category);
  if (f.sector) q.where('cases.sector', f.sector);
  if (f.school) q.where('cases.school_brin', f.school);
  if (f.board) q.whereIn('cases.school_brin', db('schools').whereRaw('lower(board_name) = lower(?)', [f.board]).select('brin'));
  if (f.overdue) q.where('cases.deadline_key', '<', day);
  if (f.dueWithin !== undefined) q.whereBetween('cases.deadline_key', [day, addDays(day, f.dueWithin)]);
  if (f.reportingDuty === 'any') q.whereNot('cases.reporting_duty', 'not-applicable');
  else if (f.reportingDuty) q.where('cases.reporting_duty', f.reportingDuty);
  if (f.waiting) whereWaitingOnSecretary(q);
}

export interface CaseListRow {
  id: string;
  caseNumber: string;
  status: CaseStatus;
  category: string;
  sector: string | null;
  schoolBrin: string;
  schoolName: string;
  receivedOn: string;
  nextDeadline: string | null;
  overdue: boolean;
  reportingDuty: string;
}

/** The page query itself, apart so the benchmark and the EXPLAIN test run exactly what the page runs. */
export function caseListQuery(db: Knex, user: ConsoleUser, f: CaseFilters, day: string, limit = PAGE_SIZE): Knex.QueryBuilder {
  const q = db('cases').select(
    'cases.id',
    'cases.case_number',
    'cases.status',
    'cases.category',
    'cases.sector',
    'cases.school_brin',
    'cases.school_name',
    db.raw(`to_char(cases.received_on, 'YYYY-MM-DD') AS received_on`),
    db.raw(`to_char(cases.next_deadline, 'YYYY-MM-DD') AS next_deadline`),
    db.raw(`CASE WHEN cases.deadline_key = 'infinity' THEN 'infinity' ELSE to_char(cases.deadline_key, 'YYYY-MM-DD') END AS deadline_key`),
    'cases.reporting_duty',
  );
  applyFilters(q, db, f, day);
  whereVisibleTo(q, db, user);
  if (f.after) q.whereRaw('(cases.deadline_key, cases.id) > (?::date, ?::bigint)', [f.after.deadlineKey, f.after.id]);
  return q.orderBy([{ column: 'cases.deadline_key' }, { column: 'cases.id' }]).limit(limit + 1);
}

export async function listCases(db: Knex, user: ConsoleUser, f: CaseFilters, now = new Date()): Promise<{ rows: CaseListRow[]; nextCursor?: string }> {
  const day = today(now);
  const raw: Array<Record<string, string | null>> = await caseListQuery(db, user, f, day);
  const more = raw.length > PAGE_SIZE;
  const page = raw.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      id: String(r.id),
      caseNumber: r.case_number!,
      status: r.status as CaseStatus,
      category: r.category!,
      sector: r.sector,
      schoolBrin: r.school_brin!,
      schoolName: r.school_name!,
      receivedOn: r.received_on!,
      nextDeadline: r.next_deadline,
      overdue: r.next_deadline !== null && r.next_deadline < day && (OPEN_STATUSES as readonly string[]).includes(r.status!),
      reportingDuty: r.reporting_duty!,
    })),
    nextCursor: more && last ? `${last.deadline_key}~${last.id}` : undefined,
  };
}

export interface Dashboard {
  byStatus: Array<{ status: CaseStatus; count: number }>;
  openTotal: number;
  dueThisWeek: number;
  overdue: number;
  waitingOnSecretary: number;
  reportingDutyAwaiting: number;
}

/** The dashboard's counts: each a count over an index, scoped like the list. */
export async function dashboard(db: Knex, user: ConsoleUser, now = new Date()): Promise<Dashboard> {
  const day = today(now);
  const open: CaseFilters = { state: 'open', overdue: false, waiting: false };
  const count = async (f: CaseFilters): Promise<number> => {
    const q = db('cases').count<{ count: string }[]>({ count: '*' });
    applyFilters(q, db, f, day);
    whereVisibleTo(q, db, user);
    const [row] = await q;
    return Number(row.count);
  };
  const statusQuery = db('cases').select('cases.status').count<{ status: CaseStatus; count: string }[]>({ count: '*' }).groupBy('cases.status');
  applyFilters(statusQuery, db, open, day);
  whereVisibleTo(statusQuery, db, user);
  const [statusRows, dueThisWeek, overdue, waitingOnSecretary, reportingDutyAwaiting] = await Promise.all([
    statusQuery,
    count({ ...open, dueWithin: 7 }),
    count({ ...open, overdue: true }),
    count({ ...open, waiting: true }),
    count({ ...open, reportingDuty: 'awaiting-confirmation' }),
  ]);
  const counts = new Map(statusRows.map((r) => [r.status, Number(r.count)]));
  const byStatus = OPEN_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
  return { byStatus, openTotal: byStatus.reduce((n, s) => n + s.count, 0), dueThisWeek, overdue, waitingOnSecretary, reportingDutyAwaiting };
}
