/** The database's side of the health check. */
import type { Knex } from 'knex';

/** One round trip to PostgreSQL. */
export async function pingDatabase(db: Knex): Promise<unknown> {
  return db.raw('select 1');
}
