/**
 * `npm start`: the whole system on one machine. Starts embedded PostgreSQL and the Temporal dev
 * server (unless DATABASE_URL / TEMPORAL_ADDRESS name others), migrates, runs the worker and the
 * API, and stops all of it cleanly on Ctrl-C or SIGTERM. Data stays under .data/ across restarts.
 */
import { loadConfig } from '../platform/config';
import { databaseUrls } from '../platform/dbRoles';
import { startInfrastructure } from '../platform/infrastructure';
import { startMailCapture } from '../platform/mail/captureServer';
import { loadMailConfig, redactSmtpUrl } from '../platform/mail/config';
import { loadOrCreateSecret } from '../platform/secret';
import { openDatabase, startApi, startWorker } from '../platform/services';

const log = (line: string) => console.log(`[klachtflow] ${line}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const secret = loadOrCreateSecret(config.dataDir, config.secret);
  const infra = await startInfrastructure(config, log);
  const stops: Array<() => Promise<void>> = [infra.stop];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  try {
    // Migrations as the owner; the worker and API as the least-privileged app role.
    const db = await openDatabase(databaseUrls({ databaseUrl: config.databaseUrl, databaseAdminUrl: config.databaseAdminUrl, embeddedOwnerUrl: infra.databaseUrl }), log);
    stops.push(() => db.destroy());
    // --- mail (letters): without SMTP_URL, a local SMTP capture stores mail in dev_mailbox; the
    // worker's letter activities read the same config, so they send to it.
    const mail = loadMailConfig();
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
    const api = await startApi({ ...common, secret, port: config.port, trustProxy: config.trustProxy });
    stops.push(api.stop);
    log(`API        http://localhost:${config.port}  (health: /health, intake: POST /api/complaints)`);
    if (infra.temporalUiUrl) log(`Temporal UI ${infra.temporalUiUrl}`);
    log(`Temporal   ${infra.temporalAddress} (namespace ${config.temporalNamespace}, task queue ${config.temporalTaskQueue})`);
    log('ready — Ctrl-C stops everything');
  } catch (err) {
    log(`start failed: ${(err as Error).stack ?? String(err)}`);
    await shutdown('error');
    process.exitCode = 1;
  }
}

void main();
