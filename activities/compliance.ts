/**
 * The compliance workflow's read model: one row per measure in `compliance_measures`, written as a
 * whole snapshot. Idempotent, and ordered by the workflow's revision counter, so a retried or
 * overtaken write of an older snapshot never overwrites a newer one.
 */
import type { Knex } from 'knex';
import type { MeasureState } from '../contracts/messages';
import type { ActivityDeps } from './index';
import { caseIdByNumber } from '../platform/store/cases';
import { upsertMeasure } from '../platform/store/compliance';

export interface SaveMeasuresInput {
  caseNumber: string;
  /** Increases with every snapshot the workflow writes (and across continue-as-new). */
  revision: number;
  measures: MeasureState[];
}

export async function saveMeasures(db: Knex, now: () => Date, input: SaveMeasuresInput): Promise<void> {
  await db.transaction(async (trx) => {
    const caseId = await caseIdByNumber(trx, input.caseNumber);
    if (!caseId) throw new Error(`case ${input.caseNumber} not found`);
    for (const m of input.measures) {
      await upsertMeasure(trx, {
          case_id: caseId,
          measure_id: m.id,
          description: m.description,
          due: m.due,
          status: m.status,
          reports: JSON.stringify(m.reports),
          rejections: JSON.stringify(m.rejections),
          verified_on: m.verifiedOn ?? null,
          revision: input.revision,
          updated_at: now(),
        });
    }
  });
}

export function createComplianceActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    saveMeasures: (input: SaveMeasuresInput): Promise<void> => saveMeasures(deps.db, now, input),
  };
}
