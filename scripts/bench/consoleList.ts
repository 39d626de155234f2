/**
 * The console's case list at 100,000 cases: seeds the read model (no workflows: the list never asks
 * Temporal), then times the page query the console runs for each filter, first page and a deep
 * keyset page, and the dashboard's counts. Target: every page under 50 ms at p99 on PostgreSQL
 * with default settings. Runs on its own throw-away embedded PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { ensureDatabase, withDatabase } from '../../platform/db';
import { startEmbeddedPostgres } from '../../platform/postgres';
import { openDatabase } from '../../platform/services';
import { caseListQuery, dashboard, listCases, parseFilters, resolveBoard, today } from '../../api/web/console/caseList';
import type { ConsoleUser } from '../../api/web/console/access';
import { bulkLoad, seedBenchCases, seedBenchSchools, timeIt } from './seedCases';
import { percentile, round } from './stats';

/** 100,000 cases spread over states, categories, sectors, 500 schools under 50 boards, and deadlines over two years. */
export async function seedConsoleCases(db: Knex, count: number): Promise<void> {
  await seedBenchSchools(db);
  await bulkLoad(db, () => seedBenchCases(db, count, {
    status: `(ARRAY['received','admissibility','defence','reply-round','hearing-scheduling','hearing-scheduled','deliberation','compliance','withdrawn','advised-complied','inadmissible','settled'])[1 + i % 12]`,
    complaint: `'{}'::jsonb`,
    policy_version: `'2026-1'`,
    received_on: `DATE '2025-01-01' + (i % 700)`,
    next_deadline: `CASE WHEN i % 12 >= 8 THEN NULL ELSE CURRENT_DATE - 200 + (i * 7919) % 730 END`,
    reporting_duty: `CASE WHEN i % 40 = 0 THEN 'awaiting-confirmation' ELSE 'not-applicable' END`,
  }));
  await db.raw('ANALYZE cases');
  await db.raw('ANALYZE schools');
}

/** The filters the console offers, each as the list page would be asked for it. */
export const BENCH_FILTERS: Array<Record<string, string>> = [
  {},
  { state: 'admissibility' },
  { category: 'geweld' },
  { sector: 'secondary' },
  { school: '0042' },
  { board: 'Bestuur 7' },
  // A board without a school in the register (a typo): nothing to find, found at once.
  { board: 'Bestuur zonder scholen' },
  { dueWithin: '7' },
  { overdue: '1' },
  { reportingDuty: 'awaiting-confirmation' },
  { waiting: '1' },
  { state: 'defence', category: 'pesten', sector: 'primary' },
  // Search: a case number, and a school's name (the trigram index of the search text).
  { q: '2020-004242' },
  { q: 'school 421' },
];

export const BENCH_SECRETARY: ConsoleUser = { userId: '1', name: 'Bench', email: 'bench@example.nl', role: 'secretary', scope: 'all', canAct: true, logName: 'secretary:user:1' };

export interface ConsoleListBenchResult {
  cases: number;
  seedSeconds: number;
  pages: Array<{ filter: string; p50Ms: number; p99Ms: number; deepPageP50Ms: number; usesIndex: boolean }>;
  worstPageP99Ms: number;
  dashboardP50Ms: number;
}


/** Times the console's list page for each filter (first and a deep keyset page) and the dashboard's counts on `db` as it is. */
export async function measureConsoleList(db: Knex, runs: number): Promise<Omit<ConsoleListBenchResult, 'cases' | 'seedSeconds'>> {
  const pages: ConsoleListBenchResult['pages'] = [];
  for (const query of BENCH_FILTERS) {
    const { filters } = parseFilters(query);
    const first = await listCases(db, BENCH_SECRETARY, filters);
    const times = await timeIt(runs, () => listCases(db, BENCH_SECRETARY, filters));
    // A page deep in the list: the keyset makes it cost what the first page costs.
    let deepCursor = first.nextCursor;
    for (let i = 0; i < 20 && deepCursor; i++) deepCursor = (await listCases(db, BENCH_SECRETARY, { ...filters, after: parseFilters({ after: deepCursor }).filters.after })).nextCursor;
    const deepFilters = deepCursor ? { ...filters, after: parseFilters({ after: deepCursor }).filters.after } : filters;
    const deep = await timeIt(Math.ceil(runs / 2), () => listCases(db, BENCH_SECRETARY, deepFilters));
    const { sql, bindings } = caseListQuery(db, BENCH_SECRETARY, await resolveBoard(db, filters), today()).toSQL();
    const plan = (await db.raw(`EXPLAIN ${sql}`, bindings)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    pages.push({ filter: JSON.stringify(query), p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), deepPageP50Ms: round(percentile(deep, 50), 2), usesIndex: !/Seq Scan on cases/.test(plan) });
  }
  const dash = await timeIt(Math.ceil(runs / 5), () => dashboard(db, BENCH_SECRETARY));
  return { pages, worstPageP99Ms: Math.max(...pages.map((p) => p.p99Ms)), dashboardP50Ms: round(percentile(dash, 50), 1) };
}

export async function benchConsoleList(opts: { cases?: number; runs?: number; log?: (l: string) => void } = {}): Promise<ConsoleListBenchResult> {
  const log = opts.log ?? (() => undefined);
  const count = opts.cases ?? Number(process.env.BENCH_CONSOLE_CASES ?? 100_000);
  const runs = opts.runs ?? 50;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-bench-console-'));
  fs.chmodSync(tmp, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 54900 + Math.floor(Math.random() * 90) });
  try {
    await ensureDatabase(pg.adminUrl, 'klachtflow_console_bench');
    const db = await openDatabase(withDatabase(pg.adminUrl, 'klachtflow_console_bench'), log);
    try {
      const seedStart = Date.now();
      await seedConsoleCases(db, count);
      const seedSeconds = round((Date.now() - seedStart) / 1000);
      log(`seeded ${count} cases in ${seedSeconds} s`);
      return { cases: count, seedSeconds, ...(await measureConsoleList(db, runs)) };
    } finally {
      await db.destroy();
    }
  } finally {
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// `npx tsx scripts/bench/consoleList.ts`: this benchmark alone.
if (require.main === module) {
  benchConsoleList({ log: (l) => console.error(`[bench] ${l}`) })
    .then((r) => {
      console.table(r.pages);
      console.log(JSON.stringify({ cases: r.cases, seedSeconds: r.seedSeconds, worstPageP99Ms: r.worstPageP99Ms, dashboardP50Ms: r.dashboardP50Ms }));
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
