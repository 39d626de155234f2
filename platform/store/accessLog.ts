/**
 * Every read of case data through the portals is logged: who (party or user), what, when, from where.
 * The table is append-only: the database refuses UPDATE, DELETE and TRUNCATE (migration 150).
 */
import type { Knex } from 'knex';

export async function logCaseRead(db: Knex, entry: { caseId: string; actor: string; action: string; ip: string | undefined }): Promise<void> {
  await db('case_access_log').insert({ case_id: entry.caseId, actor: entry.actor, action: entry.action, ip: entry.ip ?? null });
}

/** Logs one read per case (a list page shows several cases at once). */
export async function logCaseReads(db: Knex, entries: Array<{ caseId: string; actor: string; action: string; ip: string | undefined }>): Promise<void> {
  await db('case_access_log').insert(entries.map((entry) => ({ case_id: entry.caseId, actor: entry.actor, action: entry.action, ip: entry.ip ?? null })));
}
