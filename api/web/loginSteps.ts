/**
 * The staff login after the password: what is still due before a full staff session. In order:
 * the second factor (when the account has one), a new password (when an administrator chose the
 * current one), and the enrolment of a second factor (when the account's role requires one and it
 * has none yet). Until then the session is a 'staff-pending' one, which no staff page accepts: each
 * sends it to /inloggen, and /inloggen sends it to the step that is due.
 */
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import type { SessionParty } from '../portal/sessions';
import { loginRequirements, type StaffRole } from '../portal/users';
import { endSession, startPartySession } from './context';
import { partyOf } from './guards';
import { staffLanding } from './staffMenu';

export type LoginStep = 'second-factor' | 'password' | 'enrol';
type Pending = Extract<SessionParty, { kind: 'staff-pending' }>;

export const STEP_PATHS: Record<LoginStep, string> = { 'second-factor': '/inloggen/code', password: '/wachtwoord', enrol: '/tweestapsverificatie' };

/** The step due for this account, 'done' for none, or undefined when the account is gone or disabled. */
export async function stepDue(db: Knex, userId: string, secondFactorPassed: boolean, requiredRoles: readonly StaffRole[]): Promise<{ step: LoginStep | 'done'; role: StaffRole } | undefined> {
  const r = await loginRequirements(db, userId);
  if (!r) return undefined;
  if (r.secondFactor && !secondFactorPassed) return { step: 'second-factor', role: r.role };
  if (r.mustChangePassword) return { step: 'password', role: r.role };
  if (!r.secondFactor && requiredRoles.includes(r.role)) return { step: 'enrol', role: r.role };
  return { step: 'done', role: r.role };
}

/**
 * Starts the session that fits what is due (each step proven starts a fresh one) and says where to
 * go next: the step's page, or the staff start page once nothing is due.
 */
export async function advanceLogin(
  db: Knex,
  req: Request,
  res: Response,
  who: { userId: string; name: string },
  secondFactorPassed: boolean,
  requiredRoles: readonly StaffRole[],
): Promise<string> {
  const due = await stepDue(db, who.userId, secondFactorPassed, requiredRoles);
  if (!due) {
    await endSession(db, req, res);
    return '/inloggen';
  }
  if (due.step === 'done') {
    await startPartySession(db, req, res, { kind: 'staff', userId: who.userId, role: due.role, name: who.name });
    // Each role starts at its own work: the console, the panel pages or /beheer.
    return staffLanding(due.role);
  }
  await startPartySession(db, req, res, { kind: 'staff-pending', userId: who.userId, role: due.role, name: who.name, secondFactorPassed });
  return STEP_PATHS[due.step];
}

/**
 * The pending login when `step` is the one due now; otherwise the visitor is redirected (to the
 * step that is due, or to the login) and undefined is returned.
 */
export async function pendingAt(db: Knex, req: Request, res: Response, step: LoginStep, requiredRoles: readonly StaffRole[]): Promise<Pending | undefined> {
  const pending = partyOf(req, 'staff-pending');
  const due = pending ? await stepDue(db, pending.userId, pending.secondFactorPassed, requiredRoles) : undefined;
  if (pending && due?.step === step) return pending;
  if (pending && !due) await endSession(db, req, res);
  // 'done' cannot be reached without a fresh session: log in again.
  res.redirect(303, due && due.step !== 'done' ? STEP_PATHS[due.step] : '/inloggen');
  return undefined;
}

/** Where a pending login continues, for the login page it was sent back to. */
export async function pendingStepPath(db: Knex, req: Request, requiredRoles: readonly StaffRole[]): Promise<string | undefined> {
  const pending = partyOf(req, 'staff-pending');
  if (!pending) return undefined;
  const due = await stepDue(db, pending.userId, pending.secondFactorPassed, requiredRoles);
  return due && due.step !== 'done' ? STEP_PATHS[due.step] : undefined;
}
