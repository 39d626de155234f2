import type { Knex } from 'knex';

/**
 * The one-year filing term (process.md step 1): a complaint about facts more than a year before
 * filing is flagged at intake. Kept as a column so the console can show and filter it; cases filed
 * before this migration are flagged from their stored complaint (the year ends on the same date, or
 * on the last day of the month: PostgreSQL's date + interval '1 year' does exactly that).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.boolean('late_filing').notNullable().defaultTo(false);
  });
  await knex.raw(`
    UPDATE cases SET late_filing = true
    WHERE complaint->>'occurredOn' ~ '^\\d{4}-\\d{2}-\\d{2}$'
      AND received_on > ((complaint->>'occurredOn')::date + interval '1 year')::date
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('late_filing');
  });
}
