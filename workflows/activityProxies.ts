/**
 * Activity stubs shared by every workflow, with one retry policy: activities are idempotent, so a
 * retry after a crash or a database blip is always safe.
 */
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DELIVERY_ACTIVITY_OPTIONS, letterTaskQueue } from '../contracts/letterDelivery';

export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Letter delivery waits on SMTP servers: longer timeouts and its own backoff. */
const { deliverPendingLetters: deliverOnCaseQueue } = proxyActivities<Activities>(DELIVERY_ACTIVITY_OPTIONS);

/**
 * Schedules a delivery on the letter worker's queue (letterTaskQueue). Cases that scheduled their
 * deliveries on the case queue before that queue existed replay them there: the patch marker is
 * absent from their history up to this point, so `patched` answers false while replaying it and
 * true (writing the marker) once the case runs new code. The case worker keeps the letter
 * activities registered, so a delivery already waiting on (or retrying on) the case queue still runs.
 */
export function deliver(input: { caseNumber: string }): ReturnType<Activities['deliverPendingLetters']> {
  if (!patched('cluster-letters-queue')) return deliverOnCaseQueue(input);
  const taskQueue = letterTaskQueue(workflowInfo().taskQueue);
  return proxyActivities<Activities>({ ...DELIVERY_ACTIVITY_OPTIONS, taskQueue }).deliverPendingLetters(input);
}
