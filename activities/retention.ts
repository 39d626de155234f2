/**
 * The retention run's I/O (issue 17): which closed cases are past their retention period
 * (domain/retention.ts decides), and the anonymisation of one case. Anonymising removes, in one
 * transaction: the complaint's personal data (names, contact details, free text), the access code,
 * the documents and upload receipts, the letters' contents and addressees and their PDFs, the
 * pending outbox rows, and the data of every audit entry (types and dates stay); the privileged part
 * is the database function retention_anonymise (migration 20261203_publish_002). Kept: the case
 * number, category, sector, school and dates (the statistics read model), the anonymised
 * publication, and a `retention.anonymised` audit entry saying what was removed under which rule.
 * A case under legal hold, or anonymised already, is left alone (checked again under a row lock).
 */
import type { Knex } from 'knex';
import { amsterdamDate } from '../domain/clock';
import { ruleFor, RETENTION_POLICY_VERSION } from '../domain/retention';
import { retentionPlan } from '../platform/store/retention';
import { CLOSED_OUTCOMES } from '../domain/caseStatus';
import { appendEvent, lockCaseByNumber } from '../platform/store/cases';
import { anonymiseCaseRow, runRetentionAnonymise, type RetentionCaseRow } from '../platform/store/retention';

export interface AnonymiseResult {
  caseNumber: string;
  anonymised: boolean;
  /** Why not: 'legal-hold', 'already', 'not-closed'. */
  skipped?: string;
  removed?: { documents: number; receipts: number; letters: number; letterPdfs: number; outbox: number; events: number };
}

export async function anonymiseCase(db: Knex, caseNumber: string): Promise<AnonymiseResult> {
  return db.transaction(async (trx) => {
    const c = await lockCaseByNumber<RetentionCaseRow>(trx, caseNumber, ['id', 'status', 'category', 'sector', 'school_brin', 'school_name', 'complaint', 'anonymised_at', 'legal_hold_since']);
    if (!c || !(CLOSED_OUTCOMES as readonly string[]).includes(c.status)) return { caseNumber, anonymised: false, skipped: 'not-closed' };
    if (c.anonymised_at) return { caseNumber, anonymised: false, skipped: 'already' };
    if (c.legal_hold_since) return { caseNumber, anonymised: false, skipped: 'legal-hold' };
    // Documents, receipts, letters, their PDFs and the audit entries' data: the one way past the
    // audit-integrity triggers, a function with the schema owner's rights (migration 20261203_publish_002).
    const removed = (await runRetentionAnonymise(trx, c.id)) as NonNullable<AnonymiseResult['removed']>;
    const complaint = c.complaint ?? {};
    await anonymiseCaseRow(trx, c.id, {
      anonymised: true,
      category: c.category,
      complainant: complaint.complainant?.role ? { role: complaint.complainant.role } : {},
      school: { brin: c.school_brin, name: c.school_name, ...(c.sector ? { sector: c.sector } : {}) },
    });
    const rule = ruleFor(c.status)!;
    await appendEvent(trx, { caseId: c.id, type: 'retention.anonymised', actor: 'system:retention', data: { policy: RETENTION_POLICY_VERSION, years: rule.years, basis: rule.basis, removed } });
    return { caseNumber, anonymised: true, removed };
  });
}

export function createRetentionActivities(deps: { db: Knex; now?: () => Date }) {
  return {
    /** The cases due today (Amsterdam), as case numbers. */
    async findRetentionDue(): Promise<string[]> {
      const plan = await retentionPlan(deps.db, amsterdamDate(deps.now?.() ?? new Date()));
      return plan.due.map((v) => v.caseNumber);
    },
    anonymiseCase: (caseNumber: string): Promise<AnonymiseResult> => anonymiseCase(deps.db, caseNumber),
  };
}
