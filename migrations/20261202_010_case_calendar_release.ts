import type { Knex } from 'knex';

/**
 * The calendar release a case is pinned to (domain/calendar/releases). Null for the cases filed
 * before pinning: they ran, and keep running, with the first release.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('calendar_version');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('calendar_version');
  });
}
