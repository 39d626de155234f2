/**
 * `npm run start:cluster`: the production topology on one machine. PostgreSQL (embedded, or
 * DATABASE_URL's server), the real Temporal server with PostgreSQL persistence and visibility as
 * four service processes, two klachtflow workers, one letter worker and two API processes, each a separate process on
 * loopback, kept running by a supervisor. Ctrl-C / SIGTERM stops them in reverse order; a part that
 * fails to start stops everything with exit code 1.
 */
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../platform/config';
import { APP_DATABASE } from '../platform/infrastructure';
import { ensureDatabase, withDatabase } from '../platform/db';
import { startEmbeddedPostgres } from '../platform/postgres';
import { startMailCapture } from '../platform/mail/captureServer';
import { redactSmtpUrl } from '../platform/mail/config';
import { loadOrCreateSecret } from '../platform/secret';
import { writeWorkflowBundle } from '../platform/worker';
import { openDatabase } from '../platform/services';
import { appProcesses, clusterLayout, type SHARED_APP_VARIABLES } from '../platform/cluster/layout';
import { Supervisor } from '../platform/cluster/supervisor';
import { ensureNamespace, provisionTemporalServer, setupTemporalSchemas, temporalDbFromUrl, temporalServiceSpec, TEMPORAL_SERVICES } from '../platform/cluster/temporalServer';

const log = (line: string) => console.log(`[cluster] ${line}`);
// `node --import tsx` rather than the tsx CLI: the CLI runs the script in a child process of its
// own, which would outlive a SIGKILL of the pid the supervisor knows.
const NODE_TSX = [process.execPath, '--import', 'tsx'] as const;

async function httpOk(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const layout = clusterLayout(config);
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
    log('stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGHUP', () => void shutdown('SIGHUP', 0));

  try {
    const binaries = provisionTemporalServer(log);
    const secret = loadOrCreateSecret(config.dataDir, config.secret);

    // --- PostgreSQL: one server for the app's database and Temporal's two.
    let databaseUrl = config.databaseUrl;
    let temporalAdminUrl = config.cluster.temporalDbUrl ?? config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: layout.postgresDir, port: config.embeddedPostgresPort, log: (l) => /ERROR|FATAL|PANIC/.test(l) && log(`postgres: ${l}`) });
      stops.push(pg.stop);
      await ensureDatabase(pg.adminUrl, APP_DATABASE);
      databaseUrl = withDatabase(pg.adminUrl, APP_DATABASE);
      temporalAdminUrl = pg.adminUrl;
      log(`PostgreSQL (embedded) on 127.0.0.1:${config.embeddedPostgresPort}, data in ${layout.postgresDir}`);
    }
    await setupTemporalSchemas({ ...binaries, adminUrl: temporalAdminUrl!, log });

    const db = await openDatabase(databaseUrl, log);
    stops.push(() => db.destroy());
    const mail = config.mail;
    if (mail.capture) {
      const capture = await startMailCapture({ port: mail.capturePort, db });
      stops.push(capture.stop);
      log(`Mail       ${capture.url} (local capture into dev_mailbox)`);
    } else {
      log(`Mail       ${redactSmtpUrl(mail.smtpUrl)}`);
    }

    // --- Temporal: four services, then the namespace and its search attributes.
    const supervisor = new Supervisor(layout.logDir, log);
    stops.push(() => supervisor.stopAll());
    const temporalDb = temporalDbFromUrl(temporalAdminUrl!);
    for (const service of TEMPORAL_SERVICES) {
      await supervisor.start(temporalServiceSpec(service, binaries.server, temporalDb, layout.temporal));
      log(`Temporal ${service} up (metrics http://127.0.0.1:${layout.temporal.metrics[service]}/metrics)`);
    }
    await ensureNamespace(layout.temporalAddress, config.temporalNamespace, layout.retentionDays);
    log(`Temporal   ${layout.temporalAddress} (namespace ${config.temporalNamespace}, task queue ${config.temporalTaskQueue})`);

    // --- klachtflow: workers first (they poll), then the APIs (they accept work). The API refuses
    // to start without PUBLIC_BASE_URL (school links): on this machine it is the first API.
    const publicBaseUrl = config.publicBaseUrl ?? `http://127.0.0.1:${layout.apis[0].port}`;
    const shared: Record<(typeof SHARED_APP_VARIABLES)[number], string> = { DATABASE_URL: databaseUrl!, TEMPORAL_ADDRESS: layout.temporalAddress, KLACHTFLOW_SECRET: secret, PUBLIC_BASE_URL: publicBaseUrl, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || '2' };
    const appEnv = { ...process.env, ...shared };
    // The workflow code bundled once, here, for both case workers and for their restarts: bundling
    // is the slowest part of a worker's start, and two at once on a small machine take twice as long.
    const bundleStarted = Date.now();
    const workflowBundlePath = path.join(layout.dir, 'workflow-bundle.js');
    await writeWorkflowBundle(workflowBundlePath, log);
    log(`workflow code bundled in ${((Date.now() - bundleStarted) / 1000).toFixed(1)} s (${workflowBundlePath})`);
    // Side by side within each group.
    const processes = appProcesses(layout, config);
    for (const group of [processes.filter((p) => p.script === 'worker'), processes.filter((p) => p.script === 'api')]) {
      await Promise.all(
        group.map(async (p) => {
          await supervisor.start({
            name: p.name,
            command: NODE_TSX[0],
            args: [...NODE_TSX.slice(1), path.join(PROJECT_ROOT, 'scripts', `${p.script}.ts`), ...p.args],
            env: { ...appEnv, ...p.env, WORKFLOW_BUNDLE_PATH: workflowBundlePath },
            ready: () => httpOk(p.healthUrl),
          });
          log(`${p.name} up (${p.healthUrl}${p.env.TEMPORAL_METRICS_BIND ? `, Temporal SDK metrics http://${p.env.TEMPORAL_METRICS_BIND}/metrics` : ''})`);
        }),
      );
    }
    log(`public address (PUBLIC_BASE_URL) ${publicBaseUrl}`);
    log(`processes and logs in ${layout.logDir} (processes.json lists the pids)`);
    log('ready — Ctrl-C stops everything');
  } catch (err) {
    log(`start failed: ${(err as Error).message}`);
    await shutdown('start failed', 1);
  }
}

void main();
