/**
 * A fresh, migrated database per test file on the shared test server; dropped afterwards. `db` is
 * the owner (for setting up and inspecting), `appDb` the least-privileged role the app runs as.
 */
import crypto from 'node:crypto';
import { inject } from 'vitest';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, withDatabase, type Db } from '../../platform/db';
import { DEFAULT_APP_ROLE, grantAppPrivileges, withRole } from '../../platform/dbRoles';

export interface TestDatabase {
  db: Db;
  url: string;
  /** The same database as the app's role, with only the app's grants. */
  appDb: Db;
  appUrl: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `kf_test_${crypto.randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  const db = createDb(url);
  await migrateToLatest(db);
  await grantAppPrivileges(db, DEFAULT_APP_ROLE);
  const appUrl = withRole(url, { name: DEFAULT_APP_ROLE, password: inject('pgAppPassword') });
  const appDb = createDb(appUrl);
  // Every test file shares one Temporal dev server, and workflow ids come from case numbers
  // (complaint-2026-000001). Each database numbers its cases from its own random offset, so two
  // files never start (or find already running) the same workflow id.
  const offset = crypto.randomInt(0, 900_000);
  const year = new Date().getUTCFullYear();
  await db('case_number_counters').insert([year - 1, year, year + 1].map((y) => ({ year: y, last_sequence: offset })));
  return {
    db,
    url,
    appDb,
    appUrl,
    drop: async () => {
      await appDb.destroy();
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
