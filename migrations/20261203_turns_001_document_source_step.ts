import type { Knex } from 'knex';

/**
 * A document a workflow step wrote itself (a party's typed explanation with its defence or reply)
 * carries that step's key, so a retried step never stores it twice. Uploads leave it null.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.text('source_step').unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (t) => {
    t.dropColumn('source_step');
  });
}
