/**
 * The contact persons of a school board (bevoegd gezag) and what each may reach. A contact is
 * invited (by the committee's secretary or by a managing contact of the same board) with a one-time
 * link that is valid for a week and kept only as its sha256; following it, the person chooses a
 * password, and at the first login enrols a second factor (the staff accounts' TOTP code, see
 * twoFactor.ts). Which cases a contact reaches is decided here, once, for every board page:
 *
 * - 'board' (the board itself) and 'lawyer' (acting for the board): every case of every school whose
 *   register entry names the board; they act on them with the link portal's forms.
 * - 'director' (a school director): the cases of their own school only, read-only.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { findCase, type CaseRow } from '../../platform/store/cases';
import { isCaseNumber } from '../../domain/caseNumber';
import { dummyPasswordHash, hashPassword, isGuessablePassword, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords';
import {
  acceptContactInvite, contactRowById, contactRowByInvite, contactRowsOfBoard, contactRowWithPassword, contactSeesCase, disableContactRow, insertContact,
  touchContactLogin,
} from '../../platform/store/boardContacts';

export const BOARD_CONTACT_ROLES = ['board', 'director', 'lawyer'] as const;
export type BoardContactRole = (typeof BOARD_CONTACT_ROLES)[number];
export const INVITE_DAYS = 7;

export interface BoardContact {
  id: string;
  boardNumber: string;
  boardName: string;
  email: string;
  name: string;
  role: BoardContactRole;
  brin: string | null;
  canManage: boolean;
}

/** The workflow actor id of a contact: what the case's audit trail records when they act or read. */
export const contactActorId = (contactId: string) => `board-contact:${contactId}`;

/** Whether the contact may act on cases (hand in a defence, answer forms), not only read them. */
export const mayAct = (c: Pick<BoardContact, 'role'>) => c.role !== 'director';

const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function toContact(row: Record<string, unknown>): BoardContact {
  return {
    id: String(row.id),
    boardNumber: String(row.board_number),
    boardName: String(row.board_name ?? ''),
    email: String(row.email),
    name: String(row.name),
    role: row.role as BoardContactRole,
    brin: (row.brin as string | null) ?? null,
    canManage: row.can_manage === true,
  };
}

export async function findContact(db: Knex, id: string): Promise<BoardContact | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await contactRowById(db, id);
  return row ? toContact(row) : undefined;
}

export interface NewContact {
  boardNumber: string;
  email: string;
  name: string;
  role: BoardContactRole;
  brin?: string | null;
  canManage: boolean;
  invitedBy: string;
}

/** A new contact with a fresh invitation; the token is returned once (only its hash is kept). */
export async function inviteContact(db: Knex, c: NewContact): Promise<{ contact: BoardContact; token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
  const id = await insertContact(db, {
      board_number: c.boardNumber,
      email: c.email.trim().toLowerCase(),
      name: c.name,
      role: c.role,
      brin: c.role === 'director' ? c.brin : null,
      can_manage: c.role === 'board' && c.canManage,
      invite_hash: hash(token),
      invite_expires_at: expiresAt,
      invited_by: c.invitedBy,
  });
  const contact = await findContact(db, id);
  return { contact: contact!, token, expiresAt };
}

/** The contact an unexpired invitation belongs to. */
export async function contactForInvite(db: Knex, token: string): Promise<BoardContact | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await contactRowByInvite(db, hash(token), new Date());
  return row ? toContact(row) : undefined;
}

/**
 * Accepts an invitation with the chosen password: stored as scrypt, the invitation spent (one
 * conditional UPDATE, so a token works once even when sent twice at the same moment).
 */
export async function acceptInvite(db: Knex, token: string, password: string): Promise<BoardContact | 'too-short' | 'guessable' | undefined> {
  const contact = await contactForInvite(db, token);
  if (!contact) return undefined;
  if (password.length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (isGuessablePassword(password, [contact.email, contact.name, contact.boardName])) return 'guessable';
  const done = await acceptContactInvite(db, contact.id, hash(token), await hashPassword(password));
  return done ? contact : undefined;
}

/** The contact with this e-mail and password; as slow for an unknown address as for a known one. */
export async function authenticateContact(db: Knex, email: string, password: string): Promise<BoardContact | undefined> {
  const row = email.includes('\0') ? undefined : await contactRowWithPassword(db, email.trim().toLowerCase());
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || !ok) return undefined;
  await touchContactLogin(db, row.id);
  return toContact(row);
}

export interface ContactRow extends BoardContact {
  invited: boolean;
  lastLoginAt: Date | null;
}

/** The board's contacts that are not disabled, for its own page and the console's. */
export async function listContacts(db: Knex, boardNumber: string): Promise<ContactRow[]> {
  const rows = await contactRowsOfBoard(db, boardNumber);
  return rows.map((r) => ({ ...toContact(r), invited: r.password_hash === null, lastLoginAt: r.last_login_at }));
}

/** Disables a contact of this board (never one of another board); their sessions end at their next request. */
export async function disableContact(db: Knex, boardNumber: string, contactId: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(contactId)) return false;
  return disableContactRow(db, boardNumber, contactId);
}

/** The case, when this contact may reach it; undefined alike for "no such case" and "not yours". */
export async function caseForContact(db: Knex, c: BoardContact, caseNumber: string): Promise<CaseRow | undefined> {
  if (!isCaseNumber(caseNumber)) return undefined;
  return (await contactSeesCase(db, c, caseNumber)) ? findCase(db, caseNumber) : undefined;
}
