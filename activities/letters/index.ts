/**
 * The letter activities the worker registers (see activities/index.ts):
 * - `approveLetter({letterId, approvedBy: {userId, role}}) → {letterIds}` — four-eyes approval of a
 *   decision; queues its letters for delivery (approval.ts).
 * - `deliverPendingLetters({caseNumber}) → {sent, print, failed}` — sends the case's queued letters,
 *   at most once per addressee; retry with DELIVERY_ACTIVITY_OPTIONS (delivery.ts, contracts/letterDelivery.ts).
 * - `preparePrintBatch({date}) → {date, letters}` — the day's print letters as one stored PDF
 *   (printBatch.ts; the bytes stay in PostgreSQL, not in workflow history).
 */
import { Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { currentConfig } from '../../platform/config';
import { approveLetter, type ApproveLetterInput, type ApproveLetterResult } from './approval';
import { deliverPendingLetters, type DeliverInput, type DeliverResult } from './delivery';
import type { PdfRenderer } from '../../platform/pdf/letterPdfs';
import { renderPdf, rendererVersion } from '../../platform/pdf/pdfRenderer';
import { buildPrintBatch } from '../../platform/pdf/printBatch';
import { TemplateStore } from './templateStore';

export interface LetterActivityDeps {
  db: Knex;
  /** Renders a decision again as it is sent (approval); defaults to the bundled templates. */
  templates?: TemplateStore;
  now?: () => Date;
  /** SMTP relay; defaults to SMTP_URL, or the local capture server when that is unset. */
  smtpUrl?: string;
  mailFrom?: string;
  pdf?: PdfRenderer;
  maxSendAttempts?: number;
}

export const chromiumPdfRenderer: PdfRenderer = { render: renderPdf, version: rendererVersion };

function heartbeat(): void {
  try {
    Context.current().heartbeat();
  } catch {
    // Called outside an activity (tests, scripts): nothing to heartbeat to.
  }
}

export function createLetterActivities(deps: LetterActivityDeps) {
  // Read lazily: a worker that never sends mail never needs a valid SMTP_URL.
  const mail = () => {
    if (deps.smtpUrl && deps.mailFrom) return { smtpUrl: deps.smtpUrl, from: deps.mailFrom };
    const config = currentConfig().mail;
    return { smtpUrl: deps.smtpUrl ?? config.smtpUrl, from: deps.mailFrom ?? config.from };
  };
  const pdf = deps.pdf ?? chromiumPdfRenderer;
  const templates = deps.templates ?? new TemplateStore();
  return {
    approveLetter: (input: ApproveLetterInput): Promise<ApproveLetterResult> => approveLetter({ db: deps.db, templates }, input),
    deliverPendingLetters: async (input: DeliverInput): Promise<DeliverResult> => {
      // Alive while it runs, however long a PDF waits for Chromium: the heartbeat timeout then
      // detects a dead worker (DELIVERY_ACTIVITY_OPTIONS), not a slow letter.
      const alive = setInterval(heartbeat, 5000);
      try {
        return await deliverPendingLetters({ db: deps.db, ...mail(), pdf, now: deps.now, maxAttempts: deps.maxSendAttempts, heartbeat }, input);
      } finally {
        clearInterval(alive);
      }
    },
    preparePrintBatch: async (input: { date: string }): Promise<{ date: string; letters: number }> => {
      const batch = await buildPrintBatch({ db: deps.db, pdf }, input);
      return { date: input.date, letters: batch?.letterIds.length ?? 0 };
    },
  };
}

export type { ApproveLetterInput, ApproveLetterResult, DeliverInput, DeliverResult };
export { DELIVERY_ACTIVITY_OPTIONS } from '../../contracts/letterDelivery';
export { listUndeliveredLetters, requeueLetter } from '../../platform/store/outbox';
export { getPrintBatch } from '../../platform/pdf/printBatch';
