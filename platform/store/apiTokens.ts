/**
 * Data access for API tokens (api/services/staffTokens.ts holds their rules): stored by the sha256
 * hash of the token; the public id of a token is a prefix of that hash.
 */
import type { Knex } from 'knex';

/** The staff account a token is issued to. */
export async function tokenAccount(db: Knex, userId: string) {
  return db('users').where({ id: userId }).first('id', 'name', 'role', 'disabled_at');
}

export async function insertApiToken(db: Knex, row: Record<string, unknown>): Promise<void> {
  await db('api_tokens').insert(row);
}

/** A live token (not revoked, not expired) with its staff account, if it has one. */
export async function liveTokenWithAccount(db: Knex, tokenHash: string) {
  return db('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.staff_user_id')
    .where('t.token_hash', tokenHash)
    .whereNull('t.revoked_at')
    .where('t.expires_at', '>', db.fn.now())
    .first('t.user_id', 't.role', 't.name', 't.school_brin', 't.staff_user_id', 't.last_used_at', 'u.role as account_role', 'u.name as account_name', 'u.disabled_at as account_disabled_at');
}

export async function touchToken(db: Knex, tokenHash: string): Promise<void> {
  await db('api_tokens').where({ token_hash: tokenHash }).update({ last_used_at: db.fn.now() });
}

/** Tokens with their account, live ones first, newest first; optionally one account's, or the one whose hash starts with `id`. */
export async function tokenRows(db: Knex, idLength: number, filter: { staffUserId?: string; id?: string }) {
  const q = db('api_tokens as t').leftJoin('users as u', 'u.id', 't.staff_user_id');
  if (filter.staffUserId !== undefined) q.where('t.staff_user_id', filter.staffUserId);
  if (filter.id !== undefined) q.whereRaw('left(t.token_hash, ?) = ?', [idLength, filter.id]);
  return q
    .orderBy([{ column: 't.revoked_at', order: 'asc', nulls: 'first' }, { column: 't.created_at', order: 'desc' }])
    .select('t.token_hash', 't.name', 't.role', 't.user_id', 't.school_brin', 't.staff_user_id', 't.created_at', 't.last_used_at', 't.expires_at', 't.revoked_at', 'u.name as account_name', 'u.role as account_role');
}

/** Revokes the live token whose hash starts with `id`; answers how many were revoked. */
export async function revokeTokenById(db: Knex, idLength: number, id: string, by: string): Promise<number> {
  return db('api_tokens').whereRaw('left(token_hash, ?) = ?', [idLength, id]).whereNull('revoked_at').update({ revoked_at: db.fn.now(), revoked_by: by });
}
