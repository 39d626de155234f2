/**
 * `npm run bench`: every benchmark of klachtflow in one run. Prints a table and writes the figures
 * to bench-results/bench.json. Targets are checked here, in the benchmark, not in timed tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/config';
import { benchDeadlines } from './bench/deadlines';
import { benchIntake } from './bench/intake';

interface Row {
  benchmark: string;
  figure: string;
  target: string;
  met: boolean;
}

async function main(): Promise<void> {
  const log = (l: string) => console.error(`[bench] ${l}`);
  const rows: Row[] = [];
  const results: Record<string, unknown> = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, at: new Date().toISOString() };

  const intake = await benchIntake({ log });
  results.intake = intake;
  rows.push(
    { benchmark: 'complaints filed end to end', figure: `${intake.complaintsPerSecond}/s`, target: '', met: true },
    { benchmark: 'trivial 1-activity workflows', figure: `${intake.trivialWorkflowsPerSecond}/s`, target: '', met: true },
    { benchmark: 'intake / trivial ratio', figure: String(intake.ratio), target: '≥ 0.8', met: intake.ratio >= 0.8 },
    { benchmark: 'POST latency p50 / p99', figure: `${intake.postLatencyMs.p50} / ${intake.postLatencyMs.p99} ms`, target: '', met: true },
  );

  const deadlines = await benchDeadlines();
  results.deadlines = deadlines;
  rows.push({ benchmark: 'deadline computations (1 core)', figure: `${Math.round(deadlines.opsPerSecond)}/s`, target: '≥ 200000/s', met: deadlines.opsPerSecond >= 200_000 });

  console.table(rows);
  const outDir = path.join(PROJECT_ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`figures written to ${path.join(outDir, 'bench.json')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
