/**
 * The open-cases seed (scripts/seed/openCases.ts) at small scale on the real stack (PostgreSQL, the
 * Temporal dev server, a worker): interrupted after 10 workflow starts and run again, it leaves
 * exactly 30 cases with exactly 30 running complaint workflows, and every seeded case, bulk-loaded
 * or filed through intake, answers the case-state query waiting in the admissibility phase with its
 * service-norm term running.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { caseStateQuery } from '../../contracts/messages';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { importRegister, SEED_DIR } from '../../platform/register/store';
import { seedOpenCases, SEED_CHANNEL } from '../../scripts/seed/openCases';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { TEST_SECRET } from '../helpers/fixtures';
import { eventually } from '../helpers/http';

vi.setConfig({ testTimeout: 240_000 });

let stack: AppStack;

beforeAll(async () => {
  stack = await startAppStack('seed');
  await importRegister(stack.database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
});

afterAll(async () => {
  await stack?.stop();
});

// A Monday after today: the service norm's timer is live whenever the test runs this year.
const now = () => new Date('2026-12-07T10:00:00Z');

async function counts() {
  const db = stack.database.db;
  const n = async (q: ReturnType<typeof db>) => Number((await q.count<{ c: string }[]>('* as c'))[0].c);
  return {
    cases: await n(db('cases')),
    started: await n(db('cases').whereNotNull('workflow_started_at')),
    bulk: await n(db('case_events').where({ type: 'complaint.received' }).whereRaw("data->>'channel' = ?", [SEED_CHANNEL])),
    intake: await n(db('intake_requests')),
  };
}

const running = () => stack.env.client.workflow.count(`TaskQueue = '${stack.taskQueue}' AND WorkflowType = 'complaintWorkflow' AND ExecutionStatus = 'Running'`).then((r) => r.count);

it('seeds 30 open cases, resumes after an interruption, and starts each workflow once', async () => {
  const deps = { db: stack.database.db, temporal: stack.env.client, taskQueue: stack.taskQueue, secret: TEST_SECRET, now };

  const interrupted = await seedOpenCases(deps, { cases: 30, intake: 5, concurrency: 4, stopAfterStarts: 10 });
  expect(interrupted).toEqual({ bulkRows: 25, intakeCases: 5, startedNow: 10 });
  // The five filed through intake record their start in their workflow's first step (one commit per POST).
  await eventually(async () => ((await counts()).started === 15 ? true : undefined), 60_000);
  expect(await counts()).toEqual({ cases: 30, started: 15, bulk: 25, intake: 5 });
  await eventually(async () => ((await running()) === 15 ? true : undefined), 60_000);

  const resumed = await seedOpenCases(deps, { cases: 30, intake: 5, concurrency: 4 });
  expect(resumed).toEqual({ bulkRows: 25, intakeCases: 5, startedNow: 15 });
  expect(await counts()).toEqual({ cases: 30, started: 30, bulk: 25, intake: 5 });

  // A third run finds nothing to do.
  expect(await seedOpenCases(deps, { cases: 30, intake: 5, concurrency: 4 })).toEqual({ bulkRows: 25, intakeCases: 5, startedNow: 0 });

  const db = stack.database.db;
  await eventually(async () => (Number((await db('cases').where({ status: 'admissibility' }).count<{ c: string }[]>('* as c'))[0].c) === 30 ? true : undefined), 120_000);
  await eventually(async () => ((await running()) === 30 ? true : undefined), 60_000);
  expect(await running()).toBe(30);

  // One bulk-seeded case and one filed through intake: both wait for the admissibility decision.
  const bulkCase = await db('cases as c').join('case_events as e', 'e.case_id', 'c.id').where('e.type', 'complaint.received').whereRaw("e.data->>'channel' = ?", [SEED_CHANNEL]).orderBy('c.id').first<{ case_number: string; received_on: string }>('c.case_number', db.raw("to_char(c.received_on, 'YYYY-MM-DD') as received_on"));
  const intakeCase = await db('intake_requests').where({ idempotency_key: 'seed-open-cases-1' }).first<{ case_number: string }>('case_number');
  expect(bulkCase!.received_on).toBe('2026-12-07');
  for (const caseNumber of [bulkCase!.case_number, intakeCase!.case_number]) {
    const view = await stack.env.client.workflow.getHandle(complaintWorkflowId(caseNumber)).query(caseStateQuery);
    expect(view.status).toBe('admissibility');
    expect(view.closed).toBe(false);
    expect(view.allowedActions).toContain('decideAdmissibility');
    expect(view.terms.map((t) => ({ id: t.id, trigger: t.trigger }))).toEqual([{ id: 'admissibility', trigger: '2026-12-07' }]);
    // The read model shows the deadline the workflow's timer runs to (the bulk rows are written before their workflows start).
    const row = await db('cases').where({ case_number: caseNumber }).first<{ next_deadline: string }>(db.raw("to_char(next_deadline, 'YYYY-MM-DD') as next_deadline"));
    expect(row!.next_deadline).toBe(view.terms[0].due);
  }
});
