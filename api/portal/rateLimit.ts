/**
 * Rate limits, counted in PostgreSQL so they hold across API instances and restarts: a fixed window
 * per key (e.g. "access-code:ip:1.2.3.4"). One upsert per attempt; old windows are swept now and then.
 */
import type { Knex } from 'knex';

export interface RateLimit {
  /** Name of what is limited; part of the key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
}

export const LIMITS = {
  staffLoginPerAccount: { name: 'login:account', limit: 5, windowSeconds: 15 * 60 },
  staffLoginPerIp: { name: 'login:ip', limit: 30, windowSeconds: 15 * 60 },
  accessCodePerCase: { name: 'access-code:case', limit: 5, windowSeconds: 15 * 60 },
  accessCodePerIp: { name: 'access-code:ip', limit: 20, windowSeconds: 15 * 60 },
  schoolTokenPerIp: { name: 'school-token:ip', limit: 20, windowSeconds: 15 * 60 },
  uploadsPerParty: { name: 'upload:party', limit: 20, windowSeconds: 60 * 60 },
  intakePerIp: { name: 'intake:ip', limit: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimit>;

export async function hit(db: Knex, rule: RateLimit, subject: string, now = new Date()): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const key = `${rule.name}:${subject}`;
  const result = await db.raw<{ rows: Array<{ count: number }> }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING count`,
    [key, windowStart],
  );
  if (Math.random() < 0.01) await db('rate_limits').where('window_start', '<', new Date(now.getTime() - 24 * 3600_000)).delete();
  const count = result.rows[0].count;
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: count <= rule.limit, retryAfter };
}

/** Whether the rule's budget is already spent in this window, without counting this request. */
export async function peek(db: Knex, rule: RateLimit, subject: string, now = new Date()): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await db('rate_limits').where({ key: `${rule.name}:${subject}`, window_start: windowStart }).first('count');
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: (row?.count ?? 0) < rule.limit, retryAfter };
}

/** Hits every rule; the request goes on only when all allow it. */
export async function hitAll(db: Knex, rules: Array<[RateLimit, string]>): Promise<RateDecision> {
  const decisions = await Promise.all(rules.map(([rule, subject]) => hit(db, rule, subject)));
  const refused = decisions.filter((d) => !d.allowed);
  return refused.length ? { allowed: false, retryAfter: Math.max(...refused.map((d) => d.retryAfter)) } : { allowed: true, retryAfter: 0 };
}
