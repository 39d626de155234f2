/** Committee staff who log in to the portal: secretaries, chairs, members and administrators. */
import type { Knex } from 'knex';
import { dummyPasswordHash, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords';

export const STAFF_ROLES = ['secretary', 'chair', 'member', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export async function createUser(db: Knex, user: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
  if (user.password.length < PASSWORD_MIN_LENGTH) throw new Error(`password: must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (!STAFF_ROLES.includes(user.role)) throw new Error(`role: must be one of ${STAFF_ROLES.join(', ')}`);
  const [row] = await db('users')
    .insert({ email: user.email.trim().toLowerCase(), name: user.name, role: user.role, password_hash: await hashPassword(user.password) })
    .returning(['id', 'email', 'name', 'role']);
  return { ...row, id: String(row.id) };
}

/** The user with this e-mail and password, or undefined; as slow for an unknown e-mail as for a known one. */
export async function authenticate(db: Knex, email: string, password: string): Promise<StaffUser | undefined> {
  const row = await db('users').where({ email: email.trim().toLowerCase() }).whereNull('disabled_at').first();
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || !ok) return undefined;
  await db('users').where({ id: row.id }).update({ last_login_at: db.fn.now() });
  return { id: String(row.id), email: row.email, name: row.name, role: row.role };
}

export async function findUser(db: Knex, id: string): Promise<StaffUser | undefined> {
  const row = await db('users').where({ id }).whereNull('disabled_at').first('id', 'email', 'name', 'role');
  return row ? { ...row, id: String(row.id) } : undefined;
}
