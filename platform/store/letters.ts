/**
 * Data access for stored letters (the outbox that delivers them is ./outbox.ts): storing a step's
 * letter once per dedupe key, the letters that told an addressee a term's last day, and the batch
 * of a decision that is approved together (four-eyes).
 */
import type { Knex } from 'knex';
import type { Addressee } from '../../domain/letters';

export async function letterIdByDedupeKey(trx: Knex, dedupeKey: string): Promise<string | undefined> {
  const existing = await trx('letters').where({ dedupe_key: dedupeKey }).first('id');
  return existing ? String(existing.id) : undefined;
}

/** Inserts one rendered letter (jsonb columns as JSON text) and answers its id. */
export async function insertLetter(trx: Knex, row: Record<string, unknown>): Promise<string> {
  const [inserted] = await trx('letters').insert(row).returning('id');
  return String(inserted.id);
}

/** The addressees that letters of the case (queued or out) told one of `dues` as a term's last day, with that term. */
export async function lettersTellingDues<T>(trx: Knex, caseId: string, dues: string[]): Promise<Array<{ addressee: Addressee; term: T }>> {
  return trx('letters')
    .where({ case_id: caseId })
    .whereIn('status', ['queued', 'sent', 'print', 'approved'])
    .whereRaw("data_snapshot->'term'->>'due' = any(?)", [dues])
    .orderBy('id')
    .select('addressee', trx.raw("data_snapshot->'term' as term"));
}

/** One letter of a decision, locked for update. */
export async function lockLetter<T extends object>(trx: Knex.Transaction, letterId: string): Promise<T | undefined> {
  return trx('letters').where({ id: letterId }).forUpdate().first() as Promise<T | undefined>;
}

/** Every letter of a decision (one per addressee), locked for update, in id order. */
export async function lockLetterBatch<T extends object>(trx: Knex.Transaction, batchKey: string): Promise<T[]> {
  return trx('letters').where({ batch_key: batchKey }).orderBy('id').forUpdate() as Promise<T[]>;
}

export async function markLettersApproved(trx: Knex.Transaction, ids: string[], approvedBy: string): Promise<void> {
  await trx('letters')
    .whereIn('id', ids)
    .update({ status: 'approved', approved_by: approvedBy, approved_at: trx.fn.now(), updated_at: trx.fn.now() });
}

/** A drafted letter rendered again as it is sent (approval): its text, template and snapshot. */
export async function rerenderLetter(
  trx: Knex.Transaction,
  id: string,
  rendered: { subject: string; template_id: string; template_version: number; template_hash: string; data_snapshot: string; html: string },
): Promise<void> {
  await trx('letters').where({ id }).update({ ...rendered, updated_at: trx.fn.now() });
}

/** The case's letters as the console lists them, by id. */
export async function consoleLetters(db: Knex, caseId: string) {
  return db('letters').where({ case_id: caseId }).orderBy('id').select('id', 'subject', 'kind', 'addressee_role', 'status', 'drafted_by', 'approved_by', 'created_at');
}

/** The cases these letters belong to. */
export async function casesOfLetters(db: Knex, letterIds: string[]): Promise<Array<{ case_id: string }>> {
  return db('letters').whereIn('id', letterIds).distinct('case_id');
}

/** One letter of the case (its `column`), or undefined when the case has no such letter. */
export async function letterOfCase<C extends 'id' | 'html' | 'subject'>(db: Knex, caseId: string, id: string, ...columns: C[]): Promise<Record<C, string> | undefined> {
  return (await db('letters').where({ id, case_id: caseId }).first(...columns)) as Record<C, string> | undefined;
}

/** The letter's stored PDF (`letter_pdfs`), or undefined when it has none yet. */
export async function storedLetterPdf(db: Knex, letterId: string): Promise<{ pdf: Buffer } | undefined> {
  return db('letter_pdfs').where({ letter_id: letterId }).first<{ pdf: Buffer } | undefined>('pdf');
}

/** The letter's stored HTML, or undefined when there is no such letter. */
export async function letterHtml(db: Knex, letterId: string): Promise<{ html: string } | undefined> {
  return db('letters').where({ id: letterId }).first<{ html: string } | undefined>('html');
}

/** Stores the letter's PDF unless one is stored already (the first one stored is kept). */
/** Stores a letter's PDF unless one is stored already; true when this one was stored. */
export async function insertLetterPdfOnce(db: Knex, row: { letter_id: string; pdf: Buffer; sha256: string; renderer: string }): Promise<boolean> {
  const stored = await db('letter_pdfs').insert(row).onConflict('letter_id').ignore().returning('letter_id');
  return stored.length > 0;
}

/** The case's letters to these addressee roles that are out (not awaiting the second signature), by id. */
export async function partyLetterList(db: Knex, caseId: string, roles: string[]) {
  return db('letters').where({ case_id: caseId }).whereIn('addressee_role', roles).whereNot('status', 'awaiting-approval').orderBy('id').select('id', 'kind', 'subject', 'created_at');
}

/** One such letter of the case, to read. */
export async function partyLetter(db: Knex, caseId: string, roles: string[], letterId: string): Promise<{ id: string; html: string; subject: string } | undefined> {
  return db('letters').where({ id: letterId, case_id: caseId }).whereIn('addressee_role', roles).whereNot('status', 'awaiting-approval').first('id', 'html', 'subject');
}

/** The row (only its `data_snapshot`, as stored) of the case's latest letter of this kind. */
export async function latestLetterSnapshot(db: Knex, caseId: string, kind: string): Promise<{ data_snapshot: { details?: { candidateDates?: unknown } } | null } | undefined> {
  return db('letters').where({ case_id: caseId, kind }).orderBy('id', 'desc').first('data_snapshot');
}
