/**
 * Data access for school links (api/portal/schoolLinks.ts holds their rules): stored by the sha256
 * of the token; a link opens something while it is not revoked, not expired and its case is open.
 */
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES } from '../../domain/caseStatus';

/** Revokes the case's earlier links and stores a new one, in one transaction; answers its id and how many were revoked. */
export async function replaceSchoolLink(db: Knex, row: { case_id: string; token_hash: string; created_by: string; expires_at: Date | null; issued_to: string | null }): Promise<{ id: string; revoked: number }> {
  return db.transaction(async (trx) => {
    const revoked = await trx('school_links').where({ case_id: row.case_id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    const [created] = await trx('school_links').insert(row).returning('id');
    return { id: String(created.id), revoked };
  });
}

/** The links that open something: not revoked, not expired (when they expire), and their case still open. */
function usableLinks(db: Knex) {
  return db('school_links')
    .join('cases', 'cases.id', 'school_links.case_id')
    .whereNull('school_links.revoked_at')
    .where((q) => q.whereNull('school_links.expires_at').orWhere('school_links.expires_at', '>', new Date()))
    .whereNotIn('cases.status', CLOSED_OUTCOMES);
}

/** The case's newest usable link. */
export async function usableLinkOfCase(db: Knex, caseId: string) {
  return usableLinks(db).where('school_links.case_id', caseId).orderBy('school_links.id', 'desc').first('school_links.id', 'school_links.created_at', 'school_links.expires_at', 'school_links.last_used_at', 'school_links.issued_to');
}

export async function revokeLinksOfCase(db: Knex, caseId: string): Promise<number> {
  return db('school_links').where({ case_id: caseId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

/** The usable link with this token hash, with its case number. */
export async function usableLinkByHash(db: Knex, tokenHash: string) {
  return usableLinks(db).where('school_links.token_hash', tokenHash).first('school_links.id', 'school_links.case_id', 'school_links.expires_at', 'cases.case_number');
}

export async function touchSchoolLink(db: Knex, id: string): Promise<void> {
  await db('school_links').where({ id }).update({ last_used_at: db.fn.now() });
}

export async function usableLinkExists(db: Knex, linkId: string): Promise<boolean> {
  return (await usableLinks(db).where('school_links.id', linkId).first('school_links.id')) !== undefined;
}

/** To whom these links were issued (those issued to someone). */
export async function linkRecipients(db: Knex, ids: string[]): Promise<Array<{ id: string; issued_to: string | null }>> {
  return db('school_links').whereIn('id', ids).whereNotNull('issued_to').select('id', 'issued_to');
}
