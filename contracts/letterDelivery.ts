/**
 * How the workflow should retry `deliverPendingLetters` (import in a workflow's proxyActivities; this
 * file imports nothing, so it is safe in the workflow sandbox). A run that leaves letters undelivered
 * because the SMTP server is unreachable fails retryably; Temporal then tries again with this
 * backoff, and the outbox gives a letter up after `DEFAULT_MAX_SEND_ATTEMPTS` tries (about three and
 * a half hours with this policy), surfacing it to the secretary.
 */
export const DELIVERY_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '5 minutes',
  // A run heartbeats while it lives (activities/letters/index.ts): when its worker is killed, the
  // next attempt starts within this, not after the whole start-to-close timeout.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const;

export const DEFAULT_MAX_SEND_ATTEMPTS = 25;

/**
 * The task queue of letter delivery, beside the case's own queue: its worker (scripts/letter-worker.ts)
 * takes only as many deliveries as the printer can print at once (PDF_RENDER_CONCURRENCY), so the
 * rest wait durably in Temporal instead of in the case worker's activity slots.
 */
export const letterTaskQueue = (caseTaskQueue: string): string => `${caseTaskQueue}-letters`;

/** The activities the letter worker runs (the case worker still runs them too: see platform/worker.ts). */
export const LETTER_ACTIVITIES = ['deliverPendingLetters', 'preparePrintBatch'] as const;
