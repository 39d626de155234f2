/**
 * One chaos run: the real stack as separate processes, a load of cases driven through intake,
 * actions and letters, and meanwhile the worker, the API, the Temporal server and PostgreSQL
 * SIGKILLed in turn at random moments (seeded) and started again. After a drain it checks that
 * nothing was lost, duplicated or left stuck, and measures how long each part took to recover.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createApiToken } from '../../api/services/staffTokens';
import { createServiceAccount } from '../../api/portal/users';
import { openDatabase } from '../../platform/services';
import { runPool } from '../bench/stats';
import { checkOutcome, lettersInFlight, type CheckResult } from './checks';
import { ChaosClient } from './client';
import { CHAOS_SCHOOL, LoadGenerator, planCases, TARGET_STATUS, type CaseRecord } from './load';
import { seededRng } from './rng';
import { ChaosStack, KILLABLE, type Killable, type UnexpectedExit } from './stack';

export interface ChaosOptions {
  cases: number;
  seed: number;
  /** Kills in all, in turn worker → api → temporal → postgres → worker … */
  kills: number;
  concurrency: number;
  /**
   * Random pause (0…jitterMs) after a kill's turn came. Kill k of n comes once (k + ½)/n of the
   * cases are through their scenario (and the previous part recovered), so the kills are spread over
   * the whole load rather than bunched at its start.
   */
  jitterMs: number;
  drainTimeoutMs: number;
  /** Keep the run directory (data, logs) afterwards; it is always kept when a check fails. */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface KillRecord {
  component: Killable;
  at: string;
  /** Kill → the part's new process is up (listening, or its own health check passes). */
  restartMs: number;
  /** Kill → the API's /health (PostgreSQL and Temporal) and the worker's /health both answer 200. */
  recoveryMs: number;
  /** Kill → the first action taken successfully by a request started after the kill. */
  firstActionMs: number | null;
}

export interface ChaosReport {
  seed: number;
  cases: number;
  concurrency: number;
  startedAt: string;
  loadMs: number;
  drainMs: number;
  totalMs: number;
  kills: KillRecord[];
  retries: { total: number; byOperation: Record<string, number>; requestsGivenUp: number };
  intake: { created201: number; replayed200: number };
  stepsFoundDoneOnRetry: number;
  unexpectedExits: UnexpectedExit[];
  checks: CheckResult;
  /** Each check and its count; every one must be 0. */
  zeros: Record<string, number>;
  passed: boolean;
  runDir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many cases must be through their scenario before kill k (0-based) of `kills`. */
export function killTurn(k: number, kills: number, cases: number): number {
  return Math.floor((cases * (k + 0.5)) / kills);
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? ((line: string) => console.error(`[chaos] ${line}`));
  const startedAt = new Date();
  const rng = seededRng(opts.seed);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-chaos-'));
  const stack = new ChaosStack(runDir, log);
  log(`seed ${opts.seed}, ${opts.cases} cases, ${opts.kills} kills, run directory ${runDir}`);
  let report: ChaosReport | undefined;
  try {
    await stack.startDatabase();
    const db = await openDatabase(stack.databaseUrl, log);
    try {
      await db('schools')
        .insert({ brin: CHAOS_SCHOOL.brin, name: CHAOS_SCHOOL.name, sector: CHAOS_SCHOOL.sector, board_name: CHAOS_SCHOOL.boardName, board_email: CHAOS_SCHOOL.boardEmail })
        .onConflict('brin')
        .ignore();
      const tokens = {
        secretary: await createApiToken(db, { staffUserId: (await createServiceAccount(db, { name: 'Secretaris Chaos', role: 'secretary' })).id }),
        chair: await createApiToken(db, { staffUserId: (await createServiceAccount(db, { name: 'Voorzitter Chaos', role: 'chair' })).id }),
        deputyChair: await createApiToken(db, { staffUserId: (await createServiceAccount(db, { name: 'Plaatsvervangend voorzitter Chaos', role: 'chair' })).id }),
        school: await createApiToken(db, { school: { subject: 'chaos-school', brin: CHAOS_SCHOOL.brin }, name: CHAOS_SCHOOL.boardName }),
      };
      await stack.startRest();
      log(`stack up: api ${stack.apiUrl}, temporal ${stack.temporalAddress}, smtp ${stack.smtpUrl}`);

      const client = new ChaosClient(() => stack.apiUrl, log);
      const actionSuccesses: Array<{ startedAt: number; endedAt: number }> = [];
      client.onSuccess = (label, startedAtMs) => {
        if (label.startsWith('action:')) actionSuccesses.push({ startedAt: startedAtMs, endedAt: Date.now() });
      };
      const load = new LoadGenerator(client, tokens, log);
      const cases: CaseRecord[] = planCases(opts.cases, opts.seed, rng);
      const loadStarted = Date.now();
      let loadDone = false;
      let finished = 0;
      const loadRun = runPool(cases.length, opts.concurrency, async (i) => {
        await load.runCase(cases[i]);
        finished++;
        if (finished % 20 === 0) log(`${finished}/${cases.length} cases through their scenario`);
      }).finally(() => {
        loadDone = true;
      });

      const kills: Array<{ component: Killable; at: number; restartMs: number; recoveryMs: number }> = [];
      const monkey = (async () => {
        for (let k = 0; k < opts.kills; k++) {
          const component = KILLABLE[k % KILLABLE.length];
          const turn = killTurn(k, opts.kills, cases.length);
          while (!loadDone && finished < turn) await sleep(250);
          await sleep(rng.int(0, opts.jitterMs));
          if (loadDone) log(`load finished before kill ${k + 1}; killing ${component} during the drain`);
          const at = Date.now();
          log(`kill ${k + 1}/${opts.kills}: SIGKILL ${component} (${finished}/${cases.length} cases through)`);
          await stack.killAndRestart(component);
          const restartMs = Date.now() - at;
          await stack.waitHealthy();
          const recoveryMs = Date.now() - at;
          log(`${component} back: restarted in ${restartMs} ms, stack healthy ${recoveryMs} ms after the kill`);
          kills.push({ component, at, restartMs, recoveryMs });
        }
      })();
      await Promise.all([loadRun, monkey]);
      const loadMs = Date.now() - loadStarted;

      // Drain: letters still on their way go out, workflows settle into the read model.
      log('load and kills done; draining');
      const drainStarted = Date.now();
      const expected = cases.filter((c) => c.caseNumber && !c.error);
      while (Date.now() - drainStarted < opts.drainTimeoutMs) {
        const inFlight = await lettersInFlight(db).catch(() => -1);
        const statuses = new Map((await db('cases').select<Array<{ case_number: string; status: string }>>('case_number', 'status')).map((r) => [r.case_number, r.status]));
        const unsettled = expected.filter((c) => statuses.get(c.caseNumber!) !== TARGET_STATUS[c.scenario]).length;
        if (inFlight === 0 && unsettled === 0) break;
        log(`drain: ${inFlight} letter(s) in flight, ${unsettled} case(s) not yet in their final status`);
        await sleep(5000);
      }
      const drainMs = Date.now() - drainStarted;

      const connection = await Connection.connect({ address: stack.temporalAddress });
      let checks: CheckResult;
      try {
        checks = await checkOutcome(db, new Client({ connection, namespace: 'default' }), cases);
      } finally {
        await connection.close();
      }
      const zeros = {
        'cases lost': checks.casesLost.length,
        'cases filed twice (unacknowledged)': checks.casesUnacknowledged.length,
        'workflows whose status query fails': checks.workflowsUnqueryable.length,
        'read model ≠ workflow': checks.readModelDivergent.length,
        'cases not at their final status': checks.casesNotAtTarget.length,
        'cases whose client gave up': checks.casesFailed.length,
        'letters sent twice to one addressee': checks.lettersSentTwice.length,
        'letters never sent': checks.lettersNeverSent.length,
        'outbox rows stuck or failed': checks.outboxStuck.length,
        'unexpected process exits': stack.unexpectedExits.length,
      };
      report = {
        seed: opts.seed,
        cases: opts.cases,
        concurrency: opts.concurrency,
        startedAt: startedAt.toISOString(),
        loadMs,
        drainMs,
        totalMs: Date.now() - startedAt.getTime(),
        kills: kills.map((k) => {
          const first = actionSuccesses.filter((s) => s.startedAt >= k.at).reduce<number | null>((min, s) => (min === null || s.endedAt < min ? s.endedAt : min), null);
          return { component: k.component, at: new Date(k.at).toISOString(), restartMs: k.restartMs, recoveryMs: k.recoveryMs, firstActionMs: first === null ? null : first - k.at };
        }),
        retries: { total: client.totalRetries, byOperation: client.retries, requestsGivenUp: client.givenUp },
        intake: { created201: cases.filter((c) => c.intakeStatus === 201).length, replayed200: cases.filter((c) => c.intakeStatus === 200).length },
        stepsFoundDoneOnRetry: cases.reduce((s, c) => s + c.stepsFoundDone.length, 0),
        unexpectedExits: stack.unexpectedExits,
        checks,
        zeros,
        passed: Object.values(zeros).every((n) => n === 0),
        runDir,
      };
    } finally {
      await db.destroy();
    }
  } finally {
    await stack.stop().catch((err: unknown) => log(`stopping the stack: ${(err as Error).message}`));
    if (report?.passed && !opts.keep) fs.rmSync(runDir, { recursive: true, force: true });
    else log(`run directory kept: ${runDir}`);
  }
  return report;
}
