/** Applies database migrations (production: the compose `migrate` job). Exits non-zero on failure. */
import { createDb, migrateToLatest } from '../platform/db';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('migrate: DATABASE_URL is required');
    process.exit(2);
  }
  const db = createDb(url, { max: 1 });
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`migrate failed: ${(err as Error).message}`);
  process.exit(1);
});
