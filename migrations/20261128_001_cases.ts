import type { Knex } from 'knex';

/**
 * The read model and document store of a case. Temporal holds the process state; these tables hold
 * what people read and what the law requires us to keep: the complaint, the audit log, the letters.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_number_counters', (t) => {
    t.integer('year').primary();
    t.integer('last_sequence').notNullable();
  });

  await knex.schema.createTable('cases', (t) => {
    t.bigIncrements('id');
    t.text('case_number').notNullable().unique();
    t.text('status').notNullable();
    t.text('category').notNullable();
    t.text('sector');
    t.text('school_brin').notNullable();
    t.text('school_name').notNullable();
    t.text('language').notNullable().defaultTo('nl');
    t.jsonb('complaint').notNullable();
    t.text('access_code_hash').notNullable();
    t.text('policy_version').notNullable();
    t.text('workflow_id').notNullable().unique();
    t.timestamp('workflow_started_at', { useTz: true });
    t.date('received_on').notNullable();
    t.date('next_deadline');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'next_deadline']);
    t.index(['school_brin']);
    t.index(['category']);
    t.index(['next_deadline']);
  });
  // Cases whose workflow start has not been confirmed: the reconciler scans only these.
  await knex.raw('CREATE INDEX cases_unstarted_idx ON cases (created_at) WHERE workflow_started_at IS NULL');

  await knex.schema.createTable('intake_requests', (t) => {
    t.text('idempotency_key').primary();
    t.text('request_hash').notNullable();
    t.text('case_number').notNullable().references('case_number').inTable('cases');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('case_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('type').notNullable();
    t.text('actor').notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    // Set by workflow activities so a retried activity appends an event once, never twice.
    t.text('dedupe_key').unique();
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'id']);
  });
  // The audit log is append-only: the database itself refuses edits and deletions.
  await knex.raw(`
    CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_events is append-only';
    END $$;
    CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only();
  `);

  // Who read which case when (privacy: every read of case data is logged). Kept apart from the
  // audit log so reads do not drown the timeline of the procedure.
  await knex.schema.createTable('case_access_log', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('ip');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'at']);
  });

  await knex.schema.createTable('letters', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('kind').notNullable();
    t.text('addressee_role').notNullable();
    t.jsonb('addressee').notNullable();
    t.text('language').notNullable();
    t.text('subject').notNullable();
    t.text('template_id').notNullable();
    t.integer('template_version').notNullable();
    t.text('template_hash').notNullable();
    t.jsonb('data_snapshot').notNullable();
    t.text('html').notNullable();
    t.text('status').notNullable().defaultTo('stored');
    // One letter per (case, kind, addressee, occasion): retries and replays find the same row.
    t.text('dedupe_key').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('letters');
  await knex.schema.dropTable('case_access_log');
  await knex.raw('DROP TRIGGER IF EXISTS case_events_no_update ON case_events');
  await knex.schema.dropTable('case_events');
  await knex.raw('DROP FUNCTION IF EXISTS case_events_append_only()');
  await knex.schema.dropTable('intake_requests');
  await knex.schema.dropTable('cases');
  await knex.schema.dropTable('case_number_counters');
}
