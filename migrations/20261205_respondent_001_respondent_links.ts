import type { Knex } from 'knex';

/**
 * respondent_links: the personal code of a person complained about (issue 12), one live code per
 * respondent of a case. The notice of the complaint carries it; the secretary can send a new one
 * (the old one stops working) or revoke it. Only the code's sha256 is kept.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('respondent_links', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases').onDelete('CASCADE');
    /** The respondent's number in the case's respondents list (1-based), as letters key them (`respondent:N`). */
    t.integer('respondent').notNullable();
    t.text('token_hash').notNullable().unique();
    t.text('created_by').notNullable();
    /** 'letter' (the notice carried it) or 'console' (the secretary sent a new one). */
    t.text('issued_via').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    t.index(['case_id', 'respondent']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('respondent_links');
}
