/**
 * The real stack a test of the API or the pages stands on: a database of its own, a worker on a
 * real Temporal server (the shared dev server, or a time-skipping server of its own), and the app
 * listening on a free port. `stop` takes it down in the reverse order.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import type { Logger } from '../../platform/log';
import { createTestDatabase, type TestDatabase } from './db';
import { TEST_SECRET } from './fixtures';
import { listen, type TestServer } from './http';
import { createTestWorker, devServerEnvironment, timeSkippingEnvironment, uniqueTaskQueue } from './temporal';

export interface AppStack {
  database: TestDatabase;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  server: TestServer;
  stop(): Promise<void>;
}

/** `logger` receives the app's request lines (the process's logger by default). */
export async function startAppStack(name: string, opts: { timeSkipping?: boolean; logger?: Logger } = {}): Promise<AppStack> {
  const database = await createTestDatabase();
  const env = opts.timeSkipping ? await timeSkippingEnvironment() : await devServerEnvironment();
  const taskQueue = uniqueTaskQueue(name);
  // The app and its worker run as the least-privileged role, as in production: every test on this
  // stack also proves the role's grants suffice. Tests set up and inspect through database.db.
  const worker = await createTestWorker(env, database.appDb, taskQueue);
  const running = worker.run();
  const server = await listen(createApp({ db: database.appDb, temporal: env.client, taskQueue, secret: TEST_SECRET, logger: opts.logger }));
  return {
    database,
    env,
    taskQueue,
    server,
    async stop() {
      await server.close();
      worker.shutdown();
      await running;
      await env.teardown();
      await database.drop();
    },
  };
}
