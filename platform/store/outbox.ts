/**
 * The letter outbox in PostgreSQL: one row per letter and addressee, written in the same
 * transaction as the letter (or its approval), so a letter is queued exactly when it is stored.
 *
 * Row states: `pending` (to send, or to retry) → `sending` (claimed by a sender, `claimed_at`; once
 * `handover_started_at` is set the SMTP hand-over may be under way) → `sent`; `print` (no e-mail
 * address: in the day's print batch); `failed` (given up, or in doubt: surfaced to the secretary
 * with `last_error`). A `sending` row whose lease expired goes back to `pending` when its hand-over
 * never began, and to `failed` (in doubt) when it did.
 *
 * Also the delivery run's reads and writes (activities/letters/delivery.ts): claiming a row, marking
 * the hand-over, and settling a row and its letter as sent, for print, failed or back to pending.
 */
import type { Knex } from 'knex';
import type { Addressee } from '../../domain/letters';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'print' | 'failed';

export interface OutboxRow {
  id: string;
  letter_id: string;
  case_id: string;
  idempotency_key: string;
  channel: 'email' | 'print';
  recipient_email: string | null;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  claimed_at: Date | null;
  handover_started_at: Date | null;
  message_id: string | null;
  smtp_response: string | null;
  sent_at: Date | null;
  print_date: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * Queues a stored letter for its addressee. The idempotency key is the letter's own dedupe key
 * (case, step, kind, addressee) and the recipient, so queuing twice (a retried step or approval)
 * adds nothing. A letter to the school board goes to the board's registered address (its e-mail,
 * or print) and also, by e-mail, to each of the board's contact persons who may read it (a school
 * director only for their own school): one outbox row per recipient, each delivered on its own.
 */
export async function queueLetter(trx: Knex.Transaction, letter: { id: string; caseId: string; dedupeKey: string; addressee: Addressee }): Promise<void> {
  const row = (email: string | null) => ({
    letter_id: letter.id,
    case_id: letter.caseId,
    idempotency_key: `${letter.dedupeKey}>${email ?? 'print'}`,
    channel: email ? 'email' : 'print',
    recipient_email: email,
    status: 'pending',
  });
  const contacts = letter.addressee.role === 'school-board' ? await boardContactEmails(trx, letter.caseId) : [];
  const copies = contacts.filter((email) => email !== letter.addressee.email?.toLowerCase());
  await trx('letter_outbox')
    .insert([row(letter.addressee.email), ...copies.map(row)])
    .onConflict('idempotency_key')
    .ignore();
}

/** The e-mail addresses of the active contact persons of the board of the case's school. */
async function boardContactEmails(trx: Knex.Transaction, caseId: string): Promise<string[]> {
  const rows: Array<{ email: string }> = await trx('board_contacts as bc')
    .join('schools as s', 's.board_number', 'bc.board_number')
    .join('cases as c', 'c.school_brin', 's.brin')
    .where('c.id', caseId)
    .whereNull('bc.disabled_at')
    .where((q) => q.whereNot('bc.role', 'director').orWhereRaw('bc.brin = c.school_brin'))
    .orderBy('bc.id')
    .select('bc.email');
  return rows.map((r) => r.email);
}

export interface UndeliveredLetter {
  outboxId: string;
  letterId: string;
  caseNumber: string;
  kind: string;
  addresseeRole: string;
  addresseeName: string;
  recipientEmail: string | null;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

/**
 * Letters the secretary must look at: delivery failed for good, or was interrupted so that we do
 * not know whether the mail went out (never resent automatically: a letter goes at most once).
 * Oldest first. The console lists these; `requeueLetter` sends one again on the secretary's word.
 */
export async function listUndeliveredLetters(db: Knex, opts: { caseNumber?: string; limit?: number } = {}): Promise<UndeliveredLetter[]> {
  const query = db('letter_outbox as o')
    .join('letters as l', 'l.id', 'o.letter_id')
    .join('cases as c', 'c.id', 'o.case_id')
    .where('o.status', 'failed')
    .orderBy('o.updated_at')
    .limit(opts.limit ?? 200)
    .select<
      Array<{ id: string; letter_id: string; case_number: string; kind: string; addressee_role: string; addressee: Addressee; recipient_email: string | null; status: OutboxStatus; attempts: number; last_error: string | null; updated_at: Date }>
    >('o.id', 'o.letter_id', 'c.case_number', 'l.kind', 'l.addressee_role', 'l.addressee', 'o.recipient_email', 'o.status', 'o.attempts', 'o.last_error', 'o.updated_at');
  if (opts.caseNumber) void query.where('c.case_number', opts.caseNumber);
  const rows = await query;
  return rows.map((r) => ({
    outboxId: String(r.id),
    letterId: String(r.letter_id),
    caseNumber: r.case_number,
    kind: r.kind,
    addresseeRole: r.addressee_role,
    addresseeName: r.addressee.name,
    recipientEmail: r.recipient_email,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    updatedAt: r.updated_at,
  }));
}

/**
 * The secretary's decision to send a failed letter again (after checking, for a letter in doubt,
 * that it did not arrive). Recorded in the audit log; the next delivery run picks it up.
 */
export async function requeueLetter(db: Knex, input: { letterId: string; by: string }): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx<OutboxRow>('letter_outbox').where({ letter_id: input.letterId }).forUpdate().first();
    if (!row) throw new Error(`letter ${input.letterId} has no delivery queued`);
    if (row.status !== 'failed') throw new Error(`letter ${input.letterId} is ${row.status}, not failed: nothing to requeue`);
    await trx('letter_outbox').where({ id: row.id }).update({ status: 'pending', attempts: 0, claimed_at: null, handover_started_at: null, updated_at: trx.fn.now() });
    await trx('letters').where({ id: input.letterId }).update({ status: 'queued', last_error: null, updated_at: trx.fn.now() });
    await trx('case_events').insert({
      case_id: row.case_id,
      type: 'letter.requeued',
      actor: input.by,
      data: JSON.stringify({ letterId: String(input.letterId), previousError: row.last_error }),
    });
  });
}

/** A letter as the delivery run mails it: its text and the case number. */
export interface LetterForMail {
  id: string;
  kind: string;
  subject: string;
  language: 'nl' | 'en';
  html: string;
  addressee: Addressee;
  case_number: string;
}

export async function letterForMail(db: Knex, letterId: string): Promise<LetterForMail> {
  return db('letters as l')
    .join('cases as c', 'c.id', 'l.case_id')
    .where('l.id', letterId)
    .first<LetterForMail>('l.id', 'l.kind', 'l.subject', 'l.language', 'l.html', 'l.addressee', 'c.case_number');
}

export async function markLetter(trx: Knex, row: OutboxRow, status: 'sent' | 'print' | 'failed', error: string | null): Promise<void> {
  await trx('letters').where({ id: row.letter_id }).update({ status, last_error: error, updated_at: trx.fn.now() });
}

export async function markOutboxFailed(trx: Knex, row: OutboxRow, error: string): Promise<void> {
  await trx('letter_outbox').where({ id: row.id }).update({ status: 'failed', last_error: error, updated_at: trx.fn.now() });
}

/** Rows a dead sender left in `sending` before their hand-over began go back to pending. */
export async function releaseStaleClaims(db: Knex, caseId: string, cutoff: Date): Promise<void> {
  await db('letter_outbox')
    .where({ case_id: caseId, status: 'sending' })
    .where('claimed_at', '<', cutoff)
    .whereNull('handover_started_at')
    .update({ status: 'pending', claimed_at: null, last_error: 'interrupted before the hand-over to the SMTP server; sent again', updated_at: db.fn.now() });
}

/** Rows a dead sender left in `sending` after their hand-over began: in doubt. */
export async function staleHandedOverClaims(db: Knex, caseId: string, cutoff: Date): Promise<OutboxRow[]> {
  return db<OutboxRow>('letter_outbox')
    .where({ case_id: caseId, status: 'sending' })
    .where('claimed_at', '<', cutoff)
    .whereNotNull('handover_started_at');
}

export async function claim(db: Knex, row: OutboxRow, now: Date): Promise<OutboxRow | undefined> {
  const [claimed] = await db<OutboxRow>('letter_outbox')
    .where({ id: row.id, status: 'pending' })
    .update({ status: 'sending', claimed_at: now, handover_started_at: null, attempts: db.raw('attempts + 1'), updated_at: db.fn.now() })
    .returning('*');
  return claimed;
}

/**
 * Marks, committed, that the SMTP hand-over of a claimed row begins: from here on a crash leaves the
 * letter in doubt. False when the claim is no longer ours (its lease expired and it was taken back).
 */
export async function beginHandover(db: Knex, claimed: OutboxRow): Promise<boolean> {
  const updated = await db('letter_outbox')
    .where({ id: claimed.id, status: 'sending', claimed_at: claimed.claimed_at })
    .update({ handover_started_at: db.fn.now(), updated_at: db.fn.now() });
  return updated === 1;
}

export async function markOutboxSent(trx: Knex, row: OutboxRow, outcome: { messageId: string; response: string }): Promise<void> {
  await trx('letter_outbox')
    .where({ id: row.id })
    .update({ status: 'sent', message_id: outcome.messageId, smtp_response: outcome.response, sent_at: trx.fn.now(), last_error: null, updated_at: trx.fn.now() });
}

/** Certainly not accepted by the SMTP server: the row goes back to pending, the letter keeps the error. */
export async function returnToPending(trx: Knex, row: OutboxRow, error: string): Promise<void> {
  await trx('letter_outbox').where({ id: row.id }).update({ status: 'pending', handover_started_at: null, last_error: error, updated_at: trx.fn.now() });
  await trx('letters').where({ id: row.letter_id }).update({ last_error: error, updated_at: trx.fn.now() });
}

/** Marks a pending row for the print batch of `printDate`; false when it was not pending any more. */
export async function markOutboxForPrint(trx: Knex, row: OutboxRow, printDate: string): Promise<boolean> {
  const updated = await trx('letter_outbox')
    .where({ id: row.id, status: 'pending' })
    .update({ status: 'print', print_date: printDate, updated_at: trx.fn.now() });
  return !!updated;
}

export async function pendingOutboxRows(db: Knex, caseId: string): Promise<OutboxRow[]> {
  return db<OutboxRow>('letter_outbox').where({ case_id: caseId, status: 'pending' }).orderBy('id');
}

/** The case's outbox rows counted per status. */
export async function outboxTotals(db: Knex, caseId: string): Promise<Array<{ status: string; count: string }>> {
  return db('letter_outbox').where({ case_id: caseId }).groupBy('status').select<Array<{ status: string; count: string }>>('status', db.raw('count(*) as count'));
}

/** The print letters since `since`, newest day first (at most 500): the post room's list. */
export async function printRows<T>(db: Knex, since: string): Promise<T[]> {
  return (await db('letter_outbox as o')
    .join('letters as l', 'l.id', 'o.letter_id')
    .join('cases as c', 'c.id', 'o.case_id')
    .where({ 'o.channel': 'print', 'o.status': 'print' })
    .where('o.print_date', '>=', since)
    .orderBy([{ column: 'o.print_date', order: 'desc' }, { column: 'c.case_number' }, { column: 'o.letter_id' }])
    .limit(500)
    .select('o.id as outbox_id', 'o.letter_id', 'o.case_id', 'c.case_number', 'l.subject', 'l.addressee_role', db.raw(`to_char(o.print_date, 'YYYY-MM-DD') AS print_date`), 'o.printed_at')) as T[];
}

/** The print letters of one day not marked printed yet. */
export async function unprintedOfDay(db: Knex, date: string): Promise<Array<{ id: string; letter_id: string; case_id: string }>> {
  return db('letter_outbox')
    .where({ channel: 'print', status: 'print', print_date: date })
    .whereNull('printed_at')
    .select('id', 'letter_id', 'case_id');
}

/** Marks these rows printed (those not marked meanwhile); answers the rows it marked. */
export async function markPrinted(trx: Knex.Transaction, ids: string[], actor: string): Promise<Array<{ id: string; letter_id: string; case_id: string }>> {
  return trx('letter_outbox')
    .whereIn('id', ids)
    .whereNull('printed_at')
    .update({ printed_at: trx.fn.now(), printed_by: actor, updated_at: trx.fn.now() })
    .returning(['id', 'letter_id', 'case_id']);
}

/** The letters marked for print on `date`, by case number, then letter: the day's print batch. */
export async function printBatchLetterIds(db: Knex, date: string): Promise<Array<{ letter_id: string }>> {
  return db('letter_outbox as o')
    .join('cases as c', 'c.id', 'o.case_id')
    .where({ 'o.channel': 'print', 'o.status': 'print', 'o.print_date': date })
    // Sorted by case, then letter: the post room handles one case's letters together.
    .orderBy([{ column: 'c.case_number' }, { column: 'o.letter_id' }])
    .select<Array<{ letter_id: string }>>('o.letter_id');
}

/** Stores the day's print batch, replacing the one stored for that date before. */
export async function upsertPrintBatch(db: Knex, date: string, pdf: Buffer, letterIds: string[]): Promise<void> {
  await db('print_batches')
    .insert({ print_date: date, pdf, letter_ids: JSON.stringify(letterIds), created_at: db.fn.now() })
    .onConflict('print_date')
    .merge();
}

/** The stored print batch of `date`. */
export async function printBatchRow(db: Knex, date: string) {
  return db('print_batches').where({ print_date: date }).first<{ print_date: string; letter_ids: string[]; pdf: Buffer } | undefined>();
}

/** The number of outbox rows per status, all cases (the metrics' gauge). */
export async function countOutboxPerStatus(db: Knex): Promise<Array<{ status: string; count: string }>> {
  return (await db('letter_outbox').select('status').count<{ status: string; count: string }[]>('* as count').groupBy('status')) as { status: string; count: string }[];
}

/** When the oldest row not yet sent (pending or sending) was queued. */
export async function oldestUnsent(db: Knex): Promise<{ oldest: Date | null } | undefined> {
  return (await db('letter_outbox').whereIn('status', ['pending', 'sending']).min({ oldest: 'created_at' }).first()) as { oldest: Date | null } | undefined;
}
