/**
 * `npm run bench`: every benchmark of klachtflow in one run. Prints a table and writes the figures
 * to bench-results/bench.json. Targets are checked here, in the benchmark, not in timed tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/config';
import { benchConsoleList } from './bench/consoleList';
import { benchDeadlines } from './bench/deadlines';
import { benchIntake, type CpuBudget } from './bench/intake';
import { benchLetters } from './bench/letters';
import { benchOpenCases } from './bench/openCases';
import { benchStatistics } from './bench/statisticsPage';
import { round } from './bench/stats';

interface Row {
  benchmark: string;
  figure: string;
  target: string;
  met: boolean;
}

const PHASES = ['intake', 'burst', 'deadlines', 'letters', 'openCases', 'consoleList', 'statistics'] as const;
type Phase = (typeof PHASES)[number];

/** `--only intake,burst` runs those phases alone; without it, every phase runs. */
function selectedPhases(argv: string[]): Set<Phase> {
  const i = argv.indexOf('--only');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (raw === undefined) return new Set(PHASES);
  const names = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = names.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length || !names.length) {
    console.error(`bench: unknown phase(s) ${unknown.join(', ') || '(none given)'}; choose from ${PHASES.join(', ')}`);
    process.exit(2);
  }
  return new Set(names as Phase[]);
}

/** "41.2 ms: API, case worker 12.1, …": the total, then each part of the stack. */
function cpuFigure(budget: CpuBudget): string {
  const { total, ...parts } = budget;
  return `${total} ms: ${Object.entries(parts).map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

async function main(): Promise<void> {
  const log = (l: string) => console.error(`[bench] ${l}`);
  const only = selectedPhases(process.argv.slice(2));
  const rows: Row[] = [];
  const os = await import('node:os');
  const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart: os.loadavg().map((l) => round(l, 2)) }, at: new Date().toISOString(), phases: [...only] };

  if (only.has('intake') || only.has('burst')) {
    const { intake, burst } = await benchIntake({ phases: { intake: only.has('intake'), burst: only.has('burst') }, log });
    if (intake) {
      results.intake = intake;
      rows.push(
        { benchmark: `POST /api/complaints p50, ${intake.concurrency} clients, letters draining`, figure: `${intake.postLatencyMs.p50} ms`, target: '< 30 ms', met: intake.postLatencyMs.p50 < 30 },
        { benchmark: `POST /api/complaints p99, ${intake.concurrency} clients, letters draining`, figure: `${intake.postLatencyMs.p99} ms`, target: '< 150 ms', met: intake.postLatencyMs.p99 < 150 },
        { benchmark: `POSTs answered per second (${intake.concurrency} clients ÷ this = mean latency)`, figure: `${intake.postsPerSecond}/s (${round((intake.concurrency / intake.postsPerSecond) * 1000, 1)} ms)`, target: '', met: true },
        { benchmark: 'intake to acknowledgement stored', figure: `${intake.intakeToAcknowledgementPerSecond}/s`, target: '', met: true },
        { benchmark: 'trivial 1-activity workflows (mean of before and after)', figure: `${intake.trivialWorkflowsPerSecond.mean}/s`, target: '', met: true },
        { benchmark: 'intake / trivial ratio', figure: String(intake.ratio), target: '≥ 0.8', met: intake.ratio >= 0.8 },
        { benchmark: 'letters sent (PDF + SMTP), during intake', figure: `${intake.letters.perSecond}/s`, target: '', met: true },
        { benchmark: 'letter lag, created → sent, p50 / p99', figure: `${intake.letters.lagMs.p50} / ${intake.letters.lagMs.p99} ms`, target: '', met: true },
        { benchmark: 'CPU per complaint, until its letter is sent', figure: cpuFigure(intake.cpuMsPerComplaint), target: '', met: true },
        { benchmark: 'CPU per trivial workflow', figure: cpuFigure(intake.cpuMsPerTrivialWorkflow), target: '', met: true },
        { benchmark: `CPU ceiling on ${os.cpus().length} cores: intake / trivial (ratio)`, figure: `${intake.cpuCeilingPerSecond.intake}/s / ${intake.cpuCeilingPerSecond.trivial}/s (${round(intake.cpuCeilingPerSecond.intake / intake.cpuCeilingPerSecond.trivial, 2)})`, target: '', met: true },
      );
    }
    if (burst) {
      results.burst = burst;
      rows.push(
        { benchmark: `burst: ${burst.complaints} complaints, ${burst.concurrency} clients`, figure: `${burst.accepted} accepted, ${burst.stored} stored, ${burst.lost} lost in ${burst.seconds} s`, target: 'all stored, ≤ 60 s', met: burst.lost === 0 && burst.accepted === burst.complaints && burst.seconds <= 60 },
        { benchmark: 'burst: POST p99', figure: `${burst.postLatencyMs.p99} ms`, target: '< 1000 ms', met: burst.postLatencyMs.p99 < 1000 },
        { benchmark: `burst: POSTs answered per second (${burst.concurrency} clients ÷ this = mean latency)`, figure: `${burst.postsPerSecond}/s (${round((burst.concurrency / burst.postsPerSecond) * 1000, 1)} ms)`, target: '', met: true },
        { benchmark: 'burst: letter backlog at the last answer, drained in', figure: `${burst.backlog} letters, ${burst.drainSeconds} s (${burst.drainLettersPerSecond}/s)`, target: '', met: true },
      );
    }
  }

  if (only.has('deadlines')) {
    const deadlines = await benchDeadlines();
    results.deadlines = deadlines;
    rows.push({ benchmark: 'deadline computations (1 core)', figure: `${Math.round(deadlines.opsPerSecond)}/s`, target: '≥ 200000/s', met: deadlines.opsPerSecond >= 200_000 });
  }

  if (only.has('letters')) {
    const letters = await benchLetters();
    results.letters = letters;
    rows.push(
      { benchmark: 'letters rendered, HTML', figure: `${Math.round(letters.htmlPerSecond)}/s`, target: '≥ 1000/s', met: letters.htmlPerSecond >= 1000 },
      { benchmark: 'letters rendered, PDF (Chromium)', figure: `${letters.pdfPerSecond}/s`, target: '', met: true },
    );
  }

  if (only.has('openCases')) {
    // BENCH_OPEN_CASES (default 100,000) open cases for real, sampled every 10,000 (scripts/bench/openCases.ts).
    const open = await benchOpenCases({ log });
    results.openCases = open;
    const last = open.samples[open.samples.length - 1];
    rows.push(
      { benchmark: `open cases with live timers, one worker (cache ${open.cacheSize})`, figure: `${open.openCases} (seeded at ${open.casesPerSecond}/s, ${last.seedSeconds} s)`, target: '', met: true },
      { benchmark: `worker RSS at ${last.openCases} open cases`, figure: `${last.workerRssMiB} MiB`, target: '< 1024 MiB', met: last.workerRssMiB < 1024 },
      { benchmark: `Temporal dev server RSS at ${last.openCases} open cases`, figure: `${last.temporalRssMiB} MiB`, target: '', met: true },
      { benchmark: `PostgreSQL RSS (sum; PSS) at ${last.openCases} open cases`, figure: `${last.postgresRssMiB} MiB (${last.postgresPssMiB} MiB)`, target: '', met: true },
      { benchmark: 'query / action on a long-evicted case', figure: `${open.evictedCase.queryMs} / ${open.evictedCase.actionMs} ms`, target: '', met: true },
      { benchmark: `console case list over the ${open.openCases} open cases, worst filter p99`, figure: `${open.consoleList.worstPageP99Ms} ms`, target: '< 100 ms, index only', met: open.consoleList.worstPageP99Ms < 100 && open.consoleList.pages.every((p) => p.usesIndex) },
      { benchmark: `console dashboard over the ${open.openCases} open cases p50`, figure: `${open.consoleList.dashboardP50Ms} ms`, target: '< 500 ms', met: open.consoleList.dashboardP50Ms < 500 },
    );
  }

  if (only.has('consoleList')) {
    const consoleList = await benchConsoleList({ log });
    results.consoleList = consoleList;
    rows.push(
      { benchmark: `console case list page, ${consoleList.cases} cases, worst filter p99`, figure: `${consoleList.worstPageP99Ms} ms`, target: '< 100 ms, index only', met: consoleList.worstPageP99Ms < 100 && consoleList.pages.every((p) => p.usesIndex) },
      { benchmark: 'console dashboard counts p50', figure: `${consoleList.dashboardP50Ms} ms`, target: '< 500 ms', met: consoleList.dashboardP50Ms < 500 },
    );
  }

  if (only.has('statistics')) {
    const statistics = await benchStatistics({ log });
    results.statistics = statistics;
    rows.push(
      { benchmark: `statistics queries, ${statistics.cases} cases, worst filter p99`, figure: `${statistics.worstQueryP99Ms} ms`, target: '< 500 ms', met: statistics.worstQueryP99Ms < 500 },
      { benchmark: 'statistics page, first render after start-up (fresh process)', figure: `${statistics.pageFirstMs} ms`, target: '< 500 ms', met: statistics.pageFirstMs < 500 },
      { benchmark: 'statistics page start-up warm-up (after the API listens)', figure: `${statistics.startUpWarmUpMs} ms`, target: '', met: true },
      { benchmark: 'statistics page, first render without warm-up', figure: `${statistics.pageFirstWithoutWarmUpMs} ms`, target: '', met: true },
      { benchmark: 'statistics page again (warm chart cache) p50', figure: `${statistics.pageWarmP50Ms} ms`, target: '< 500 ms', met: statistics.pageWarmP50Ms < 500 },
      { benchmark: 'statistics page, another filter (new figures)', figure: `${statistics.pageOtherFiguresMs} ms`, target: '< 500 ms', met: statistics.pageOtherFiguresMs < 500 },
    );
  }

  results.loadAverageAtEnd = (await import('node:os')).loadavg().map((l) => round(l, 2));
  console.table(rows);
  const outDir = path.join(PROJECT_ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`figures written to ${path.join(outDir, 'bench.json')}`);
}

// Exit when done even if a library keeps a handle open: a benchmark left running skews the next one.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
