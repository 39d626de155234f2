/**
 * Production entry point of the API service. It refuses to start, naming each problem (exit 2),
 * on a malformed setting, or without DATABASE_URL, TEMPORAL_ADDRESS, a KLACHTFLOW_SECRET of at
 * least 32 characters and PUBLIC_BASE_URL (platform/productionSettings.ts).
 */
import { ConfigError, loadConfig, type Config } from '../platform/config';
import { productionProblems } from '../platform/productionSettings';
import { createDb } from '../platform/db';
import { warnIfPrivileged } from '../platform/dbRoles';
import { logger } from '../platform/log';
import { startApi } from '../platform/services';

function refuse(problems: string[]): never {
  for (const p of problems) console.error(`api: ${p}`);
  process.exit(2);
}

function settings(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) refuse(err.problems);
    throw err;
  }
}

async function main(): Promise<void> {
  const config = settings();
  const problems = productionProblems(config);
  if (problems.length || !config.databaseUrl || !config.temporalAddress || !config.secret) refuse(problems);
  const log = logger().child({ service: 'api' });
  const db = createDb(config.databaseUrl);
  await warnIfPrivileged(db, (line) => log.warn(line));
  const api = await startApi({ db, temporalAddress: config.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue, secret: config.secret, port: config.port, trustProxy: config.trustProxy, host: config.apiHost });
  log.info({ port: config.port }, `api listening on :${config.port}`);
  const stop = async () => {
    await api.stop();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error(`api failed to start: ${(err as Error).message}`);
  process.exit(1);
});
