/**
 * `npm run import-register -- [--partial] FILE…`
 *   Imports DUO's register of school boards, schools and locations (open data CSV files; see the
 *   README) in one transaction, and prints each entry added, changed and ended, then the counts.
 *   The files of one run are the whole register: an entry missing from them is ended (with today's
 *   date), never deleted; with --partial nothing is ended. A refused file changes nothing and ends
 *   in one sentence naming the file, line and column, exit code 1. Running it twice changes nothing
 *   the second time. Uses DATABASE_URL, or the embedded PostgreSQL of `npm start` (running).
 */
import { parseArgs } from 'node:util';
import { RegisterFileError } from '../domain/register';
import { loadConfig } from '../platform/config';
import { createDb, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';
import { importRegister } from '../platform/register/store';

function fail(message: string, code = 1): never {
  console.error(`import-register: ${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { partial: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    fail((err as Error).message, 2);
  }
  if (!parsed.positionals.length) fail('give the register files to import, e.g. npm run import-register -- bevoegde-gezagen.csv alle-vestigingen-bo.csv', 2);
  const config = loadConfig();
  const url = config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE);
  const db = createDb(url, { max: 1 });
  try {
    const { lines } = await importRegister(db, parsed.positionals, { partial: parsed.values.partial === true });
    for (const line of lines) console.log(line);
  } catch (err) {
    if (err instanceof RegisterFileError) fail(`${err.message}. Nothing was changed.`);
    throw err;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`import-register failed: ${(err as Error).message}`);
  process.exit(1);
});
