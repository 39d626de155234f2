import type { Knex } from 'knex';

/**
 * board_login_links: the e-mailed one-time login links of board contacts (issue 15: "password plus
 * second factor, or an e-mailed one-time login link"). Only the token's sha256 is kept; a link works
 * once (`used_at`, set by the one conditional UPDATE that spends it) and for a quarter of an hour.
 * A newer link replaces older unused ones of the same contact (they are deleted when it is made).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('board_login_links', (t) => {
    t.bigIncrements('id');
    t.bigInteger('contact_id').notNullable().references('id').inTable('board_contacts').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.text('requested_ip');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['contact_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('board_login_links');
}
