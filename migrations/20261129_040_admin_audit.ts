import type { Knex } from 'knex';

/**
 * The administrators' audit trail: every change to staff users and committee members, who made it
 * and what it was. Kept apart from case_events, which belongs to one case each; append-only like it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('admin_audit', (t) => {
    t.bigIncrements('id');
    // The acting admin's user id and name at the time (the name kept: users can be renamed later).
    t.text('actor_user_id').notNullable();
    t.text('actor_name').notNullable();
    t.text('action').notNullable();
    // What was changed: 'user' or 'committee-member', and its id.
    t.text('target_type').notNullable();
    t.text('target_id').notNullable();
    // Before and after of the changed fields; never a password or its hash.
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('ip');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['target_type', 'target_id']);
    t.index(['at']);
  });
  await knex.raw(`
    CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'admin_audit is append-only';
    END $$;
    CREATE TRIGGER admin_audit_no_update BEFORE UPDATE OR DELETE ON admin_audit
      FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('admin_audit');
  await knex.raw('DROP FUNCTION IF EXISTS admin_audit_append_only()');
}
