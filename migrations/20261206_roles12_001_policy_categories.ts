import type { Knex } from 'knex';
import { POLICY_2026_2 } from '../domain/policy';

/**
 * Policy 2026.2: the categories of process.md "Categories" (threats and sexual abuse apart from
 * sexual harassment, and the LKC's annual-report groups) as a new approved version, valid from
 * 1 December 2026. Version 2026.1 stays as approved: cases filed under it keep its categories.
 */
export async function up(knex: Knex): Promise<void> {
  // A committee that already approved its own version from that day keeps it: one approved version per day.
  const taken = await knex('policy_versions').where({ status: 'approved', valid_from: POLICY_2026_2.validFrom }).first();
  if (taken) return;
  await knex('policy_versions')
    .insert({
      version: POLICY_2026_2.version,
      valid_from: POLICY_2026_2.validFrom,
      content: JSON.stringify(POLICY_2026_2),
      status: 'approved',
      created_by: null,
      created_by_name: 'klachtflow (beleid in code)',
      approved_by: null,
      approved_by_name: 'klachtflow (beleid in code)',
      approved_at: knex.fn.now(),
    })
    .onConflict('version')
    .ignore();
}

export async function down(): Promise<void> {
  // An approved version is never removed (the table's trigger refuses it): cases may pin it.
}
