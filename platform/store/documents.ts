/**
 * Data access for a case's documents: uploads and the statements a party typed, and what each party
 * may read of them (`released_to`, hoor en wederhoor).
 */
import type { Knex } from 'knex';

/** Stores a typed statement as a document; once per `source_step`, so a retried step stores it once. */
export async function insertStatementDocument(trx: Knex, row: Record<string, unknown> & { source_step: string }): Promise<void> {
  await trx('documents').insert(row).onConflict('source_step').ignore();
}

/** Adds `audience` to released_to of the case's documents with these ids or source steps, once. */
export async function releaseDocumentsTo(trx: Knex, caseId: string, ids: string[], steps: string[], audience: string): Promise<void> {
  await trx('documents')
    .where({ case_id: caseId })
    .where((q) => {
      if (ids.length) q.orWhereIn('id', ids);
      if (steps.length) q.orWhereIn('source_step', steps);
    })
    .whereNot((q) => q.whereRaw('released_to @> ?::jsonb', [JSON.stringify([audience])]))
    .update({ released_to: trx.raw('released_to || ?::jsonb', [JSON.stringify([audience])]) });
}

/** Stores an uploaded document; answers the stored row's `columns`. */
export async function insertDocument(db: Knex, row: Record<string, unknown>, columns: readonly string[]) {
  const [created] = await db('documents').insert(row).returning(columns as string[]);
  return created;
}

/** The case's documents released to `party` (their `columns`), oldest first. */
export async function releasedDocuments(db: Knex, caseId: string, party: string, columns: readonly string[]) {
  return db('documents')
    .where({ case_id: caseId })
    .whereRaw('released_to @> ?::jsonb', [JSON.stringify([party])])
    .orderBy('created_at')
    .select(columns);
}

/** One document of the case, only when released to `party`. */
export async function releasedDocument(db: Knex, caseId: string, party: string, id: string, columns: readonly string[]) {
  return db('documents')
    .where({ id, case_id: caseId })
    .whereRaw('released_to @> ?::jsonb', [JSON.stringify([party])])
    .first(columns);
}

export async function deleteDocumentsById(db: Knex, ids: string[]): Promise<void> {
  await db('documents').whereIn('id', ids).delete();
}

export async function insertReceipt(db: Knex, row: Record<string, unknown>) {
  const [created] = await db('upload_receipts').insert(row).returning(['id', 'reference', 'received_at', 'purpose', 'documents']);
  return created;
}

export async function receiptRow(db: Knex, caseId: string, party: string, id: string) {
  return db('upload_receipts').where({ id, case_id: caseId, party }).first();
}

/** The case's documents as the console lists them (every one, whoever may read it), oldest first. */
export async function consoleDocuments(db: Knex, caseId: string) {
  return db('documents').where({ case_id: caseId }).orderBy('created_at').select('id', 'kind', 'original_name', 'size_bytes', 'uploaded_by', 'created_at', 'released_to');
}

/** One document of the case (its `columns`), whoever may read it: the secretariat's view. */
export async function documentOfCase(db: Knex, caseId: string, id: string, columns: string[]) {
  return db('documents').where({ id, case_id: caseId }).first(columns);
}

/** Adds `audience` to who may read the document. */
export async function releaseDocumentTo(db: Knex, id: string, audience: string): Promise<void> {
  await db('documents').where({ id }).update({ released_to: db.raw(`released_to || ?::jsonb`, [JSON.stringify([audience])]) });
}
