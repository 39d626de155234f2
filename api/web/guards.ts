/** Small checks the page routes share: rate limits, and which party a session speaks for. */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { hit, hitAll, peek, type RateLimit } from '../portal/rateLimit';
import type { SessionParty } from '../portal/sessions';
import { TooManyRequests } from './errors';

/**
 * Subjects come from what visitors type (an e-mail address, a case number); PostgreSQL refuses a NUL
 * byte in text, so it is replaced before the subject becomes part of a counter's key.
 */
function storable(rules: Array<[RateLimit, string]>): Array<[RateLimit, string]> {
  return rules.map(([rule, subject]) => [rule, subject.replace(/\0/g, '\uFFFD')]);
}

export async function rateLimit(db: Knex, rules: Array<[RateLimit, string]>): Promise<void> {
  const decision = await hitAll(db, storable(rules));
  if (!decision.allowed) throw new TooManyRequests(decision.retryAfter);
}

/**
 * For secrets being guessed (access codes, passwords, link tokens) only failures count: someone who
 * knows the secret is never slowed down, someone guessing is stopped after a few misses.
 */
export async function assertNotBlocked(db: Knex, rules: Array<[RateLimit, string]>): Promise<void> {
  const decisions = await Promise.all(storable(rules).map(([rule, subject]) => peek(db, rule, subject)));
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length) throw new TooManyRequests(Math.max(...refused.map((d) => d.retryAfter)));
}

export async function recordFailure(db: Knex, rules: Array<[RateLimit, string]>): Promise<void> {
  await Promise.all(storable(rules).map(([rule, subject]) => hit(db, rule, subject)));
}

export function clientIp(req: Request): string {
  return req.ip ?? 'unknown';
}

export function partyOf<K extends SessionParty['kind']>(req: Request, kind: K): Extract<SessionParty, { kind: K }> | undefined {
  const party = req.portal.session?.data.party;
  return party?.kind === kind ? (party as Extract<SessionParty, { kind: K }>) : undefined;
}
