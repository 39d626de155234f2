/**
 * The statistics page at 100,000 cases (issue 17: under 500 ms): seeds the statistics read model
 * (cases through their insert trigger, then facts and term outcomes in bulk; no workflows: the
 * figures never ask Temporal), then times the repository's queries for a year, a quarter and each
 * filter, and the whole page's work (queries plus charts, with the chart cache cold and warm).
 * Runs on its own throw-away embedded PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import { ensureDatabase, withDatabase } from '../../platform/db';
import { startEmbeddedPostgres } from '../../platform/postgres';
import { openDatabase } from '../../platform/services';
import { loadStatistics, loadStatisticsFromRows } from '../../platform/store/statistics';
import { buildSections } from '../../api/web/statistics/sections';
import type { StatisticsFilters } from '../../domain/statistics';
import { bulkLoad, seedBenchCases, seedBenchSchools, timeIt } from './seedCases';
import { percentile, round } from './stats';

/** `count` cases received over four years (2023–2026) at 500 schools of 50 boards in three regions, with facts and terms. */
export async function seedStatisticsCases(db: Knex, count: number): Promise<void> {
  await seedBenchSchools(db);
  await bulkLoad(db, async () => {
    await insertStatisticsCases(db, count);
    await addStatisticsFacts(db);
  });
  for (const table of ['cases', 'schools', 'case_statistics', 'case_term_statistics', 'case_statistics_monthly']) await db.raw(`ANALYZE ${table}`);
}

async function insertStatisticsCases(db: Knex, count: number): Promise<void> {
  await seedBenchCases(db, count, {
    status: `'received'`,
    complaint: `jsonb_build_object('complainant', jsonb_build_object('role', (ARRAY['pupil','parent','staff','other'])[1 + i % 4]))`,
    policy_version: `'2026.1'`,
    received_on: `DATE '2023-01-01' + (i % 1460)`,
  });
}

/** Facts and terms for the seeded cases, in bulk. */
async function addStatisticsFacts(db: Knex): Promise<void> {
  await db.raw(`
    UPDATE case_statistics SET
      admissible = CASE WHEN case_id % 10 = 0 THEN NULL ELSE case_id % 5 <> 1 END,
      admissibility_on = CASE WHEN case_id % 10 <> 0 THEN received_on + (case_id % 30)::int END,
      inadmissible_by = CASE WHEN case_id % 5 = 1 THEN (ARRAY['chair','committee','incomplete'])[1 + case_id % 3] END,
      referred = case_id % 7 = 0, mediated = case_id % 11 = 0, settled = case_id % 22 = 0, withdrawn = case_id % 13 = 0,
      hearing_on = CASE WHEN case_id % 3 = 0 THEN received_on + 40 + (case_id % 60)::int END,
      advice_on = CASE WHEN case_id % 3 = 0 THEN received_on + 70 + (case_id % 90)::int END,
      advice_finding = CASE WHEN case_id % 3 = 0 THEN (ARRAY['gegrond','deels-gegrond','ongegrond'])[1 + case_id % 3] END,
      advice_measures = CASE WHEN case_id % 3 = 0 THEN (case_id % 4)::int END,
      compliance = CASE WHEN case_id % 6 = 0 THEN (ARRAY['complied','partly','not'])[1 + case_id % 3] END,
      compliance_escalated = case_id % 18 = 0,
      reporting_duty = CASE WHEN case_id % 8 = 0 THEN 'confirmed' WHEN case_id % 40 = 1 THEN 'escalated' ELSE 'not-applicable' END`);
  await db.raw(`
    INSERT INTO case_term_statistics (case_id, term_key, outcome, extended, suspended)
    SELECT case_id, t, (ARRAY['met','met','met','missed','running','cancelled'])[1 + (case_id + length(t)) % 6], case_id % 9 = 0, case_id % 17 = 0
    FROM case_statistics CROSS JOIN unnest(ARRAY['admissibility','defence','hearingWithin','advice']) t
    WHERE t = 'admissibility' OR case_id % 3 = 0
    ON CONFLICT DO NOTHING`);
}

const YEAR: StatisticsFilters = { kind: 'year', year: 2026, from: '2026-01-01', to: '2026-12-31' };
export const BENCH_STATISTICS_FILTERS: Array<[string, StatisticsFilters]> = [
  ['year', YEAR],
  ['quarter', { ...YEAR, kind: 'quarter', quarter: 2, from: '2026-04-01', to: '2026-06-30' }],
  ['four years', { kind: 'custom', from: '2023-01-01', to: '2026-12-31' }],
  ['four years, mid-month', { kind: 'custom', from: '2023-01-15', to: '2026-12-10' }],
  ['year, sector', { ...YEAR, sector: 'secondary' }],
  ['year, category', { ...YEAR, category: 'geweld' }],
  ['year, board', { ...YEAR, board: 'Bestuur 7' }],
  ['year, region', { ...YEAR, region: 'zuid' }],
  ['year, school', { ...YEAR, school: '0042' }],
];

export interface StatisticsBenchResult {
  cases: number;
  seedSeconds: number;
  /** Per filter: the page's read (monthly pre-aggregate without a filter, else the rows) and, for comparison, the row read. */
  queries: Array<{ filter: string; p50Ms: number; p99Ms: number; rowReadP99Ms: number; sameAsRowRead: boolean }>;
  worstQueryP99Ms: number;
  pageColdMs: number;
  pageWarmP50Ms: number;
}


export async function benchStatistics(opts: { cases?: number; runs?: number; log?: (l: string) => void } = {}): Promise<StatisticsBenchResult> {
  const log = opts.log ?? (() => undefined);
  const count = opts.cases ?? Number(process.env.BENCH_STATISTICS_CASES ?? 100_000);
  const runs = opts.runs ?? 20;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-bench-statistics-'));
  fs.chmodSync(tmp, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 54800 + Math.floor(Math.random() * 90) });
  try {
    await ensureDatabase(pg.adminUrl, 'klachtflow_statistics_bench');
    const db = await openDatabase(withDatabase(pg.adminUrl, 'klachtflow_statistics_bench'), log);
    try {
      const seedStart = Date.now();
      await seedStatisticsCases(db, count);
      const seedSeconds = round((Date.now() - seedStart) / 1000);
      log(`seeded ${count} cases in ${seedSeconds} s`);
      const queries: StatisticsBenchResult['queries'] = [];
      for (const [name, filters] of BENCH_STATISTICS_FILTERS) {
        // Both reads must give the very same figures at this size too.
        const sameAsRowRead = isDeepStrictEqual(await loadStatistics(db, filters), await loadStatisticsFromRows(db, filters));
        if (!sameAsRowRead) throw new Error(`statistics bench: the figures for '${name}' differ between the monthly and the row read`);
        const times = await timeIt(runs, () => loadStatistics(db, filters));
        const rowTimes = await timeIt(Math.ceil(runs / 4), () => loadStatisticsFromRows(db, filters));
        queries.push({ filter: name, p50Ms: round(percentile(times, 50), 1), p99Ms: round(percentile(times, 99), 1), rowReadP99Ms: round(percentile(rowTimes, 99), 1), sameAsRowRead });
      }
      // The page's whole work: the figures, then the sections with their charts.
      const page = async () => buildSections(await loadStatistics(db, YEAR), { lang: 'nl' });
      const coldStart = process.hrtime.bigint();
      await page();
      const pageColdMs = round(Number(process.hrtime.bigint() - coldStart) / 1e6, 0);
      const warm = await timeIt(Math.ceil(runs / 2), page);
      return { cases: count, seedSeconds, queries, worstQueryP99Ms: Math.max(...queries.map((q) => q.p99Ms)), pageColdMs, pageWarmP50Ms: round(percentile(warm, 50), 1) };
    } finally {
      await db.destroy();
    }
  } finally {
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// `npx tsx scripts/bench/statisticsPage.ts`: this benchmark alone.
if (require.main === module) {
  benchStatistics({ log: (l) => console.error(`[bench] ${l}`) })
    .then((r) => {
      console.table(r.queries);
      console.log(JSON.stringify({ cases: r.cases, seedSeconds: r.seedSeconds, worstQueryP99Ms: r.worstQueryP99Ms, pageColdMs: r.pageColdMs, pageWarmP50Ms: r.pageWarmP50Ms }));
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
