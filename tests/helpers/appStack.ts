/**
 * The real stack a test of the API or the pages stands on: a database of its own, a worker on a
 * real Temporal server (the shared dev server, or a time-skipping server of its own), and the app
 * listening on a free port. `stop` takes it down in the reverse order. With `mail`, the app mails
 * through a real SMTP server of the stack's own (the capture, into the test database's dev_mailbox)
 * and trusts X-Forwarded-For from loopback, so a test can speak as several clients.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { startMailCapture, type MailCapture } from '../../platform/mail/captureServer';
import { parseTrustProxy } from '../../platform/trustProxy';
import type { Logger } from '../../platform/log';
import { createTestDatabase, type TestDatabase } from './db';
import { TEST_SECRET } from './fixtures';
import { listen, type TestServer } from './http';
import { freePort } from './ports';
import { createTestWorker, devServerEnvironment, timeSkippingEnvironment, uniqueTaskQueue } from './temporal';

export interface AppStack {
  database: TestDatabase;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  server: TestServer;
  /** The stack's SMTP capture, when started with `mail`. */
  capture?: MailCapture;
  stop(): Promise<void>;
}

/** `logger` receives the app's request lines (the process's logger by default). */
export async function startAppStack(name: string, opts: { timeSkipping?: boolean; logger?: Logger; mail?: boolean } = {}): Promise<AppStack> {
  const database = await createTestDatabase();
  const env = opts.timeSkipping ? await timeSkippingEnvironment() : await devServerEnvironment();
  const taskQueue = uniqueTaskQueue(name);
  // The app and its worker run as the least-privileged role, as in production: every test on this
  // stack also proves the role's grants suffice. Tests set up and inspect through database.db.
  const worker = await createTestWorker(env, database.appDb, taskQueue);
  const running = worker.run();
  const capture = opts.mail ? await startMailCapture({ port: await freePort(), db: database.db, host: '127.0.0.1' }) : undefined;
  const mailing = capture ? { mail: { smtpUrl: capture.url, from: '"Landelijke Klachtencommissie" <secretariaat@lkc.example.nl>' }, trustProxy: parseTrustProxy('loopback') } : {};
  const server = await listen(createApp({ db: database.appDb, temporal: env.client, taskQueue, secret: TEST_SECRET, logger: opts.logger, ...mailing }));
  return {
    database,
    env,
    taskQueue,
    server,
    capture,
    async stop() {
      await server.close();
      worker.shutdown();
      await running;
      await capture?.stop();
      await env.teardown();
      await database.drop();
    },
  };
}
