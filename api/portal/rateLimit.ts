/**
 * Rate limits, counted in PostgreSQL so they hold across API instances and restarts: a fixed window
 * per key (e.g. "access-code:ip:1.2.3.4"). Checking and counting are one step: each rule is one
 * conditional upsert that counts the attempt only while the budget lasts, and all rules of a request
 * run in one transaction (rows locked in key order), so a burst of parallel requests cannot all read
 * "budget left" before any of them is counted.
 *
 * Two kinds of rule: a hard rule refuses (429) once its budget is spent; a slow-down rule never
 * refuses but delays the request more the further past its budget it is. The per-account rules that
 * an attacker could fill from elsewhere are slow-down rules, so nobody can lock a legitimate user out.
 */
import type { Knex } from 'knex';
import { countAttempt, decrementCounter, deleteOldCounters, readCounter } from '../../platform/store/rateLimits';

export interface RateLimit {
  /** Name of what is limited; part of the key. */
  name: string;
  limit: number;
  windowSeconds: number;
  /** Why a request is refused, in English, for the JSON API's error. */
  reason: string;
  /** Past the budget the request is delayed instead of refused. */
  slowDown?: boolean;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
  /** The first refusing rule. */
  refusedBy?: RateLimit;
  /** How long a slow-down rule asks the request to wait before it is evaluated. */
  delayMs: number;
  /** The counted windows, to give back with `forgive` when the attempt turns out legitimate. */
  counted: Array<{ key: string; windowStart: Date }>;
  /**
   * The rules whose budget this attempt used up: from the next attempt on, a hard rule refuses and
   * a slow-down rule delays. Exactly one attempt per window fills a budget, so a lockout is noticed
   * once (and logged once), however many requests arrive in parallel.
   */
  filled: Array<{ rule: RateLimit; subject: string; until: Date }>;
}

const MINUTE = 60;

export const LIMITS = {
  /** Wrong passwords from one client, whichever accounts it tries. */
  staffLoginPerIp: { name: 'login:ip', limit: 30, windowSeconds: 15 * MINUTE, reason: 'too many failed logins from this client' },
  /** Wrong passwords for one account from one client (subject: account|client), or for one's own account when changing the password. */
  staffLoginPerAccount: { name: 'login:account', limit: 5, windowSeconds: 15 * MINUTE, reason: 'too many failed logins for this account' },
  /** Wrong passwords for one account from anywhere: only slows down, never locks the owner out. */
  staffLoginPerAccountSlow: { name: 'login:account-all', limit: 20, windowSeconds: 15 * MINUTE, reason: 'too many failed logins for this account', slowDown: true },
  /**
   * Wrong second-factor codes for one account from anywhere. A hard limit, unlike the password's: only
   * someone who already knows the password reaches this step, and a million six-digit codes must not
   * be tried from many addresses at once. 10 per 15 minutes makes guessing a code take years.
   */
  staffSecondFactorPerAccount: { name: 'login:second-factor', limit: 10, windowSeconds: 15 * MINUTE, reason: 'too many wrong codes for this account' },
  accessCodePerIp: { name: 'access-code:ip', limit: 20, windowSeconds: 15 * MINUTE, reason: 'too many wrong access codes from this client' },
  /** Wrong codes for one case from one client (subject: case|client). */
  accessCodePerCase: { name: 'access-code:case', limit: 5, windowSeconds: 15 * MINUTE, reason: 'too many wrong access codes for this case' },
  /** Wrong codes for one case from anywhere: only slows down. */
  accessCodePerCaseSlow: { name: 'access-code:case-all', limit: 20, windowSeconds: 15 * MINUTE, reason: 'too many wrong access codes for this case', slowDown: true },
  /** Requests for a new access code from one client (each may mail a code). */
  accessCodeReissuePerIp: { name: 'access-code-reissue:ip', limit: 5, windowSeconds: 60 * MINUTE, reason: 'too many requests for a new access code from this client' },
  /** Requests for a new access code for one case number, from anywhere: the complainant's mailbox is not flooded. */
  accessCodeReissuePerCase: { name: 'access-code-reissue:case', limit: 3, windowSeconds: 24 * 60 * MINUTE, reason: 'too many requests for a new access code for this case' },
  /** Requests for a board contact's login link from one client (each may mail a link). */
  boardLoginLinkPerIp: { name: 'board-login-link:ip', limit: 10, windowSeconds: 60 * MINUTE, reason: 'too many requests for a login link from this client' },
  /** Requests for a login link for one address, from anywhere: the contact's mailbox is not flooded. */
  boardLoginLinkPerAddress: { name: 'board-login-link:address', limit: 5, windowSeconds: 60 * MINUTE, reason: 'too many requests for a login link for this address' },
  schoolTokenPerIp: { name: 'school-token:ip', limit: 20, windowSeconds: 15 * MINUTE, reason: 'too many unknown school links from this client' },
  /** Unknown personal codes of persons complained about (/betrokkene/<code>) from one client. */
  respondentLinkPerIp: { name: 'respondent-link:ip', limit: 20, windowSeconds: 15 * MINUTE, reason: 'too many unknown personal links from this client' },
  uploadsPerParty: { name: 'upload:party', limit: 20, windowSeconds: 60 * MINUTE, reason: 'too many submissions for this case' },
  /** Anonymous complaints (each mails a letter to the address given) from one client. */
  intakePerIp: { name: 'intake:ip', limit: 10, windowSeconds: 60 * MINUTE, reason: 'too many complaints filed from this client' },
  intakePerIpDay: { name: 'intake:ip-day', limit: 30, windowSeconds: 24 * 60 * MINUTE, reason: 'too many complaints filed from this client today' },
} satisfies Record<string, RateLimit>;

/** Longest delay a slow-down rule adds; each attempt past the budget adds a step. */
const SLOW_STEP_MS = 500;
const SLOW_MAX_MS = 5_000;

function windowOf(rule: RateLimit, now: Date): { windowStart: Date; retryAfter: number } {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { windowStart, retryAfter: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)) };
}

class Refused extends Error {
  constructor(readonly decision: RateDecision) {
    super('rate limit reached');
  }
}

/**
 * Checks and counts one attempt against every rule, atomically: either every hard rule has budget
 * left and the attempt is counted by all, or nothing is counted and the request is refused.
 */
export async function consume(db: Knex, rules: Array<[RateLimit, string]>, now = new Date()): Promise<RateDecision> {
  const entries = rules
    .map(([rule, subject]) => ({ rule, subject, key: `${rule.name}:${subject}`, ...windowOf(rule, now) }))
    // One lock order for every request: two requests sharing keys cannot deadlock.
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let decision: RateDecision;
  try {
    decision = await db.transaction(async (trx) => {
      let delayMs = 0;
      const filled: RateDecision['filled'] = [];
      for (const e of entries) {
        // The WHERE makes the update a no-op (no row returned) once a hard rule's budget is spent;
        // the row stays locked until the transaction ends, so parallel attempts queue here.
        const count = await countAttempt(trx, e.key, e.windowStart, e.rule.slowDown === true, e.rule.limit);
        // Throwing rolls back what earlier rules counted: a refused attempt counts nowhere.
        if (count === undefined) throw new Refused({ allowed: false, retryAfter: e.retryAfter, refusedBy: e.rule, delayMs: 0, counted: [], filled: [] });
        if (count === e.rule.limit) filled.push({ rule: e.rule, subject: e.subject, until: new Date(e.windowStart.getTime() + e.rule.windowSeconds * 1000) });
        if (count > e.rule.limit) delayMs = Math.max(delayMs, Math.min(SLOW_MAX_MS, (count - e.rule.limit) * SLOW_STEP_MS));
      }
      return { allowed: true, retryAfter: 0, delayMs, counted: entries.map(({ key, windowStart }) => ({ key, windowStart })), filled };
    });
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    decision = err.decision;
  }
  if (Math.random() < 0.01) await deleteOldCounters(db, new Date(now.getTime() - 48 * 3600_000));
  return decision;
}

/**
 * Whether a hard rule's budget is already spent in this window, counting nothing: for checks made
 * before a request's body is read (the request is counted later, by `consume`, once it is whole).
 */
export async function spent(db: Knex, rule: RateLimit, subject: string, now = new Date()): Promise<RateDecision | undefined> {
  const { windowStart, retryAfter } = windowOf(rule, now);
  const row = await readCounter(db, `${rule.name}:${subject}`, windowStart);
  return !rule.slowDown && (row?.count ?? 0) >= rule.limit ? { allowed: false, retryAfter, refusedBy: rule, delayMs: 0, counted: [], filled: [] } : undefined;
}

/** Gives back what `consume` counted: an attempt with the right secret is not a failure. */
export async function forgive(db: Knex, counted: RateDecision['counted']): Promise<void> {
  for (const c of counted) {
    await decrementCounter(db, c.key, c.windowStart);
  }
}
