/**
 * The console's case list and dashboard queries (api/web/console/caseList.ts reads the filters and
 * shapes the page), on the `cases` read model only. Every filter has an index of the shape (filter,
 * deadline_key, id) (migrations/20261129_020_console_indexes.ts), and pages are cut with a keyset on
 * (deadline_key, id), so page 2000 costs what page 1 costs.
 */
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES, OPEN_STATUSES, type CaseStatus } from '../../domain/caseStatus';
import { addDays } from '../../domain/clock';

export const CASE_LIST_PAGE_SIZE = 50;

/** The filters of the list (api/web/console/caseList.ts, CaseFilters). */
export interface CaseListFilters {
  state: string;
  category?: string;
  sector?: string;
  school?: string;
  board?: string;
  /** The board's schools, looked up before the query (resolveBoard): set whenever `board` is. */
  boardSchools?: readonly string[];
  dueWithin?: number;
  overdue: boolean;
  reportingDuty?: string;
  waiting: boolean;
  search?: string[];
  after?: { deadlineKey: string; id: string };
  before?: { deadlineKey: string; id: string };
}

/** Who looks: everyone's cases, or only those whose panel this committee member sits on. */
export interface CaseListViewer {
  scope: string;
  memberId?: string | null;
}

/** Statuses in which the next move is the secretary's (api/web/console/caseList.ts says which). */
export const WAITING_ON_SECRETARY_STATUSES: readonly CaseStatus[] = ['received', 'admissibility', 'hearing-scheduling'];

/** The searched text: the very expression of the trigram index (migrations/20261203_console_001_case_search.ts). */
const CASE_SEARCH_TEXT = `lower(cases.case_number || ' ' || coalesce(cases.school_name, '') || ' ' || coalesce(cases.complaint #>> '{complainant,name}', '') || ' ' ||
    coalesce(cases.complaint #>> '{representative,name}', '') || ' ' || coalesce(cases.complaint ->> 'description', ''))`;
const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

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
function whereVisibleTo(q: Knex.QueryBuilder, db: Knex, user: CaseListViewer): void {
  if (user.scope === 'all') return;
  if (!user.memberId) {
    q.whereRaw('false');
    return;
  }
  q.whereIn('cases.id', db('hearing_panel_assignments').where('member_id', user.memberId).select('case_id'));
}

/**
 * Looks up the board's schools before the list is queried. As a subquery, the planner cannot know how
 * many cases the board has, guesses some, and walks the list's deadline order until a page is full:
 * for a board with few or no cases that is the whole table (measured at 100,000 open cases: p50
 * 98.8 ms, p99 163.5 ms). With the schools as values it reads each school's cases on its index, or
 * nothing at all for a board without schools.
 */
export async function resolveBoard<F extends CaseListFilters>(db: Knex, f: F): Promise<F> {
  if (!f.board || f.boardSchools) return f;
  const rows: Array<{ brin: string }> = await db('schools').whereRaw('lower(board_name) = lower(?)', [f.board]).select('brin');
  return { ...f, boardSchools: rows.map((r) => r.brin) };
}

function applyFilters(q: Knex.QueryBuilder, f: CaseListFilters, day: string): void {
  if (f.state === 'open' || f.overdue) q.whereIn('cases.status', OPEN_STATUSES as readonly string[] as string[]);
  else if (f.state === 'closed') q.whereIn('cases.status', CLOSED_OUTCOMES as readonly string[] as string[]);
  if (f.state !== 'open' && f.state !== 'closed' && f.state !== 'all') q.where('cases.status', f.state);
  if (f.category) q.where('cases.category', f.category);
  if (f.sector) q.where('cases.sector', f.sector);
  if (f.school) q.where('cases.school_brin', f.school);
  if (f.board) {
    // Never the whole list for a board filter that was not looked up: that is a caller's mistake.
    if (!f.boardSchools) throw new Error('board filter without its schools: call resolveBoard first');
    q.whereIn('cases.school_brin', [...f.boardSchools]);
  }
  if (f.overdue) q.where('cases.deadline_key', '<', day);
  if (f.dueWithin !== undefined) q.whereBetween('cases.deadline_key', [day, addDays(day, f.dueWithin)]);
  if (f.reportingDuty === 'any') q.whereNot('cases.reporting_duty', 'not-applicable');
  else if (f.reportingDuty) q.where('cases.reporting_duty', f.reportingDuty);
  if (f.waiting) whereWaitingOnSecretary(q);
  for (const word of f.search ?? []) q.whereRaw(`${CASE_SEARCH_TEXT} LIKE ?`, [`%${escapeLike(word)}%`]);
}

/** The page query itself, apart so the benchmark and the EXPLAIN test run exactly what the page runs. */
export function caseListQuery(db: Knex, user: CaseListViewer, f: CaseListFilters, day: string, limit = CASE_LIST_PAGE_SIZE): Knex.QueryBuilder {
  const q = db('cases').select(
    'cases.id',
    'cases.case_number',
    'cases.status',
    'cases.category',
    'cases.sector',
    'cases.school_brin',
    'cases.school_name',
    db.raw(`cases.complaint #>> '{complainant,name}' AS complainant_name`),
    db.raw(`to_char(cases.received_on, 'YYYY-MM-DD') AS received_on`),
    db.raw(`to_char(cases.next_deadline, 'YYYY-MM-DD') AS next_deadline`),
    db.raw(`CASE WHEN cases.deadline_key = 'infinity' THEN 'infinity' ELSE to_char(cases.deadline_key, 'YYYY-MM-DD') END AS deadline_key`),
    'cases.reporting_duty',
  );
  applyFilters(q, f, day);
  whereVisibleTo(q, db, user);
  if (f.after) q.whereRaw('(cases.deadline_key, cases.id) > (?::date, ?::bigint)', [f.after.deadlineKey, f.after.id]);
  // Backwards: the page before the cursor, read in reverse on the same index and turned round after.
  if (f.before) q.whereRaw('(cases.deadline_key, cases.id) < (?::date, ?::bigint)', [f.before.deadlineKey, f.before.id]);
  const order = f.before ? 'desc' : 'asc';
  return q.orderBy([{ column: 'cases.deadline_key', order }, { column: 'cases.id', order }]).limit(limit + 1);
}

/** The number of cases matching the filters, scoped like the list. */
export async function countCases(db: Knex, user: CaseListViewer, filters: CaseListFilters, day: string): Promise<number> {
  const f = await resolveBoard(db, filters);
  const q = db('cases').count<{ count: string }[]>({ count: '*' });
  applyFilters(q, f, day);
  whereVisibleTo(q, db, user);
  const [row] = await q;
  return Number(row.count);
}

/** The cases matching the filters counted per status, scoped like the list. */
export async function countCasesByStatus(db: Knex, user: CaseListViewer, filters: CaseListFilters, day: string): Promise<Array<{ status: CaseStatus; count: string }>> {
  const f = await resolveBoard(db, filters);
  const statusQuery = db('cases').select('cases.status').count<{ status: CaseStatus; count: string }[]>({ count: '*' }).groupBy('cases.status');
  applyFilters(statusQuery, f, day);
  whereVisibleTo(statusQuery, db, user);
  return statusQuery;
}

/** Of these cases, those with a decision letter awaiting approval, a reported measure, and a panel that could not be formed. */
export async function casesWaitingElsewhere(db: Knex, ids: string[]): Promise<Array<Array<{ case_id: string | number }>>> {
  return Promise.all([
    db('letters').whereIn('case_id', ids).where('status', 'awaiting-approval').distinct('case_id'),
    db('compliance_measures').whereIn('case_id', ids).where('status', 'reported').distinct('case_id'),
    db('hearings').whereIn('case_id', ids).where('status', 'forming-panel').whereNotNull('panel_problem').distinct('case_id'),
  ]);
}
