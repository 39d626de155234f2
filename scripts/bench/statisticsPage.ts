/**
 * The statistics page at 100,000 cases (issue 17: under 500 ms): seeds the statistics read model
 * (cases through their insert trigger, then facts and term outcomes in bulk; no workflows: the
 * figures never ask Temporal), then times the repository's queries for a year, a quarter and each
 * filter, and the whole page's work (queries plus charts). The first render is timed the way a
 * person meets it after `npm start`: in a freshly started process, after the start-up's chart
 * warm-up (timed apart, as start-up cost), and for comparison in a fresh process without it.
 * Runs on its own throw-away embedded PostgreSQL.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import { createDb, ensureDatabase, withDatabase } from '../../platform/db';
import { startEmbeddedPostgres } from '../../platform/postgres';
import { openDatabase } from '../../platform/services';
import { loadStatistics, loadStatisticsFromRows } from '../../platform/store/statistics';
import { buildSections, warmStatisticsCharts } from '../../api/web/statistics/sections';
import { amsterdamDate } from '../../domain/clock';
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
  /** Start-up cost: the chart warm-up `startApi` runs right after the API listens. */
  startUpWarmUpMs: number;
  /** The page's first render in a freshly started process, after that warm-up. */
  pageFirstMs: number;
  /** Of which drawing the charts. */
  pageFirstChartsMs: number;
  /** The same in a freshly started process without the warm-up (vega loaded and every chart compiled on the way). */
  pageFirstWithoutWarmUpMs: number;
  /** Then the same page again (figures read again, charts from the cache). */
  pageWarmP50Ms: number;
  /** Then another filter's page (year + region, read from the rows): new figures, chart shapes already compiled. */
  pageOtherFiguresMs: number;
  pageOtherFiguresChartsMs: number;
}

interface FirstRender {
  warmUpMs: number | null;
  firstMs: number;
  /** Of which the charts (the rest is reading the figures). */
  firstChartsMs: number;
  warmP50Ms: number;
  otherFiguresMs: number;
  otherFiguresChartsMs: number;
}

const msSince = (start: bigint) => round(Number(process.hrtime.bigint() - start) / 1e6, 1);

/**
 * In a fresh process (the child below): the start-up's warm-up if asked, then the page's first
 * render, the same page again, and another filter's page.
 */
async function firstRender(databaseUrl: string, warmUp: boolean, runs: number): Promise<FirstRender> {
  const db = createDb(databaseUrl);
  try {
    await db.raw('SELECT 1');
    let warmUpMs: number | null = null;
    if (warmUp) {
      const start = process.hrtime.bigint();
      await warmStatisticsCharts(amsterdamDate(new Date()));
      warmUpMs = msSince(start);
    }
    /** The page's whole work: the figures, then the sections with their charts; returns the charts' share. */
    const page = async (filters: StatisticsFilters) => {
      const stats = await loadStatistics(db, filters);
      const charts = process.hrtime.bigint();
      await buildSections(stats, { lang: 'nl' });
      return msSince(charts);
    };
    const start = process.hrtime.bigint();
    const firstChartsMs = await page(YEAR);
    const firstMs = msSince(start);
    const warm = await timeIt(runs, () => page(YEAR));
    const other = process.hrtime.bigint();
    const otherFiguresChartsMs = await page({ ...YEAR, region: 'noord' });
    return { warmUpMs, firstMs, firstChartsMs, warmP50Ms: round(percentile(warm, 50), 1), otherFiguresMs: msSince(other), otherFiguresChartsMs };
  } finally {
    await db.destroy();
  }
}

/** Runs `firstRender` in a newly started Node process (with this process's loader flags, e.g. tsx's). */
function firstRenderInFreshProcess(databaseUrl: string, warmUp: boolean, runs: number): Promise<FirstRender> {
  const args = [...process.execArgv, __filename, FIRST_RENDER_FLAG, databaseUrl, warmUp ? 'warm-up' : 'no-warm-up', String(runs)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`statistics bench: the fresh process failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as FirstRender);
    });
  });
}

const FIRST_RENDER_FLAG = '--first-render';


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
      // The page's whole work (the figures, then the sections with their charts), each time in a
      // process of its own: this one has drawn nothing, but a first render belongs to a fresh start.
      const url = withDatabase(pg.adminUrl, 'klachtflow_statistics_bench');
      const started = await firstRenderInFreshProcess(url, true, Math.ceil(runs / 2));
      const bare = await firstRenderInFreshProcess(url, false, 1);
      log(`first render ${started.firstMs} ms (charts ${started.firstChartsMs} ms) after a ${started.warmUpMs} ms start-up warm-up; ${bare.firstMs} ms without it`);
      return {
        cases: count,
        seedSeconds,
        queries,
        worstQueryP99Ms: Math.max(...queries.map((q) => q.p99Ms)),
        startUpWarmUpMs: started.warmUpMs!,
        pageFirstMs: started.firstMs,
        pageFirstChartsMs: started.firstChartsMs,
        pageFirstWithoutWarmUpMs: bare.firstMs,
        pageWarmP50Ms: started.warmP50Ms,
        pageOtherFiguresMs: started.otherFiguresMs,
        pageOtherFiguresChartsMs: started.otherFiguresChartsMs,
      };
    } finally {
      await db.destroy();
    }
  } finally {
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// `npx tsx scripts/bench/statisticsPage.ts`: this benchmark alone.
if (require.main === module && process.argv[2] === FIRST_RENDER_FLAG) {
  const [url, warmUp, runs] = process.argv.slice(3);
  firstRender(url, warmUp === 'warm-up', Number(runs))
    .then((r) => console.log(JSON.stringify(r)))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
} else if (require.main === module) {
  benchStatistics({ log: (l) => console.error(`[bench] ${l}`) })
    .then((r) => {
      console.table(r.queries);
      const { queries: _queries, ...figures } = r;
      console.log(JSON.stringify({ ...figures, loadAverage: os.loadavg().map((l) => round(l, 2)) }));
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
