/** Builds the Temporal worker that runs klachtflow's workflows and activities. */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';
import { createLetterActivities } from '../activities/letters';
import { LETTER_ACTIVITIES, letterTaskQueue } from '../contracts/letterDelivery';
import { currentConfig } from './config';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Knex;
  /** A prebuilt workflow bundle (tests build it once); otherwise the worker bundles workflows/. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  now?: () => Date;
  /** Extra worker options (benchmarks size the workflow cache). */
  options?: Partial<WorkerOptions>;
}

/** The workflows' entry file: TypeScript source in development, compiled JavaScript in dist/. */
export function workflowsEntry(): string {
  const dir = path.resolve(__dirname, '..', 'workflows');
  const source = path.join(dir, 'index.ts');
  return fs.existsSync(source) ? source : path.join(dir, 'index.js');
}

/**
 * The pure domain modules the workflows use, loaded once per worker and shared by every workflow
 * in it. Without this, the SDK's reusable V8 context evaluates each bundled module anew for each
 * workflow (to keep module state apart), so every cached case carried its own copy of the policy
 * tables, the holiday data, the letter registry and the calendar's caches. domain/ is pure and
 * deterministic by rule (no clock, no randomness, no per-case state): its only module state is
 * memo caches of pure functions, which may be shared. The SDK deep-freezes these modules' exports.
 */
export const SHARED_WORKFLOW_MODULES: readonly string[] = [
  'calendar',
  'caseNumber',
  'caseStatus',
  'clock',
  'compliance',
  'hearing',
  'intake',
  'letterKinds',
  'policy',
  'reportingDuty',
  'termLedger',
].map((name) => path.resolve(__dirname, '..', 'domain', name));

/** Bundler options for the workflow code: the same for the worker, the tests' bundle and replay. */
export const WORKFLOW_BUNDLER_OPTIONS = { preloadModules: [...SHARED_WORKFLOW_MODULES] };

/**
 * Bundles the workflow code once into `file`, for workers started with WORKFLOW_BUNDLE_PATH:
 * bundling is the slowest part of a worker's start, and a worker that bundles itself keeps
 * webpack's high-water mark in its resident memory. Only the bundler's warnings and errors reach `log`.
 */
export async function writeWorkflowBundle(file: string, log: (line: string) => void): Promise<void> {
  const quiet = () => undefined;
  const logger = { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: (m: string) => log(`bundler: ${m}`), error: (m: string) => log(`bundler: ${m}`) };
  fs.writeFileSync(file, (await bundleWorkflowCode({ workflowsPath: workflowsEntry(), ...WORKFLOW_BUNDLER_OPTIONS, logger })).code);
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: createActivities({ db: deps.db, now: deps.now }),
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: workflowsEntry(), bundlerOptions: WORKFLOW_BUNDLER_OPTIONS }),
    // Shut down within a bounded time on Ctrl-C; running activities get this long to finish.
    shutdownGraceTime: '10 seconds',
    ...deps.options,
  });
}

/**
 * The letter worker: only the letter activities (no workflows), on the letter queue beside
 * `taskQueue`, taking at most as many deliveries at once as Chromium prints at once
 * (PDF_RENDER_CONCURRENCY). Deliveries beyond that wait in Temporal's queue, durably and without
 * holding a slot anywhere; a killed letter worker loses none (the heartbeat timeout hands a
 * running one to the next poller).
 */
export async function createLetterWorker(deps: Omit<WorkerDeps, 'workflowBundle'> & { concurrency?: number }): Promise<Worker> {
  const all = createLetterActivities({ db: deps.db, now: deps.now });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: letterTaskQueue(deps.taskQueue),
    activities: Object.fromEntries(LETTER_ACTIVITIES.map((name) => [name, all[name]])),
    maxConcurrentActivityTaskExecutions: deps.concurrency ?? currentConfig().pdf.renderConcurrency,
    shutdownGraceTime: '10 seconds',
    ...deps.options,
  });
}
