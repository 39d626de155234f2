/** A minimal workflow for the delivery tests: runs the delivery activity with Temporal's retries. */
import { proxyActivities } from '@temporalio/workflow';
import type { createLetterActivities } from '../../../activities/letters';

const { deliverPendingLetters } = proxyActivities<ReturnType<typeof createLetterActivities>>({
  startToCloseTimeout: '30 seconds',
  // The production policy (DELIVERY_ACTIVITY_OPTIONS) starts at 10 s; tests cannot wait that long.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1.5, maximumInterval: '1 second' },
});

export async function deliverLettersWorkflow(caseNumber: string): Promise<{ sent: number; print: number; failed: number }> {
  return deliverPendingLetters({ caseNumber });
}
