/**
 * API tokens for committee staff and schools using the JSON API directly. A token names its user and
 * role; the actor of every action is taken from the token, never from the request body. Stored as a
 * sha256 hash: the token itself is shown once, at creation.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../../workflows/messages';

export type TokenRole = 'secretary' | 'chair' | 'member' | 'school';
export const TOKEN_ROLES: readonly TokenRole[] = ['secretary', 'chair', 'member', 'school'];

function hash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function createApiToken(db: Knex, user: { userId: string; role: TokenRole; name: string; schoolBrin?: string }): Promise<string> {
  const token = `kf_${crypto.randomBytes(24).toString('base64url')}`;
  await db('api_tokens').insert({ token_hash: hash(token), user_id: user.userId, role: user.role, name: user.name, school_brin: user.schoolBrin ?? null });
  return token;
}

export interface TokenUser extends Actor {
  name: string;
  schoolBrin: string | null;
}

/**
 * The user a token speaks for. A token issued for a staff account (its user id is the account's
 * id) stops working while that account is disabled, as the account's sessions do.
 */
export async function userForToken(db: Knex, token: string): Promise<TokenUser | undefined> {
  const row = await db('api_tokens as t')
    .joinRaw('left join users as u on u.id::text = t.user_id')
    .where('t.token_hash', hash(token))
    .whereNull('t.revoked_at')
    .first('t.user_id', 't.role', 't.name', 't.school_brin', 'u.disabled_at as account_disabled_at');
  if (!row || row.account_disabled_at) return undefined;
  return { userId: row.user_id, role: row.role, name: row.name, schoolBrin: row.school_brin };
}
