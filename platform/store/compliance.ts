/** Data access for the compliance workflow's read model: one row per measure in `compliance_measures`. */
import type { Knex } from 'knex';

/** Writes one measure; an older revision never overwrites a newer one. */
export async function upsertMeasure(trx: Knex, row: Record<string, unknown> & { revision: number }): Promise<void> {
  await trx('compliance_measures')
    .insert(row)
    .onConflict(['case_id', 'measure_id'])
    .merge(['description', 'due', 'status', 'reports', 'rejections', 'verified_on', 'revision', 'updated_at'])
    .where('compliance_measures.revision', '<', row.revision);
}
