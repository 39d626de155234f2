/** Small checks the page routes share: rate limits, and which party a session speaks for. */
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import { storableText } from '../../platform/store/text';
import { clientKey } from '../clientAddress';
import { consume, forgive, spent, type RateDecision, type RateLimit } from '../portal/rateLimit';
import type { SessionParty } from '../portal/sessions';
import { findUser, type StaffUser } from '../portal/users';
import { endSession } from './context';
import { TooManyRequests } from './errors';

/**
 * Subjects come from what visitors type (an e-mail address, a case number); PostgreSQL refuses a NUL
 * byte in text, so it is replaced before the subject becomes part of a counter's key.
 */
function storable(rules: Array<[RateLimit, string]>): Array<[RateLimit, string]> {
  return rules.map(([rule, subject]) => [rule, storableText(subject)]);
}

/** Counts the request against every rule in one step; refused (429) once any budget is spent. */
export async function rateLimit(db: Knex, rules: Array<[RateLimit, string]>, field?: string): Promise<void> {
  await guessAttempt(db, rules, field);
}

/** Refuses (429) when a budget is already spent, without counting this request. */
export async function assertNotBlocked(db: Knex, rules: Array<[RateLimit, string]>, field?: string): Promise<void> {
  for (const [rule, subject] of storable(rules)) {
    const refused = await spent(db, rule, subject);
    if (refused) throw new TooManyRequests(refused.retryAfter, rule.reason, field);
  }
}

export interface Attempt {
  /** The secret was right: the attempt is taken off the counters again. */
  succeeded(): Promise<void>;
  /** The budgets this attempt used up: if the secret was wrong, the next attempt is refused or slowed. */
  filled: RateDecision['filled'];
}

/**
 * For secrets being guessed (access codes, passwords, link tokens): the attempt is counted before
 * the secret is checked, in the same step as the check of the budget, so parallel guesses cannot
 * slip past it; a right secret gives its count back, so someone who knows it is never slowed down.
 * A slow-down rule past its budget delays the check instead of refusing it.
 */
export async function guessAttempt(db: Knex, rules: Array<[RateLimit, string]>, field?: string): Promise<Attempt> {
  const decision = await consume(db, storable(rules));
  if (!decision.allowed) throw new TooManyRequests(decision.retryAfter, decision.refusedBy?.reason, field);
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  return { succeeded: () => forgive(db, decision.counted), filled: decision.filled };
}

export function clientIp(req: Request): string {
  return clientKey(req);
}

/**
 * The staff account behind the session, read again on each request; without a staff session, or
 * once the account is disabled (the session then ends), the visitor is sent to the login page and
 * undefined is returned.
 */
export async function currentStaffUser(db: Knex, req: Request, res: Response): Promise<StaffUser | undefined> {
  const staff = partyOf(req, 'staff');
  const user = staff ? await findUser(db, staff.userId) : undefined;
  if (!user) {
    if (staff) await endSession(db, req, res);
    res.redirect(303, '/inloggen');
  }
  return user;
}

export function partyOf<K extends SessionParty['kind']>(req: Request, kind: K): Extract<SessionParty, { kind: K }> | undefined {
  const party = req.portal.session?.data.party;
  return party?.kind === kind ? (party as Extract<SessionParty, { kind: K }>) : undefined;
}
