/**
 * The console's case list and dashboard, read from the `cases` read model only (never from
 * Temporal: a list of 50 cases must not cost 50 workflow queries). Every filter has an index of the
 * shape (filter, deadline_key, id) (migrations/20261129_020_console_indexes.ts), and pages are cut
 * with a keyset on (deadline_key, id), so page 2000 costs what page 1 costs.
 */
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES, OPEN_STATUSES, type CaseStatus } from '../../../domain/caseStatus';
import { amsterdamDate } from '../../../domain/clock';
import { commonFilters, queryValues, type FilterError } from '../../../domain/queryFilters';
import type { ConsoleUser } from './access';
import { CASE_LIST_PAGE_SIZE, caseListQuery, casesWaitingElsewhere, countCases, countCasesByStatus, resolveBoard, type CaseListFilters } from '../../../platform/store/caseList';

export const PAGE_SIZE = CASE_LIST_PAGE_SIZE;
/** "Next term within N days" is capped: beyond a year the filter means nothing. */
export const MAX_DUE_WITHIN = 366;
export const REPORTING_DUTY_FILTERS = ['any', 'awaiting-confirmation', 'confirmed', 'escalated'] as const;
export const STATE_FILTERS = ['open', 'closed', 'all', ...OPEN_STATUSES, ...CLOSED_OUTCOMES] as const;

/**
 * The store's filters (platform/store/caseList.ts) with what the console accepts narrowed to its
 * choices; `search` holds words every case found contains (case number, names, school, complaint
 * text), `after`/`before` the keyset cursor of the neighbouring page.
 */
export interface CaseFilters extends CaseListFilters {
  state: (typeof STATE_FILTERS)[number];
  reportingDuty?: (typeof REPORTING_DUTY_FILTERS)[number];
}

export type { FilterError };

/** A trigram index finds words of three characters or more; shorter ones would mean a scan. */
export const MIN_SEARCH_WORD = 3;

/** Reads the filters from a query string; what is unreadable is named, never silently ignored. */
export function parseFilters(query: Record<string, unknown>): { filters: CaseFilters; values: Record<string, string>; errors: FilterError[] } {
  const values = queryValues(query, ['q', 'state', 'category', 'sector', 'school', 'board', 'dueWithin', 'overdue', 'reportingDuty', 'waiting', 'after', 'before']);
  const errors: FilterError[] = [];
  const filters: CaseFilters = { state: 'open', overdue: values.overdue === '1', waiting: values.waiting === '1' };
  if (values.state) {
    if ((STATE_FILTERS as readonly string[]).includes(values.state)) filters.state = values.state as CaseFilters['state'];
    else errors.push({ field: 'state', messageKey: 'console.filter.badState' });
  }
  Object.assign(filters, commonFilters(values, errors));
  if (values.q) {
    const words = values.q.toLowerCase().split(/\s+/).filter(Boolean);
    // Control characters (a NUL above all, which PostgreSQL refuses in text) are no search.
    if (words.length <= 10 && words.every((w) => w.length >= MIN_SEARCH_WORD) && ![...values.q].some((ch) => ch.charCodeAt(0) < 32)) filters.search = words;
    else errors.push({ field: 'q', messageKey: 'console.filter.badQ' });
  }
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
  const back = /^(\d{4}-\d{2}-\d{2}|infinity)~(\d{1,18})$/.exec(values.before);
  if (back && !cursor) filters.before = { deadlineKey: back[1], id: back[2] };
  return { filters, values, errors };
}

/** The same filters as a query string, for links (the next page, the dashboard's counts). */
export function filterQuery(values: Record<string, string>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v && k !== 'after' && k !== 'before') params.set(k, v);
  if (extra.after) params.set('after', extra.after);
  if (extra.before) params.set('before', extra.before);
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
export { WAITING_ON_SECRETARY_STATUSES } from '../../../platform/store/caseList';
/** The page query itself, in the store, so the benchmark and the EXPLAIN test run exactly what the page runs. */
export { caseListQuery, resolveBoard };

export interface CaseListRow {
  id: string;
  caseNumber: string;
  status: CaseStatus;
  category: string;
  sector: string | null;
  schoolBrin: string;
  schoolName: string;
  complainantName: string;
  receivedOn: string;
  nextDeadline: string | null;
  overdue: boolean;
  reportingDuty: string;
}

export async function listCases(db: Knex, user: ConsoleUser, f: CaseFilters, now = new Date()): Promise<{ rows: CaseListRow[]; nextCursor?: string; prevCursor?: string }> {
  const day = today(now);
  const raw: Array<Record<string, string | null>> = await caseListQuery(db, user, await resolveBoard(db, f), day);
  const more = raw.length > PAGE_SIZE;
  const page = raw.slice(0, PAGE_SIZE);
  if (f.before) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const key = (r: Record<string, string | null>) => `${r.deadline_key}~${r.id}`;
  // Forwards, a previous page exists when we came through a cursor; backwards, when there were more rows.
  const hasPrev = f.before ? more : f.after !== undefined;
  const hasNext = f.before ? true : more;
  return {
    prevCursor: hasPrev && first ? key(first) : undefined,
    rows: page.map((r) => ({
      id: String(r.id),
      caseNumber: r.case_number!,
      status: r.status as CaseStatus,
      category: r.category!,
      sector: r.sector,
      schoolBrin: r.school_brin!,
      schoolName: r.school_name!,
      complainantName: r.complainant_name ?? '',
      receivedOn: r.received_on!,
      nextDeadline: r.next_deadline,
      overdue: r.next_deadline !== null && r.next_deadline < day && (OPEN_STATUSES as readonly string[]).includes(r.status!),
      reportingDuty: r.reporting_duty!,
    })),
    nextCursor: hasNext && last ? key(last) : undefined,
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
  const count = (f: CaseFilters): Promise<number> => countCases(db, user, f, day);
  const [statusRows, dueThisWeek, overdue, waitingOnSecretary, reportingDutyAwaiting] = await Promise.all([
    countCasesByStatus(db, user, open, day),
    count({ ...open, dueWithin: 7 }),
    count({ ...open, overdue: true }),
    count({ ...open, waiting: true }),
    count({ ...open, reportingDuty: 'awaiting-confirmation' }),
  ]);
  const counts = new Map(statusRows.map((r) => [r.status, Number(r.count)]));
  const byStatus = OPEN_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
  return { byStatus, openTotal: byStatus.reduce((n, s) => n + s.count, 0), dueThisWeek, overdue, waitingOnSecretary, reportingDutyAwaiting };
}

/** Why a case waits on the secretariat: the same parts as the "waiting" filter, named per case. */
export const WAITING_REASONS = ['admissibility', 'hearing-date', 'approval', 'verification', 'panel'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/** The reasons for the cases of one page (at most PAGE_SIZE ids): three small lookups on partial indexes. */
export async function waitingReasons(db: Knex, rows: ReadonlyArray<{ id: string; status: CaseStatus }>): Promise<Map<string, WaitingReason[]>> {
  const ids = rows.map((r) => r.id);
  const out = new Map<string, WaitingReason[]>(rows.map((r) => [r.id, [] as WaitingReason[]]));
  if (!ids.length) return out;
  const [approvals, measures, panels] = await casesWaitingElsewhere(db, ids);
  for (const r of rows) {
    const reasons = out.get(r.id)!;
    if (r.status === 'received' || r.status === 'admissibility') reasons.push('admissibility');
    if (r.status === 'hearing-scheduling') reasons.push('hearing-date');
  }
  const add = (list: Array<{ case_id: string | number }>, reason: WaitingReason) => list.forEach((c) => out.get(String(c.case_id))?.push(reason));
  add(approvals, 'approval');
  add(measures, 'verification');
  add(panels, 'panel');
  return out;
}
