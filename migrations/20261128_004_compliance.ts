import type { Knex } from 'knex';

/**
 * Read model of compliance with a binding advice (process.md step 15): one row per measure of a
 * case, written by the compliance workflow's `saveMeasures` activity. Temporal holds the process
 * state; this table is what pages and overviews read ("which measures are overdue?").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('compliance_measures', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('measure_id').notNullable();
    t.text('description').notNullable();
    t.date('due');
    t.text('status').notNullable();
    // [{at, evidence, documentIds}] and [{at, reason}], as the workflow holds them.
    t.jsonb('reports').notNullable().defaultTo('[]');
    t.jsonb('rejections').notNullable().defaultTo('[]');
    t.date('verified_on');
    // The workflow's write counter: an older snapshot (a retried or overtaken activity) never
    // overwrites a newer one.
    t.integer('revision').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['case_id', 'measure_id']);
    t.index(['status', 'due']);
  });
  await knex.raw(`ALTER TABLE compliance_measures ADD CONSTRAINT compliance_measures_status_check
    CHECK (status IN ('open', 'reported', 'verified', 'rejected', 'not-complied'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('compliance_measures');
}
