/**
 * Delivery of a case's queued letters: e-mail over SMTP with the PDF attached, or marked for print
 * when the addressee has no e-mail address.
 *
 * At most once per addressee: a sender first claims an outbox row (pending → sending, committed),
 * renders the PDF and composes the message, records that the hand-over begins (`handover_started_at`,
 * its own committed statement, immediately before the transport sends), hands the mail to SMTP, and
 * records the result (sending → sent, with the Message-ID). A retried run skips sent rows. A row
 * found in `sending` after its lease (the sender died) is settled by that mark:
 * - no hand-over began: nothing left the building, so the row goes back to pending and is sent by
 *   this run (a crash between claim and hand-over costs a delay, not a letter; found by `npm run chaos`);
 * - the hand-over began: the mail may be at the server, so it is in doubt and never resent
 *   automatically but surfaced as failed; the secretary checks and requeues it (`requeueLetter`).
 * A sender whose lease expired before it marked the hand-over (slow, not dead) finds its claim gone
 * and stops, so a row is never handed over by two senders.
 *
 * At least once while the server comes back: a failure before the message was handed over puts the
 * row back to pending and the run fails retryably, so Temporal retries it with backoff
 * (contracts/letterDelivery.ts) until the letter is sent or `maxAttempts` is reached.
 *
 * What happened at the SMTP server is recorded even through a database outage (`settle`): once the
 * hand-over has an outcome, the row is the only memory of it. Were that write given up, a letter
 * the server had accepted — or certainly refused — would stay `sending` and later count as in
 * doubt: never resent, never confirmed, left to the secretary (found by `npm run chaos`).
 */
import { ApplicationFailure } from '@temporalio/common';
import { logger } from '../../platform/log';
import type { Knex } from 'knex';
import { amsterdamDate } from '../../domain/clock';
import { DEFAULT_COMMITTEE } from '../../domain/committee';
import { appendEvent } from '../../platform/store/cases';
import { ensureLetterPdf, type PdfRenderer } from '../../platform/pdf/letterPdfs';
import { sendLetterMail, type LetterMail, type SendOutcome } from './mailer';
import {
  beginHandover, claim, letterForMail, markLetter, markOutboxFailed, markOutboxForPrint, markOutboxSent,
  outboxTotals, pendingOutboxRows, releaseStaleClaims, returnToPending, staleHandedOverClaims,
  type LetterForMail, type OutboxRow,
} from '../../platform/store/outbox';
import { caseIdByNumber } from '../../platform/store/cases';
import { DEFAULT_MAX_SEND_ATTEMPTS } from '../../contracts/letterDelivery';

export interface DeliveryDeps {
  db: Knex;
  smtpUrl: string;
  from: string;
  pdf: PdfRenderer;
  now?: () => Date;
  maxAttempts?: number;
  /** How long a claimed row may stay in `sending` before it counts as in doubt. */
  claimLeaseMs?: number;
  /** Called while working through many letters (the activity heartbeats). */
  heartbeat?: () => void;
  /** Replaceable in tests; the real SMTP client otherwise. */
  send?: (smtpUrl: string, mail: LetterMail) => Promise<SendOutcome>;
  /** How long to keep trying to record a hand-over's outcome while the database is unreachable. */
  settleTimeoutMs?: number;
}

export interface DeliverInput {
  caseNumber: string;
}

/** Totals over the case's queued letters after this run: sent by e-mail, marked for print, failed. */
export interface DeliverResult {
  sent: number;
  print: number;
  failed: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
// Longer than a database restart, shorter than the activity's start-to-close timeout.
const DEFAULT_SETTLE_TIMEOUT_MS = 2 * 60_000;

/**
 * Runs a write that records what the SMTP server did, again and again while the database does not
 * answer (each write is idempotent: an update of one row by id). Heartbeats meanwhile, so Temporal
 * sees a live sender, not a dead one.
 */
async function settle(deps: DeliveryDeps, write: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + (deps.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS);
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      logger().warn({ attempt, err }, "recording a letter's delivery failed, trying again");
      deps.heartbeat?.();
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempt)));
    }
  }
}

function coverText(letter: LetterForMail): string {
  const c = DEFAULT_COMMITTEE;
  if (letter.language === 'en') {
    return [
      `Dear ${letter.addressee.name},`,
      '',
      `Attached is a letter from the ${c.name} in case ${letter.case_number}: ${letter.subject}.`,
      'The same letter is shown below. If you reply to this e-mail, please quote the case number.',
      '',
      'Kind regards,',
      '',
      `the secretariat, ${c.name}`,
      `${c.email} · ${c.phone}`,
    ].join('\n');
  }
  return [
    `Geachte ${letter.addressee.name},`,
    '',
    `Bijgaand ontvangt u een brief van de ${c.name} in zaak ${letter.case_number}: ${letter.subject}.`,
    'Dezelfde brief staat hieronder. Wilt u bij een reactie op deze e-mail het zaaknummer vermelden?',
    '',
    'Met vriendelijke groet,',
    '',
    `${c.secretaryTitle}, ${c.name}`,
    `${c.email} · ${c.phone}`,
  ].join('\n');
}

async function fail(db: Knex, row: OutboxRow, error: string, reason: 'in-doubt' | 'permanent' | 'gave-up'): Promise<void> {
  await db.transaction(async (trx) => {
    await markOutboxFailed(trx, row, error);
    await markLetter(trx, row, 'failed', error);
    await appendEvent(trx, {
      caseId: String(row.case_id),
      type: 'letter.delivery-failed',
      actor: 'system',
      data: { letterId: String(row.letter_id), reason, error, attempts: row.attempts },
      dedupeKey: `outbox:${row.id}:failed:${row.attempts}`,
    });
  });
}

/**
 * Rows a dead sender left in `sending` past their lease: back to pending when the hand-over never
 * began (safe to send again), in doubt otherwise (surfaced rather than resent).
 */
async function settleStaleClaims(deps: DeliveryDeps, caseId: string, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - (deps.claimLeaseMs ?? DEFAULT_LEASE_MS));
  await releaseStaleClaims(deps.db, caseId, cutoff);
  const stale = await staleHandedOverClaims(deps.db, caseId, cutoff);
  for (const row of stale) {
    await fail(
      deps.db,
      row,
      'in doubt: delivery was interrupted after the mail may have been handed to the SMTP server; check whether it arrived before requeueing',
      'in-doubt',
    );
  }
}

export { beginHandover, claim };

async function sendOne(deps: DeliveryDeps, row: OutboxRow, now: Date): Promise<'sent' | 'failed' | 'busy' | { retry: string }> {
  const letter = await letterForMail(deps.db, row.letter_id);
  // Rendered before the claim: a slow or failing render never leaves a row in doubt.
  const pdf = await ensureLetterPdf(deps.db, deps.pdf, String(row.letter_id), letter.html);
  const claimed = await claim(deps.db, row, now);
  if (!claimed) return 'busy';
  const mail: LetterMail = {
    from: deps.from,
    to: { name: letter.addressee.name, address: row.recipient_email as string },
    subject: letter.subject,
    text: coverText(letter),
    html: letter.html,
    pdf: { filename: `${letter.case_number}-${letter.kind}.pdf`, content: pdf },
    idempotencyKey: row.idempotency_key,
  };
  if (!(await beginHandover(deps.db, claimed))) return 'busy';
  const outcome = await (deps.send ?? sendLetterMail)(deps.smtpUrl, mail);
  if (outcome.ok) {
    await settle(deps, () => deps.db.transaction(async (trx) => {
      await markOutboxSent(trx, row, outcome);
      await markLetter(trx, row, 'sent', null);
      await appendEvent(trx, {
        caseId: String(row.case_id),
        type: 'letter.sent',
        actor: 'system',
        data: { letterId: String(row.letter_id), to: row.recipient_email, messageId: outcome.messageId },
        dedupeKey: `outbox:${row.id}:sent`,
      });
    }));
    return 'sent';
  }
  if (outcome.kind === 'in-doubt') {
    await settle(deps, () => fail(deps.db, claimed, `in doubt: ${outcome.error}; check whether it arrived before requeueing`, 'in-doubt'));
    return 'failed';
  }
  if (outcome.kind === 'permanent' || claimed.attempts >= (deps.maxAttempts ?? DEFAULT_MAX_SEND_ATTEMPTS)) {
    const error = outcome.kind === 'permanent' ? `refused: ${outcome.error}` : `gave up after ${claimed.attempts} attempts: ${outcome.error}`;
    await settle(deps, () => fail(deps.db, claimed, error, outcome.kind === 'permanent' ? 'permanent' : 'gave-up'));
    return 'failed';
  }
  // Certainly not accepted (the capture answers 451 while its own database is down): back to pending.
  await settle(deps, () =>
    deps.db.transaction(async (trx) => {
      await returnToPending(trx, row, outcome.error);
    }),
  );
  return { retry: outcome.error };
}

async function markForPrint(deps: DeliveryDeps, row: OutboxRow, now: Date): Promise<void> {
  await ensureLetterPdf(deps.db, deps.pdf, String(row.letter_id));
  await deps.db.transaction(async (trx) => {
    if (!(await markOutboxForPrint(trx, row, amsterdamDate(now)))) return;
    await markLetter(trx, row, 'print', null);
    await appendEvent(trx, {
      caseId: String(row.case_id),
      type: 'letter.marked-for-print',
      actor: 'system',
      data: { letterId: String(row.letter_id), printDate: amsterdamDate(now) },
      dedupeKey: `outbox:${row.id}:print`,
    });
  });
}

/**
 * Delivers every queued letter of one case. Idempotent: call it after every step that stores
 * letters and after every approval; a second call finds nothing left to do and returns the same
 * totals. Throws a retryable failure while letters wait for an SMTP server that is down.
 */
export async function deliverPendingLetters(deps: DeliveryDeps, input: DeliverInput): Promise<DeliverResult> {
  const now = (deps.now ?? (() => new Date()))();
  const foundId = await caseIdByNumber(deps.db, input?.caseNumber);
  if (!foundId) throw ApplicationFailure.nonRetryable(`case ${String(input?.caseNumber)} not found`, 'CaseNotFound');
  const caseId = String(foundId);

  await settleStaleClaims(deps, caseId, now);
  const pending = await pendingOutboxRows(deps.db, caseId);
  let waiting = 0;
  let lastError: string | null = null;
  for (const row of pending) {
    deps.heartbeat?.();
    if (row.channel === 'print') {
      await markForPrint(deps, row, now);
      continue;
    }
    const result = await sendOne(deps, row, now);
    // The error this run just recorded, as it has it (not read back from the row).
    if (typeof result === 'object') {
      waiting++;
      lastError = result.retry;
    }
  }
  // One read of the case's outbox after the run: the totals, and the rows another sender holds
  // right now (`sending`), which also keep this run open: it reports once they are settled.
  const totals = await outboxTotals(deps.db, caseId);
  const count = (status: string) => Number(totals.find((t) => t.status === status)?.count ?? 0);
  waiting += count('sending');
  if (waiting > 0) {
    throw ApplicationFailure.retryable(`${waiting} letter(s) of case ${input.caseNumber} not delivered yet${lastError ? `: ${lastError}` : ''}`, 'LettersNotDeliveredYet');
  }
  return { sent: count('sent'), print: count('print'), failed: count('failed') };
}
