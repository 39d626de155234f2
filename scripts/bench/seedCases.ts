/**
 * Bulk seeding for the read-model benchmarks (console list, statistics page): 500 schools of 50
 * boards in three regions, and `count` cases spread over categories, sectors and schools, inserted
 * in one statement through the tables' own triggers. Each benchmark adds the columns it varies as
 * SQL expressions over the series index `i` (trusted constants of the benchmark, never input).
 */
import type { Knex } from 'knex';

export async function seedBenchSchools(db: Knex): Promise<void> {
  await db.raw(`
    INSERT INTO schools (brin, name, sector, region, board_name, board_email)
    SELECT lpad(i::text, 4, '0'), 'School ' || i, 'primary', (ARRAY['noord','midden','zuid'])[1 + i % 3], 'Bestuur ' || (i % 50), NULL FROM generate_series(0, 499) i
    ON CONFLICT DO NOTHING`);
}

/** Cases 2020-000001…: category, sector and school from `i`; `columns` maps further columns to expressions over `i`. */
export async function seedBenchCases(db: Knex, count: number, columns: Record<string, string>): Promise<void> {
  const names = Object.keys(columns);
  if (names.some((n) => !/^[a-z_]+$/.test(n))) throw new Error('seedBenchCases: column names must be plain identifiers');
  await db.raw(
    `INSERT INTO cases (case_number, category, sector, school_brin, school_name, access_code_hash, workflow_id, ${names.join(', ')})
     SELECT '2020-' || lpad(i::text, 6, '0'),
       (ARRAY['pesten','seksuele-intimidatie','discriminatie','geweld','radicalisering','begeleiding','onderwijs-en-toetsing','overig'])[1 + (i / 7) % 8],
       (ARRAY['primary','secondary','vocational','special'])[1 + (i / 3) % 4],
       lpad((i % 500)::text, 4, '0'), 'School ' || (i % 500), 'x', 'complaint-2020-' || i,
       ${names.map((n) => columns[n]).join(',\n       ')}
     FROM generate_series(1, ?) i`,
    [count],
  );
}

/**
 * A bulk load, like a restore: the monthly statistics pre-aggregate's triggers would run once per
 * inserted case (the cases' row trigger inserts each statistics row on its own statement) and
 * share-lock every case for its terms; it is recomputed in one set-based pass afterwards instead.
 * The triggers are proved exact one write at a time in tests/integration/statisticsMonthly.test.ts.
 */
export async function bulkLoad(db: Knex, load: () => Promise<void>): Promise<void> {
  const triggers = ['case_statistics', 'case_term_statistics'];
  for (const table of triggers) await db.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
  try {
    await load();
  } finally {
    for (const table of triggers) await db.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
  }
  await db.raw('SELECT case_statistics_monthly_rebuild()');
}

/** `runs` timings of `task` in milliseconds, sorted. */
export async function timeIt(runs: number, task: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await task();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return ms.sort((a, b) => a - b);
}
