/** Committee staff who log in to the portal: secretaries, chairs, members and administrators. */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { dummyPasswordHash, hashPassword, isGuessablePassword, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords';
import { activeUser, insertUser, listUserRows, setDisabledAt, touchLastLogin, updateUser, userById, userIdByEmail } from '../../platform/store/users';
import { deleteStaffSessions } from '../../platform/store/sessions';

export const STAFF_ROLES = ['secretary', 'chair', 'member', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

/**
 * A new account. `mustChangePassword`: someone other than the user chose the password (an
 * administrator, scripts/create-user.ts), so the first login leads to the change-password page.
 */
export async function createUser(db: Knex, user: { email: string; name: string; role: StaffRole; password: string; mustChangePassword?: boolean }): Promise<StaffUser> {
  if (user.password.length < PASSWORD_MIN_LENGTH) throw new Error(`password: must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (isGuessablePassword(user.password, [user.email, user.name])) throw new Error('password: is too common or too easy to guess');
  if (!STAFF_ROLES.includes(user.role)) throw new Error(`role: must be one of ${STAFF_ROLES.join(', ')}`);
  const row = await insertUser(db, { email: user.email.trim().toLowerCase(), name: user.name, role: user.role, password_hash: await hashPassword(user.password), must_change_password: user.mustChangePassword === true });
  return { ...row, id: String(row.id) };
}

/**
 * An account for a program that files or acts through the JSON API (a benchmark, a bulk import):
 * an account like any other, so its token has an owner and four-eyes sees one identity, with a
 * random password nobody knows (it never logs in to the pages).
 */
export function createServiceAccount(db: Knex, who: { name: string; role: Exclude<StaffRole, 'admin'> }): Promise<StaffUser> {
  const tag = crypto.randomBytes(6).toString('hex');
  return createUser(db, { email: `service.${tag}@accounts.klachtflow.invalid`, name: who.name, role: who.role, password: crypto.randomBytes(24).toString('base64url') });
}

/** The user with this e-mail and password, or undefined; as slow for an unknown e-mail as for a known one. */
export async function authenticate(db: Knex, email: string, password: string): Promise<StaffUser | undefined> {
  // No stored address holds a NUL byte, and PostgreSQL refuses one in a query: look up nobody (still as slow).
  const row = email.includes('\0') ? undefined : await activeUser(db, { email: email.trim().toLowerCase() });
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || !ok) return undefined;
  await touchLastLogin(db, row.id);
  return { id: String(row.id), email: row.email, name: row.name, role: row.role };
}

export async function findUser(db: Knex, id: string): Promise<StaffUser | undefined> {
  const row = await activeUser(db, { id }, ['id', 'email', 'name', 'role']);
  return row ? { ...row, id: String(row.id) } : undefined;
}

/** A user as the administrators' list shows it, disabled ones included. */
export interface StaffUserRow extends StaffUser {
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  twoFactorEnabledAt: Date | null;
}

const ROW_COLUMNS = ['id', 'email', 'name', 'role', 'created_at', 'last_login_at', 'disabled_at', 'must_change_password', 'totp_enabled_at'] as const;

function toRow(r: {
  id: string | number;
  email: string;
  name: string;
  role: StaffRole;
  created_at: Date;
  last_login_at: Date | null;
  disabled_at: Date | null;
  must_change_password: boolean;
  totp_enabled_at: Date | null;
}): StaffUserRow {
  return {
    id: String(r.id),
    email: r.email,
    name: r.name,
    role: r.role,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    disabledAt: r.disabled_at,
    mustChangePassword: r.must_change_password,
    twoFactorEnabledAt: r.totp_enabled_at,
  };
}

export async function listUsers(db: Knex): Promise<StaffUserRow[]> {
  const rows = await listUserRows(db, ROW_COLUMNS);
  return rows.map(toRow);
}

/** Any user by id, disabled or not (findUser answers only for users who may log in). */
export async function getUser(db: Knex, id: string): Promise<StaffUserRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await userById(db, id, ROW_COLUMNS);
  return row ? toRow(row) : undefined;
}

export async function emailInUse(db: Knex, email: string): Promise<boolean> {
  return (await userIdByEmail(db, email.trim().toLowerCase())) !== undefined;
}

/**
 * Ends every portal session of a staff user. A session remembers the role it was started with, so
 * a changed role or a disabled account takes effect now, not at the next login.
 */
export async function endUserSessions(db: Knex, userId: string): Promise<number> {
  return deleteStaffSessions(db, userId);
}

export async function setUserRole(db: Knex, id: string, role: StaffRole): Promise<void> {
  if (!STAFF_ROLES.includes(role)) throw new Error(`role: must be one of ${STAFF_ROLES.join(', ')}`);
  await db.transaction(async (trx) => {
    await updateUser(trx, id, { role });
    await endUserSessions(trx, id);
  });
}

/** Disables (the user's sessions end at once) or enables a user; the password hash is kept either way. */
export async function setUserDisabled(db: Knex, id: string, disabled: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    await setDisabledAt(trx, id, disabled);
    if (disabled) await endUserSessions(trx, id);
  });
}

/**
 * Sets a new password when the current one is right and the new one is not easy to guess (the
 * account's name and e-mail count as known words); otherwise nothing changes. The caller ends the
 * user's other sessions.
 */
export async function changeOwnPassword(db: Knex, userId: string, current: string, next: string): Promise<'changed' | 'wrong-current' | 'guessable'> {
  if (next.length < PASSWORD_MIN_LENGTH) throw new Error(`password: must be at least ${PASSWORD_MIN_LENGTH} characters`);
  const row = await activeUser(db, { id: userId }, ['password_hash', 'email', 'name']);
  if (!row || !(await verifyPassword(current, row.password_hash))) return 'wrong-current';
  if (isGuessablePassword(next, [row.email, row.name])) return 'guessable';
  await updateUser(db, userId, { password_hash: await hashPassword(next), must_change_password: false });
  return 'changed';
}

/**
 * An administrator sets a password for someone else (a forgotten one): its owner must choose their
 * own at the next login, and every session of theirs ends now.
 */
export async function setPasswordByAdmin(db: Knex, id: string, password: string): Promise<void> {
  if (password.length < PASSWORD_MIN_LENGTH) throw new Error(`password: must be at least ${PASSWORD_MIN_LENGTH} characters`);
  const hash = await hashPassword(password);
  await db.transaction(async (trx) => {
    await updateUser(trx, id, { password_hash: hash, must_change_password: true });
    await endUserSessions(trx, id);
  });
}

/** What still stands between a right password and a full session. */
export async function loginRequirements(db: Knex, id: string): Promise<{ role: StaffRole; mustChangePassword: boolean; secondFactor: boolean } | undefined> {
  const row = await activeUser(db, { id }, ['role', 'must_change_password', 'totp_enabled_at']);
  return row ? { role: row.role, mustChangePassword: row.must_change_password === true, secondFactor: row.totp_enabled_at !== null } : undefined;
}
