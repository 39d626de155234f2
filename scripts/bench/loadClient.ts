/**
 * The benchmarks' load generator, run in its own process (forked by `runLoad`) so that its own
 * work — building requests, JSON, timing — never competes with the API's event loop it measures.
 * Two kinds of load at N concurrent clients: HTTP POSTs (the intake) or the trivial one-activity
 * workflow executed through a Temporal client (the baseline). Reports every latency in ms.
 */
import { fork } from 'node:child_process';

export type LoadJob =
  | { kind: 'http'; url: string; headers: Record<string, string>; body: unknown; count: number; concurrency: number }
  | { kind: 'trivial'; temporalAddress: string; taskQueue: string; count: number; concurrency: number };

export interface LoadResult {
  latenciesMs: number[];
  /** From the first request sent to the last answer received. */
  seconds: number;
  /** Answers other than the expected one (HTTP 201, a completed workflow), with the first error. */
  failures: number;
  firstError: string | null;
  /** The load generator's own CPU time (user + system), ms: part of what the machine spent on the job. */
  cpuMs: number;
}

/** Runs one job in a fresh child process and returns what it measured. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadResult | undefined;
    child.on('message', (m) => {
      result = m as LoadResult;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code} before reporting`))));
    child.send(job);
  });
}

async function pool(count: number, concurrency: number, task: () => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        await task();
      }
    }),
  );
}

async function run(job: LoadJob): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstError: string | null = null;
  const failed = (err: string) => {
    failures++;
    firstError ??= err;
  };
  let once: () => Promise<void>;
  let close = async () => undefined as void;
  if (job.kind === 'http') {
    const body = JSON.stringify(job.body);
    const headers = { 'content-type': 'application/json', ...job.headers };
    once = async () => {
      const started = performance.now();
      const res = await fetch(job.url, { method: 'POST', headers, body });
      const text = await res.text();
      latenciesMs.push(performance.now() - started);
      if (res.status !== 201) failed(`${res.status}: ${text.slice(0, 200)}`);
    };
  } else {
    const { Client, Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address: job.temporalAddress });
    const client = new Client({ connection });
    close = () => connection.close();
    let n = 0;
    const prefix = `trivial-${process.pid}-${Date.now()}`;
    once = async () => {
      const i = n++;
      const started = performance.now();
      await client.workflow.execute('trivialWorkflow', { taskQueue: job.taskQueue, workflowId: `${prefix}-${i}`, args: [i] }).catch((err: Error) => failed(err.message));
      latenciesMs.push(performance.now() - started);
    };
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(job.count, job.concurrency, () => once().catch((err: Error) => failed(err.message)));
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  await close();
  return { latenciesMs, seconds, failures, firstError, cpuMs: (used.user + used.system) / 1000 };
}

if (process.argv.includes('--child')) {
  process.once('message', (job) => {
    run(job as LoadJob).then(
      (result) => process.send?.(result),
      (err: Error) => {
        process.stderr.write(`load generator failed: ${err.stack ?? err.message}\n`);
        process.exit(1);
      },
    );
  });
}
