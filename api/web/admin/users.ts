/**
 * Staff users as the administrators manage them: each change and its audit row in one transaction.
 * Passwords are hashed by api/portal/users.ts (scrypt); the audit trail never sees them.
 */
import type { Knex } from 'knex';
import { removeSecondFactor } from '../../portal/twoFactor';
import { createUser, endUserSessions, getUser, setPasswordByAdmin, setUserDisabled, setUserRole, type StaffRole, type StaffUser } from '../../portal/users';
import { recordAdminAction, type AdminActor } from './audit';

export async function createStaffUser(db: Knex, actor: AdminActor, input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
  return db.transaction(async (trx) => {
    // The administrator knows this password: its owner must replace it at the first login.
    const user = await createUser(trx, { ...input, mustChangePassword: true });
    await recordAdminAction(trx, actor, { action: 'user.created', targetType: 'user', targetId: user.id, data: { after: { email: user.email, name: user.name, role: user.role } } });
    return user;
  });
}

export async function changeRole(db: Knex, actor: AdminActor, id: string, role: StaffRole): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await getUser(trx, id);
    if (!before || before.role === role) return;
    await setUserRole(trx, id, role);
    await recordAdminAction(trx, actor, { action: 'user.role-changed', targetType: 'user', targetId: id, data: { before: { role: before.role }, after: { role } } });
  });
}

export async function setDisabled(db: Knex, actor: AdminActor, id: string, disabled: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await getUser(trx, id);
    if (!before || (before.disabledAt !== null) === disabled) return;
    await setUserDisabled(trx, id, disabled);
    await recordAdminAction(trx, actor, { action: disabled ? 'user.disabled' : 'user.enabled', targetType: 'user', targetId: id });
  });
}

/** A new password for a user who forgot theirs: they must choose their own at the next login. */
export async function resetPassword(db: Knex, actor: AdminActor, id: string, password: string): Promise<void> {
  await db.transaction(async (trx) => {
    await setPasswordByAdmin(trx, id, password);
    await recordAdminAction(trx, actor, { action: 'user.password-reset', targetType: 'user', targetId: id });
  });
}

/** Erases a user's second factor (lost phone and recovery codes); they enrol again at the next login. */
export async function resetSecondFactor(db: Knex, actor: AdminActor, id: string): Promise<void> {
  await db.transaction(async (trx) => {
    await removeSecondFactor(trx, id);
    await endUserSessions(trx, id);
    await recordAdminAction(trx, actor, { action: 'user.second-factor-reset', targetType: 'user', targetId: id });
  });
}
