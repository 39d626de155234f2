/** Data access for server-side sessions (api/portal/sessions.ts holds their rules): rows keyed by the sha256 of the session id. */
import type { Knex } from 'knex';

export async function insertSession(db: Knex, row: { id_hash: string; csrf_token: string; data: string; expires_at: Date }): Promise<void> {
  await db('web_sessions').insert(row);
}

export async function deleteExpiredSessions(db: Knex, now: Date): Promise<void> {
  await db('web_sessions').where('expires_at', '<', now).delete();
}

/** The session with this id hash, unless it expired before `now`. */
export async function liveSession(db: Knex, idHash: string, now: Date) {
  return db('web_sessions').where({ id_hash: idHash }).where('expires_at', '>', now).first();
}

export async function extendSession(db: Knex, idHash: string, expiresAt: Date, lastSeenAt: Date): Promise<void> {
  await db('web_sessions').where({ id_hash: idHash }).update({ expires_at: expiresAt, last_seen_at: lastSeenAt });
}

export async function updateSessionData(db: Knex, idHash: string, data: string): Promise<void> {
  await db('web_sessions').where({ id_hash: idHash }).update({ data });
}

export async function deleteSession(db: Knex, idHash: string): Promise<void> {
  await db('web_sessions').where({ id_hash: idHash }).delete();
}

/** Ends every portal session (full or pending login) of one staff account; answers how many. */
export async function deleteStaffSessions(db: Knex, userId: string): Promise<number> {
  return db('web_sessions').whereRaw(`data->'party'->>'kind' in ('staff', 'staff-pending')`).whereRaw(`data->'party'->>'userId' = ?`, [userId]).delete();
}
