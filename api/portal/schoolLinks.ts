/**
 * The school board's door to one case: a long random token in a link the secretary sends. Stored
 * only as a sha256 hash, revoked when a new one is issued or when the secretary revokes it. 256
 * random bits make guessing hopeless; the rate limit on checks keeps even the attempt expensive. A
 * link holds as long as the procedure needs it: while its case is open (compliance included); once
 * the case is closed (decided, withdrawn, settled…) it answers like a revoked one. A fixed expiry is
 * possible still (the API's expiresInDays), for a link meant for less.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { replaceSchoolLink, revokeLinksOfCase, touchSchoolLink, usableLinkByHash, usableLinkExists, usableLinkOfCase } from '../../platform/store/schoolLinks';

export const MAX_LINK_DAYS = 365;

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export interface IssuedLink {
  linkId: string;
  token: string;
  /** Null: until the case is closed. */
  expiresAt: Date | null;
  revoked: number;
}

/**
 * Issues a new link for the case and revokes every earlier one, in one transaction. Without `days`
 * the link holds until the case is closed; `issuedTo` names the board contact it is given to.
 */
export async function issueSchoolLink(db: Knex, caseId: string, createdBy: string, opts: { days?: number; issuedTo?: string } = {}): Promise<IssuedLink> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = opts.days === undefined ? null : new Date(Date.now() + opts.days * 86_400_000);
  const { id, revoked } = await replaceSchoolLink(db, { case_id: caseId, token_hash: hash(token), created_by: createdBy, expires_at: expiresAt, issued_to: opts.issuedTo || null });
  return { linkId: id, token, expiresAt, revoked };
}

export interface ActiveLink {
  linkId: string;
  caseId: string;
  caseNumber: string;
  expiresAt: Date | null;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The case's link that opens something now, for the console: when, to whom, last used. */
export async function currentSchoolLink(db: Knex, caseId: string): Promise<{ id: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; issuedTo: string | null } | undefined> {
  const row = await usableLinkOfCase(db, caseId);
  return row ? { id: String(row.id), createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at, issuedTo: row.issued_to } : undefined;
}

/** Revokes every link of the case that is not revoked yet; answers how many. */
export async function revokeSchoolLinks(db: Knex, caseId: string): Promise<number> {
  return revokeLinksOfCase(db, caseId);
}

/** The case a token opens, when the link is neither revoked nor expired and its case is open. */
export async function resolveSchoolLink(db: Knex, token: string): Promise<ActiveLink | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await usableLinkByHash(db, hash(token));
  if (!row) return undefined;
  await touchSchoolLink(db, row.id);
  return { linkId: String(row.id), caseId: String(row.case_id), caseNumber: row.case_number, expiresAt: row.expires_at };
}

/** Whether a link (already opened into a session) still holds: revocation, expiry and closing the case end sessions too. */
export async function linkStillValid(db: Knex, linkId: string): Promise<boolean> {
  return usableLinkExists(db, linkId);
}
