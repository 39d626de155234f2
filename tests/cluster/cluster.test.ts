/**
 * `npm run start:cluster` as production runs it: the real Temporal server (four service processes)
 * on PostgreSQL, two workers and two APIs. Cases are filed and withdrawn over HTTP while one worker
 * and one API process are killed with SIGKILL; the supervisor restarts them. Nothing accepted may
 * be lost (every case in PostgreSQL and as a workflow in Temporal), no letter sent twice (the SMTP
 * capture's dev_mailbox), and the cases carry on on the surviving processes.
 * Run with `npm run test:cluster` (not part of `npm test`: it builds and starts a whole cluster).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { PROJECT_ROOT } from '../../platform/config';
import { createDb, type Db } from '../../platform/db';
import { embeddedAdminUrl } from '../../platform/postgres';
import { stopChild } from '../../platform/temporalDevServer';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson } from '../helpers/http';
import { freePort } from '../helpers/ports';

let cluster: ChildProcess;
let output = '';
let dataDir: string;
let db: Db;
let temporal: Client;
let temporalConnection: Connection;
const ports = { api: 0, pg: 0, temporal: 0, mail: 0 };
const api = (i: 1 | 2) => `http://127.0.0.1:${ports.api + i - 1}`;
const figures: Record<string, number | string> = {};
const METRICS_TOKEN = 'cluster-test-metrics-token';

async function scrape(url: string, headers: Record<string, string> = {}): Promise<string[]> {
  const res = await fetch(url, { headers });
  expect(res.status, url).toBe(200);
  return (await res.text()).split('\n');
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-cluster-'));
  fs.chmodSync(dataDir, 0o755);
  ports.api = await freePort();
  ports.pg = await freePort();
  ports.temporal = await freePort();
  ports.mail = await freePort();
  const started = Date.now();
  cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-cluster.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, KLACHTFLOW_DATA_DIR: dataDir, PORT: String(ports.api), EMBEDDED_PG_PORT: String(ports.pg), TEMPORAL_CLUSTER_PORT: String(ports.temporal), TEMPORAL_MEMBERSHIP_PORT: String(20_000 + (ports.temporal % 10_000)), MAIL_CAPTURE_PORT: String(ports.mail), DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_URL: '', KLACHTFLOW_SECRET: '', PUBLIC_BASE_URL: '', PDF_RENDER_CONCURRENCY: '1', METRICS_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cluster.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  cluster.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(async () => {
    if (cluster.exitCode !== null) throw new Error(`start:cluster exited early (${cluster.exitCode}):\n${output}`);
    return output.includes('ready — Ctrl-C stops everything') || undefined;
  }, 600_000, 500);
  figures['cluster start (s)'] = Math.round((Date.now() - started) / 1000);
  figures['of which bundling the workflow code once (s)'] = Number(/workflow code bundled in ([\d.]+) s/.exec(output)?.[1]);
  db = createDb(`${embeddedAdminUrl(ports.pg).replace(/\/postgres$/, '/klachtflow')}`);
  temporalConnection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  temporal = new Client({ connection: temporalConnection, namespace: 'default' });
}, 660_000);

afterAll(async () => {
  console.log(`cluster figures: ${JSON.stringify(figures)}`);
  await temporalConnection?.close();
  await db?.destroy();
  if (cluster && cluster.exitCode === null) await stopChild(cluster, 60_000);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

const pids = (): Record<string, number> => JSON.parse(fs.readFileSync(path.join(dataDir, 'cluster', 'logs', 'processes.json'), 'utf8')) as Record<string, number>;

interface Filed {
  caseNumber: string;
  accessCode: string;
}

async function file(via: 1 | 2, n: number): Promise<Filed> {
  const res = await postJson(`${api(via)}/api/complaints`, sampleComplaintBody(), { 'Idempotency-Key': `cluster-case-${n}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { caseNumber: res.body.caseNumber as string, accessCode: res.body.accessCode as string };
}

async function withdraw(via: 1 | 2, c: Filed): Promise<void> {
  // A workflow that is between workers (one just died) answers once the other picks it up.
  const res = await eventually(async () => {
    const r = await postJson(`${api(via)}/api/complaints/${c.caseNumber}/actions/withdraw`, { reason: 'Opgelost met de school.' }, { 'X-Access-Code': c.accessCode });
    return r.status === 200 ? r : undefined;
  }, 120_000, 1000);
  expect(res.body.status).toBe('withdrawn');
}

describe('npm run start:cluster', () => {
  it('runs every part as its own process on loopback', () => {
    expect(Object.keys(pids()).sort()).toEqual(['api-1', 'api-2', 'letter-worker', 'temporal-frontend', 'temporal-history', 'temporal-matching', 'temporal-worker', 'worker-1', 'worker-2']);
    expect(output).toContain('Temporal schema temporal up to date');
    expect(output).toContain('Temporal schema temporal_visibility up to date');
  });

  it('loses no case and sends no letter twice while a worker and an API are killed with SIGKILL', async () => {
    const filed: Filed[] = [];
    // Before: both APIs take cases.
    for (let i = 0; i < 4; i++) filed.push(await file(i % 2 === 0 ? 1 : 2, i));
    for (const c of filed.slice(0, 2)) await withdraw(1, c);

    const before = pids();
    const killedAt = Date.now();
    process.kill(before['worker-1'], 'SIGKILL');
    process.kill(before['api-1'], 'SIGKILL');
    // During: api-1 refuses connections; api-2 and worker-2 carry on.
    await expect(fetch(`${api(1)}/health`)).rejects.toThrow();
    for (let i = 4; i < 8; i++) filed.push(await file(2, i));
    for (const c of filed.slice(2, 6)) await withdraw(2, c);
    figures['cases filed and withdrawn while worker-1 and api-1 were down'] = `${4} filed, ${4} withdrawn`;

    // After: the supervisor has restarted both, with new pids, and api-1 serves again.
    await eventually(async () => (output.includes('api-1 restarted') && output.includes('worker-1 restarted')) || undefined, 240_000, 500);
    figures['restart of worker-1 and api-1 (s)'] = Math.round((Date.now() - killedAt) / 1000);
    const after = pids();
    expect(after['worker-1']).not.toBe(before['worker-1']);
    expect(after['api-1']).not.toBe(before['api-1']);
    expect(after['worker-2']).toBe(before['worker-2']);
    expect(after['api-2']).toBe(before['api-2']);
    expect(output).toMatch(/worker-1 \(pid \d+\) exited with SIGKILL; restarting/);
    expect(output).toMatch(/api-1 \(pid \d+\) exited with SIGKILL; restarting/);
    for (let i = 8; i < 10; i++) filed.push(await file(1, i));
    for (const c of filed.slice(6)) await withdraw(1, c);

    // Nothing lost: every accepted case is in PostgreSQL and its workflow completed in Temporal.
    const rows = await db('cases').select('case_number', 'status').orderBy('case_number');
    expect(rows).toHaveLength(10);
    expect(rows.map((r: { case_number: string }) => r.case_number)).toEqual(filed.map((c) => c.caseNumber).sort());
    expect(new Set(rows.map((r: { status: string }) => r.status))).toEqual(new Set(['withdrawn']));
    for (const c of filed) {
      const handle = temporal.workflow.getHandle(complaintWorkflowId(c.caseNumber));
      expect(await handle.result()).toBe('withdrawn');
    }
    const read = await getJson(`${api(2)}/api/complaints/${filed[5].caseNumber}`, { 'X-Access-Code': filed[5].accessCode });
    expect(read.body.status).toBe('withdrawn');

    // Nothing sent twice: every outbox e-mail reached the capture exactly once, and nothing is left.
    await eventually(async () => {
      const pending = await db('letter_outbox').whereIn('status', ['pending', 'sending', 'failed']).count<{ count: string }[]>('* as count');
      return Number(pending[0].count) === 0 || undefined;
    }, 120_000, 1000);
    const outbox = (await db('letter_outbox').where({ channel: 'email', status: 'sent' }).select('message_id')) as Array<{ message_id: string }>;
    const mailbox = (await db('dev_mailbox').select('message_id')) as Array<{ message_id: string }>;
    figures['e-mails sent'] = mailbox.length;
    expect(mailbox.length).toBe(outbox.length);
    expect(new Set(mailbox.map((m) => m.message_id)).size).toBe(mailbox.length);
    expect(new Set(mailbox.map((m) => m.message_id))).toEqual(new Set(outbox.map((o) => o.message_id)));
    // The read model's figures on an API's /metrics; the letter worker takes one delivery at a time
    // (PDF_RENDER_CONCURRENCY=1), from the letter queue only.
    const apiMetrics = await scrape(`${api(2)}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(apiMetrics).toContain('klachtflow_cases{status="withdrawn"} 10');
    expect(apiMetrics).toContain(`klachtflow_outbox_letters{status="sent"} ${outbox.length}`);
    expect(apiMetrics).toContain('klachtflow_outbox_letters{status="pending"} 0');
    const letterWorkerPort = ports.api + 22;
    const slots = (await scrape(`http://127.0.0.1:${letterWorkerPort}/metrics`)).filter((l) => l.startsWith('temporal_worker_task_slots_available{'));
    expect(slots.filter((l) => l.includes('worker_type="ActivityWorker"')).map((l) => [/task_queue="([^"]+)"/.exec(l)?.[1], l.split(' ').at(-1)])).toEqual([['klachtflow-letters', '1']]);
    expect(slots.filter((l) => l.includes('worker_type="WorkflowWorker"'))).toEqual([]);

    // Each case: an acknowledgement and a withdrawal confirmation to the complainant, once each.
    const kinds = (await db('letters').join('cases', 'cases.id', 'letters.case_id').select('cases.case_number', 'letters.kind', 'letters.addressee_role')) as Array<{ case_number: string; kind: string; addressee_role: string }>;
    for (const c of filed) {
      const mine = kinds.filter((k) => k.case_number === c.caseNumber && k.addressee_role === 'complainant').map((k) => k.kind).sort();
      expect(mine, c.caseNumber).toEqual(['bevestiging-intrekking', 'ontvangstbevestiging']);
    }
  }, 900_000);

  it('stops every process in order on SIGTERM and exits 0', async () => {
    const all = pids();
    const exit = new Promise<number | null>((resolve) => cluster.once('exit', (code) => resolve(code)));
    cluster.kill('SIGTERM');
    expect(await exit).toBe(0);
    for (const [name, pid] of Object.entries(all)) expect(() => process.kill(pid, 0), name).toThrow();
    const order = [...output.matchAll(/stopping (\S+)/g)].map((m) => m[1]);
    expect(order).toEqual(['api-2', 'api-1', 'letter-worker', 'worker-2', 'worker-1', 'temporal-worker', 'temporal-frontend', 'temporal-matching', 'temporal-history']);
  }, 180_000);
});
