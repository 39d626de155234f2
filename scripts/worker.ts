/**
 * Production entry point of the worker service: needs DATABASE_URL and TEMPORAL_ADDRESS. Serves
 * GET /health on WORKER_HEALTH_PORT for the container healthcheck: 200 while the worker runs.
 * `--letters` runs the letter worker instead (letter delivery only, on the letter queue beside
 * TEMPORAL_TASK_QUEUE, as many at once as PDF_RENDER_CONCURRENCY).
 */
import http from 'node:http';
import { loadConfig } from '../platform/config';
import { createDb } from '../platform/db';
import { warnIfPrivileged } from '../platform/dbRoles';
import { logger } from '../platform/log';
import { startLetterWorker, startWorker } from '../platform/services';
import { letterTaskQueue } from '../contracts/letterDelivery';
import { installTemporalRuntime } from '../platform/metrics/temporalRuntime';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    console.error('worker: DATABASE_URL and TEMPORAL_ADDRESS are required');
    process.exit(2);
  }
  const letters = process.argv.includes('--letters');
  const log = logger().child({ service: letters ? 'letter-worker' : 'worker' });
  // Before the first connection: the SDK's runtime (its logger and metrics exporter) is set up once.
  installTemporalRuntime({ logger: log, level: config.log.level, metricsBind: config.temporalMetricsBind });
  const db = createDb(config.databaseUrl);
  await warnIfPrivileged(db, (line) => log.warn(line));
  const common = { db, temporalAddress: config.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue };
  const running = letters ? await startLetterWorker(common) : await startWorker({ ...common, maxCachedWorkflows: config.workerMaxCachedWorkflows, workflowBundlePath: config.workflowBundlePath });
  const taskQueue = letters ? letterTaskQueue(config.temporalTaskQueue) : config.temporalTaskQueue;
  const health = config.workerHealthPort
    ? http
        .createServer((req, res) => {
          const state = running.worker.getState();
          res.writeHead(req.url === '/health' && state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ worker: state }));
        })
        .listen(config.workerHealthPort)
    : undefined;
  log.info({ taskQueue }, `${letters ? 'letter worker' : 'worker'} polling task queue ${taskQueue}`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      health?.close();
      await running.stop();
      await db.destroy();
      process.exit(0);
    })());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // Started by `npm start` (platform/letterWorkerProcess.ts): say so, and stop with the parent.
  if (process.send) {
    process.on('disconnect', () => void stop());
    if (process.connected) process.send({ ready: taskQueue });
    else void stop();
  }
}

main().catch((err) => {
  console.error(`worker failed to start: ${(err as Error).message}`);
  process.exit(1);
});
