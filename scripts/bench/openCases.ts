/**
 * 100,000 open cases for real. Seeds them with the resumable seeding command's code
 * (scripts/seed/openCases.ts: the read model in bulk, each case's own complaint workflow started
 * directly in its admissibility phase, a few hundred through the real intake) against a throw-away
 * stack: embedded PostgreSQL, the Temporal dev server with its history in a SQLite file (WAL), and
 * the case worker in a process of its own (scripts/worker.ts, as `npm start` and the worker
 * container run it), so its resident memory is the worker's alone. Every case waits in the
 * admissibility phase with its service-norm timer; no letter worker runs, so the intake cases'
 * acknowledgement deliveries wait in the letter queue (README: "100,000 open cases").
 *
 * Samples at 1,000 cases and every BENCH_OPEN_CASES_STEP (10,000): the RSS of the worker process,
 * of the Temporal server and of PostgreSQL (all its processes: RSS summed, and PSS, which counts
 * the shared buffers once), and the time to seed so far. At the end: a query and an action on the
 * first case (evicted from the worker's cache long ago), and the console's case list and dashboard
 * over the whole read model (consoleList.ts's measurement).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { writeWorkflowBundle } from '../../platform/worker';
import type { Knex } from 'knex';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { caseStateQuery } from '../../contracts/messages';
import { runCaseAction } from '../../api/services/caseActions';
import { seedRegisterIfEmpty } from '../../platform/register/store';
import { stopChild } from '../../platform/temporalDevServer';
import { seedOpenCases, SEED_CHANNEL, workflowTaskBacklog } from '../seed/openCases';
import { measureConsoleList } from './consoleList';
import { startBenchStack } from './stack';
import { postgresPids, procKiB } from './procfs';
import { round } from './stats';

export interface OpenCasesSample {
  openCases: number;
  /** Seconds since the seed began, waiting for every case to be acknowledged included. */
  seedSeconds: number;
  workerRssMiB: number;
  temporalRssMiB: number;
  postgresRssMiB: number;
  postgresPssMiB: number;
}

export interface OpenCasesBenchResult {
  openCases: number;
  intakeCases: number;
  cacheSize: number;
  concurrency: number;
  /** Started cases awaiting their first steps at most (the seed's window). */
  window: number;
  mallocArenaMax: string | null;
  samples: OpenCasesSample[];
  casesPerSecond: number;
  evictedCase: { caseNumber: string; queryMs: number; status: string; actionMs: number; statusAfterAction: string };
  consoleList: Awaited<ReturnType<typeof measureConsoleList>>;
  /** The load average when the run ended (the machine may be shared). */
  loadAverage: number[];
}

const TASK_QUEUE = 'open-cases';

function mib(kib: number): number {
  return round(kib / 1024, 1);
}

/** The case worker as its own process (scripts/worker.ts), ready once it polls. */
async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = fork(path.resolve(__dirname, '..', 'worker.ts'), [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the worker exited while starting (${code})`)));
    child.once('message', () => resolve());
  });
  return child;
}

const count = async (q: Knex.QueryBuilder): Promise<number> => Number((await q.count<{ c: string }[]>('* as c'))[0].c);

export async function benchOpenCases(opts: { cases?: number; step?: number; concurrency?: number; intake?: number; cacheSize?: number; log?: (l: string) => void; onSample?: (samples: OpenCasesSample[]) => void } = {}): Promise<OpenCasesBenchResult> {
  const total = opts.cases ?? Number(process.env.BENCH_OPEN_CASES ?? 100_000);
  const step = opts.step ?? Number(process.env.BENCH_OPEN_CASES_STEP ?? 10_000);
  const concurrency = opts.concurrency ?? Number(process.env.BENCH_OPEN_CASES_CONCURRENCY ?? 16);
  const window = Number(process.env.BENCH_OPEN_CASES_WINDOW ?? 20);
  const intake = Math.min(opts.intake ?? 300, total);
  const cacheSize = opts.cacheSize ?? Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 1000);
  const log = opts.log ?? (() => undefined);
  const stack = await startBenchStack(log, { temporalDbFile: true });
  try {
    await seedRegisterIfEmpty(stack.db, log);
    // The workflow code bundled here, as \`npm run start:cluster\` and the worker image do: a worker
    // that bundles it itself keeps webpack's high-water mark in its resident memory.
    const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-bundle-'));
    stack.onStop(async () => fs.rmSync(bundleDir, { recursive: true, force: true }));
    const workflowBundlePath = path.join(bundleDir, 'workflow-bundle.js');
    await writeWorkflowBundle(workflowBundlePath, log);
    const worker = await startWorkerProcess({
      ...process.env,
      WORKFLOW_BUNDLE_PATH: workflowBundlePath,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      WORKER_MAX_CACHED_WORKFLOWS: String(cacheSize),
      LOG_LEVEL: 'warn',
    });
    stack.onStop(() => stopChild(worker, 20_000));
    const workerPid = worker.pid!;
    log(`worker pid ${workerPid}, cache ${cacheSize} workflows`);
    const connection = await Connection.connect({ address: stack.temporalAddress });
    stack.onStop(() => connection.close());
    const temporal = new Client({ connection });
    const deps = { db: stack.db, temporal, taskQueue: TASK_QUEUE, secret: 'bench-secret-bench-secret-bench-secret' };

    // Every case in the admissibility phase (the intake cases once their acknowledgement ran; the
    // bulk ones from the start), and no first workflow task left waiting for the worker.
    const acknowledged = async () => ((await workflowTaskBacklog(temporal, TASK_QUEUE)) > 0 ? 0 : count(stack.db('cases').where({ status: 'admissibility' })));
    const t0 = performance.now();
    let paused = 0;
    /** The time to seed `open` cases counts until every one is acknowledged, without the sampling pauses. */
    const sample = async (open: number): Promise<OpenCasesSample> => {
      for (let polls = 1; (await acknowledged()) < open; polls++) {
        await new Promise((r) => setTimeout(r, 500));
        if (polls % 60 === 0) log(`waiting: ${await acknowledged()} of ${open} cases acknowledged`);
      }
      const p0 = performance.now();
      const seedSeconds = (p0 - t0 - paused) / 1000;
      // Resting open cases: a moment for the last workflow tasks after the last acknowledgement.
      await new Promise((r) => setTimeout(r, 3000));
      const pg = postgresPids(stack.postgresDataDir);
      const s: OpenCasesSample = {
        openCases: open,
        seedSeconds: round(seedSeconds),
        workerRssMiB: mib(procKiB(workerPid, 'status', 'VmRSS')),
        temporalRssMiB: stack.temporalPid ? mib(procKiB(stack.temporalPid, 'status', 'VmRSS')) : 0,
        postgresRssMiB: mib(pg.reduce((a, pid) => a + procKiB(pid, 'status', 'VmRSS'), 0)),
        postgresPssMiB: mib(pg.reduce((a, pid) => a + procKiB(pid, 'smaps_rollup', 'Pss'), 0)),
      };
      paused += performance.now() - p0;
      log(`${open} open cases after ${s.seedSeconds} s: worker ${s.workerRssMiB} MiB, Temporal ${s.temporalRssMiB} MiB, PostgreSQL ${s.postgresRssMiB} MiB RSS (${s.postgresPssMiB} MiB PSS)`);
      return s;
    };

    const targets = [...new Set([Math.min(1000, total), ...Array.from({ length: Math.floor(total / step) }, (_, i) => (i + 1) * step), total])].filter((t) => t >= intake).sort((a, b) => a - b);
    // The worker at rest before the first case: its bundle, isolate and connections.
    const samples: OpenCasesSample[] = [await sample(0)];
    for (const target of targets) {
      await seedOpenCases(deps, { cases: target, concurrency, intake, window, log: (l) => log(`seed: ${l}`) });
      samples.push(await sample(target));
      opts.onSample?.(samples);
    }
    const seededSeconds = samples[samples.length - 1].seedSeconds;

    // The first bulk-seeded case: ~all others were started after it, so the worker evicted it long ago.
    const first = await stack.db('case_events as e').join('cases as c', 'c.id', 'e.case_id').where('e.type', 'complaint.received').whereRaw("e.data->>'channel' = ?", [SEED_CHANNEL]).orderBy('c.id').first<{ case_number: string }>('c.case_number');
    const caseNumber = first!.case_number;
    const q0 = performance.now();
    const view = await temporal.workflow.getHandle(complaintWorkflowId(caseNumber)).query(caseStateQuery);
    const queryMs = round(performance.now() - q0);
    const a0 = performance.now();
    await runCaseAction(temporal, caseNumber, 'requestCompletion', { missing: ['De datum van het voorval'] }, { userId: '1', role: 'secretary' });
    const actionMs = round(performance.now() - a0);
    const after = await temporal.workflow.getHandle(complaintWorkflowId(caseNumber)).query(caseStateQuery);
    log(`evicted case ${caseNumber}: query ${queryMs} ms (${view.status}), action requestCompletion ${actionMs} ms (now ${after.status})`);

    await stack.db.raw('ANALYZE cases');
    const consoleList = await measureConsoleList(stack.db, 50);
    log(`console list over ${total} cases: worst filter p99 ${consoleList.worstPageP99Ms} ms, dashboard p50 ${consoleList.dashboardP50Ms} ms`);
    return {
      openCases: total,
      intakeCases: intake,
      cacheSize,
      concurrency,
      window,
      mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
      samples,
      casesPerSecond: round(total / seededSeconds),
      evictedCase: { caseNumber, queryMs, status: view.status, actionMs, statusAfterAction: after.status },
      consoleList,
      loadAverage: os.loadavg().map((l) => round(l, 2)),
    };
  } finally {
    await stack.stop();
  }
}

// `npx tsx scripts/bench/openCases.ts`: this benchmark alone; the figures also go to bench-results/open-cases.json.
if (require.main === module) {
  const outDir = path.resolve(__dirname, '..', '..', 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const write = (r: unknown) => fs.writeFileSync(path.join(outDir, 'open-cases.json'), `${JSON.stringify(r, null, 2)}\n`);
  // Each sample as it comes, so that a run stopped early still leaves its curve.
  const onSample = (samples: OpenCasesSample[]) => write({ complete: false, samples });
  benchOpenCases({ log: (l) => console.error(`[bench] ${new Date().toISOString().slice(11, 19)} ${l}`), onSample }).then((r) => {
    console.table(r.samples);
    write(r);
    const { samples: _s, consoleList: _c, ...figures } = r;
    console.log(JSON.stringify(figures));
  }).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
