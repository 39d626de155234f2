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

