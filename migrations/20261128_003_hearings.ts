import type { Knex } from 'knex';

/**
 * Hearings (process.md steps 8–11): the committee's members who sit on panels, who sat on which
 * case's panel (for a fair, least-recently-assigned choice), and the hearing's read model that the
 * hearing workflow writes at every change, for the API and pages.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('committee_members', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('role').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    // BRIN codes and/or school-board names the member has ties with (conflict of interest).
    t.jsonb('conflicts').notNullable().defaultTo('[]');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE committee_members ADD CONSTRAINT committee_members_role_check CHECK (role IN ('chair', 'member'))`);
  await knex.raw(`ALTER TABLE committee_members ADD CONSTRAINT committee_members_conflicts_check CHECK (jsonb_typeof(conflicts) = 'array')`);

  await knex.schema.createTable('hearing_panel_assignments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.bigInteger('member_id').notNullable().references('id').inTable('committee_members');
    t.text('role').notNullable();
    t.timestamp('assigned_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'member_id']);
    t.index(['member_id', 'assigned_at']);
  });

  await knex.schema.createTable('hearings', (t) => {
    t.bigInteger('case_id').primary().references('id').inTable('cases');
    t.text('status').notNullable();
    t.jsonb('panel').notNullable().defaultTo('[]');
    t.jsonb('schedule');
    t.jsonb('postponements').notNullable().defaultTo('[]');
    t.jsonb('availability').notNullable().defaultTo('{}');
    // Why no panel could be formed, while the secretary is asked to act.
    t.text('panel_problem');
    t.jsonb('result');
    // The workflow's counter: a late retry of an older write never overwrites a newer one.
    t.integer('revision').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('hearings');
  await knex.schema.dropTable('hearing_panel_assignments');
  await knex.schema.dropTable('committee_members');
}
