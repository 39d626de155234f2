/** Production entry point of the API service: needs DATABASE_URL and TEMPORAL_ADDRESS. */
import { loadConfig } from '../platform/config';
import { createDb } from '../platform/db';
import { startApi } from '../platform/services';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress || !config.secret) {
    console.error('api: DATABASE_URL, TEMPORAL_ADDRESS and KLACHTFLOW_SECRET are required');
    process.exit(2);
  }
  const db = createDb(config.databaseUrl);
  const api = await startApi({ db, temporalAddress: config.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue, secret: config.secret, port: config.port, host: process.env.API_HOST || undefined });
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
