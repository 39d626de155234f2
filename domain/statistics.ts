/**
 * The committee's statistics (issue 17), the pure parts: which period and filters a request asks
 * for, which groups each figure has, how lead times fall into bins, and the suppression of small
 * counts before figures leave the system. Every figure concerns the complaints received in the
 * period (a cohort): their admissibility, route, advice, compliance and terms, whenever those came.
 */
import { isValidIsoDate, COMPLAINANT_ROLES, COMPLAINT_CATEGORIES, SECTORS } from './intake';
import { commonFilters, queryValues, type FilterError } from './queryFilters';

export const REGIONS = ['noord', 'midden', 'zuid'] as const;
export const PERIOD_KINDS = ['year', 'quarter', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The first year of the committee's figures; earlier years cannot hold a case. */
export const FIRST_YEAR = 2026;
/** A custom period is at most this long: longer spans are several reports. */
export const MAX_PERIOD_DAYS = 5 * 366;

export interface StatisticsFilters {
  from: string;
  to: string;
  kind: PeriodKind;
  year?: number;
  quarter?: number;
  category?: string;
  sector?: string;
  board?: string;
  school?: string;
  region?: string;
}

export type { FilterError };

/** Lead-time bins in days after receipt; the last is open-ended. */
export const LEAD_TIME_BINS: ReadonlyArray<{ key: string; from: number; to: number | null }> = [
  { key: '0-14', from: 0, to: 14 },
  { key: '15-28', from: 15, to: 28 },
  { key: '29-56', from: 29, to: 56 },
  { key: '57-91', from: 57, to: 91 },
  { key: '92-182', from: 92, to: 182 },
  { key: '183+', from: 183, to: null },
];

export const LEAD_TIMES = ['admissibility', 'hearing', 'advice'] as const;
export type LeadTimeKey = (typeof LEAD_TIMES)[number];

/** The legal terms the statistics follow, in the order of the procedure. */
export const TERM_KEYS = ['completion', 'admissibility', 'referralReport', 'mediation', 'defence', 'hearingWithin', 'advice', 'schoolAnswer', 'reportingDuty'] as const;
export const TERM_OUTCOMES = ['met', 'missed', 'running', 'cancelled'] as const;

/** Every distribution and its groups, in the order pages and exports show them. */
export const DIMENSIONS = {
  total: ['all'],
  month: [] as string[],
  category: [...COMPLAINT_CATEGORIES],
  sector: [...SECTORS, 'unknown'],
  complainant: [...COMPLAINANT_ROLES],
  represented: ['yes', 'no'],
  admissibility: ['admissible', 'inadmissible', 'pending'],
  inadmissibleBy: ['chair', 'committee', 'incomplete'],
  route: ['referred', 'mediated', 'settled', 'withdrawn'],
  finding: ['gegrond', 'deels-gegrond', 'ongegrond', 'niet-ontvankelijk'],
  measures: ['advicesWithMeasures', 'measures'],
  compliance: ['complied', 'partly', 'not', 'escalated'],
  reportingDuty: ['awaiting-confirmation', 'confirmed', 'escalated'],
  leadAdmissibility: LEAD_TIME_BINS.map((b) => b.key),
  leadHearing: LEAD_TIME_BINS.map((b) => b.key),
  leadAdvice: LEAD_TIME_BINS.map((b) => b.key),
} as const satisfies Record<string, readonly string[]>;
export type Dimension = keyof typeof DIMENSIONS;

export interface Count {
  key: string;
  count: number;
}

export interface LeadTimeSummary {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface TermFigures {
  term: string;
  total: number;
  met: number;
  missed: number;
  running: number;
  /** Ended without being met or missed: the case was withdrawn or closed on another ground. */
  cancelled: number;
  extended: number;
  suspended: number;
}

export interface Statistics {
  filters: StatisticsFilters;
  distributions: Record<Dimension, Count[]>;
  leadTimes: Record<LeadTimeKey, LeadTimeSummary>;
  terms: TermFigures[];
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

export function periodOfYear(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function periodOfQuarter(year: number, quarter: number): { from: string; to: string } {
  const lastMonth = quarter * 3;
  return { from: `${year}-${pad(lastMonth - 2)}-01`, to: `${year}-${pad(lastMonth)}-${lastDayOfMonth(year, lastMonth)}` };
}

/** Whether `year` is a year the committee can have figures for, given today's date. */
export function isReportableYear(year: number, today: string): boolean {
  return Number.isInteger(year) && year >= FIRST_YEAR && year <= Number(today.slice(0, 4));
}

/**
 * Reads a period and filters from a query string (the console page and its exports). `today`
 * decides the default (this year) and the last year that can be chosen. What is unreadable is
 * named, never silently ignored.
 */
export function parseStatisticsQuery(query: Record<string, unknown>, today: string): { filters: StatisticsFilters; values: Record<string, string>; errors: FilterError[] } {
  const values = queryValues(query, ['period', 'year', 'quarter', 'from', 'to', 'category', 'sector', 'board', 'school', 'region']);
  const errors: FilterError[] = [];
  const thisYear = Number(today.slice(0, 4));
  const kind = (values.period || 'year') as PeriodKind;
  if (!(PERIOD_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'period', messageKey: 'stats.error.period' });

  let year = thisYear;
  if (kind !== 'custom' && values.year) {
    year = /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
    if (!isReportableYear(year, today)) errors.push({ field: 'year', messageKey: 'stats.error.year' });
  }
  let quarter: number | undefined;
  if (kind === 'quarter') {
    quarter = /^[1-4]$/.test(values.quarter) ? Number(values.quarter) : undefined;
    if (quarter === undefined) errors.push({ field: 'quarter', messageKey: 'stats.error.quarter' });
  }
  let period = kind === 'quarter' && quarter ? periodOfQuarter(year, quarter) : periodOfYear(year);
  if (kind === 'custom') {
    const fromOk = isValidIsoDate(values.from);
    const toOk = isValidIsoDate(values.to);
    if (!fromOk) errors.push({ field: 'from', messageKey: 'stats.error.date' });
    if (!toOk) errors.push({ field: 'to', messageKey: 'stats.error.date' });
    if (fromOk && toOk) {
      const days = (Date.parse(values.to) - Date.parse(values.from)) / 86_400_000;
      if (days < 0) errors.push({ field: 'to', messageKey: 'stats.error.order' });
      else if (days > MAX_PERIOD_DAYS) errors.push({ field: 'to', messageKey: 'stats.error.tooLong' });
      period = { from: values.from, to: values.to };
    }
  }

  const filters: StatisticsFilters = { kind: errors.some((e) => e.field === 'period') ? 'year' : kind, ...period };
  if (kind !== 'custom') filters.year = year;
  if (quarter) filters.quarter = quarter;
  Object.assign(filters, commonFilters(values, errors));
  if (values.region) {
    if ((REGIONS as readonly string[]).includes(values.region)) filters.region = values.region;
    else errors.push({ field: 'region', messageKey: 'stats.error.region' });
  }
  return { filters, values, errors };
}

/** The months of a period as YYYY-MM, so a month without complaints still shows as 0. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    if (key > end) break;
    months.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/** Every group of a dimension in its fixed order, 0 where the database returned none. */
export function completeCounts(groups: readonly string[], found: ReadonlyMap<string, number>): Count[] {
  const extra = [...found.keys()].filter((k) => !groups.includes(k)).sort();
  return [...groups, ...extra].map((key) => ({ key, count: found.get(key) ?? 0 }));
}


/**
 * A count as it may be published: 1 up to the threshold is withheld (null), so no child can be
 * recognised from a small group; 0 is no person and stays.
 */
export function suppress(count: number, threshold: number): number | null {
  return count > 0 && count < threshold ? null : count;
}

/** One published figure: a flat row of an export. */
export interface FigureRow {
  figure: string;
  group: string;
  value: number | null;
  suppressed: boolean;
}

/** All figures as flat rows with small counts suppressed: what exports and the annual report publish. */
export function publishedFigures(stats: Statistics, threshold: number): FigureRow[] {
  const rows: FigureRow[] = [];
  const push = (figure: string, group: string, count: number | null, counted = true) => {
    const value = counted && count !== null ? suppress(count, threshold) : count;
    rows.push({ figure, group, value, suppressed: counted && value === null && count !== null });
  };
  for (const [dimension, counts] of Object.entries(stats.distributions)) for (const c of counts) push(dimension, c.key, c.count);
  for (const key of LEAD_TIMES) {
    const lt = stats.leadTimes[key];
    // Median and 90th percentile of fewer cases than the threshold would describe single cases.
    const hidden = lt.count < threshold;
    push(`leadTime.${key}`, 'count', lt.count);
    push(`leadTime.${key}`, 'medianDays', hidden ? null : lt.medianDays, false);
    push(`leadTime.${key}`, 'p90Days', hidden ? null : lt.p90Days, false);
    if (hidden) rows.slice(-2).forEach((r) => (r.suppressed = lt.count > 0));
  }
  for (const t of stats.terms) for (const field of ['total', 'met', 'missed', 'running', 'cancelled', 'extended', 'suspended'] as const) push(`term.${t.term}`, field, t[field]);
  return rows;
}

// ------------------------------------------------------------------ figures from the monthly pre-aggregate

/**
 * How a period is read from the monthly pre-aggregate (case_statistics_monthly): the whole months
 * inside it (first days of the first and the last month, or null when it holds no whole month) and
 * the partial months at its edges, which are read row by row.
 */
export function splitPeriod(from: string, to: string): { months: { from: string; to: string } | null; edges: Array<{ from: string; to: string }> } {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
  const start = day(from);
  const end = day(to);
  const firstWhole = start.getUTCDate() === 1 ? start : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const endsMonth = addDays(end, 1).getUTCDate() === 1;
  const lastWhole = endsMonth ? new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1)) : new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  if (firstWhole > lastWhole) return { months: null, edges: [{ from, to }] };
  const edges: Array<{ from: string; to: string }> = [];
  if (firstWhole > start) edges.push({ from, to: iso(addDays(firstWhole, -1)) });
  if (!endsMonth) edges.push({ from: iso(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1))), to });
  return { months: { from: iso(firstWhole), to: iso(lastWhole) }, edges };
}

/** One summed figure of the pre-aggregate: figure (a dimension, `lead.<key>` or `term.<key>`), group, amount; the month (YYYY-MM) for the totals. */
export interface FigureSum {
  month: string | null;
  figure: string;
  grp: string;
  n: number;
}

/**
 * PostgreSQL's `percentile_disc(p)` over a histogram (value → how many): the smallest value whose
 * position K = ceil(p × N) in the sorted values is reached, in the same double arithmetic.
 */
export function percentileDisc(histogram: ReadonlyMap<number, number>, p: number): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const k = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const value of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(value)!;
    if (seen >= k) return value;
  }
  return null;
}

/** The statistics from summed figures: the same groups, bins and percentiles as the row read. */
export function statisticsFromFigureSums(filters: StatisticsFilters, sums: readonly FigureSum[]): Statistics {
  const byFigure = new Map<string, Map<string, number>>();
  const months = new Map<string, number>();
  for (const s of sums) {
    const m = byFigure.get(s.figure) ?? new Map<string, number>();
    m.set(s.grp, (m.get(s.grp) ?? 0) + s.n);
    byFigure.set(s.figure, m);
    if (s.figure === 'total' && s.month) months.set(s.month, (months.get(s.month) ?? 0) + s.n);
  }
  const days = (key: LeadTimeKey) => new Map([...(byFigure.get(`lead.${key}`) ?? new Map<string, number>())].map(([d, n]) => [Number(d), n] as [number, number]));
  const LEAD_DIMENSION: Record<LeadTimeKey, Dimension> = { admissibility: 'leadAdmissibility', hearing: 'leadHearing', advice: 'leadAdvice' };

  const distributions = {} as Statistics['distributions'];
  for (const dimension of Object.keys(DIMENSIONS) as Dimension[]) {
    const groups: readonly string[] = dimension === 'month' ? monthsOf(filters.from, filters.to) : DIMENSIONS[dimension];
    const found = dimension === 'month' ? months : (byFigure.get(dimension) ?? new Map<string, number>());
    // Only the fixed groups count, as in the row read (its `count(*) FILTER` per known group).
    distributions[dimension] = completeCounts(groups, new Map([...found].filter(([g]) => groups.includes(g))));
  }
  const leadTimes = {} as Record<LeadTimeKey, LeadTimeSummary>;
  for (const key of LEAD_TIMES) {
    const histogram = days(key);
    const inBin = (b: (typeof LEAD_TIME_BINS)[number]) => [...histogram].filter(([d]) => d >= b.from && (b.to === null || d <= b.to)).reduce((a, [, n]) => a + n, 0);
    distributions[LEAD_DIMENSION[key]] = LEAD_TIME_BINS.map((b) => ({ key: b.key, count: inBin(b) }));
    leadTimes[key] = { count: [...histogram.values()].reduce((a, b) => a + b, 0), medianDays: percentileDisc(histogram, 0.5), p90Days: percentileDisc(histogram, 0.9) };
  }
  const terms: TermFigures[] = TERM_KEYS.map((term) => {
    const m = byFigure.get(`term.${term}`) ?? new Map<string, number>();
    const of = (g: string) => m.get(g) ?? 0;
    return { term, total: TERM_OUTCOMES.reduce((a, o) => a + of(o), 0), met: of('met'), missed: of('missed'), running: of('running'), cancelled: of('cancelled'), extended: of('extended'), suspended: of('suspended') };
  });
  return { filters, distributions, leadTimes, terms };
}
