/**
 * `npm start`: the whole system on one machine. Starts embedded PostgreSQL and the Temporal dev
 * server (unless DATABASE_URL / TEMPORAL_ADDRESS name others), migrates, runs the worker and the
 * API, the letter worker as a child process, and stops all of it cleanly on Ctrl-C or SIGTERM. Data stays under .data/ across restarts.
 * A missing prerequisite (a port taken, python3, disk space) ends in one sentence and exit code 1;
 * what an earlier start killed outright left running is stopped first.
 */
import { ConfigError, loadConfig, type Config, type MailConfig } from '../platform/config';
import { databaseUrls } from '../platform/dbRoles';
import { startInfrastructure, stopOwnOrphans } from '../platform/infrastructure';
import { claimDataDir, watchLaunchers } from '../platform/instance';
import { startMailCapture } from '../platform/mail/captureServer';
import { redactSmtpUrl } from '../platform/mail/config';
import { logger } from '../platform/log';
import { installTemporalRuntime } from '../platform/metrics/temporalRuntime';
import { checkDiskSpace, checkPortsFree, isNoSpace, portTakenMessage, type PortUse } from '../platform/preflight';
import { loadOrCreateSecret } from '../platform/secret';
import { openDatabase, startApi, startWorker } from '../platform/services';
import { startLetterWorkerProcess } from '../platform/letterWorkerProcess';
import { letterTaskQueue } from '../contracts/letterDelivery';
import { seedRegisterIfEmpty } from '../platform/register/store';
import { noSpaceMessage, StartupError } from '../platform/startupError';

// The start's own narrative (what runs where, "ready") stays plain lines for the person at the
// terminal (and the tests that wait for "ready"); the services log through pino (platform/log.ts).
const log = (line: string) => console.log(`[klachtflow] ${line}`);

/** The settings, or one sentence per bad variable and exit code 1. */
function settings(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) console.error(`[klachtflow] ${problem}`);
    process.exit(1);
  }
}

/** Every port this start will listen on, with the setting that moves it. */
function portUses(config: Config, mail: MailConfig): PortUse[] {
  const uses: PortUse[] = [{ port: config.port, what: 'the API', env: 'PORT', host: '0.0.0.0' }];
  if (!config.databaseUrl) uses.push({ port: config.embeddedPostgresPort, what: 'PostgreSQL', env: 'EMBEDDED_PG_PORT' });
  if (!config.temporalAddress) {
    uses.push({ port: config.temporalDevPort, what: 'the Temporal dev server', env: 'TEMPORAL_DEV_PORT' });
    uses.push({ port: config.temporalUiPort, what: 'the Temporal UI', env: 'TEMPORAL_UI_PORT' });
  }
  if (mail.capture) uses.push({ port: mail.capturePort, what: 'the local SMTP capture', env: 'MAIL_CAPTURE_PORT' });
  return uses;
}

/** The one sentence for a failure a person can fix, or undefined for a bug (then the stack helps). */
function explain(err: unknown, config: Config, uses: PortUse[]): string | undefined {
  if (err instanceof StartupError) return err.message;
  if (isNoSpace(err)) return noSpaceMessage(config.dataDir);
  const e = err as NodeJS.ErrnoException & { port?: number };
  const use = e?.code === 'EADDRINUSE' ? uses.find((u) => u.port === e.port) : undefined;
  return use && portTakenMessage(use.port, use.what, use.env);
}

async function main(): Promise<void> {
  // A launcher killed under us closes our stdout: keep going, to stop cleanly.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    if (exitCode === 0) log(`${reason}: stopping`);
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
    if (exitCode === 0) log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  const config = settings();
  const mail = config.mail;
  // Before anything creates the Temporal runtime (a dev server fallback, the worker's connection).
  // With TEMPORAL_METRICS_BIND, the SDK's metrics (the in-process worker's) are served there and with /metrics.
  installTemporalRuntime({ logger: logger(), level: config.log.level, metricsBind: config.temporalMetricsBind });
  const uses = portUses(config, mail);
  try {
    checkDiskSpace(config.dataDir);
    const release = await claimDataDir(config.dataDir);
    stops.push(async () => release());
    watchLaunchers((pid) => void shutdown(`the process that started klachtflow (pid ${pid}) is gone`));
    await stopOwnOrphans(config, log);
    await checkPortsFree(uses);
    const secret = loadOrCreateSecret(config.dataDir, config.secret);
    const infra = await startInfrastructure(config, log);
    stops.push(infra.stop);

    // Migrations as the owner; the worker and API as the least-privileged app role.
    const urls = databaseUrls({ databaseUrl: config.databaseUrl, databaseAdminUrl: config.databaseAdminUrl, embeddedOwnerUrl: infra.databaseUrl });
    const db = await openDatabase(urls, log);
    stops.push(() => db.destroy());
    // The embedded database of a first run gets the sample register (fictional schools), so intake
    // finds a school; a database named by DATABASE_URL is left for the real register.
    if (!config.databaseUrl) await seedRegisterIfEmpty(db, log);
    // --- mail (letters): without SMTP_URL, a local SMTP capture stores mail in dev_mailbox; the
    // worker's letter activities read the same config, so they send to it.
    if (mail.capture) {
      const capture = await startMailCapture({ port: mail.capturePort, db });
      stops.push(capture.stop);
      log(`Mail       ${capture.url} (local capture: nothing leaves this machine; set SMTP_URL for a real relay)`);
    } else {
      log(`Mail       ${redactSmtpUrl(mail.smtpUrl)}`);
    }
    // --- end mail
    const common = { db, temporalAddress: infra.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue, maxCachedWorkflows: config.workerMaxCachedWorkflows };
    const worker = await startWorker(common);
    stops.push(worker.stop);
    // Letters print and send in a process of their own, on their own task queue.
    // TEMPORAL_METRICS_BIND is this process's port, not the child's.
    const { TEMPORAL_METRICS_BIND: _own, ...env } = process.env;
    const letterWorker = await startLetterWorkerProcess({ env: { ...env, DATABASE_URL: urls.appUrl, TEMPORAL_ADDRESS: infra.temporalAddress } });
    stops.push(letterWorker.stop);
    log(`Letters    worker pid ${letterWorker.child.pid}, task queue ${letterTaskQueue(config.temporalTaskQueue)} (${config.pdf.renderConcurrency} at a time: PDF_RENDER_CONCURRENCY)`);
    const api = await startApi({ ...common, secret, port: config.port, trustProxy: config.trustProxy });
    stops.push(api.stop);
    log(`API        http://localhost:${config.port}  (health: /health, intake: POST /api/complaints)`);
    if (infra.temporalUiUrl) log(`Temporal UI ${infra.temporalUiUrl}`);
    log(`Temporal   ${infra.temporalAddress} (namespace ${config.temporalNamespace}, task queue ${config.temporalTaskQueue})`);
    log('ready — Ctrl-C stops everything');
  } catch (err) {
    const sentence = explain(err, config, uses);
    if (sentence) console.error(`[klachtflow] ${sentence}`);
    else logger().fatal({ err }, 'start failed');
    await shutdown('error', 1);
  }
}

void main();
