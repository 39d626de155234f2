import type { Knex } from 'knex';

/**
 * The development mailbox stores the raw message and parses its attachments only when read
 * (platform/mail/captureServer.ts): the column the capture filled by parsing every message on
 * arrival goes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dev_mailbox', (t) => {
    t.dropColumn('attachments');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dev_mailbox', (t) => {
    t.jsonb('attachments').notNullable().defaultTo('[]');
  });
}
