/**
 * Seeds open cases for real: a few hundred through the real intake (`fileComplaint`, with
 * idempotency keys: stored, started, acknowledged with a letter), the rest as bulk rows in the read
 * model, each with its own complaint workflow started directly in the state the acknowledgement
 * leaves behind (`admissibilityPhase`): the admissibility phase, its service-norm term computed
 * from the day of receipt by the case's policy and calendar, and its durable timer running in
 * Temporal. What the bulk cases skip is the acknowledgement step itself (one activity, one letter
 * and its delivery): measured on this 2-core machine that step cost as much CPU as all the rest,
 * and 100,000 of them add nothing to what an open case holds (issue 16).
 *
 * Resumable: the bulk rows go in batches, each one transaction; workflows are started for the
 * cases whose start is not yet recorded (`workflow_started_at`, as the intake's reconciler does,
 * and a start that finds the workflow running is fine); the intake cases are replayed by their
 * idempotency keys. Rerunning with the same or a larger `--cases` continues where it stopped.
 *
 * The intake cases' acknowledgement letters: each workflow stores its letter and schedules its
 * delivery on the letter queue, as every case does; whoever runs the seed decides whether a letter
 * worker is running (the benchmark runs none: the deliveries wait durably in the letter queue).
 *
 * Pace: the seed starts a batch, then waits until the case worker's workflow-task backlog is back
 * under `window` (Temporal's own count of tasks not yet taken), so that the worker is never handed
 * more first tasks than it finishes within the workflow-task timeout.
 */
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { amsterdamDate } from '../../domain/clock';
import type { ComplaintInput } from '../../domain/intake';
import { calendarOfRelease, currentCalendarRelease } from '../../domain/calendar';
import { startTerm, type TermLedger } from '../../domain/termLedger';
import type { PolicyVersion } from '../../domain/policy';
import { caseWorkflowInput, fileComplaint, startCaseWorkflow, type IntakeDeps } from '../../api/services/intake';
import { approvedPolicyValidOn, casePolicy } from '../../platform/store/policies';
import { markWorkflowStarted, type CaseRow } from '../../platform/store/cases';
import { initialSnapshot, type ComplaintSnapshot, type ComplaintWorkflowInput } from '../../workflows/complaint/state';
import { bulkLoad } from '../bench/seedCases';
import { runPool } from '../bench/stats';

/** The channel of the bulk-seeded cases' `complaint.received` event (the intake's own is 'api'). */
export const SEED_CHANNEL = 'seed';
/** Idempotency keys of the cases seeded through the real intake. */
export const SEED_INTAKE_KEY_PREFIX = 'seed-open-cases-';
/**
 * Categories without a reporting duty at intake: a flagged category adds a letter to the school
 * board, which needs the board's address from the register (the sample register has none).
 */
const SEED_CATEGORIES = ['pesten', 'begeleiding', 'onderwijs-en-toetsing', 'overig'] as const;
const BATCH = 10_000;

export interface SeedOpenCasesOptions {
  /** Open cases the seed should leave (seeded ones, bulk and intake together). */
  cases: number;
  /** Workflow starts in flight at once. */
  concurrency?: number;
  /** How many of them go through the real intake (fileComplaint). */
  intake?: number;
  /** Started cases whose first workflow task waits at most (default 20): see `untilRoom`. */
  window?: number;
  log?: (line: string) => void;
  /** Stops after this many workflow starts (tests interrupt a seed with it). */
  stopAfterStarts?: number;
}

export interface SeedOpenCasesResult {
  bulkRows: number;
  intakeCases: number;
  startedNow: number;
}

const count = async (q: Knex.QueryBuilder): Promise<number> => Number((await q.count<{ c: string }[]>('* as c'))[0].c);

export function seedComplaint(school: { brin: string; name: string; sector: string | null }, category: string, receivedOn: string): ComplaintInput {
  return {
    complainant: { name: 'Seed Klager', email: 'klager@example.nl', role: 'parent' },
    school: { brin: school.brin, name: school.name, ...(school.sector ? { sector: school.sector } : {}) } as ComplaintInput['school'],
    category,
    description: 'Een klacht uit de seed van open zaken, lang genoeg voor de intake.',
    occurredOn: new Date(Date.parse(`${receivedOn}T12:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10),
    raisedWithSchool: true,
  };
}

async function registerSchools(db: Knex): Promise<Array<{ brin: string; name: string; sector: string | null }>> {
  const schools = await db('schools').whereNull('ended_on').orderBy('brin').limit(500).select('brin', 'name', 'sector');
  if (!schools.length) throw new Error('the school register is empty: start klachtflow once (it loads the sample register) or run npm run import-register');
  return schools;
}

export async function seededBulkRows(db: Knex): Promise<number> {
  return count(db('case_events').where({ type: 'complaint.received' }).whereRaw("data->>'channel' = ?", [SEED_CHANNEL]));
}

async function seededIntakeKeys(db: Knex): Promise<Set<string>> {
  const rows = await db('intake_requests').where('idempotency_key', 'like', `${SEED_INTAKE_KEY_PREFIX}%`).select('idempotency_key');
  return new Set(rows.map((r: { idempotency_key: string }) => r.idempotency_key));
}

/**
 * One batch of `n` cases in one statement (and one transaction with its case numbers): the case
 * numbers come from the year's counter, as intake's do, so cases filed later never collide.
 */
async function insertBatch(db: Knex, n: number, schools: Array<{ brin: string; name: string; sector: string | null }>, receivedOn: string): Promise<void> {
  const year = Number(receivedOn.slice(0, 4));
  const policyVersion = (await approvedPolicyValidOn(db, receivedOn)).version;
  const calendarVersion = currentCalendarRelease();
  const admissibilityDue = admissibilityTerm(receivedOn, await casePolicy(db, policyVersion), calendarVersion).due;
  await db.transaction(async (trx) => {
    const last = (await trx.raw<{ rows: Array<{ last_sequence: number }> }>(
      `INSERT INTO case_number_counters (year, last_sequence) VALUES (?, ?)
       ON CONFLICT (year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + EXCLUDED.last_sequence
       RETURNING last_sequence`,
      [year, n],
    )).rows[0].last_sequence;
    if (last > 999_999) throw new Error(`case numbers of ${year} would run past 999999`);
    const template = seedComplaint({ brin: '', name: '', sector: null }, '', receivedOn);
    await trx.raw(
      `WITH picked AS (
         SELECT s, (?::text[])[1 + s % ?] AS category, (?::jsonb) -> (s % ?) AS school
         FROM generate_series(?::int, ?::int) s
       ), inserted AS (
         INSERT INTO cases (case_number, status, category, sector, school_brin, school_name, school_match, language, complaint,
                            access_code_hash, policy_version, calendar_version, workflow_id, received_on, late_filing, next_deadline)
         SELECT ?::text || '-' || lpad(s::text, 6, '0'), 'admissibility', category, school->>'sector', school->>'brin', school->>'name', 'register', 'nl',
                ?::jsonb || jsonb_build_object('category', category, 'school', jsonb_strip_nulls(school)),
                'seed:no-portal-access', ?, ?, 'complaint-' || ?::text || '-' || lpad(s::text, 6, '0'), ?::date, false, ?::date
         FROM picked
         RETURNING id, category
       )
       INSERT INTO case_events (case_id, type, actor, data)
       SELECT id, 'complaint.received', 'system', jsonb_build_object('channel', ?::text, 'category', category, 'schoolMatch', 'register') FROM inserted`,
      [
        [...SEED_CATEGORIES], SEED_CATEGORIES.length, JSON.stringify(schools), schools.length, last - n + 1, last,
        String(year), JSON.stringify(template), policyVersion, calendarVersion, String(year), receivedOn, admissibilityDue,
        SEED_CHANNEL,
      ],
    );
  });
}

/** Bulk rows up to `target`, batch by batch; the statistics pre-aggregate is rebuilt once afterwards (as bulkLoad does). */
async function seedReadModel(db: Knex, target: number, receivedOn: string, log: (l: string) => void): Promise<number> {
  let have = await seededBulkRows(db);
  if (have >= target) return have;
  const schools = await registerSchools(db);
  await bulkLoad(db, async () => {
    while (have < target) {
      const n = Math.min(BATCH, target - have);
      await insertBatch(db, n, schools, receivedOn);
      have += n;
      log(`read model: ${have} seeded cases`);
    }
  });
  return have;
}

/** The service norm for the admissibility decision, as `acknowledge` starts it on the day of receipt. */
function admissibilityTerm(receivedOn: string, policy: PolicyVersion, calendarVersion: string, ledger: TermLedger = {}) {
  return startTerm(ledger, 'admissibility', 'admissibility', receivedOn, 'ontvangst van de klacht', { policy, calendar: calendarOfRelease(calendarVersion), today: receivedOn });
}

/**
 * The state the acknowledgement leaves a case in, without its step: a bulk case's workflow starts
 * here (the `resume` of its input, as after a continue-as-new) and its first task arms the timer.
 */
export function admissibilityPhase(input: ComplaintWorkflowInput & { policy: PolicyVersion; calendarVersion: string }): ComplaintSnapshot {
  const ledger: TermLedger = {};
  admissibilityTerm(input.receivedOn, input.policy, input.calendarVersion, ledger);
  return { ...initialSnapshot(input), status: 'admissibility', phase: 'admissibility', ledger };
}

/** Workflow tasks of `taskQueue` no worker has taken yet (Temporal's approximate count). */
export async function workflowTaskBacklog(temporal: Client, taskQueue: string): Promise<number> {
  const r = await temporal.workflowService.describeTaskQueue({
    namespace: temporal.options.namespace,
    taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    reportStats: true,
  });
  return Number(r.stats?.approximateBacklogCount ?? 0);
}

async function untilBacklogUnder(temporal: Client, taskQueue: string, window: number): Promise<void> {
  while ((await workflowTaskBacklog(temporal, taskQueue)) > window) await new Promise((r) => setTimeout(r, 100));
}

/** Cases started whose acknowledgement step has not run yet. */
async function unacknowledged(db: Knex): Promise<number> {
  return count(db('cases').where({ status: 'received' }).whereNotNull('workflow_started_at'));
}

/**
 * Waits while more than `window` started cases await their first steps. Without it the worker
 * takes more workflow tasks at once than its CPU finishes within the workflow task timeout (10 s),
 * and every timed-out task is done again: on a busy machine the seed then crawls.
 */
async function untilRoom(db: Knex, window: number): Promise<void> {
  while ((await unacknowledged(db)) > window) await new Promise((r) => setTimeout(r, 250));
}

async function seedThroughIntake(deps: IntakeDeps, wanted: number, window: number, receivedOn: string, log: (l: string) => void): Promise<number> {
  const done = await seededIntakeKeys(deps.db);
  const missing = Array.from({ length: wanted }, (_, i) => `${SEED_INTAKE_KEY_PREFIX}${i + 1}`).filter((k) => !done.has(k));
  if (!missing.length) return wanted;
  const schools = await registerSchools(deps.db);
  for (let from = 0; from < missing.length; from += window) {
    await untilRoom(deps.db, window);
    const chunk = missing.slice(from, from + window);
    await runPool(chunk.length, 16, async (i) => {
      const k = Number(chunk[i].slice(SEED_INTAKE_KEY_PREFIX.length));
      await fileComplaint(deps, seedComplaint(schools[k % schools.length], SEED_CATEGORIES[k % SEED_CATEGORIES.length], receivedOn), chunk[i]);
    });
  }
  log(`intake: ${wanted} cases filed through fileComplaint`);
  return wanted;
}

async function startWorkflows(deps: IntakeDeps, opts: Required<Pick<SeedOpenCasesOptions, 'concurrency' | 'window'>> & Pick<SeedOpenCasesOptions, 'stopAfterStarts'>, log: (l: string) => void): Promise<number> {
  let started = 0;
  const policies = new Map<string, PolicyVersion>();
  for (;;) {
    const room = (opts.stopAfterStarts ?? Infinity) - started;
    if (room <= 0) return started;
    // The bulk rows only: a case filed through intake records its start in its workflow's first step
    // (intake commits once), and a lost start of one is the intake's reconciler's to repair.
    const rows = await deps.db<CaseRow>('cases')
      .whereNull('workflow_started_at')
      .whereNotExists(deps.db('intake_requests').whereRaw('intake_requests.case_number = cases.case_number'))
      .orderBy('id')
      .limit(Math.min(opts.window, room));
    if (!rows.length) return started;
    await untilBacklogUnder(deps.temporal, deps.taskQueue, opts.window);
    await runPool(rows.length, opts.concurrency, async (i) => {
      const row = rows[i];
      if (!policies.has(row.policy_version)) policies.set(row.policy_version, await casePolicy(deps.db, row.policy_version));
      const policy = policies.get(row.policy_version)!;
      const input = { ...caseWorkflowInput(row, policy), policy, calendarVersion: row.calendar_version ?? currentCalendarRelease() };
      await startCaseWorkflow(deps, row, { ...input, resume: admissibilityPhase(input) });
    });
    await markWorkflowStarted(deps.db, rows.map((r) => r.id));
    started += rows.length;
    if (started % 10_000 < rows.length) log(`workflows: ${started} started in this run`);
  }
}

export async function seedOpenCases(deps: IntakeDeps, opts: SeedOpenCasesOptions): Promise<SeedOpenCasesResult> {
  const log = opts.log ?? (() => undefined);
  const receivedOn = amsterdamDate((deps.now ?? (() => new Date()))());
  const intake = Math.min(opts.intake ?? 300, opts.cases);
  const window = opts.window ?? 20;
  const intakeCases = await seedThroughIntake(deps, intake, window, receivedOn, log);
  const bulkRows = await seedReadModel(deps.db, opts.cases - intake, receivedOn, log);
  const startedNow = await startWorkflows(deps, { concurrency: opts.concurrency ?? 16, window, stopAfterStarts: opts.stopAfterStarts }, log);
  return { bulkRows, intakeCases, startedNow };
}
