/**
 * Staff users as the administrators manage them: each change and its audit row in one transaction.
 * Passwords are hashed by api/portal/users.ts (scrypt); the audit trail never sees them.
 */
import type { Knex } from 'knex';
import { createUser, getUser, setUserDisabled, setUserRole, type StaffRole, type StaffUser } from '../../portal/users';
import { recordAdminAction, type AdminActor } from './audit';

export async function createStaffUser(db: Knex, actor: AdminActor, input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffUser> {
  return db.transaction(async (trx) => {
    const user = await createUser(trx, input);
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
