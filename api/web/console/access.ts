/**
 * Who may do what in the console. Secretaries and chairs run cases; an administrator may look but
 * not act; a committee member sees only the cases whose panel they sit on, read-only (their own
 * work is on the panel pages). The session only says who logged in: the user is read again on
 * every request, so a disabled account or a changed role takes effect at once.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { findUser, type StaffRole } from '../../portal/users';
import { memberOfUser } from '../parties/panel';
import type { Actor } from '../../../contracts/messages';
import { partyOf } from '../guards';
import { staffActorId } from '../../../domain/actors';

export interface ConsoleUser {
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  /** 'panel': only cases with this member on the hearing panel. */
  scope: 'all' | 'panel';
  /** The committee member a member's account speaks for (as on the panel pages); none: no cases. */
  memberId?: string;
  /** Secretaries and chairs take actions; others only read. */
  canAct: boolean;
  /** Who the workflows see acting (four-eyes compares this id). */
  actor?: Actor;
  /** How reads and school links name this user in the logs. */
  logName: string;
}

export async function consoleUser(db: Knex, req: Request): Promise<ConsoleUser | undefined> {
  const party = partyOf(req, 'staff');
  if (!party) return undefined;
  const user = await findUser(db, party.userId);
  if (!user) return undefined;
  const canAct = user.role === 'secretary' || user.role === 'chair';
  const member = user.role === 'member' ? await memberOfUser(db, user.id, user) : undefined;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    scope: user.role === 'member' ? 'panel' : 'all',
    memberId: member?.memberId,
    canAct,
    actor: canAct ? { userId: staffActorId(user.id), role: user.role as 'secretary' | 'chair' } : undefined,
    logName: `${user.role}:${staffActorId(user.id)}`,
  };
}
