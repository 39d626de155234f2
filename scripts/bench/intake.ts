/**
 * Intake throughput, end to end: complaints filed per second (HTTP POST → case stored → workflow
 * started → acknowledgement letter stored), against the raw rate of starting and completing a
 * trivial one-activity workflow on the same Temporal server in the same run.
 */
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createApiToken } from '../../api/services/staffTokens';
import { createServiceAccount } from '../../api/portal/users';
import { startApi, startLetterWorker, startWorker } from '../../platform/services';
import { startBenchStack } from './stack';
import { percentile, round, runPool } from './stats';

export interface IntakeBenchResult {
  complaints: number;
  concurrency: number;
  complaintsPerSecond: number;
  trivialWorkflowsPerSecond: number;
  ratio: number;
  postLatencyMs: { p50: number; p99: number; max: number };
}

const SAMPLE = {
  complainant: { name: 'Bench Klager', email: 'klager@example.nl', role: 'parent' },
  school: { brin: '12AB', name: 'OBS De Benchmark', sector: 'primary' },
  category: 'pesten',
  description: 'Een klacht voor de meting van de doorvoer van de intake, lang genoeg.',
  occurredOn: '2026-10-01',
  raisedWithSchool: true,
};

export async function benchIntake(opts: { complaints?: number; concurrency?: number; log?: (l: string) => void } = {}): Promise<IntakeBenchResult> {
  const count = opts.complaints ?? 400;
  const concurrency = opts.concurrency ?? 16;
  const log = opts.log ?? (() => undefined);
  const stack = await startBenchStack(log);
  const stops: Array<() => Promise<void>> = [];
  try {
    const { db, temporalAddress } = stack;
    const temporal = { address: temporalAddress };
    const common = { db, temporalAddress: temporal.address, namespace: 'default', taskQueue: 'klachtflow-bench' };
    const worker = await startWorker(common);
    stops.push(worker.stop);
    const letters = await startLetterWorker(common);
    stops.push(letters.stop);
    const api = await startApi({ ...common, secret: 'bench-secret-bench-secret-bench-secret', port: 0, host: '127.0.0.1' });
    stops.push(api.stop);
    const url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}/api/complaints`;

    // Baseline worker: one trivial activity, same server, own task queue.
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    const trivialWorker = await Worker.create({
      connection: nativeConnection,
      taskQueue: 'trivial-bench',
      workflowsPath: require.resolve('./trivialWorkflow'),
      activities: { touch: async (n: number) => n },
    });
    const trivialRun = trivialWorker.run();
    stops.push(async () => {
      trivialWorker.shutdown();
      await trivialRun;
      await nativeConnection.close();
    });
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection });

    // The committee's own bulk filing: a staff token, so the per-client limit of anonymous intake does not apply.
    const token = await createApiToken(db, { staffUserId: (await createServiceAccount(db, { name: 'Benchmark', role: 'secretary' })).id });
    const post = async () => {
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(SAMPLE) });
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      return performance.now() - started;
    };
    const acknowledged = async () => Number((await db('letters').where({ kind: 'ontvangstbevestiging' }).count<{ c: string }[]>('* as c'))[0].c);
    const trivial = async (i: number) => {
      await client.workflow.execute('trivialWorkflow', { taskQueue: 'trivial-bench', workflowId: `trivial-${i}-${Date.now()}`, args: [i] });
    };

    // Warm-up: JIT, connection pools, the workflow cache.
    await runPool(40, concurrency, async () => void (await post()));
    await runPool(40, concurrency, trivial);
    while ((await acknowledged()) < 40) await new Promise((r) => setTimeout(r, 50));

    log(`trivial workflows: ${count} at concurrency ${concurrency}`);
    const t0 = performance.now();
    await runPool(count, concurrency, trivial);
    const trivialSeconds = (performance.now() - t0) / 1000;

    log(`complaints: ${count} at concurrency ${concurrency}`);
    const latencies: number[] = [];
    const t1 = performance.now();
    await runPool(count, concurrency, async () => void latencies.push(await post()));
    while ((await acknowledged()) < 40 + count) await new Promise((r) => setTimeout(r, 20));
    const intakeSeconds = (performance.now() - t1) / 1000;

    latencies.sort((a, b) => a - b);
    const complaintsPerSecond = count / intakeSeconds;
    const trivialWorkflowsPerSecond = count / trivialSeconds;
    return {
      complaints: count,
      concurrency,
      complaintsPerSecond: round(complaintsPerSecond),
      trivialWorkflowsPerSecond: round(trivialWorkflowsPerSecond),
      ratio: round(complaintsPerSecond / trivialWorkflowsPerSecond, 2),
      postLatencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies[latencies.length - 1]) },
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await stack.stop();
  }
}
