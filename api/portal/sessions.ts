/**
 * Server-side sessions in PostgreSQL. The browser holds only a random id (cookie kf_session); the
 * table holds its sha256, who the session speaks for and its CSRF token. Logging in always starts a
 * new session (no fixation), logging out deletes the row, and idle or old sessions expire.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { seal, unseal } from './seal';
import { deleteExpiredSessions, deleteSession, extendSession, insertSession, liveSession, updateSessionData } from '../../platform/store/sessions';

/** Who a session speaks for. A party reaches exactly one case; staff reach what their role allows. */
export type SessionParty =
  | { kind: 'complainant'; caseId: string; caseNumber: string }
  | { kind: 'school'; linkId: string; caseId: string; caseNumber: string }
  /** A person complained about, by their personal link: respondent N of the case. */
  | { kind: 'respondent'; linkId: string; caseId: string; caseNumber: string; respondent: number }
  | { kind: 'staff'; userId: string; role: string; name: string }
  /**
   * Password right, login not finished: a second factor, a forced password change or a required
   * enrolment is still due. Deliberately another kind than 'staff', so no staff page lets it in.
   */
  | { kind: 'staff-pending'; userId: string; role: string; name: string; secondFactorPassed: boolean }
  /**
   * A board's contact person (board accounts, /bestuur), logged in with password and second factor.
   * `canManage` is the right as it was at login, for the menu on pages outside /bestuur; /bestuur's
   * guard reads the contact again, so a withdrawn right takes effect there at once.
   */
  | { kind: 'board'; contactId: string; boardNumber: string; name: string; canManage?: boolean }
  /** A board contact's password (or invitation) proven; the second factor still due. */
  | { kind: 'board-pending'; contactId: string };

export interface SessionData {
  party?: SessionParty;
  /** The intake form's answers between its steps, and the idempotency key of its submission. */
  intakeDraft?: { fields: Record<string, string>; idempotencyKey: string };
  /**
   * The case number and access code, held until the acknowledgement page has shown them once. The
   * code is sealed (sealForSession): the sessions table never holds it readable.
   */
  acknowledgement?: { caseNumber: string; sealedAccessCode: string };
  /** A TOTP secret being enrolled (sealed), until its first code confirms it. */
  totpEnrolment?: { sealedSecret: string };
}

export interface Session {
  idHash: string;
  csrfToken: string;
  data: SessionData;
  expiresAt: Date;
}

export const SESSION_COOKIE = 'kf_session';
/** Idle timeout: a session not used for this long is gone. */
export const IDLE_MS = 30 * 60_000;
/** Absolute lifetime, however active. */
export const MAX_AGE_MS = 8 * 3600_000;

const hash = (id: string) => crypto.createHash('sha256').update(id).digest('hex');

export async function createSession(db: Knex, data: SessionData = {}): Promise<{ id: string; session: Session }> {
  const id = crypto.randomBytes(32).toString('base64url');
  const session: Session = { idHash: hash(id), csrfToken: crypto.randomBytes(32).toString('base64url'), data, expiresAt: new Date(Date.now() + IDLE_MS) };
  await insertSession(db, { id_hash: session.idHash, csrf_token: session.csrfToken, data: JSON.stringify(data), expires_at: session.expiresAt });
  // Housekeeping, now and then: expired rows are useless and hold personal data.
  if (Math.random() < 0.02) await deleteExpiredSessions(db, new Date());
  return { id, session };
}

export async function loadSession(db: Knex, id: string): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const row = await liveSession(db, hash(id), new Date());
  if (!row) return undefined;
  if (Date.now() - new Date(row.created_at).getTime() > MAX_AGE_MS) {
    await destroySession(db, row.id_hash);
    return undefined;
  }
  const session: Session = { idHash: row.id_hash, csrfToken: row.csrf_token, data: row.data, expiresAt: new Date(row.expires_at) };
  // Slide the idle timeout, but write at most once a minute per session.
  if (new Date(row.expires_at).getTime() - Date.now() < IDLE_MS - 60_000) {
    session.expiresAt = new Date(Date.now() + IDLE_MS);
    await extendSession(db, row.id_hash, session.expiresAt, new Date());
  }
  return session;
}

/**
 * PostgreSQL's jsonb cannot hold U+0000: a NUL typed or pasted into a form (a draft the session keeps)
 * would make the write fail. No text of ours means anything by it, so it is dropped here, once, for
 * every value a session stores.
 */
const withoutNul = (_key: string, value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);

export async function saveSessionData(db: Knex, session: Session): Promise<void> {
  await updateSessionData(db, session.idHash, JSON.stringify(session.data, withoutNul));
}

export async function destroySession(db: Knex, idHash: string): Promise<void> {
  await deleteSession(db, idHash);
}

// Same key derivation as before the seal module existed ("klachtflow:session-seal:v1"), so values
// sealed by an older build still open.
const SESSION_PURPOSE = 'session-seal:v1';

/** Encrypts (AES-256-GCM) a value that must pass through the session without being readable in the table. */
export function sealForSession(secret: string, value: string): string {
  return seal(secret, SESSION_PURPOSE, value);
}

/** The sealed value, or undefined when it was not sealed with this secret or was tampered with. */
export function openFromSession(secret: string, sealed: string): string | undefined {
  return unseal(secret, SESSION_PURPOSE, sealed);
}
