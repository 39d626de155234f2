/**
 * Staff logins in the administrators' audit trail: each success and failure, with the address it
 * came from, under the target "login" and the e-mail address typed (lowercased). A failure for an
 * address without an account is kept too, so guessing at accounts shows up.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { StaffUser } from '../../portal/users';
import { storableText } from '../../../platform/store/text';
import { recordAdminAction } from './audit';

export async function recordLogin(db: Knex, req: Request, email: string, user: StaffUser | undefined): Promise<void> {
  const typed = storableText(email.trim().toLowerCase().slice(0, 320));
  const known = user ?? (await db('users').where({ email: typed }).first('id', 'name'));
  await recordAdminAction(
    db,
    { userId: known ? String(known.id) : 'unknown', name: known?.name ?? typed, ip: req.ip },
    { action: user ? 'login.succeeded' : 'login.failed', targetType: 'login', targetId: typed },
  );
}
