/**
 * The committee's figures, read from the statistics read model (case_statistics and
 * case_term_statistics, kept by triggers; migrations/20261202_stats_001_case_statistics.ts). Three
 * queries whatever the number of figures: every distribution in one scan of the period's cases
 * (each case unfolds into one (dimension, group) row per fact it has), the lead-time percentiles,
 * and the terms. The period and each filter use a (filter, received_on) index.
 */
import type { Knex } from 'knex';
import {
  completeCounts,
  DIMENSIONS,
  LEAD_TIME_BINS,
  LEAD_TIMES,
  monthsOf,
  TERM_KEYS,
  type Dimension,
  type LeadTimeKey,
  type LeadTimeSummary,
  type Statistics,
  type StatisticsFilters,
  type TermFigures,
} from '../../domain/statistics';

/** The period's cases after the filters, as a subquery. */
function filteredCases(db: Knex, f: StatisticsFilters): Knex.QueryBuilder {
  const q = db('case_statistics').whereBetween('received_on', [f.from, f.to]);
  if (f.category) q.where('category', f.category);
  if (f.sector) q.where('sector', f.sector);
  if (f.school) q.where('school_brin', f.school);
  if (f.board) q.whereIn('school_brin', db('schools').select('brin').whereRaw('lower(board_name) = lower(?)', [f.board]));
  if (f.region) q.whereIn('school_brin', db('schools').select('brin').where('region', f.region));
  return q;
}

function bucketSql(days: string): string {
  return `CASE ${LEAD_TIME_BINS.map((b) => (b.to === null ? `WHEN ${days} >= ${b.from} THEN '${b.key}'` : `WHEN ${days} BETWEEN ${b.from} AND ${b.to} THEN '${b.key}'`)).join(' ')} END`;
}

// (dimension, group, amount) per fact of a case; a NULL group is a fact the case does not have.
const UNFOLD = `
  ('total', 'all', 1),
  ('month', to_char(received_on, 'YYYY-MM'), 1),
  ('category', category, 1),
  ('sector', COALESCE(sector, 'unknown'), 1),
  ('complainant', complainant_role, 1),
  ('represented', CASE WHEN represented THEN 'yes' ELSE 'no' END, 1),
  ('admissibility', CASE admissible WHEN true THEN 'admissible' WHEN false THEN 'inadmissible' ELSE 'pending' END, 1),
  ('inadmissibleBy', CASE WHEN admissible = false THEN inadmissible_by END, 1),
  ('route', CASE WHEN referred THEN 'referred' END, 1),
  ('route', CASE WHEN mediated THEN 'mediated' END, 1),
  ('route', CASE WHEN settled THEN 'settled' END, 1),
  ('route', CASE WHEN withdrawn THEN 'withdrawn' END, 1),
  ('finding', CASE WHEN advice_on IS NOT NULL THEN advice_finding END, 1),
  ('measures', CASE WHEN advice_on IS NOT NULL AND advice_measures > 0 THEN 'advicesWithMeasures' END, 1),
  ('measures', CASE WHEN advice_on IS NOT NULL AND advice_measures > 0 THEN 'measures' END, advice_measures),
  ('compliance', compliance, 1),
  ('compliance', CASE WHEN compliance_escalated THEN 'escalated' END, 1),
  ('reportingDuty', NULLIF(reporting_duty, 'not-applicable'), 1),
  ('leadAdmissibility', ${bucketSql('admissibility_on - received_on')}, 1),
  ('leadHearing', ${bucketSql('hearing_on - received_on')}, 1),
  ('leadAdvice', ${bucketSql('advice_on - received_on')}, 1)`;

const LEAD_COLUMNS: Record<LeadTimeKey, string> = { admissibility: 'admissibility_on', hearing: 'hearing_on', advice: 'advice_on' };

export async function loadStatistics(db: Knex, filters: StatisticsFilters): Promise<Statistics> {
  const cases = filteredCases(db, filters);
  const [grouped, leads, terms] = await Promise.all([
    db.raw<{ rows: Array<{ dimension: Dimension; grp: string; amount: string }> }>(
      `WITH c AS (?) SELECT v.dimension, v.grp, sum(v.amount)::bigint AS amount
       FROM c CROSS JOIN LATERAL (VALUES ${UNFOLD}) AS v(dimension, grp, amount)
       WHERE v.grp IS NOT NULL GROUP BY v.dimension, v.grp`,
      [cases.clone().select('*')],
    ),
    db.raw<{ rows: Array<Record<string, string | null>> }>(
      `WITH c AS (?) SELECT ${LEAD_TIMES.map((k) => {
        const days = `(${LEAD_COLUMNS[k]} - received_on)`;
        return `count(${LEAD_COLUMNS[k]}) AS ${k}_count, percentile_disc(0.5) WITHIN GROUP (ORDER BY ${days}) AS ${k}_median, percentile_disc(0.9) WITHIN GROUP (ORDER BY ${days}) AS ${k}_p90`;
      }).join(', ')} FROM c`,
      [cases.clone().select('received_on', 'admissibility_on', 'hearing_on', 'advice_on')],
    ),
    db.raw<{ rows: Array<{ term_key: string; outcome: string; n: string; extended: string; suspended: string }> }>(
      `SELECT t.term_key, t.outcome, count(*) AS n, count(*) FILTER (WHERE t.extended) AS extended, count(*) FILTER (WHERE t.suspended) AS suspended
       FROM case_term_statistics t WHERE t.case_id IN (?) GROUP BY t.term_key, t.outcome`,
      [cases.clone().select('case_id')],
    ),
  ]);

  const found = new Map<Dimension, Map<string, number>>();
  for (const r of grouped.rows) {
    const m = found.get(r.dimension) ?? new Map<string, number>();
    m.set(r.grp, Number(r.amount));
    found.set(r.dimension, m);
  }
  const distributions = {} as Statistics['distributions'];
  for (const dimension of Object.keys(DIMENSIONS) as Dimension[]) {
    const groups = dimension === 'month' ? monthsOf(filters.from, filters.to) : DIMENSIONS[dimension];
    distributions[dimension] = completeCounts(groups, found.get(dimension) ?? new Map());
  }

  const l = leads.rows[0];
  const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const leadTimes = Object.fromEntries(
    LEAD_TIMES.map((k): [LeadTimeKey, LeadTimeSummary] => [k, { count: Number(l[`${k}_count`]), medianDays: num(l[`${k}_median`]), p90Days: num(l[`${k}_p90`]) }]),
  ) as Record<LeadTimeKey, LeadTimeSummary>;

  const termFigures: TermFigures[] = TERM_KEYS.map((term) => {
    const rows = terms.rows.filter((r) => r.term_key === term);
    const sum = (pick: (r: (typeof rows)[number]) => string) => rows.reduce((n, r) => n + Number(pick(r)), 0);
    const of = (outcome: string) => sum((r) => (r.outcome === outcome ? r.n : '0'));
    return { term, total: sum((r) => r.n), met: of('met'), missed: of('missed'), running: of('running'), cancelled: of('cancelled'), extended: sum((r) => r.extended), suspended: sum((r) => r.suspended) };
  });

  return { filters, distributions, leadTimes, terms: termFigures };
}

/** Whether any complaint was received in the period under the filters (an empty year has no report). */
export async function countReceived(db: Knex, filters: StatisticsFilters): Promise<number> {
  const row = await filteredCases(db, filters).count<{ n: string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

// ------------------------------------------------------------------ annual report texts

export async function annualReportTexts(db: Knex, year: number): Promise<Map<string, string>> {
  const rows = await db('annual_report_texts').where({ year }).select('section', 'body');
  return new Map(rows.map((r: { section: string; body: string }) => [r.section, r.body]));
}

export async function saveAnnualReportText(db: Knex, input: { year: number; section: string; body: string; updatedBy: string }): Promise<void> {
  await db('annual_report_texts')
    .insert({ year: input.year, section: input.section, body: input.body, updated_by: input.updatedBy, updated_at: db.fn.now() })
    .onConflict(['year', 'section'])
    .merge(['body', 'updated_by', 'updated_at']);
}
