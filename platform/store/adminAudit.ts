/**
 * Data access for the administrators' audit trail (`admin_audit`, append-only; api/web/admin/audit.ts
 * holds its actions and is called in the same transaction as the change it records).
 */
import type { Knex } from 'knex';

export async function insertAdminAudit(db: Knex, row: {
  actor_user_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  data: string;
  ip: string | null;
}): Promise<void> {
  await db('admin_audit').insert(row);
}

/** The newest `limit` rows, newest first. */
export async function recentAdminAuditRows(db: Knex, limit: number) {
  return db('admin_audit').orderBy('id', 'desc').limit(limit).select('*');
}
