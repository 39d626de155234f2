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

export async function userForToken(db: Knex, token: string): Promise<TokenUser | undefined> {
  const row = await db('api_tokens').where({ token_hash: hash(token), revoked_at: null }).first();
  if (!row) return undefined;
  return { userId: row.user_id, role: row.role, name: row.name, schoolBrin: row.school_brin };
}
