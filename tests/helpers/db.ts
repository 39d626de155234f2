/** A fresh, migrated database per test file on the shared test server; dropped afterwards. */
import crypto from 'node:crypto';
import { inject } from 'vitest';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, withDatabase, type Db } from '../../platform/db';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `kf_test_${crypto.randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  const db = createDb(url);
  await migrateToLatest(db);
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
