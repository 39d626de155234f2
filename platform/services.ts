/**
 * The application services on top of the infrastructure: database pool and migrations, the
 * Temporal client for the API, and the worker. Each entry point (start, api, worker) takes the
 * pieces it needs.
 */
import { ensureRetentionScheduleAt } from './retentionSchedule';
import { closePdfRenderer, warmPdfRenderer } from './pdf/pdfRenderer';
import { closeMailTransports } from '../activities/letters/mailer';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createApp } from '../api/app';
import { warmStatisticsCharts } from '../api/web/statistics/sections';
import { amsterdamDate } from '../domain/clock';
import type { TrustProxy } from './trustProxy';
import { startMissingWorkflows } from '../api/services/intake';
import { createDb, migrateToLatest, type Db } from './db';
import { migrateAndProvision, warnIfPrivileged, type DatabaseUrls } from './dbRoles';
import { createLetterWorker, createWorker } from './worker';
import { logger } from './log';

/**
 * Migrates and returns the app's connection pool. Given the owner's and the app's URLs, migrations
 * run as the owner, the app role is provisioned, and the pool logs in as the app role.
 */
export async function openDatabase(urls: string | DatabaseUrls, log: (line: string) => void): Promise<Db> {
  if (typeof urls === 'string') {
    const db = createDb(urls);
    const applied = await migrateToLatest(db);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    return db;
  }
  await migrateAndProvision(urls.ownerUrl, urls.appRole, log);
  const db = createDb(urls.appUrl);
  await warnIfPrivileged(db, log);
  return db;
}

export interface RunningApi {
  server: Server;
  client: Client;
  /** Settles when the statistics charts are warm (start-up work done after listening). */
  chartsWarm: Promise<void>;
  stop(): Promise<void>;
}

export async function startApi(opts: { db: Db; temporalAddress: string; namespace: string; taskQueue: string; secret: string; port: number; host?: string; trustProxy?: TrustProxy }): Promise<RunningApi> {
  // Lazy: the API comes up (and /health says 503) even while Temporal is still unreachable.
  const connection = Connection.lazy({ address: opts.temporalAddress });
  const client = new Client({ connection, namespace: opts.namespace });
  // /health gets a connection without the client's retries: a probe must answer, not keep trying
  // (and keep calling after shutdown) while Temporal is down.
  const healthConnection = Connection.lazy({ address: opts.temporalAddress, interceptors: [] });
  const temporalProbe = () => healthConnection.withDeadline(Date.now() + 2000, () => healthConnection.workflowService.getSystemInfo({}));
  const app = createApp({ db: opts.db, temporal: client, taskQueue: opts.taskQueue, secret: opts.secret, temporalProbe, trustProxy: opts.trustProxy });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve(s)).once('error', reject);
  });
  // An idle connection must outlive the proxy's (nginx and most load balancers keep 60 s): if the
  // API closed first, a request the proxy sends on that socket at the same moment is lost as a 502.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // After listening, so readiness does not wait: the statistics page's first render is then warm.
  const chartsWarm = warmStatisticsCharts(amsterdamDate(new Date())).catch((err: unknown) => logger().warn({ err }, 'statistics charts not warmed: the first page draws them'));
  // Starts workflows whose start was lost between commit and start (a crash, Temporal down).
  const reconciler = setInterval(() => {
    startMissingWorkflows({ db: opts.db, temporal: client, taskQueue: opts.taskQueue }).catch(() => undefined);
  }, 15_000);
  reconciler.unref();
  return {
    server,
    client,
    chartsWarm,
    stop: async () => {
      clearInterval(reconciler);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
      await healthConnection.close();
    },
  };
}

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

type WorkerOpts = { db: Db; temporalAddress: string; namespace: string; taskQueue: string; maxCachedWorkflows?: number; workflowBundlePath?: string };

/** The case worker: every workflow and activity on `taskQueue`. */
export async function startWorker(opts: WorkerOpts): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    db: opts.db,
    workflowBundle: opts.workflowBundlePath ? { codePath: opts.workflowBundlePath } : undefined,
    options: opts.maxCachedWorkflows ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {},
  });
  const running = run(worker, connection);
  // The daily retention run (issue 17): a Temporal Schedule, created or brought up to date at every start.
  await ensureRetentionScheduleAt(opts.temporalAddress, opts.namespace, opts.taskQueue);
  return running;
}

/** The letter worker: letter delivery on the letter queue beside `taskQueue` (platform/worker.ts). */
export async function startLetterWorker(opts: Omit<WorkerOpts, 'maxCachedWorkflows'>): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await createLetterWorker({ connection, namespace: opts.namespace, taskQueue: opts.taskQueue, db: opts.db });
  // Chromium and its page pool up before the first delivery; a failure here is retried by that delivery.
  await warmPdfRenderer().catch((err: unknown) => logger().warn({ err }, 'PDF renderer not warmed: the first letter starts it'));
  return run(worker, connection);
}

function run(worker: Worker, connection: NativeConnection): RunningWorker {
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      // The activities' Chromium (letter PDFs) is a child of this process: close it with the worker.
      await closePdfRenderer();
      // And the letters' pooled SMTP connections.
      closeMailTransports();
    },
  };
}
