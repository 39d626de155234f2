/** The pure parts of the statistics: periods and filters from a query, months, suppression, its threshold. */
import { loadConfig } from '../../platform/config';
import { describe, expect, it } from 'vitest';
import { monthsOf, parseStatisticsQuery, percentileDisc, splitPeriod, suppress } from '../../domain/statistics';

const TODAY = '2026-12-01';

describe('parseStatisticsQuery', () => {
  it('defaults to this year', () => {
    expect(parseStatisticsQuery({}, TODAY).filters).toEqual({ kind: 'year', year: 2026, from: '2026-01-01', to: '2026-12-31' });
  });

  it('reads a quarter and a custom period', () => {
    expect(parseStatisticsQuery({ period: 'quarter', year: '2026', quarter: '3' }, TODAY).filters).toEqual({ kind: 'quarter', year: 2026, quarter: 3, from: '2026-07-01', to: '2026-09-30' });
    expect(parseStatisticsQuery({ period: 'custom', from: '2026-02-10', to: '2026-03-05', region: 'zuid' }, TODAY).filters).toEqual({ kind: 'custom', from: '2026-02-10', to: '2026-03-05', region: 'zuid' });
  });

  it('names every bad field', () => {
    expect(parseStatisticsQuery({ period: 'custom', from: '2026-02-30', to: '2026-01-01', sector: 'hbo', school: 'x' }, TODAY).errors).toEqual([
      { field: 'from', messageKey: 'stats.error.date' },
      { field: 'sector', messageKey: 'console.filter.badSector' },
      { field: 'school', messageKey: 'console.filter.badSchool' },
    ]);
    expect(parseStatisticsQuery({ period: 'week', year: '2027' }, TODAY).errors).toEqual([
      { field: 'period', messageKey: 'stats.error.period' },
      { field: 'year', messageKey: 'stats.error.year' },
    ]);
    expect(parseStatisticsQuery({ period: 'custom', from: '2026-05-01', to: '2026-04-30' }, TODAY).errors).toEqual([{ field: 'to', messageKey: 'stats.error.order' }]);
  });
});

describe('monthsOf', () => {
  it('lists every month of a period across a year end', () => {
    expect(monthsOf('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('suppression', () => {
  it('withholds 1 up to the threshold and keeps 0', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppress(n, 5))).toEqual([0, null, null, 5, 12]);
  });

  it('takes its threshold from STATS_SUPPRESSION_THRESHOLD, refusing nonsense', () => {
    expect(loadConfig({}).statsSuppressionThreshold).toBe(5);
    expect(loadConfig({ STATS_SUPPRESSION_THRESHOLD: '10' }).statsSuppressionThreshold).toBe(10);
    expect(() => loadConfig({ STATS_SUPPRESSION_THRESHOLD: 'vijf' })).toThrow('STATS_SUPPRESSION_THRESHOLD must be a whole number between 1 and 100, got "vijf".');
  });
});

describe('the monthly pre-aggregate: periods and percentiles', () => {
  it('splits a period into whole months and partial edges', () => {
    expect(splitPeriod('2026-01-01', '2026-12-31')).toEqual({ months: { from: '2026-01-01', to: '2026-12-01' }, edges: [] });
    expect(splitPeriod('2026-01-15', '2026-10-12')).toEqual({ months: { from: '2026-02-01', to: '2026-09-01' }, edges: [{ from: '2026-01-15', to: '2026-01-31' }, { from: '2026-10-01', to: '2026-10-12' }] });
    expect(splitPeriod('2024-02-10', '2024-02-29')).toEqual({ months: null, edges: [{ from: '2024-02-10', to: '2024-02-29' }] });
    expect(splitPeriod('2026-02-01', '2026-03-10')).toEqual({ months: { from: '2026-02-01', to: '2026-02-01' }, edges: [{ from: '2026-03-01', to: '2026-03-10' }] });
    expect(splitPeriod('2026-01-31', '2026-02-28')).toEqual({ months: { from: '2026-02-01', to: '2026-02-01' }, edges: [{ from: '2026-01-31', to: '2026-01-31' }] });
  });

  it("takes percentiles as PostgreSQL's percentile_disc does", () => {
    // 6, 6, 7, 17, 19, 21: the 3rd value for the median, the 6th for the 90th percentile.
    const days = new Map([[21, 1], [6, 2], [7, 1], [17, 1], [19, 1]]);
    expect([percentileDisc(days, 0.5), percentileDisc(days, 0.9)]).toEqual([7, 21]);
    expect(percentileDisc(new Map([[-3, 1], [10, 1]]), 0.5)).toBe(-3);
    expect(percentileDisc(new Map(), 0.5)).toBeNull();
  });
});
