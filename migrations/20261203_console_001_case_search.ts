import type { Knex } from 'knex';

/**
 * The console's search (case number, complainant's or representative's name, school, complaint
 * text) as one trigram index over one expression, so "contains every word" is an index lookup at
 * 100,000 cases instead of a scan. api/web/console/caseList.ts (CASE_SEARCH_TEXT) queries exactly
 * this expression; PostgreSQL uses the index only when the two are the same.
 *
 * The outbox's print letters get a printed mark (who, when) for the daily print batch page.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  await knex.raw(`CREATE INDEX cases_console_search_idx ON cases USING gin ((lower(
    case_number || ' ' || coalesce(school_name, '') || ' ' || coalesce(complaint #>> '{complainant,name}', '') || ' ' ||
    coalesce(complaint #>> '{representative,name}', '') || ' ' || coalesce(complaint ->> 'description', ''))) gin_trgm_ops)`);
  await knex.schema.alterTable('letter_outbox', (t) => {
    t.timestamp('printed_at', { useTz: true });
    t.text('printed_by');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letter_outbox', (t) => {
    t.dropColumns('printed_at', 'printed_by');
  });
  await knex.raw('DROP INDEX IF EXISTS cases_console_search_idx');
}
