/**
 * Committee members as the administrators keep them: the pool the hearing workflow draws panels
 * from (activities/hearings.ts reads `active` and `conflicts`). Ties are BRIN codes or school-board
 * names, compared by domain/hearing.ts's hasConflict (trimmed, case-insensitive), so they are
 * stored as typed, one per entry, without duplicates. Members are never deleted: past panels
 * (hearing_panel_assignments) refer to them; deactivating takes them out of future draws.
 */
import type { Knex } from 'knex';
import { recordAdminAction, type AdminActor } from './audit';
import { insertMember, memberIdLinkedTo, memberRow, memberRows, panelAccountRows, updateMemberRow } from '../../../platform/store/committeeMembers';

export const MEMBER_ROLES = ['chair', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface CommitteeMember {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  active: boolean;
  ties: string[];
  /** The staff account that speaks for the member on the panel pages; null: the account with the same e-mail. */
  userId: string | null;
}

export interface MemberInput {
  name: string;
  email: string;
  role: MemberRole;
  ties: string[];
  userId: string | null;
}

const COLUMNS = ['id', 'name', 'email', 'role', 'active', 'conflicts', 'user_id'] as const;

function toMember(r: { id: string | number; name: string; email: string; role: MemberRole; active: boolean; conflicts: unknown; user_id: string | number | null }): CommitteeMember {
  const ties = Array.isArray(r.conflicts) ? r.conflicts.filter((c): c is string => typeof c === 'string') : [];
  return { id: String(r.id), name: r.name, email: r.email, role: r.role, active: r.active, ties, userId: r.user_id === null ? null : String(r.user_id) };
}

/** Staff accounts that may speak for a committee member (panel roles, not disabled), for the form's choice. */
export async function panelAccounts(db: Knex): Promise<Array<{ id: string; name: string; email: string; role: string }>> {
  const rows = await panelAccountRows(db);
  return rows.map((r) => ({ ...r, id: String(r.id) }));
}

/** The member another account is already linked to (one member per account), if any. */
export async function memberLinkedTo(db: Knex, userId: string, exceptMemberId?: string): Promise<string | undefined> {
  const row = await memberIdLinkedTo(db, userId, exceptMemberId);
  return row ? String(row.id) : undefined;
}

/** One tie per line (or separated by semicolons); blanks and repeats (ignoring case) dropped. */
export function parseTies(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\r\n;]+/)) {
    const tie = raw.trim().replace(/\s+/g, ' ').slice(0, 200);
    if (!tie || seen.has(tie.toLowerCase())) continue;
    seen.add(tie.toLowerCase());
    out.push(tie);
  }
  return out;
}

export async function listMembers(db: Knex): Promise<CommitteeMember[]> {
  const rows = await memberRows(db, COLUMNS);
  return rows.map(toMember);
}

export async function getMember(db: Knex, id: string): Promise<CommitteeMember | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const row = await memberRow(db, id, COLUMNS);
  return row ? toMember(row) : undefined;
}

export async function addMember(db: Knex, actor: AdminActor, input: MemberInput): Promise<CommitteeMember> {
  return db.transaction(async (trx) => {
    const row = await insertMember(trx, { name: input.name, email: input.email.trim().toLowerCase(), role: input.role, conflicts: JSON.stringify(input.ties), user_id: input.userId }, COLUMNS);
    const member = toMember(row);
    await recordAdminAction(trx, actor, {
      action: 'member.created',
      targetType: 'committee-member',
      targetId: member.id,
      data: { after: { name: member.name, email: member.email, role: member.role, ties: member.ties, userId: member.userId } },
    });
    return member;
  });
}

export async function updateMember(db: Knex, actor: AdminActor, id: string, input: MemberInput): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await getMember(trx, id);
    if (!before) throw new Error(`committee member ${id} not found`);
    const after = { name: input.name, email: input.email.trim().toLowerCase(), role: input.role, ties: input.ties, userId: input.userId };
    await updateMemberRow(trx, id, { name: after.name, email: after.email, role: after.role, conflicts: JSON.stringify(after.ties), user_id: after.userId });
    await recordAdminAction(trx, actor, {
      action: 'member.updated',
      targetType: 'committee-member',
      targetId: id,
      data: { before: { name: before.name, email: before.email, role: before.role, ties: before.ties, userId: before.userId }, after },
    });
  });
}

/**
 * Takes a member out of (or back into) the draw. Panels already formed keep the member: the hearing
 * workflow reuses a case's assignments (selectPanel is idempotent), so this affects new draws only.
 */
export async function setMemberActive(db: Knex, actor: AdminActor, id: string, active: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    await updateMemberRow(trx, id, { active });
    await recordAdminAction(trx, actor, { action: active ? 'member.activated' : 'member.deactivated', targetType: 'committee-member', targetId: id });
  });
}
