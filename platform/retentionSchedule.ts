/**
 * The daily retention run as a real Temporal Schedule, created at startup by the worker (platform/
 * services.ts startWorker, so `npm start` and the worker service both do it). Idempotent: an existing
 * schedule is updated to this spec and task queue rather than duplicated.
 */
import { Client, Connection, ScheduleAlreadyRunning, type ScheduleOptions } from '@temporalio/client';

export const RETENTION_SCHEDULE_ID = 'klachtflow-retention';

/** Every day at 02:30 Amsterdam time; a run missed while the cluster was down is caught up within a day. */
function scheduleOptions(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { calendars: [{ hour: 2, minute: 30 }], timezone: 'Europe/Amsterdam' },
    action: { type: 'startWorkflow', workflowType: 'retentionWorkflow', workflowId: 'retention-run', taskQueue, args: [] },
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
  };
}

export async function ensureRetentionSchedule(client: Client, taskQueue: string): Promise<'created' | 'updated'> {
  const options = scheduleOptions(taskQueue);
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(RETENTION_SCHEDULE_ID).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: { ...previous.policies, ...options.policies } }));
    return 'updated';
  }
}

/** The same, on a connection of its own (for the worker's startup). */
export async function ensureRetentionScheduleAt(address: string, namespace: string, taskQueue: string): Promise<'created' | 'updated'> {
  const connection = await Connection.connect({ address });
  try {
    return await ensureRetentionSchedule(new Client({ connection, namespace }), taskQueue);
  } finally {
    await connection.close();
  }
}
