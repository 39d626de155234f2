/**
 * Prometheus metrics against the real stack: the API's /metrics (behind its token) after cases are
 * filed over HTTP, and the Temporal SDK's own metrics from the real worker entry point
 * (scripts/worker.ts with TEMPORAL_METRICS_BIND) that ran those cases' workflows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { PROJECT_ROOT } from '../../platform/config';
import { stopChild } from '../../platform/temporalDevServer';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaintBody, TEST_SECRET } from '../helpers/fixtures';
import { eventually, listen, postJson, type TestServer } from '../helpers/http';
import { freePort } from '../helpers/ports';
import { devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';

const TOKEN = 'metrics-scrape-token-for-the-test';
let database: TestDatabase;
let env: TestWorkflowEnvironment;
let server: TestServer;
let worker: ChildProcess;
let letterWorker: ChildProcess;
let sdkMetricsPort: number;
let letterMetricsPort: number;
let taskQueue: string;

/** scripts/worker.ts (with `args`) on this file's task queue, once its health check answers. */
async function startWorkerProcess(args: string[], metricsPort: number): Promise<ChildProcess> {
  const healthPort = await freePort();
  let log = '';
  const child = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/worker.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: database.url, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: taskQueue, WORKER_HEALTH_PORT: String(healthPort), TEMPORAL_METRICS_BIND: `127.0.0.1:${metricsPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  // The case worker bundles the workflow code at start-up.
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`worker ${args.join(' ')} exited: ${log}`);
    return (await fetch(`http://127.0.0.1:${healthPort}/health`).catch(() => undefined))?.ok || undefined;
  }, 170_000, 500);
  return child;
}

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
  taskQueue = uniqueTaskQueue('metrics');
  sdkMetricsPort = await freePort();
  letterMetricsPort = await freePort();
  // The real entry points: the case worker, and the letter worker that sends the acknowledgements.
  [worker, letterWorker] = await Promise.all([startWorkerProcess([], sdkMetricsPort), startWorkerProcess(['--letters'], letterMetricsPort)]);
  server = await listen(createApp({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, metricsToken: TOKEN }));
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (worker) await stopChild(worker);
  if (letterWorker) await stopChild(letterWorker);
  await env?.teardown();
  await database?.drop();
});

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

/** The value of one sample, `name{labels}` exactly as Prometheus' text format prints it. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics (API)', () => {
  it('refuses without the token (401) and with a wrong one (401); answers 404 when no token is configured', async () => {
    expect((await scrape(`${server.url}/metrics`)).status).toBe(401);
    expect((await scrape(`${server.url}/metrics`, { authorization: 'Bearer not-the-token' })).status).toBe(401);
    const open = await listen(createApp({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, metricsToken: '' }));
    try {
      expect((await scrape(`${open.url}/metrics`, { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    } finally {
      await open.close();
    }
  });

  it('exposes HTTP latency, cases per status, terms and the outbox with real values after cases are filed', async () => {
    const first = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    const second = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    expect([first.status, second.status]).toEqual([201, 201]);
    // The workflows send the acknowledgements through the outbox (the suite's SMTP capture).
    await eventually(async () => {
      const [{ count }] = await database.db('letter_outbox').where({ status: 'sent' }).count<{ count: string }[]>('* as count');
      const [{ admissibility }] = await database.db('cases').where({ status: 'admissibility' }).count<{ admissibility: string }[]>('* as admissibility');
      return (Number(count) === 2 && Number(admissibility) === 2) || undefined;
    }, 60_000, 250);
    // One term overdue and one due in three days, on the read model the console reads too.
    await database.db('cases').where({ case_number: first.body.caseNumber }).update({ next_deadline: database.db.raw('current_date - 1') });
    await database.db('cases').where({ case_number: second.body.caseNumber }).update({ next_deadline: database.db.raw('current_date + 3') });

    const { status, text } = await scrape(`${server.url}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(status).toBe(200);
    expect(sample(text, 'klachtflow_cases{status="admissibility"}')).toBe(2);
    expect(sample(text, 'klachtflow_cases{status="received"}')).toBeUndefined();
    expect(sample(text, 'klachtflow_terms{state="overdue"}')).toBe(1);
    expect(sample(text, 'klachtflow_terms{state="due"}')).toBe(1);
    expect(sample(text, 'klachtflow_outbox_letters{status="sent"}')).toBe(2);
    expect(sample(text, 'klachtflow_outbox_letters{status="pending"}')).toBe(0);
    expect(sample(text, 'klachtflow_outbox_letters{status="failed"}')).toBe(0);
    expect(sample(text, 'klachtflow_outbox_lag_seconds')).toBe(0);
    expect(sample(text, 'klachtflow_http_request_duration_seconds_count{method="POST",route="/api/complaints/",status="201"}')).toBe(2);
    expect(sample(text, 'klachtflow_http_request_duration_seconds_count{method="GET",route="/metrics",status="401"}')).toBe(2);
    expect(text).toContain('# TYPE klachtflow_http_request_duration_seconds histogram');
    expect(sample(text, 'klachtflow_metrics_scrape_errors_total')).toBe(0);
  });
});

describe('Temporal SDK metrics in the API scrape', () => {
  it('serves the SDK metrics of TEMPORAL_METRICS_BIND after the app metrics, in one answer', async () => {
    const withSdk = await listen(createApp({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, metricsToken: TOKEN, sdkMetricsUrl: `http://127.0.0.1:${sdkMetricsPort}/metrics` }));
    try {
      const { status, text } = await scrape(`${withSdk.url}/metrics`, { authorization: `Bearer ${TOKEN}` });
      expect(status).toBe(200);
      expect(text).toContain('# TYPE klachtflow_cases gauge');
      expect(text.split('\n').filter((l) => l.startsWith('temporal_worker_task_slots_available') && l.includes(`task_queue="${taskQueue}"`)).length).toBeGreaterThan(0);
      expect(text.indexOf('klachtflow_cases')).toBeLessThan(text.indexOf('temporal_worker_task_slots_available'));
      expect(sample(text, 'klachtflow_metrics_scrape_errors_total')).toBe(0);
    } finally {
      await withSdk.close();
    }
  });

  it('still answers with the app metrics, counting the error, when the SDK endpoint is unreachable', async () => {
    const gone = await freePort();
    const withSdk = await listen(createApp({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, metricsToken: TOKEN, sdkMetricsUrl: `http://127.0.0.1:${gone}/metrics` }));
    try {
      const { status, text } = await scrape(`${withSdk.url}/metrics`, { authorization: `Bearer ${TOKEN}` });
      expect(status).toBe(200);
      expect(text).toContain('# TYPE klachtflow_cases gauge');
      expect(text).not.toContain('temporal_');
      expect(sample(text, 'klachtflow_metrics_scrape_errors_total')).toBe(1);
    } finally {
      await withSdk.close();
    }
  });
});

describe('Temporal SDK metrics (worker)', () => {
  it('the worker exports its task polls, completions and slots on TEMPORAL_METRICS_BIND', async () => {
    const { status, text } = await scrape(`http://127.0.0.1:${sdkMetricsPort}/metrics`);
    expect(status).toBe(200);
    const series = (name: string) => text.split('\n').filter((l) => l.startsWith(name) && l.includes(`task_queue="${taskQueue}"`));
    const total = (name: string) => series(name).reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(total('temporal_workflow_completed_total')).toBe(0); // the cases' workflows run on for months
    expect(total('temporal_workflow_task_execution_latency_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(total('temporal_activity_execution_latency_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(series('temporal_worker_task_slots_available').length).toBeGreaterThan(0);
  });

  it('the letter worker ran the two deliveries on the letter queue, with two activity slots (the default PDF_RENDER_CONCURRENCY)', async () => {
    const { status, text } = await scrape(`http://127.0.0.1:${letterMetricsPort}/metrics`);
    expect(status).toBe(200);
    const lines = text.split('\n');
    const onLetters = (name: string) => lines.filter((l) => l.startsWith(`${name}{`) && l.includes(`task_queue="${taskQueue}-letters"`));
    const value = (l: string) => Number(l.split(' ').at(-1));
    expect(onLetters('temporal_activity_execution_latency_seconds_count').filter((l) => l.includes('activity_type="deliverPendingLetters"')).map(value)).toEqual([2]);
    expect(onLetters('temporal_worker_task_slots_available').filter((l) => l.includes('worker_type="ActivityWorker"')).map(value)).toEqual([2]);
    expect(lines.filter((l) => l.startsWith('temporal_workflow_task_execution_latency_seconds_count{'))).toEqual([]);
  });
});
