/** Data access for rate-limit counters (api/portal/rateLimit.ts holds the rules): one row per key and fixed window. */
import type { Knex } from 'knex';

/**
 * Counts one attempt in the window, in one conditional upsert: only while the budget lasts (`limit`),
 * or always for a slow-down rule. Answers the new count, or undefined when the budget was spent.
 */
export async function countAttempt(trx: Knex.Transaction, key: string, windowStart: Date, always: boolean, limit: number): Promise<number | undefined> {
  const result = await trx.raw<{ rows: Array<{ count: number }> }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
     WHERE ? OR rate_limits.count < ?
     RETURNING count`,
    [key, windowStart, always, limit],
  );
  return result.rows[0]?.count;
}

export async function deleteOldCounters(db: Knex, before: Date): Promise<void> {
  await db('rate_limits').where('window_start', '<', before).delete();
}

export async function readCounter(db: Knex, key: string, windowStart: Date): Promise<{ count: number } | undefined> {
  return db('rate_limits').where({ key, window_start: windowStart }).first('count');
}

export async function decrementCounter(db: Knex, key: string, windowStart: Date): Promise<void> {
  await db('rate_limits').where({ key, window_start: windowStart }).where('count', '>', 0).decrement('count', 1);
}
