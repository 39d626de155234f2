/**
 * Data access for committee members (the people hearing panels are drawn from; api/web/admin/members.ts
 * holds the administrators' rules) and the staff accounts that may speak for one.
 */
import type { Knex } from 'knex';

/** Staff accounts with a panel role, not disabled, by name. */
export async function panelAccountRows(db: Knex): Promise<Array<{ id: string; name: string; email: string; role: string }>> {
  return db('users').whereIn('role', ['chair', 'member']).whereNull('disabled_at').orderBy(['name', 'id']).select('id', 'name', 'email', 'role');
}

/** The member linked to this account, other than `exceptMemberId`. */
export async function memberIdLinkedTo(db: Knex, userId: string, exceptMemberId?: string): Promise<{ id: string } | undefined> {
  const q = db('committee_members').where({ user_id: userId });
  if (exceptMemberId) q.whereNot({ id: exceptMemberId });
  return q.first('id');
}

/** Every member, active ones first, by role and name. */
export async function memberRows(db: Knex, columns: readonly string[]) {
  return db('committee_members').orderBy([{ column: 'active', order: 'desc' }, 'role', 'name', 'id']).select(...columns);
}

export async function memberRow(db: Knex, id: string, columns: readonly string[]) {
  return db('committee_members').where({ id }).first(...columns);
}

export async function insertMember(trx: Knex, row: Record<string, unknown>, columns: readonly string[]) {
  const [created] = await trx('committee_members').insert(row).returning([...columns]);
  return created;
}

export async function updateMemberRow(trx: Knex, id: string, changes: Record<string, unknown>): Promise<void> {
  await trx('committee_members').where({ id }).update(changes);
}
