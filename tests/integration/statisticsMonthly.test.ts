/**
 * The monthly pre-aggregate of the statistics (case_statistics_monthly, kept by triggers) gives the
 * same figures as the read over the case rows: on the seeded cases (whole years, quarters, a custom
 * period starting and ending mid-month, one inside a single month), after events, a move to another
 * month and a deleted term row change the read model, and when rebuilt after a bulk load like the benchmark's.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StatisticsFilters } from '../../domain/statistics';
import { loadStatistics, loadStatisticsFromMonths, loadStatisticsFromRows } from '../../platform/store/statistics';
import { seedStatisticsCases } from '../../scripts/bench/statisticsPage';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { seedStatistics } from '../helpers/statisticsSeed';

vi.setConfig({ testTimeout: 120_000 });

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedStatistics(database.db);
});

afterAll(async () => {
  await database?.drop();
});

const PERIODS: StatisticsFilters[] = [
  { kind: 'year', year: 2026, from: '2026-01-01', to: '2026-12-31' },
  { kind: 'year', year: 2025, from: '2025-01-01', to: '2025-12-31' },
  { kind: 'quarter', year: 2026, quarter: 2, from: '2026-04-01', to: '2026-06-30' },
  { kind: 'custom', from: '2026-01-15', to: '2026-10-12' },
  { kind: 'custom', from: '2026-04-02', to: '2026-04-20' },
  { kind: 'custom', from: '2025-12-10', to: '2026-02-27' },
  { kind: 'custom', from: '2023-01-01', to: '2026-12-31' },
];

async function expectSameFigures(): Promise<void> {
  for (const period of PERIODS) {
    const months = await loadStatisticsFromMonths(database.appDb, period);
    const rows = await loadStatisticsFromRows(database.appDb, period);
    expect(months, `${period.from}..${period.to}`).toEqual(rows);
  }
}

const counts = (list: Array<{ key: string; count: number }>) => Object.fromEntries(list.map((c) => [c.key, c.count]));
const MID_MONTH: StatisticsFilters = { kind: 'custom', from: '2026-01-15', to: '2026-10-12' };

describe('the monthly pre-aggregate', () => {
  it('holds the seeded months and gives the figures of the rows for every period', async () => {
    const totals = await database.db('case_statistics_monthly').where({ figure: 'total', grp: 'all' }).orderBy('month').select(database.db.raw(`to_char(month, 'YYYY-MM') AS month`), 'n');
    expect(totals.map((r: { month: string; n: string }) => [r.month, Number(r.n)])).toEqual([
      ['2025-12', 1], ['2026-01', 2], ['2026-02', 1], ['2026-03', 1], ['2026-04', 2], ['2026-05', 1], ['2026-07', 1], ['2026-10', 1], ['2026-11', 1],
    ]);
    await expectSameFigures();
  });

  it('reads a mid-month custom period: whole months from the table, the edges from the cases', async () => {
    // Received 2026-01-15..2026-10-12: cases 2, 3, 4, 5, 6, 7, 8, 9 (1 on 01-05 and 11 on 11-02 fall outside).
    const s = await loadStatistics(database.appDb, MID_MONTH);
    expect(counts(s.distributions.total)).toEqual({ all: 8 });
    expect(counts(s.distributions.month)).toEqual({
      '2026-01': 1, '2026-02': 1, '2026-03': 1, '2026-04': 2, '2026-05': 1, '2026-06': 0, '2026-07': 1, '2026-08': 0, '2026-09': 0, '2026-10': 1,
    });
    // Days to admissibility: 2 → 21, 3 → 17, 4 → 7, 6 → 19 (completion expired), 8 → 6, 9 → 6.
    expect(s.leadTimes.admissibility).toEqual({ count: 6, medianDays: 7, p90Days: 21 });
    expect(s.terms.find((t) => t.term === 'admissibility')).toEqual({ term: 'admissibility', total: 8, met: 4, missed: 1, running: 1, cancelled: 2, extended: 0, suspended: 0 });
  });

  it('stays exact when events change cases, a case moves to another month and a term row goes', async () => {
    const id = async (n: number) => (await database.db('cases').where({ case_number: `1999-${900000 + n}` }).first('id')).id as number;
    const [seven, eleven, one] = [await id(7), await id(11), await id(1)];
    const event = (caseId: number, type: string, on: string, data: Record<string, unknown> = {}) =>
      database.db('case_events').insert({ case_id: caseId, type, actor: 'system', data: JSON.stringify(data), occurred_at: `${on}T11:00:00Z` });
    await event(seven, 'admissibility.decided', '2026-10-20', { admissible: false, decidedBy: 'committee' });
    await event(eleven, 'term.extended', '2026-11-20', { termId: 'admissibility' });
    await event(eleven, 'complaint.withdrawn', '2026-11-25', { requestedBy: 'complainant' });
    // A corrected receipt date moves case 1 (with its terms) from January to February.
    await database.db('cases').where({ id: one }).update({ received_on: '2026-02-14' });
    await database.db('case_term_statistics').where({ case_id: eleven, term_key: 'admissibility' }).delete();
    await expectSameFigures();

    const s = await loadStatistics(database.appDb, { kind: 'year', year: 2026, from: '2026-01-01', to: '2026-12-31' });
    expect(counts(s.distributions.admissibility)).toEqual({ admissible: 5, inadmissible: 3, pending: 2 });
    expect(counts(s.distributions.inadmissibleBy)).toEqual({ chair: 1, committee: 1, incomplete: 1 });
    expect(counts(s.distributions.route)).toEqual({ referred: 1, mediated: 1, settled: 1, withdrawn: 2 });
    expect(counts(s.distributions.month)).toMatchObject({ '2026-01': 1, '2026-02': 2 });
    const q1 = await loadStatistics(database.appDb, { kind: 'quarter', year: 2026, quarter: 1, from: '2026-01-01', to: '2026-03-31' });
    // Case 1 still counts in the first quarter, now in February, with its four terms.
    expect(q1.terms.find((t) => t.term === 'defence')).toEqual({ term: 'defence', total: 2, met: 1, missed: 1, running: 0, cancelled: 0, extended: 1, suspended: 0 });
  });

  it('is rebuilt exactly after a bulk load like the benchmark (its triggers off during the load)', async () => {
    await seedStatisticsCases(database.db, 3000);
    await expectSameFigures();
    const total = await loadStatistics(database.appDb, { kind: 'custom', from: '2023-01-01', to: '2026-12-31' });
    // 3,000 benchmark cases over 2023–2026 and the 11 seeded ones (case 10 in 2025).
    expect(counts(total.distributions.total)).toEqual({ all: 3011 });
  });
});
