/**
 * Letters moved to a task queue of their own (`<queue>-letters`, the letter worker) behind
 * patched('cluster-letters-queue'). A case the previous release started keeps running across the
 * deploy: its delivery already scheduled (and retrying) on the case queue still runs there on the
 * new case worker, and its next delivery goes to the letter queue. A case the new release starts
 * delivers on the letter queue from its first letter. Every letter is sent exactly once.
 * Real dev server, real PostgreSQL, the suite's real SMTP capture.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createActivities } from '../../activities';
import { fileComplaint } from '../../api/services/intake';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { createDb } from '../../platform/db';
import { WORKFLOW_BUNDLER_OPTIONS } from '../../platform/worker';
import { withdrawUpdate } from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { writeHistory } from '../helpers/histories';
import { eventually } from '../helpers/http';
import { createTestWorker, devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';
import { copyOfTree } from '../helpers/treeCopy';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

/** workflows/activityProxies.ts as release 0.1.0 shipped it: deliveries on the case's own queue. */
const PREVIOUS_ACTIVITY_PROXIES = `import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DELIVERY_ACTIVITY_OPTIONS } from '../contracts/letterDelivery';

export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export const { deliverPendingLetters: deliver } = proxyActivities<Activities>(DELIVERY_ACTIVITY_OPTIONS);
`;

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let previousBundle: string;
let copy: string;

beforeAll(async () => {
  copy = copyOfTree('letter-queue');
  fs.writeFileSync(path.join(copy, 'workflows', 'activityProxies.ts'), PREVIOUS_ACTIVITY_PROXIES);
  previousBundle = (await bundleWorkflowCode({ workflowsPath: path.join(copy, 'workflows', 'index.ts'), ...WORKFLOW_BUNDLER_OPTIONS })).code;
  database = await createTestDatabase();
  env = await devServerEnvironment();
});

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The deliveries the case scheduled, with their queue, and the patch markers, in history order. */
async function deliveriesAndPatches(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e: HistoryEvent) => {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'deliverPendingLetters') return [`deliver on ${scheduled.taskQueue?.name}`];
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_patch') return [`patch ${Buffer.from(marker.details?.['patch-data']?.payloads?.[0]?.data ?? []).toString()}`];
    return [];
  });
}

async function outboxOf(caseNumber: string): Promise<Array<{ kind: string; status: string; attempts: number; message_id: string }>> {
  return database
    .db('letter_outbox')
    .join('letters', 'letters.id', 'letter_outbox.letter_id')
    .join('cases', 'cases.id', 'letter_outbox.case_id')
    .where('cases.case_number', caseNumber)
    .orderBy('letter_outbox.id')
    .select('letters.kind', 'letter_outbox.status', 'letter_outbox.attempts', 'letter_outbox.message_id');
}

async function mailsReceived(messageIds: string[]): Promise<number> {
  const mailDb = createDb(inject('mailCaptureDbUrl'), { max: 1 });
  try {
    const [{ count }] = await mailDb('dev_mailbox').whereIn('message_id', messageIds).count<{ count: string }[]>('* as count');
    return Number(count);
  } finally {
    await mailDb.destroy();
  }
}

describe('letters on their own task queue', () => {
  it('a case of the previous release keeps running: its waiting delivery runs on the case queue, the next one on the letter queue', async () => {
    const taskQueue = uniqueTaskQueue('letterq');
    const deps = { db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET };

    // The previous release, caught with the acknowledgement's delivery scheduled on the case queue
    // and not yet done (its worker lacks the activity: each attempt fails and is retried there).
    const { deliverPendingLetters: _notYet, ...withoutDelivery } = createActivities({ db: database.db });
    const previous = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: { code: previousBundle }, activities: withoutDelivery });
    const filed = await previous.runUntil(async () => {
      const f = await fileComplaint(deps, sampleComplaint());
      const handle = env.client.workflow.getHandle(complaintWorkflowId(f.caseNumber));
      await eventually(async () => {
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        return pending.some((a) => a.activityType?.name === 'deliverPendingLetters' && /not registered/.test(a.lastFailure?.message ?? '')) || undefined;
      }, 60_000);
      return f;
    });
    const handle = env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber));
    expect(await deliveriesAndPatches(handle)).toEqual([`deliver on ${taskQueue}`]);
    expect((await outboxOf(filed.caseNumber)).map((o) => [o.kind, o.status])).toEqual([['ontvangstbevestiging', 'pending']]);

    // The new release: case worker and letter worker.
    const worker = await createTestWorker(env, database.db, taskQueue);
    await worker.runUntil(async () => {
      await eventually(async () => ((await outboxOf(filed.caseNumber))[0]?.status === 'sent' ? true : undefined), 90_000);
      const after = await handle.executeUpdate(withdrawUpdate, { args: [{ requestedBy: 'complainant', reason: 'opgelost met de school' }] });
      expect(after.status).toBe('withdrawn');
      expect(await handle.result()).toBe('withdrawn');
    });

    expect(await deliveriesAndPatches(handle)).toEqual([`deliver on ${taskQueue}`, 'patch {"id":"cluster-letters-queue","deprecated":false}', `deliver on ${taskQueue}-letters`]);
    const outbox = await outboxOf(filed.caseNumber);
    expect(outbox.map((o) => [o.kind, o.status, o.attempts])).toEqual([
      ['ontvangstbevestiging', 'sent', 1],
      // Withdrawn before the school was told of the complaint: only the complainant's side is written to.
      ['bevestiging-intrekking', 'sent', 1],
    ]);
    expect(await mailsReceived(outbox.filter((o) => o.status === 'sent').map((o) => o.message_id))).toBe(2);
    if (process.env.RECORD_HISTORIES === '1') {
      writeHistory('cluster-letters-queue-moved-mid-case', `${JSON.stringify(JSON.parse(historyToJSON(await handle.fetchHistory())), null, 1)}\n`, '0.2.0');
    }
  });

  it('a case of the new release delivers on the letter queue from its first letter', async () => {
    const taskQueue = uniqueTaskQueue('letterq');
    const worker = await createTestWorker(env, database.db, taskQueue);
    const filed = await worker.runUntil(async () => {
      const f = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint());
      await eventually(async () => ((await outboxOf(f.caseNumber))[0]?.status === 'sent' ? true : undefined), 60_000);
      return f;
    });
    const handle = env.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber));
    expect(await deliveriesAndPatches(handle)).toEqual(['patch {"id":"cluster-letters-queue","deprecated":false}', `deliver on ${taskQueue}-letters`]);
    const outbox = await outboxOf(filed.caseNumber);
    expect(outbox.map((o) => [o.kind, o.status, o.attempts])).toEqual([['ontvangstbevestiging', 'sent', 1]]);
    expect(await mailsReceived(outbox.map((o) => o.message_id))).toBe(1);
    await handle.terminate('test done');
  });
});
