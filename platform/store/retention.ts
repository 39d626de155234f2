/**
 * Which closed cases the retention run (issue 17) considers: the read model's side of
 * domain/retention.ts, shared by the run (activities/retention.ts), its dry run on the console page
 * and `npm run retention -- --dry-run`.
 */
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES } from '../../domain/caseStatus';
import { retentionDue, type RetentionCandidate, type RetentionVerdict } from '../../domain/retention';

/** Closed cases not yet anonymised, with the day they closed (their `case.closed`, else their last event). */
export async function retentionCandidates(db: Knex): Promise<RetentionCandidate[]> {
  const rows = await db('cases as c')
    .whereIn('c.status', CLOSED_OUTCOMES as unknown as string[])
    .whereNull('c.anonymised_at')
    .select(
      'c.case_number',
      'c.status',
      db.raw('c.legal_hold_since IS NOT NULL AS legal_hold'),
      db.raw(
        `(SELECT to_char(COALESCE(max(e.occurred_at) FILTER (WHERE e.type = 'case.closed'), max(e.occurred_at)) AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD')
          FROM case_events e WHERE e.case_id = c.id) AS closed_on`,
      ),
    );
  return rows.filter((r) => r.closed_on).map((r) => ({ caseNumber: r.case_number, outcome: r.status, closedOn: r.closed_on, legalHold: r.legal_hold }));
}

/** What a retention run on `today` would anonymise, and what it leaves because of a legal hold. */
export async function retentionPlan(db: Knex, today: string): Promise<{ due: RetentionVerdict[]; held: RetentionVerdict[] }> {
  return retentionDue(await retentionCandidates(db), today);
}


/** The columns the anonymisation of one case reads (under a row lock). */
export interface RetentionCaseRow {
  id: string;
  status: string;
  category: string;
  sector: string | null;
  school_brin: string;
  school_name: string;
  complaint: { complainant?: { role?: string } } | null;
  anonymised_at: Date | null;
  legal_hold_since: Date | null;
}

/**
 * Removes the case's documents, receipts, letters, their PDFs and the audit entries' data: the one
 * way past the audit-integrity triggers, a function with the schema owner's rights (migration
 * 20261203_publish_002). Answers what it removed, counted.
 */
export async function runRetentionAnonymise(trx: Knex.Transaction, caseId: string): Promise<Record<string, number>> {
  return (await trx.raw('SELECT retention_anonymise(?) AS removed', [caseId])).rows[0].removed;
}

/** Replaces the case's complaint by what statistics keep, and its access code. */
export async function anonymiseCaseRow(trx: Knex.Transaction, caseId: string, complaint: Record<string, unknown>): Promise<void> {
  await trx('cases')
    .where({ id: caseId })
    .update({
      complaint: JSON.stringify(complaint),
      access_code_hash: 'anonymised',
      anonymised_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    });
}

/** The cases under a legal hold (not anonymised), by case number. */
export async function legalHolds(db: Knex): Promise<Array<{ case_number: string; legal_hold_since: Date; legal_hold_reason: string | null }>> {
  return db('cases').whereNotNull('legal_hold_since').whereNull('anonymised_at').orderBy('case_number').select('case_number', 'legal_hold_since', 'legal_hold_reason');
}

/** Puts the case under a legal hold from now, unless it is under one already; answers the rows changed. */
export async function setLegalHold(trx: Knex, caseId: string, by: string, reason: string): Promise<number> {
  return trx('cases').where({ id: caseId }).whereNull('legal_hold_since').update({ legal_hold_since: trx.fn.now(), legal_hold_by: by, legal_hold_reason: reason });
}

/** Lifts the case's legal hold, when it has one; answers the rows changed. */
export async function liftLegalHold(trx: Knex, caseId: string): Promise<number> {
  return trx('cases').where({ id: caseId }).whereNotNull('legal_hold_since').update({ legal_hold_since: null, legal_hold_by: null, legal_hold_reason: null });
}
