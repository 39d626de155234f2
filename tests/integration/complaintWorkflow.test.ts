/**
 * The complaint workflow on both real servers: the time-skipping test server and the dev server.
 * Same scenarios on each, so a difference between them shows up here first.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalsOf } from '../../contracts/refusals';
import { fileComplaint } from '../../api/services/intake';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { caseStateQuery, withdrawUpdate } from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually } from '../helpers/http';
import { recordHistory } from '../helpers/histories';
import { createTestWorker, type TestWorker, devServerEnvironment, timeSkippingEnvironment, uniqueTaskQueue } from '../helpers/temporal';

const servers: Array<[string, () => Promise<TestWorkflowEnvironment>]> = [
  ['time-skipping test server', timeSkippingEnvironment],
  ['dev server', devServerEnvironment],
];

describe.each(servers)('complaint workflow on the %s', (serverName, makeEnv) => {
  let database: TestDatabase;
  let env: TestWorkflowEnvironment;
  let worker: TestWorker;
  let running: Promise<void>;
  let taskQueue: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = await makeEnv();
    taskQueue = uniqueTaskQueue('complaint');
    worker = await createTestWorker(env, database.db, taskQueue);
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await database?.drop();
  });

  async function file() {
    return fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint());
  }

  it('acknowledges the complaint and waits for admissibility', async () => {
    const filed = await file();
    const handle = env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber));
    const state = await eventually(async () => {
      const s = await handle.query(caseStateQuery);
      return s.status === 'admissibility' ? s : undefined;
    });
    expect(state).toMatchObject({ caseNumber: filed.caseNumber, status: 'admissibility', closed: false, policyVersion: '2026.2', awaitingApproval: [] });
    expect(state.allowedActions).toEqual(expect.arrayContaining(['withdraw', 'decideAdmissibility', 'requestCompletion', 'referToSchool', 'startMediation']));
    expect(state.allowedActions).not.toContain('submitDefence');
    expect(state.terms.map((t) => t.id)).toEqual(['admissibility']);
    expect(state.nextDeadline).toBe(state.terms[0].due);
    const letters = await database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', filed.caseNumber).select('letters.kind');
    expect(letters).toEqual([{ kind: 'ontvangstbevestiging' }]);
    const row = await database.db('cases').where({ case_number: filed.caseNumber }).first();
    expect(row.status).toBe('admissibility');
    expect(row.workflow_started_at).not.toBeNull();
  });

  it('withdraws on request, then refuses a second withdrawal without writing anything', async () => {
    const filed = await file();
    const handle = env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber));
    await eventually(async () => ((await handle.query(caseStateQuery)).status === 'admissibility' ? true : undefined));

    const after = await handle.executeUpdate(withdrawUpdate, { args: [{ requestedBy: 'complainant', reason: 'opgelost met de school' }] });
    expect(after).toMatchObject({ status: 'withdrawn', closed: true, allowedActions: [] });
    expect(await handle.result()).toBe('withdrawn');
    if (serverName === 'dev server') await recordHistory('foundation-acknowledged-then-withdrawn', handle);

    const caseId = (await database.db('cases').where({ case_number: filed.caseNumber }).first()).id;
    const eventsBefore = await database.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count');
    // The workflow has completed: the update is refused by the server (no running workflow).
    await expect(handle.executeUpdate(withdrawUpdate, { args: [{ requestedBy: 'complainant' }] })).rejects.toThrow();
    const eventsAfter = await database.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count');
    expect(eventsAfter).toEqual(eventsBefore);
    const row = await database.db('cases').where({ id: caseId }).first();
    expect(row.status).toBe('withdrawn');
    const types = (await database.db('case_events').where({ case_id: caseId }).orderBy('id')).map((e) => e.type);
    expect(types).toContain('complaint.withdrawn');
  });

  it('rejects an update its validator refuses, and writes nothing', async () => {
    const filed = await file();
    const handle = env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber));
    await eventually(async () => ((await handle.query(caseStateQuery)).status === 'admissibility' ? true : undefined));
    const caseId = (await database.db('cases').where({ case_number: filed.caseNumber }).first()).id;
    // The acknowledgement's delivery (on the letter worker, beside the procedure) records an event
    // of its own: let it land before counting.
    await eventually(async () => ((await database.db('letter_outbox').where({ case_id: caseId, status: 'sent' }).first()) ? true : undefined));
    const eventsBefore = await database.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count');

    const refused = await handle
      .executeUpdate(withdrawUpdate, { args: [{ requestedBy: 'school' as 'complainant' }] })
      .then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refusalsOf((refused as WorkflowUpdateFailedError).cause)).toEqual([{ code: 'withdraw-requester', field: 'requestedBy', params: {} }]);

    expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'admissibility', closed: false });
    const eventsAfter = await database.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count');
    expect(eventsAfter).toEqual(eventsBefore);
    // The refused update left no trace in the history either.
    const history = await handle.fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  });
});
