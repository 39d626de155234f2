/**
 * The intake's single statement (platform/store/cases.ts insertFiledCase) against real PostgreSQL
 * and the real Temporal dev server: consecutive case numbers under concurrent filing, no number
 * lost to a refused duplicate, access codes whose hash PostgreSQL computed opening the case, and the
 * workflow start confirmed by the workflow's first step or by the reconciler — never by a second
 * commit of the intake.
 */
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileComplaint, startMissingWorkflows } from '../../api/services/intake';
import { accessCodeMatches } from '../../api/services/accessCodes';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually } from '../helpers/http';
import { createTestWorker, devServerEnvironment, uniqueTaskQueue, type TestWorker } from '../helpers/temporal';

let database: TestDatabase;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
});

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

// Filed on a day of a year no other case of this database uses, so the expected numbers are exact;
// without a day, today (a workflow that runs computes its terms with today's calendar).
function depsOn(day: string | null, taskQueue: string) {
  return { db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, ...(day ? { now: () => new Date(`${day}T10:00:00Z`) } : {}) };
}

// Facts of a month before: not a late filing.
const onTime = (overrides: Parameters<typeof sampleComplaint>[0] = {}) => sampleComplaint({ occurredOn: '2030-12-01', ...overrides });

async function storedCase(caseNumber: string) {
  return database.db('cases').where({ case_number: caseNumber }).first();
}

describe('intake in one statement', () => {
  it('numbers 20 concurrent complaints 1 to 20, each stored once with its first event', async () => {
    const deps = depsOn('2031-03-02', uniqueTaskQueue('nobody'));
    const filed = await Promise.all(Array.from({ length: 20 }, (_, i) => fileComplaint(deps, onTime({ description: `Klacht nummer ${i} over pesten in de klas.` }))));
    expect(filed.map((f) => f.caseNumber).sort()).toEqual([
      '2031-000001', '2031-000002', '2031-000003', '2031-000004', '2031-000005', '2031-000006', '2031-000007',
      '2031-000008', '2031-000009', '2031-000010', '2031-000011', '2031-000012', '2031-000013', '2031-000014',
      '2031-000015', '2031-000016', '2031-000017', '2031-000018', '2031-000019', '2031-000020',
    ]);
    const rows = await database.db('cases').where('case_number', 'like', '2031-%').select('id', 'case_number', 'workflow_id', 'status', 'received_on');
    expect(rows).toHaveLength(20);
    const one = rows.find((r) => r.case_number === '2031-000007');
    expect(one).toMatchObject({ workflow_id: 'complaint-2031-000007', status: 'received' });
    const events = await database.db('case_events').whereIn('case_id', rows.map((r) => r.id)).select('type', 'actor');
    expect(events).toHaveLength(20);
    expect(new Set(events.map((e) => `${e.type}/${e.actor}`))).toEqual(new Set(['complaint.received/complainant']));
    expect((await database.db('case_number_counters').where({ year: 2031 }).first()).last_sequence).toBe(20);
  });

  it('stores a late filing with both of its events, in order', async () => {
    const deps = depsOn('2032-06-01', uniqueTaskQueue('nobody'));
    const filed = await fileComplaint(deps, sampleComplaint({ occurredOn: '2030-01-15' }));
    expect(filed.caseNumber).toBe('2032-000001');
    const row = await storedCase(filed.caseNumber);
    expect(row.late_filing).toBe(true);
    const events = await database.db('case_events').where({ case_id: row.id }).orderBy('id').select('type', 'data');
    expect(events).toEqual([
      { type: 'complaint.received', data: { channel: 'api', category: 'pesten', schoolMatch: 'unmatched' } },
      { type: 'complaint.late-filing-flagged', data: { occurredOn: '2030-01-15', filingTermEnd: '2031-01-15' } },
    ]);
  });

  it('spends no number on a concurrent duplicate under one Idempotency-Key', async () => {
    const deps = depsOn('2033-04-01', uniqueTaskQueue('nobody'));
    const key = 'statement-duplicate-0001';
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => fileComplaint(deps, onTime(), key)));
    expect([a, b, c].map((f) => f.caseNumber)).toEqual(['2033-000001', '2033-000001', '2033-000001']);
    expect([a, b, c].map((f) => f.created).sort()).toEqual([false, false, true]);
    const next = await fileComplaint(deps, onTime());
    expect(next.caseNumber).toBe('2033-000002');
    expect(await database.db('intake_requests').where({ idempotency_key: key }).first('case_number')).toEqual({ case_number: '2033-000001' });
  });

  it('stores hashes (computed by PostgreSQL) that the random and the derived access code open', async () => {
    const deps = depsOn('2034-05-01', uniqueTaskQueue('nobody'));
    const random = await fileComplaint(deps, onTime());
    const derived = await fileComplaint(deps, onTime(), 'statement-derived-0001');
    const again = await fileComplaint(deps, onTime(), 'statement-derived-0001');
    expect(again.accessCode).toBe(derived.accessCode);
    for (const f of [random, derived]) {
      const row = await storedCase(f.caseNumber);
      expect(accessCodeMatches(TEST_SECRET, f.caseNumber, f.accessCode, row.access_code_hash)).toBe(true);
      expect(accessCodeMatches(TEST_SECRET, f.caseNumber, 'AAAA-BBBB-CCCC', row.access_code_hash)).toBe(false);
    }
    // Lower case and without dashes, as typed from paper: the same code.
    const row = await storedCase(random.caseNumber);
    expect(accessCodeMatches(TEST_SECRET, random.caseNumber, random.accessCode.toLowerCase().replace(/-/g, ''), row.access_code_hash)).toBe(true);
  });
});

describe('confirming the workflow start without a second commit', () => {
  let worker: TestWorker | undefined;
  let running: Promise<void> | undefined;

  afterAll(async () => {
    worker?.shutdown();
    await running;
  });

  it('leaves the start unconfirmed at intake; the first step confirms it', async () => {
    const taskQueue = uniqueTaskQueue('first-step');
    const filed = await fileComplaint(depsOn(null, taskQueue), sampleComplaint());
    expect((await storedCase(filed.caseNumber)).workflow_started_at).toBeNull();
    // The workflow was started all the same: it waits on its task queue for a worker.
    expect((await env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber)).describe()).status.name).toBe('RUNNING');
    worker = await createTestWorker(env, database.db, taskQueue);
    running = worker.run();
    const row = await eventually(async () => {
      const r = await storedCase(filed.caseNumber);
      return r.workflow_started_at ? r : undefined;
    });
    expect(row.status).toBe('admissibility');
  });

  it('the reconciler starts a workflow whose start was lost, and confirms it', async () => {
    const taskQueue = uniqueTaskQueue('lost-start');
    // Temporal refuses the start (no such namespace): the case is stored, its workflow is not.
    const lost = { ...depsOn(null, taskQueue), temporal: new Client({ connection: env.client.connection, namespace: 'no-such-namespace' }) };
    const filed = await fileComplaint(lost, sampleComplaint());
    expect((await storedCase(filed.caseNumber)).status).toBe('received');
    await expect(env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber)).describe()).rejects.toThrow(/not found/i);

    const started = await startMissingWorkflows({ db: database.db, temporal: env.client, taskQueue }, 0);
    expect(started).toBeGreaterThanOrEqual(1);
    expect((await env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber)).describe()).status.name).toBe('RUNNING');
    expect((await storedCase(filed.caseNumber)).workflow_started_at).not.toBeNull();
  });
});
