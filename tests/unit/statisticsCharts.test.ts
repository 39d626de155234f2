/**
 * The statistics charts (api/web/statistics/charts.ts) keep one compiled spec per chart shape and
 * put each chart's own rows into a new View: a second chart of the same shape must show its own
 * figures, never the first one's, also when both are drawn at once.
 */
import { describe, expect, it } from 'vitest';
import { renderChart, type ChartInput } from '../../api/web/statistics/charts';

const chart = (id: string, values: [number, number]): ChartInput => ({
  id,
  kind: 'bar',
  title: 'Klachten naar sector',
  description: 'Aantallen per sector',
  data: [
    { label: 'primair onderwijs', value: values[0] },
    { label: 'voortgezet onderwijs', value: values[1] },
  ],
  x: 'Groep',
  y: 'Aantal',
});

/** The quantitative axis' tick labels, in the order drawn. */
const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => m[1]);

describe('statistics charts of one shape', () => {
  it('draws each chart from its own figures', async () => {
    const small = await renderChart(chart('small', [1, 2]));
    const large = await renderChart(chart('large', [20, 40]));
    expect(ticks(small)).toEqual(['0', '1', '2']);
    expect(ticks(large)).toEqual(['0', '5', '10', '15', '20', '25', '30', '35', '40']);
    expect(large).toContain('<title id="large-title">Klachten naar sector</title>');
  });

  it('keeps the figures apart when charts of one shape are drawn at once', async () => {
    const [a, b] = await Promise.all([renderChart(chart('a', [3, 0])), renderChart(chart('b', [0, 60]))]);
    expect(ticks(a)).toEqual(['0', '1', '2', '3']);
    expect(ticks(b)).toEqual(['0', '5', '10', '15', '20', '25', '30', '35', '40', '45', '50', '55', '60']);
  });
});
