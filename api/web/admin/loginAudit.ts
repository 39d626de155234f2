/**
 * Staff logins in the administrators' audit trail: each success and failure, with the address it
 * came from, under the target "login" and the e-mail address typed (lowercased). A failure for an
 * address without an account is kept too, so guessing at accounts shows up.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { RateDecision } from '../../portal/rateLimit';
import type { StaffUser } from '../../portal/users';
import { storableText } from '../../../platform/store/text';
import { userIdAndNameByEmail } from '../../../platform/store/users';
import { recordAdminAction } from './audit';

async function actorFor(db: Knex, req: Request, typed: string, user: Pick<StaffUser, 'id' | 'name'> | undefined) {
  const known = user ?? (await userIdAndNameByEmail(db, typed));
  return { userId: known ? String(known.id) : 'unknown', name: known?.name ?? typed, ip: req.ip };
}

const typedEmail = (email: string) => storableText(email.trim().toLowerCase().slice(0, 320));

/** A password step: failed, or right with the login complete, or right with a further step due (second factor, new password, enrolment). */
export async function recordLogin(db: Knex, req: Request, email: string, user: StaffUser | undefined, outcome: 'complete' | 'password-only' = 'complete'): Promise<void> {
  const typed = typedEmail(email);
  const action = !user ? 'login.failed' : outcome === 'complete' ? 'login.succeeded' : 'login.password-accepted';
  await recordAdminAction(db, await actorFor(db, req, typed, user), { action, targetType: 'login', targetId: typed });
}

/**
 * A wrong secret that used up a login budget: from now until `until` the limiter refuses this
 * address or account (or, for the account from anywhere, slows it down). One row per lockout.
 */
export async function recordLockouts(db: Knex, req: Request, email: string, filled: RateDecision['filled'], user?: Pick<StaffUser, 'id' | 'name'>): Promise<void> {
  const typed = typedEmail(email);
  for (const f of filled) {
    await recordAdminAction(db, await actorFor(db, req, typed, user), {
      action: 'login.locked',
      targetType: 'login',
      targetId: typed,
      data: { limit: f.rule.name, subject: storableText(f.subject), attempts: f.rule.limit, until: f.until.toISOString(), slowDown: f.rule.slowDown === true },
    });
  }
}

/** The login's second step: a right or wrong code, or a recovery code spent. */
export async function recordSecondFactor(db: Knex, req: Request, user: Pick<StaffUser, 'id' | 'name' | 'email'>, outcome: 'totp' | 'recovery' | undefined): Promise<void> {
  const action = outcome === 'totp' ? 'login.second-factor-succeeded' : outcome === 'recovery' ? 'login.recovery-code-used' : 'login.second-factor-failed';
  await recordAdminAction(db, { userId: user.id, name: user.name, ip: req.ip }, { action, targetType: 'login', targetId: user.email });
}

/** A login that went on past its password step (code, new password, enrolment) and is now complete. */
export async function recordLoginCompleted(db: Knex, req: Request, user: Pick<StaffUser, 'id' | 'name' | 'email'>): Promise<void> {
  await recordAdminAction(db, { userId: user.id, name: user.name, ip: req.ip }, { action: 'login.succeeded', targetType: 'login', targetId: user.email });
}
