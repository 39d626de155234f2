/**
 * `npx tsx scripts/bench-chart.ts [bench-results/bench.json]`
 *   Draws the open-cases curve of a benchmark run (its `openCases` figures; a file written by
 *   scripts/bench/openCases.ts alone works too) as docs/open-cases.svg, with the statistics pages'
 *   Vega-Lite renderer, and prints the README's table of the same figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderSpec } from '../api/web/statistics/charts';
import { PROJECT_ROOT } from '../platform/config';
import type { OpenCasesBenchResult } from './bench/openCases';

const SERIES = [
  { key: 'workerRssMiB', label: 'worker (RSS)' },
  { key: 'temporalRssMiB', label: 'Temporal dev server (RSS)' },
  { key: 'postgresRssMiB', label: 'PostgreSQL (RSS, all processes)' },
  { key: 'postgresPssMiB', label: 'PostgreSQL (PSS, all processes)' },
] as const;

export function openCasesTable(r: Pick<OpenCasesBenchResult, 'samples'>): string {
  const rows = r.samples.map((s) => `| ${s.openCases.toLocaleString('en')} | ${s.seedSeconds} | ${s.workerRssMiB} | ${s.temporalRssMiB} | ${s.postgresRssMiB} | ${s.postgresPssMiB} |`);
  return ['| open cases | seconds to seed | worker RSS MiB | Temporal RSS MiB | PostgreSQL RSS MiB (sum) | PostgreSQL PSS MiB |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** `r` may be a run stopped early (its samples only). */
export async function openCasesChart(r: Pick<OpenCasesBenchResult, 'samples'> & Partial<OpenCasesBenchResult>): Promise<string> {
  const top = r.samples[r.samples.length - 1].openCases;
  const values = r.samples.flatMap((s) => SERIES.map((series, order) => ({ openCases: s.openCases, MiB: s[series.key], series: series.label, order })));
  return renderSpec(
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 560,
      height: 300,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'openCases', type: 'quantitative', title: 'open cases (each with its workflow and live timers)', axis: { format: ',d' } },
        y: { field: 'MiB', type: 'quantitative', title: 'resident memory (MiB)' },
        color: { field: 'series', type: 'nominal', title: null, sort: SERIES.map((s) => s.label), legend: { orient: 'bottom', columns: 2 } },
      },
      config: { font: 'Arial, Helvetica, sans-serif', aria: false, background: 'white' },
    },
    {
      id: 'open-cases-memory',
      title: `Resident memory with up to ${top.toLocaleString('en')} open cases`,
      description: `Worker${r.cacheSize ? ` (workflow cache ${r.cacheSize})` : ''}, Temporal dev server and PostgreSQL, sampled as the open cases grow; the same figures are in the table beside the chart.`,
    },
  );
}

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(PROJECT_ROOT, 'bench-results', 'bench.json'));
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // bench.json holds the run under `openCases`; open-cases.json is the run itself.
  const r = (typeof json.openCases === 'object' ? json.openCases : json) as OpenCasesBenchResult;
  if (!r.samples?.length) throw new Error(`${file} holds no open-cases samples`);
  const out = path.join(PROJECT_ROOT, 'docs', 'open-cases.svg');
  fs.writeFileSync(out, `${await openCasesChart(r)}\n`);
  console.log(openCasesTable(r));
  console.log(`\nchart written to ${path.relative(PROJECT_ROOT, out)}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`bench-chart: ${(err as Error).message}`);
    process.exit(1);
  });
}
