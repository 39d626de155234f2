/**
 * Open cases per worker: files N complaints whose workflows then wait with live timers (the
 * admissibility term), keeps every one of them in the worker's workflow cache, and measures the
 * worker process's resident memory per open case. The goal of issue 4 — 100,000 open cases under
 * 1 GiB — is judged by extrapolating the measured cost per cached case.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { fileComplaint } from '../../api/services/intake';
import { createWorker } from '../../platform/worker';
import { startBenchStack } from './stack';
import { round, runPool } from './stats';

export interface OpenCasesBenchResult {
  openCases: number;
  cacheSize: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  heapUsedDeltaMiB: number;
  bytesPerOpenCase: number;
  projectedMiBFor100k: number;
  filingSeconds: number;
}

const SAMPLE = {
  complainant: { name: 'Bench Klager', email: 'klager@example.nl', role: 'parent' as const },
  school: { brin: '12AB', name: 'OBS De Benchmark', sector: 'primary' as const },
  category: 'pesten' as const,
  description: 'Een klacht voor de meting van open zaken per worker, lang genoeg.',
  occurredOn: '2026-10-01',
  raisedWithSchool: true,
};

function mib(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

export async function benchOpenCases(opts: { cases?: number; cacheSize?: number; log?: (l: string) => void } = {}): Promise<OpenCasesBenchResult> {
  const count = opts.cases ?? Number(process.env.BENCH_OPEN_CASES ?? 1000);
  const cacheSize = opts.cacheSize ?? (process.env.BENCH_CACHE_SIZE ? Number(process.env.BENCH_CACHE_SIZE) : count + 100);
  const log = opts.log ?? (() => undefined);
  const stack = await startBenchStack(log);
  try {
    const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
    // By default every open case stays cached: the worst case, no eviction to hide the cost. With a
    // smaller cache, evicted cases live on in the server (their timers too) and are replayed on demand.
    const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue: 'open-cases', db: stack.db, options: { maxCachedWorkflows: cacheSize } });
    const running = worker.run();
    stack.onStop(async () => {
      worker.shutdown();
      await running;
      await nativeConnection.close();
    });
    const connection = await Connection.connect({ address: stack.temporalAddress });
    stack.onStop(() => connection.close());
    const client = new Client({ connection });
    const deps = { db: stack.db, temporal: client, taskQueue: 'open-cases', secret: 'bench-secret-bench-secret-bench-secret' };

    const waitForOpen = async (n: number) => {
      while (Number((await stack.db('cases').where({ status: 'admissibility' }).count<{ c: string }[]>('* as c'))[0].c) < n) await new Promise((r) => setTimeout(r, 200));
    };
    // Warm-up, so the baseline includes the bundle, the isolate and the connection pools.
    await runPool(50, 16, async () => void (await fileComplaint(deps, SAMPLE)));
    await waitForOpen(50);
    global.gc?.();
    await new Promise((r) => setTimeout(r, 1000));
    const before = process.memoryUsage();

    log(`filing ${count} complaints`);
    const t0 = performance.now();
    await runPool(count, 16, async () => void (await fileComplaint(deps, SAMPLE)));
    await waitForOpen(50 + count);
    const filingSeconds = (performance.now() - t0) / 1000;
    const perCaseAt = (m: NodeJS.MemoryUsage) => (m.rss - before.rss) / count;
    // Let deliveries (PDF + SMTP) of the last letters finish, so RSS reflects resting open cases.
    while (Number((await stack.db('letter_outbox').whereIn('status', ['pending', 'sending']).count<{ c: string }[]>('* as c'))[0].c) > 0) await new Promise((r) => setTimeout(r, 500));
    global.gc?.();
    await new Promise((r) => setTimeout(r, 2000));
    const rested = process.memoryUsage();
    return {
      openCases: count,
      cacheSize,
      rssBeforeMiB: mib(before.rss),
      rssAfterMiB: mib(rested.rss),
      heapUsedDeltaMiB: mib(rested.heapUsed - before.heapUsed),
      bytesPerOpenCase: Math.round(perCaseAt(rested)),
      projectedMiBFor100k: mib(perCaseAt(rested) * 100_000 + before.rss),
      filingSeconds: round(filingSeconds),
    };
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  benchOpenCases({ log: (l) => console.error(`[bench] ${l}`) }).then((r) => console.table([r]));
}
