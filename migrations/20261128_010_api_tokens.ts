import type { Knex } from 'knex';

/** API tokens of staff and schools (the JSON API's credentials until the portals bring sessions). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.text('token_hash').primary();
    t.text('user_id').notNullable();
    t.text('role').notNullable();
    t.text('name').notNullable();
    // A school's token reaches only the cases of its own school.
    t.text('school_brin');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
}
