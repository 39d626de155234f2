import type { Knex } from 'knex';
import { POLICY_2026_1 } from '../domain/policy';

/**
 * Policy versions as data (issue 13): each version of the committee's policy (terms, advice
 * regimes, categories, grounds, sectors) is a row, valid from a date. A draft is prepared by one
 * administrator and approved by another (four eyes); once approved its content, date, creator and
 * approver are fixed — a trigger refuses any change or removal, not only the app. The policy in code
 * (POLICY_2026_1) is the seed: the first version, approved by nobody (it was approved as code).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('policy_versions', (t) => {
    t.text('version').primary();
    t.date('valid_from').notNullable();
    t.jsonb('content').notNullable();
    t.text('status').notNullable();
    t.bigInteger('created_by').nullable().references('users.id');
    t.text('created_by_name').notNullable();
    t.bigInteger('approved_by').nullable().references('users.id');
    t.text('approved_by_name').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('approved_at', { useTz: true }).nullable();
  });
  await knex.raw(`ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_status CHECK (status IN ('draft', 'approved'))`);
  await knex.raw(`ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_approval CHECK ((status = 'approved') = (approved_at IS NOT NULL))`);
  // Four eyes in the data itself: whoever created a version never approves it.
  await knex.raw(`ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_four_eyes CHECK (approved_by IS NULL OR created_by IS NULL OR approved_by <> created_by)`);
  // One approved version per valid-from date, so "the version valid on a day" is never ambiguous.
  await knex.raw(`CREATE UNIQUE INDEX policy_versions_approved_valid_from ON policy_versions (valid_from) WHERE status = 'approved'`);
  await knex.raw(`
    CREATE FUNCTION policy_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'approved' THEN
        RAISE EXCEPTION 'policy version % is approved and cannot be changed or removed', OLD.version USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$;
    CREATE TRIGGER policy_versions_immutable BEFORE UPDATE OR DELETE ON policy_versions
      FOR EACH ROW EXECUTE FUNCTION policy_versions_immutable();
    CREATE FUNCTION policy_versions_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'policy_versions cannot be truncated' USING ERRCODE = 'integrity_constraint_violation';
    END $$;
    CREATE TRIGGER policy_versions_no_truncate BEFORE TRUNCATE ON policy_versions
      FOR EACH STATEMENT EXECUTE FUNCTION policy_versions_no_truncate();
  `);
  await knex('policy_versions').insert({
    version: POLICY_2026_1.version,
    valid_from: POLICY_2026_1.validFrom,
    content: JSON.stringify(POLICY_2026_1),
    status: 'approved',
    created_by: null,
    created_by_name: 'klachtflow (beleid in code)',
    approved_by: null,
    approved_by_name: 'klachtflow (beleid in code)',
    approved_at: knex.fn.now(),
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('policy_versions');
  await knex.raw('DROP FUNCTION IF EXISTS policy_versions_immutable(); DROP FUNCTION IF EXISTS policy_versions_no_truncate();');
}
