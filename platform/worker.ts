/** Builds the Temporal worker that runs klachtflow's workflows and activities. */
import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createActivities } from '../activities';

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

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: createActivities({ db: deps.db, now: deps.now }),
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: workflowsEntry() }),
    // Shut down within a bounded time on Ctrl-C; running activities get this long to finish.
    shutdownGraceTime: '10 seconds',
    ...deps.options,
  });
}
