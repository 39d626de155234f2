/**
 * The committee's figures, read from the statistics read model (case_statistics and
 * case_term_statistics, kept by triggers; migrations/20261202_stats_001_case_statistics.ts).
 *
 * Two reads that give the same figures (tests/integration/statisticsMonthly.test.ts):
 * - Without a filter (the usual year, quarter or longer period), from the monthly pre-aggregate
 *   case_statistics_monthly (migrations/20261205_speed_001_statistics_monthly.ts): the whole months
 *   summed in SQL, the partial months at a custom period's edges from their cases through the row
 *   read's queries (lead times as counts per day, so that they add up). Its cost no longer grows
 *   with the number of cases: four years of 100,000 cases read all rows in ~0.5 s before, now
 *   tens of milliseconds (README, Benchmarks).
 * - With a filter (sector, category, board, region, school), from the rows: four queries whatever
 *   the number of figures: every distribution in one pass over the period's cases (one
 *   `count(*) FILTER` per group), the months, the lead-time percentiles, and the terms. The period
 *   and each filter use a (filter, received_on) index, so a filter reads only its own cases.
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
  splitPeriod,
  statisticsFromFigureSums,
  type FigureSum,
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


// The group a case falls in for each dimension (NULL: the case does not have the fact). Every group
// becomes one `count(*) FILTER` of a single pass over the period's cases: one row out, no sorting.
const GROUP_OF: Record<Exclude<Dimension, 'month' | 'route' | 'measures' | 'compliance' | keyof typeof LEAD_DAYS>, string> = {
  total: `'all'`,
  category: 'category',
  sector: `COALESCE(sector, 'unknown')`,
  complainant: 'complainant_role',
  represented: `CASE WHEN represented THEN 'yes' ELSE 'no' END`,
  admissibility: `CASE admissible WHEN true THEN 'admissible' WHEN false THEN 'inadmissible' ELSE 'pending' END`,
  inadmissibleBy: 'CASE WHEN admissible = false THEN inadmissible_by END',
  finding: 'CASE WHEN advice_on IS NOT NULL THEN advice_finding END',
  reportingDuty: 'reporting_duty',
};

// Lead-time bins as plain range conditions: cheaper per row than one CASE per bin.
const LEAD_DAYS: Record<'leadAdmissibility' | 'leadHearing' | 'leadAdvice', string> = {
  leadAdmissibility: '(admissibility_on - received_on)',
  leadHearing: '(hearing_on - received_on)',
  leadAdvice: '(advice_on - received_on)',
};

// Facts a case can have several of at once: one condition (and amount) per group.
const SEVERAL: Record<'route' | 'measures' | 'compliance', Record<string, { when: string; amount?: string }>> = {
  route: { referred: { when: 'referred' }, mediated: { when: 'mediated' }, settled: { when: 'settled' }, withdrawn: { when: 'withdrawn' } },
  measures: {
    advicesWithMeasures: { when: 'advice_on IS NOT NULL AND advice_measures > 0' },
    measures: { when: 'advice_on IS NOT NULL AND advice_measures > 0', amount: 'advice_measures' },
  },
  compliance: { complied: { when: `compliance = 'complied'` }, partly: { when: `compliance = 'partly'` }, not: { when: `compliance = 'not'` }, escalated: { when: 'compliance_escalated' } },
};

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** [dimension, group, aggregate] for every fixed group; the aggregates' aliases are their index. */
const AGGREGATES: Array<[Dimension, string, string]> = [
  ...Object.entries(GROUP_OF).flatMap(([dimension, expr]) =>
    DIMENSIONS[dimension as keyof typeof GROUP_OF].map((g): [Dimension, string, string] => [dimension as Dimension, g, `count(*) FILTER (WHERE ${expr} = ${sqlText(g)})`]),
  ),
  ...Object.entries(LEAD_DAYS).flatMap(([dimension, days]) =>
    LEAD_TIME_BINS.map((b): [Dimension, string, string] => [dimension as Dimension, b.key, `count(*) FILTER (WHERE ${days} ${b.to === null ? `>= ${b.from}` : `BETWEEN ${b.from} AND ${b.to}`})`]),
  ),
  ...Object.entries(SEVERAL).flatMap(([dimension, groups]) =>
    Object.entries(groups).map(([g, c]): [Dimension, string, string] => [dimension as Dimension, g, c.amount ? `COALESCE(sum(${c.amount}) FILTER (WHERE ${c.when}), 0)` : `count(*) FILTER (WHERE ${c.when})`]),
  ),
];

const LEAD_COLUMNS: Record<LeadTimeKey, string> = { admissibility: 'admissibility_on', hearing: 'hearing_on', advice: 'advice_on' };

/** The figures of a period under its filters, from the pre-aggregate where no filter needs the rows. */
export async function loadStatistics(db: Knex, filters: StatisticsFilters): Promise<Statistics> {
  const filtered = filters.category || filters.sector || filters.school || filters.board || filters.region;
  return filtered ? loadStatisticsFromRows(db, filters) : loadStatisticsFromMonths(db, filters);
}

/** The unfiltered figures: whole months from case_statistics_monthly, the partial months at the edges from their cases. */
export async function loadStatisticsFromMonths(db: Knex, filters: StatisticsFilters): Promise<Statistics> {
  const { months, edges } = splitPeriod(filters.from, filters.to);
  // Summed over the months in SQL (a few hundred rows out); only the totals keep their month.
  const byMonthOnlyForTotal = `CASE WHEN figure = 'total' THEN to_char(month, 'YYYY-MM') END`;
  const parts: Array<Promise<{ rows: Array<{ month: string | null; figure: string; grp: string; n: string }> }>> = [];
  if (months) {
    parts.push(db.raw(`SELECT ${byMonthOnlyForTotal} AS month, figure, grp, sum(n) AS n FROM case_statistics_monthly WHERE month BETWEEN ? AND ? GROUP BY 1, 2, 3 HAVING sum(n) <> 0`, [months.from, months.to]));
  }
  const sums: FigureSum[] = (await Promise.all(parts)).flatMap((r) => r.rows.map((row) => ({ month: row.month, figure: row.figure, grp: row.grp, n: Number(row.n) })));
  // A custom period's partial months: their cases through the row read's queries, with the lead
  // times as counts per day so that they add up with the months' (as the triggers' contributions).
  for (const edge of await Promise.all(edges.map((e) => edgeFigureSums(db, e)))) sums.push(...edge);
  return statisticsFromFigureSums(filters, sums);
}

async function edgeFigureSums(db: Knex, edge: { from: string; to: string }): Promise<FigureSum[]> {
  const cases = filteredCases(db, { kind: 'custom', ...edge });
  const [grouped, months, terms, days] = await Promise.all([
    groupedQuery(db, cases),
    monthsQuery(db, cases),
    termsQuery(db, cases),
    db.raw<{ rows: Array<{ figure: string; grp: string; n: string }> }>(
      `SELECT v.figure, v.days::text AS grp, count(*) AS n FROM (?) c
       CROSS JOIN LATERAL (VALUES ${LEAD_TIMES.map((k) => `('lead.${k}', ${LEAD_COLUMNS[k]} - received_on)`).join(', ')}) v(figure, days)
       WHERE v.days IS NOT NULL GROUP BY 1, 2`,
      [cases.clone().select('received_on', 'admissibility_on', 'hearing_on', 'advice_on')],
    ),
  ]);
  const sums: FigureSum[] = [];
  // The totals come per month; lead-time bins from the counts per day.
  AGGREGATES.forEach(([dimension, group], i) => {
    if (dimension !== 'total' && !dimension.startsWith('lead')) sums.push({ month: null, figure: dimension, grp: group, n: Number(grouped.rows[0][`a${i}`]) });
  });
  for (const r of months.rows) sums.push({ month: r.month, figure: 'total', grp: 'all', n: Number(r.n) });
  for (const r of days.rows) sums.push({ month: null, figure: r.figure, grp: r.grp, n: Number(r.n) });
  for (const r of terms.rows) {
    sums.push({ month: null, figure: `term.${r.term_key}`, grp: r.outcome, n: Number(r.n) });
    sums.push({ month: null, figure: `term.${r.term_key}`, grp: 'extended', n: Number(r.extended) });
    sums.push({ month: null, figure: `term.${r.term_key}`, grp: 'suspended', n: Number(r.suspended) });
  }
  return sums;
}

/** Every fixed group's count in one pass over the cases (one `count(*) FILTER` each). */
function groupedQuery(db: Knex, cases: Knex.QueryBuilder) {
  return db.raw<{ rows: Array<Record<string, string>> }>(`SELECT ${AGGREGATES.map(([, , agg], i) => `${agg} AS a${i}`).join(', ')} FROM (?) c`, [cases.clone().select('*')]);
}

/** The cases per month, from the (received_on) index alone. */
function monthsQuery(db: Knex, cases: Knex.QueryBuilder) {
  return db.raw<{ rows: Array<{ month: string; n: string }> }>(`SELECT to_char(received_on, 'YYYY-MM') AS month, count(*) AS n FROM (?) c GROUP BY 1`, [cases.clone().select('received_on')]);
}

/** The cases' terms by term and outcome. */
function termsQuery(db: Knex, cases: Knex.QueryBuilder) {
  return db.raw<{ rows: Array<{ term_key: string; outcome: string; n: string; extended: string; suspended: string }> }>(
    `SELECT t.term_key, t.outcome, count(*) AS n, count(*) FILTER (WHERE t.extended) AS extended, count(*) FILTER (WHERE t.suspended) AS suspended
     FROM case_term_statistics t WHERE t.case_id IN (?) GROUP BY t.term_key, t.outcome`,
    [cases.clone().select('case_id')],
  );
}

/** The figures from the case rows of the period, under any filters. */
export async function loadStatisticsFromRows(db: Knex, filters: StatisticsFilters): Promise<Statistics> {
  const cases = filteredCases(db, filters);
  const [grouped, months, leads, terms] = await Promise.all([
    groupedQuery(db, cases),
    monthsQuery(db, cases),
    db.raw<{ rows: Array<Record<string, string | null>> }>(
      `WITH c AS (?) SELECT ${LEAD_TIMES.map((k) => {
        const days = `(${LEAD_COLUMNS[k]} - received_on)`;
        return `count(${LEAD_COLUMNS[k]}) AS ${k}_count, percentile_disc(0.5) WITHIN GROUP (ORDER BY ${days}) AS ${k}_median, percentile_disc(0.9) WITHIN GROUP (ORDER BY ${days}) AS ${k}_p90`;
      }).join(', ')} FROM c`,
      [cases.clone().select('received_on', 'admissibility_on', 'hearing_on', 'advice_on')],
    ),
    termsQuery(db, cases),
  ]);

  const found = new Map<Dimension, Map<string, number>>();
  AGGREGATES.forEach(([dimension, group], i) => {
    const m = found.get(dimension) ?? new Map<string, number>();
    m.set(group, Number(grouped.rows[0][`a${i}`]));
    found.set(dimension, m);
  });
  found.set('month', new Map(months.rows.map((r) => [r.month, Number(r.n)])));
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
