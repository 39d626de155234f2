/**
 * Activity stubs shared by every workflow, with one retry policy: activities are idempotent, so a
 * retry after a crash or a database blip is always safe.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DELIVERY_ACTIVITY_OPTIONS } from '../contracts/letterDelivery';

export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Letter delivery waits on SMTP servers: longer timeouts and its own backoff. */
export const { deliverPendingLetters: deliver } = proxyActivities<Activities>(DELIVERY_ACTIVITY_OPTIONS);
