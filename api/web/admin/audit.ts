/**
 * The administrators' audit trail (table admin_audit, append-only): one row per change, written in
 * the same transaction as the change itself, so there is never a change without its row.
 */
import type { Knex } from 'knex';
import { insertAdminAudit, recentAdminAuditRows } from '../../../platform/store/adminAudit';

export interface AdminActor {
  userId: string;
  name: string;
  ip?: string;
}

export type AdminAction =
  | 'user.created'
  | 'user.role-changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'member.created'
  | 'member.updated'
  | 'member.deactivated'
  | 'member.activated'
  | 'token.revoked'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.password-accepted'
  | 'login.locked'
  | 'login.second-factor-succeeded'
  | 'login.second-factor-failed'
  | 'login.recovery-code-used'
  | 'password.changed'
  | 'second-factor.enabled'
  | 'user.password-reset'
  | 'user.second-factor-reset'
  | 'board.affiliation-changed'
  | 'school.entered'
  | 'board-contact.invited'
  | 'board-contact.disabled'
  | 'board-contact.login-link-used'
  | 'policy.drafted'
  | 'policy.approved'
  | 'policy.discarded';

export async function recordAdminAction(
  db: Knex,
  actor: AdminActor,
  entry: { action: AdminAction; targetType: 'user' | 'committee-member' | 'api-token' | 'login' | 'board' | 'school' | 'board-contact' | 'policy-version'; targetId: string; data?: Record<string, unknown> },
): Promise<void> {
  await insertAdminAudit(db, {
    actor_user_id: actor.userId,
    actor_name: actor.name,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    data: JSON.stringify(entry.data ?? {}),
    ip: actor.ip ?? null,
  });
}

export interface AdminAuditRow {
  id: string;
  actorName: string;
  action: AdminAction;
  targetType: string;
  targetId: string;
  data: Record<string, unknown>;
  at: Date;
}

export async function recentAdminActions(db: Knex, limit = 100): Promise<AdminAuditRow[]> {
  const rows = await recentAdminAuditRows(db, limit);
  return rows.map((r) => ({ id: String(r.id), actorName: r.actor_name, action: r.action, targetType: r.target_type, targetId: r.target_id, data: r.data, at: r.at }));
}
