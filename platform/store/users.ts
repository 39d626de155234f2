/**
 * Data access for staff accounts (`users`; api/portal/users.ts holds their rules: passwords, roles,
 * what a login still needs). E-mail addresses are stored trimmed and in lower case.
 */
import type { Knex } from 'knex';

export async function insertUser(db: Knex, row: Record<string, unknown>) {
  const [created] = await db('users').insert(row).returning(['id', 'email', 'name', 'role']);
  return created;
}

/** An account that may log in, by id, or with its e-mail address (as stored). */
export async function activeUser(db: Knex, where: { id: string } | { email: string }, columns?: string[]) {
  const q = db('users').where(where).whereNull('disabled_at');
  return columns ? q.first(...columns) : q.first();
}

/** Any account by id, disabled or not. */
export async function userById(db: Knex, id: string, columns: readonly string[]) {
  return db('users').where({ id }).first(...columns);
}

export async function userIdByEmail(db: Knex, email: string): Promise<{ id: string } | undefined> {
  return db('users').where({ email }).first('id');
}

/** Any account's id and name by its e-mail address (as stored), disabled or not. */
export async function userIdAndNameByEmail(db: Knex, email: string): Promise<{ id: string; name: string } | undefined> {
  return db('users').where({ email }).first('id', 'name');
}

/** Every account, enabled ones first, by name. */
export async function listUserRows(db: Knex, columns: readonly string[]) {
  return db('users').orderBy([{ column: 'disabled_at', order: 'asc', nulls: 'first' }, 'name', 'id']).select(...columns);
}

export async function updateUser(db: Knex, id: string, changes: Record<string, unknown>): Promise<void> {
  await db('users').where({ id }).update(changes);
}

export async function touchLastLogin(db: Knex, id: string): Promise<void> {
  await db('users').where({ id }).update({ last_login_at: db.fn.now() });
}

/** The names of these accounts (the audit trail shows names instead of ids). */
export async function userNames(db: Knex, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  return db('users').whereIn('id', ids).select('id', 'name');
}

/** Disables the account now, or enables it again. */
export async function setDisabledAt(db: Knex, id: string, disabled: boolean): Promise<void> {
  await db('users').where({ id }).update({ disabled_at: disabled ? db.fn.now() : null });
}
