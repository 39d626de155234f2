/**
 * Liveness of the two real parts everything depends on: 200 when both answer, 503 otherwise.
 * Anonymous callers (load balancers, anyone) get the status only; which part failed, its error
 * text and latencies name internals, so they go only to a staff API token (not a school's).
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import { pingDatabase } from '../../platform/store/health';
import type { Client } from '@temporalio/client';
import { userForToken } from '../services/staffTokens';

async function isStaff(db: Knex, authorization: string | undefined): Promise<boolean> {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  const user = token ? await userForToken(db, token).catch(() => undefined) : undefined;
  return user !== undefined && user.role !== 'school';
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (err) {
    return { ok: false, latencyMs: Date.now() - started, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRouter(deps: { db: Knex; temporal: Client; temporalProbe?: () => Promise<unknown> }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const [postgres, temporal] = await Promise.all([
      probe(() => pingDatabase(deps.db), 2000),
      probe(deps.temporalProbe ?? (() => deps.temporal.connection.workflowService.getSystemInfo({})), 2000),
    ]);
    const ok = postgres.ok && temporal.ok;
    const status = ok ? 'ok' : 'unavailable';
    // With PostgreSQL down the token cannot be checked: then nobody gets details.
    const details = postgres.ok && (await isStaff(deps.db, req.get('Authorization')));
    res.status(ok ? 200 : 503).json(details ? { status, postgres, temporal } : { status });
  });
  return router;
}
