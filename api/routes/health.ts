/** Liveness of the two real parts everything depends on: 200 when both answer, 503 otherwise. */
import { Router } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';

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
  router.get('/', async (_req, res) => {
    const [postgres, temporal] = await Promise.all([
      probe(() => deps.db.raw('select 1'), 2000),
      probe(deps.temporalProbe ?? (() => deps.temporal.connection.workflowService.getSystemInfo({})), 2000),
    ]);
    const ok = postgres.ok && temporal.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', postgres, temporal });
  });
  return router;
}
