/**
 * Open cases per worker. Files complaints through the real intake (workflow, letters, PDF and SMTP
 * delivery), each of which then waits with live timers (the admissibility service norm), and samples
 * the worker process's resident memory as the number of open cases grows past the worker's
 * workflow cache. Two figures follow from the curve:
 * - the cost of a *cached* case (the slope while every open case fits in the cache), and
 * - the cost of an open case *beyond* the cache (the slope once the cache is full: evicted cases
 *   live on in Temporal, their timers included, and are replayed when something happens to them).
 * The 100,000-case projection extends the measured curve with the second slope. A query on an
 * early, long-evicted case checks that such a case still answers, and how fast its replay is.
 *
 * Run it with MALLOC_ARENA_MAX=2 (as `npm run bench` and the production start do): without it
 * glibc keeps a heap arena per thread of the SDK's native core and RSS stays at its high-water mark.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { fileComplaint } from '../../api/services/intake';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { createLetterWorker, createWorker } from '../../platform/worker';
import { caseStateQuery } from '../../contracts/messages';
import { startBenchStack } from './stack';
import { round, runPool } from './stats';

export interface MemorySample {
  openCases: number;
  cachedCases: number;
  rssMiB: number;
  heapUsedMiB: number;
}

export interface OpenCasesBenchResult {
  openCases: number;
  cacheSize: number;
  mallocArenaMax: string | null;
  samples: MemorySample[];
  /** RSS growth per open case while all fit in the cache. */
  bytesPerCachedCase: number;
  /** RSS growth per open case in the steady state past the full cache (least squares). */
  bytesPerEvictedCase: number;
  projectedMiBFor100k: number;
  evictedQueryMs: number;
  filingPerSecond: number;
}

const SAMPLE = {
  complainant: { name: 'Bench Klager', email: 'klager@example.nl', role: 'parent' as const },
  school: { brin: '12AB', name: 'OBS De Benchmark', sector: 'primary' as const },
  category: 'pesten' as const,
  description: 'Een klacht voor de meting van open zaken per worker, lang genoeg.',
  occurredOn: '2026-10-01',
  raisedWithSchool: true,
};

const WARM_UP = 50;
/** Marks the child's result line among the SDK's log lines on stdout. */
const RESULT_MARK = 'open-cases-result ';

function mib(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

function slope(a: MemorySample, b: MemorySample): number {
  return b.openCases === a.openCases ? 0 : ((b.rssMiB - a.rssMiB) * 1024 * 1024) / (b.openCases - a.openCases);
}

/** Least-squares slope of RSS (bytes) per open case: RSS moves with the allocator, one pair of points is noise. */
function fittedSlope(samples: MemorySample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.openCases, 0) / n;
  const my = samples.reduce((a, s) => a + s.rssMiB, 0) / n;
  const sxy = samples.reduce((a, s) => a + (s.openCases - mx) * (s.rssMiB - my), 0);
  const sxx = samples.reduce((a, s) => a + (s.openCases - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 1024 * 1024;
}

export async function benchOpenCases(opts: { cases?: number; cacheSize?: number; steps?: number; log?: (l: string) => void } = {}): Promise<OpenCasesBenchResult> {
  const total = opts.cases ?? Number(process.env.BENCH_OPEN_CASES ?? 2000);
  const cacheSize = opts.cacheSize ?? Number(process.env.BENCH_CACHE_SIZE ?? 500);
  const steps = opts.steps ?? Number(process.env.BENCH_STEPS ?? 6);
  const log = opts.log ?? (() => undefined);
  const stack = await startBenchStack(log);
  try {
    const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue: 'open-cases', db: stack.db, options: { maxCachedWorkflows: cacheSize } });
    const letters = await createLetterWorker({ connection: nativeConnection, namespace: 'default', taskQueue: 'open-cases', db: stack.db });
    const running = Promise.all([worker.run(), letters.run()]);
    stack.onStop(async () => {
      worker.shutdown();
      letters.shutdown();
      await running;
      await nativeConnection.close();
    });
    const connection = await Connection.connect({ address: stack.temporalAddress });
    stack.onStop(() => connection.close());
    const client = new Client({ connection });
    const deps = { db: stack.db, temporal: client, taskQueue: 'open-cases', secret: 'bench-secret-bench-secret-bench-secret' };

    const count = async (query: ReturnType<typeof stack.db>) => Number((await query.count<{ c: string }[]>('* as c'))[0].c);
    const settle = async (open: number): Promise<void> => {
      while ((await count(stack.db('cases').where({ status: 'admissibility' }))) < open) await new Promise((r) => setTimeout(r, 200));
      // Deliveries (PDF + SMTP) of the last letters finish first, so RSS shows resting open cases.
      while ((await count(stack.db('letter_outbox').whereIn('status', ['pending', 'sending']))) > 0) await new Promise((r) => setTimeout(r, 500));
      global.gc?.();
      await new Promise((r) => setTimeout(r, 2000));
    };
    const sample = (open: number): MemorySample => {
      const m = process.memoryUsage();
      const s = { openCases: open, cachedCases: Math.min(open, cacheSize), rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed) };
      log(`${open} open cases: RSS ${s.rssMiB} MiB, JS heap ${s.heapUsedMiB} MiB`);
      return s;
    };

    // Warm-up, so the first sample includes the bundle, the isolate, Chromium's pipe and the pools.
    const first = (await fileComplaint(deps, SAMPLE)).caseNumber;
    await runPool(WARM_UP - 1, 16, async () => void (await fileComplaint(deps, SAMPLE)));
    await settle(WARM_UP);
    const samples = [sample(WARM_UP)];

    // Steps up to the cache size, then beyond it.
    const targets = new Set<number>([Math.min(cacheSize, total)]);
    for (let i = 1; i <= steps; i++) targets.add(Math.round((total * i) / steps));
    const t0 = performance.now();
    let open = WARM_UP;
    for (const target of [...targets].filter((t) => t > WARM_UP).sort((a, b) => a - b)) {
      await runPool(target - open, 16, async () => void (await fileComplaint(deps, SAMPLE)));
      open = target;
      await settle(open);
      samples.push(sample(open));
    }
    const filingSeconds = (performance.now() - t0) / 1000;

    // The first case was evicted long ago; a query makes the worker replay its history.
    const q0 = performance.now();
    await client.workflow.getHandle(complaintWorkflowId(first)).query(caseStateQuery);
    const evictedQueryMs = round(performance.now() - q0);

    const atCache = samples.find((s) => s.openCases === Math.min(cacheSize, total)) ?? samples[samples.length - 1];
    const last = samples[samples.length - 1];
    const perCached = slope(samples[0], atCache);
    // Steady state: the second half of the run past the full cache. Right after the cache fills,
    // RSS still climbs while the allocator warms up to the activity work (letters, PDFs, SMTP);
    // every sample is reported, so the choice can be checked against the whole curve.
    const steadyFrom = Math.max(atCache.openCases, last.openCases / 2);
    const beyond = samples.filter((s) => s.openCases >= steadyFrom);
    const perEvicted = beyond.length >= 2 ? fittedSlope(beyond) : perCached;
    return {
      openCases: last.openCases,
      cacheSize,
      mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
      samples,
      bytesPerCachedCase: Math.round(perCached),
      bytesPerEvictedCase: Math.round(perEvicted),
      // From the highest RSS seen (not the last, which may sit in a dip), along the fitted slope.
      projectedMiBFor100k: round(Math.max(...samples.map((x) => x.rssMiB)) + (Math.max(0, perEvicted) * (100_000 - last.openCases)) / 1024 / 1024),
      evictedQueryMs,
      filingPerSecond: round((last.openCases - WARM_UP) / filingSeconds),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * Runs the benchmark in a process of its own (as `npm run bench` does): the resident memory of a
 * process that has just rendered hundreds of PDFs for another benchmark says little about open cases.
 */
export async function benchOpenCasesInChild(log: (l: string) => void): Promise<OpenCasesBenchResult> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', __filename, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.startsWith('[bench]')) log(line.slice(8));
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the open-cases benchmark exited with ${code}`);
  const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error('the open-cases benchmark printed no result');
  return JSON.parse(line.slice(RESULT_MARK.length)) as OpenCasesBenchResult;
}

if (require.main === module) {
  benchOpenCases({ log: (l) => console.error(`[bench] ${l}`) }).then((r) => {
    if (process.argv.includes('--json')) return void console.log(RESULT_MARK + JSON.stringify(r));
    console.table(r.samples);
    const { samples: _samples, ...figures } = r;
    console.table([figures]);
  }).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
