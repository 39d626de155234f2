/**
 * Production entry point of the API service. It refuses to start, naming each problem (exit 2),
 * without DATABASE_URL, TEMPORAL_ADDRESS, a KLACHTFLOW_SECRET of at least 32 characters and
 * PUBLIC_BASE_URL (platform/productionSettings.ts).
 */
import { loadConfig } from '../platform/config';
import { productionProblems } from '../platform/productionSettings';
import { createDb } from '../platform/db';
import { warnIfPrivileged } from '../platform/dbRoles';
import { startApi } from '../platform/services';

async function main(): Promise<void> {
  const config = loadConfig();
  const problems = productionProblems(config, process.env);
  if (problems.length || !config.databaseUrl || !config.temporalAddress || !config.secret) {
    for (const p of problems) console.error(`api: ${p}`);
    process.exit(2);
  }
  const db = createDb(config.databaseUrl);
  await warnIfPrivileged(db, (line) => console.warn(`api: ${line}`));
  const api = await startApi({ db, temporalAddress: config.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue, secret: config.secret, port: config.port, trustProxy: config.trustProxy, host: process.env.API_HOST || undefined });
  console.log(`api listening on :${config.port}`);
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
