/**
 * Production entry point of the API service: needs DATABASE_URL, TEMPORAL_ADDRESS, a
 * KLACHTFLOW_SECRET of at least 32 characters and PUBLIC_BASE_URL (school links must never take
 * their address from a request's Host header). Each missing setting is named; the exit code is 2.
 */
import { loadConfig } from '../platform/config';
import { secretProblem } from '../platform/secret';
import { createDb } from '../platform/db';
import { startApi } from '../platform/services';

async function main(): Promise<void> {
  const config = loadConfig();
  const problems = [
    !config.databaseUrl && 'DATABASE_URL is required.',
    !config.temporalAddress && 'TEMPORAL_ADDRESS is required.',
    secretProblem(config.secret),
    publicBaseUrlProblem(process.env.PUBLIC_BASE_URL),
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length || !config.databaseUrl || !config.temporalAddress || !config.secret) {
    for (const p of problems) console.error(`api: ${p}`);
    process.exit(2);
  }
  const db = createDb(config.databaseUrl);
  const api = await startApi({ db, temporalAddress: config.temporalAddress, namespace: config.temporalNamespace, taskQueue: config.temporalTaskQueue, secret: config.secret, port: config.port });
  console.log(`api listening on :${config.port}`);
  const stop = async () => {
    await api.stop();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

function publicBaseUrlProblem(value: string | undefined): string | undefined {
  if (!value) return 'PUBLIC_BASE_URL is required: the address school links point to (e.g. https://klachten.example.nl).';
  if (!/^https?:\/\/[^/\s]+/.test(value)) return `PUBLIC_BASE_URL must be an http(s) address, got "${value}".`;
  return undefined;
}

main().catch((err) => {
  console.error(`api failed to start: ${(err as Error).message}`);
  process.exit(1);
});
