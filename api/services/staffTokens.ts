/**
 * API tokens for committee staff and schools using the JSON API directly. Stored as a sha256 hash:
 * the token itself is shown once, at creation. The actor of every action is taken from the token,
 * never from the request body.
 *
 * A staff token belongs to a staff account (users table) and acts as that account, with the same
 * actor id as its console sessions (domain/actors.ts), so four-eyes sees one person. Its role is the
 * account's role at each request: a demoted or disabled account loses its powers at once. A school
 * token (role school, bound to a BRIN) has no account; its role and school are the token's own.
 * Every token expires and can be revoked.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { staffActorId } from '../../domain/actors';
import type { Actor } from '../../contracts/messages';
import { insertApiToken, liveTokenWithAccount, revokeTokenById, tokenAccount, tokenRows, touchToken } from '../../platform/store/apiTokens';

export type TokenRole = 'secretary' | 'chair' | 'member' | 'school';
export const TOKEN_ROLES: readonly TokenRole[] = ['secretary', 'chair', 'member', 'school'];
/** Staff roles that may hold a token (administrators manage the portal and act on no case). */
export const STAFF_TOKEN_ROLES: readonly TokenRole[] = ['secretary', 'chair', 'member'];

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

function hash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export type NewToken =
  /** A staff account's token: userId is the users table's id. */
  | { staffUserId: string; name?: string; expiresInDays?: number }
  /** A school's token: subject names the school or board in the logs; brin the school it reaches. */
  | { school: { subject: string; brin: string }; name: string; expiresInDays?: number };

/** Why a token cannot be issued, as "field: message" (the CLI and the pages show it). */
export class TokenRefused extends Error {}

function expiryOf(days: number | undefined): Date {
  const n = days ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TOKEN_DAYS) throw new TokenRefused(`expiresInDays: must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
  return new Date(Date.now() + n * 86_400_000);
}

export async function createApiToken(db: Knex, spec: NewToken): Promise<string> {
  const token = `kf_${crypto.randomBytes(24).toString('base64url')}`;
  const expiresAt = expiryOf(spec.expiresInDays);
  if ('staffUserId' in spec) {
    const user = /^\d{1,18}$/.test(spec.staffUserId) ? await tokenAccount(db, spec.staffUserId) : undefined;
    if (!user) throw new TokenRefused(`user: no staff account with id ${spec.staffUserId}`);
    if (user.disabled_at) throw new TokenRefused(`user: the account ${spec.staffUserId} is disabled`);
    if (!STAFF_TOKEN_ROLES.includes(user.role)) throw new TokenRefused(`user: the account has the role ${user.role}; only ${STAFF_TOKEN_ROLES.join(', ')} accounts hold API tokens`);
    await insertApiToken(db, {
      token_hash: hash(token),
      staff_user_id: user.id,
      user_id: staffActorId(user.id),
      role: user.role,
      name: spec.name ?? user.name,
      expires_at: expiresAt,
    });
  } else {
    if (!/^[0-9]{2}[A-Z0-9]{2}$/.test(spec.school.brin)) throw new TokenRefused('school: a BRIN code (e.g. 12AB) is required for a school token');
    if (!spec.school.subject.trim()) throw new TokenRefused('user: the school token needs a subject');
    await insertApiToken(db, { token_hash: hash(token), user_id: spec.school.subject, role: 'school', name: spec.name, school_brin: spec.school.brin, expires_at: expiresAt });
  }
  return token;
}

export interface TokenUser extends Actor {
  name: string;
  schoolBrin: string | null;
  /** The staff account a staff token belongs to; undefined for a school token. */
  staffUserId?: string;
}

/**
 * The user a token speaks for, or undefined when the token is unknown, revoked or expired, or its
 * account is disabled or now holds a role without API access.
 */
export async function userForToken(db: Knex, token: string): Promise<TokenUser | undefined> {
  const tokenHash = hash(token);
  const row = await liveTokenWithAccount(db, tokenHash);
  if (!row) return undefined;
  // Written at most once a minute per token: the list shows it, the exact second does not matter.
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
    await touchToken(db, tokenHash);
  }
  if (row.staff_user_id === null) {
    return row.role === 'school' ? { userId: row.user_id, role: 'school', name: row.name, schoolBrin: row.school_brin } : undefined;
  }
  if (row.account_disabled_at || !STAFF_TOKEN_ROLES.includes(row.account_role)) return undefined;
  return { userId: staffActorId(row.staff_user_id), role: row.account_role, name: row.account_name, schoolBrin: null, staffUserId: String(row.staff_user_id) };
}

/** A token as the token pages list it (never the token or its hash: an id derived from the hash). */
export interface TokenRow {
  id: string;
  name: string;
  role: string;
  ownerName: string;
  staffUserId: string | null;
  schoolBrin: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The public id of a token: the first 16 hex digits of its hash (the hash itself stays in the table). */
const ID_LENGTH = 16;

const isTokenId = (id: string) => new RegExp(`^[0-9a-f]{${ID_LENGTH}}$`).test(id);

export async function listTokens(db: Knex, filter: { staffUserId?: string; id?: string } = {}): Promise<TokenRow[]> {
  const rows = await tokenRows(db, ID_LENGTH, filter);
  return rows.map((r) => ({
    id: String(r.token_hash).slice(0, ID_LENGTH),
    name: r.name,
    role: r.staff_user_id === null ? r.role : r.account_role,
    ownerName: r.account_name ?? r.user_id,
    staffUserId: r.staff_user_id === null ? null : String(r.staff_user_id),
    schoolBrin: r.school_brin,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

export async function findToken(db: Knex, id: string, filter: { staffUserId?: string } = {}): Promise<TokenRow | undefined> {
  if (!isTokenId(id)) return undefined;
  const rows = await listTokens(db, { ...filter, id });
  return rows.length === 1 ? rows[0] : undefined;
}

/** Revokes a token by its public id; false when it was revoked already (or is unknown). */
export async function revokeToken(db: Knex, id: string, by: string): Promise<boolean> {
  if (!isTokenId(id)) return false;
  const n = await revokeTokenById(db, ID_LENGTH, id, by);
  return n > 0;
}
