/**
 * `npm run seed:open-cases -- --cases 100000 [--concurrency 16] [--intake 300] [--window 20]`
 *   Fills a running klachtflow with open cases, each with its own complaint workflow waiting in the
 *   admissibility phase with its service-norm timer (scripts/seed/openCases.ts). Resumable: run it
 *   again (after an interruption, or with a larger --cases) and it continues where it stopped.
 *   Uses DATABASE_URL and TEMPORAL_ADDRESS, or the embedded PostgreSQL and Temporal dev server of
 *   `npm start` (running: its worker acknowledges the cases). For benchmarks and rehearsals only:
 *   the seeded cases are fictional and have no portal access code.
 */
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../platform/config';
import { createDb, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';
import { loadOrCreateSecret } from '../platform/secret';
import { seedOpenCases } from './seed/openCases';

function fail(message: string, code = 1): never {
  console.error(`seed:open-cases: ${message}`);
  process.exit(code);
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) fail(`--${name} must be a whole number of at least ${min}, not "${value}"`, 2);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { cases: { type: 'string' }, concurrency: { type: 'string' }, intake: { type: 'string' }, window: { type: 'string' } }, strict: true }));
  } catch (err) {
    fail((err as Error).message, 2);
  }
  if (values.cases === undefined) fail('say how many open cases to seed, e.g. npm run seed:open-cases -- --cases 100000', 2);
  const cases = wholeNumber('cases', values.cases, 0, 1);
  if (cases > 999_999) fail('--cases must be at most 999999 (the case numbers of one year)', 2);
  const concurrency = wholeNumber('concurrency', values.concurrency, 16, 1);
  const intake = wholeNumber('intake', values.intake, 300, 0);
  const window = wholeNumber('window', values.window, 20, 1);

  const config = loadConfig();
  const db = createDb(config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE));
  const address = config.temporalAddress ?? `127.0.0.1:${config.temporalDevPort}`;
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
  } catch {
    await db.destroy();
    fail(`no Temporal server answers on ${address}: start klachtflow (npm start) or set TEMPORAL_ADDRESS`);
  }
  const started = Date.now();
  try {
    const temporal = new Client({ connection, namespace: config.temporalNamespace });
    const deps = { db, temporal, taskQueue: config.temporalTaskQueue, secret: loadOrCreateSecret(config.dataDir, config.secret) };
    const r = await seedOpenCases(deps, { cases, concurrency, intake, window, log: (l) => console.log(`[seed] ${l}`) });
    console.log(`[seed] ${r.bulkRows + r.intakeCases} seeded cases (${r.intakeCases} through intake), ${r.startedNow} workflows started in this run, ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`seed:open-cases failed: ${(err as Error).message}`);
  process.exit(1);
});
