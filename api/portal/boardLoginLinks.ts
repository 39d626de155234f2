/**
 * E-mailed one-time login links for board contacts: the alternative to password plus second factor
 * that issue 15 asks for, for contacts who log in rarely. The link proves control of the contact's
 * registered mailbox, which is also where an invitation and a password reset would go.
 *
 * Guarantees:
 * - Only the token's sha256 is stored; the token exists only in the mail.
 * - A link works once: it is spent by one conditional UPDATE (used_at IS NULL and not expired), so
 *   two requests racing with the same link log in at most one session.
 * - A link works for LINK_MINUTES; asking again replaces the contact's earlier unused links.
 * - Only an active contact whose invitation was accepted gets a link (a pending invitation is the
 *   way in for the others); the caller answers the same whatever happened here.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { findContact, type BoardContact } from './boardContacts';
import { liveLoginLinkExists, loginContactId, replaceLoginLink, spendLoginLinkRow, touchContactLogin } from '../../platform/store/boardContacts';

export const LINK_MINUTES = 15;

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedLoginLink {
  contact: BoardContact;
  token: string;
  expiresAt: Date;
}

/** A fresh link for the contact with this e-mail address, when there is one that may have it. */
export async function issueLoginLink(db: Knex, email: string, ip: string | undefined, now = new Date()): Promise<IssuedLoginLink | undefined> {
  const address = email.trim().toLowerCase();
  if (!address || address.includes('\0')) return undefined;
  const row = await loginContactId(db, address);
  const contact = row ? await findContact(db, String(row.id)) : undefined;
  if (!contact) return undefined;
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
  await replaceLoginLink(db, contact.id, { token_hash: hash(token), expires_at: expiresAt, requested_ip: ip ?? null });
  return { contact, token, expiresAt };
}

/** Whether the token is a live link (for the confirmation page; reading does not spend it). */
export async function isLiveLoginLink(db: Knex, token: string, now = new Date()): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  return liveLoginLinkExists(db, hash(token), now);
}

/** Spends the link; answers its contact when the link was live and the contact still active. */
export async function spendLoginLink(db: Knex, token: string, now = new Date()): Promise<BoardContact | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const spent = await spendLoginLinkRow(db, hash(token), now);
  if (!spent) return undefined;
  const contact = await findContact(db, spent);
  if (contact) await touchContactLogin(db, contact.id, now);
  return contact;
}
