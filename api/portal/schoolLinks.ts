/**
 * The school board's door to one case: a long random token in a link the secretary sends. Stored
 * only as a sha256 hash, expiring, revoked when a new one is issued. 256 random bits make guessing
 * hopeless; the rate limit on checks keeps even the attempt expensive. A link holds only while its
 * case is open: once the case is closed (decided, withdrawn, settled…) it answers like an expired one.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES } from '../../domain/caseStatus';

export const DEFAULT_LINK_DAYS = 56; // 8 weeks: the defence term (4) plus an extension (2) and slack.
export const MAX_LINK_DAYS = 365;

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export interface IssuedLink {
  linkId: string;
  token: string;
  expiresAt: Date;
  revoked: number;
}

/** Issues a new link for the case and revokes every earlier one, in one transaction. */
export async function issueSchoolLink(db: Knex, caseId: string, createdBy: string, days = DEFAULT_LINK_DAYS): Promise<IssuedLink> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  return db.transaction(async (trx) => {
    const revoked = await trx('school_links').where({ case_id: caseId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    const [row] = await trx('school_links').insert({ case_id: caseId, token_hash: hash(token), created_by: createdBy, expires_at: expiresAt }).returning('id');
    return { linkId: String(row.id), token, expiresAt, revoked };
  });
}

export interface ActiveLink {
  linkId: string;
  caseId: string;
  caseNumber: string;
  expiresAt: Date;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The links that open something: not revoked, not expired, and their case still open. */
function usableLinks(db: Knex) {
  return db('school_links')
    .join('cases', 'cases.id', 'school_links.case_id')
    .whereNull('school_links.revoked_at')
    .where('school_links.expires_at', '>', new Date())
    .whereNotIn('cases.status', CLOSED_OUTCOMES);
}

/** The case a token opens, when the link is neither revoked nor expired and its case is open. */
export async function resolveSchoolLink(db: Knex, token: string): Promise<ActiveLink | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await usableLinks(db)
    .where('school_links.token_hash', hash(token))
    .first('school_links.id', 'school_links.case_id', 'school_links.expires_at', 'cases.case_number');
  if (!row) return undefined;
  await db('school_links').where({ id: row.id }).update({ last_used_at: db.fn.now() });
  return { linkId: String(row.id), caseId: String(row.case_id), caseNumber: row.case_number, expiresAt: row.expires_at };
}

/** Whether a link (already opened into a session) still holds: revocation, expiry and closing the case end sessions too. */
export async function linkStillValid(db: Knex, linkId: string): Promise<boolean> {
  const row = await usableLinks(db).where('school_links.id', linkId).first('school_links.id');
  return row !== undefined;
}
