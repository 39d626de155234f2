import type { Knex } from 'knex';

/**
 * The secretary's console reads its case list from the `cases` read model and must stay fast at
 * 100,000 cases (scripts/bench/consoleList.ts measures it):
 *
 * - `deadline_key`: the next deadline with "none" sorted last ('infinity'), a stored generated
 *   column so keyset pagination compares one plain value instead of juggling NULLS LAST.
 * - `reporting_duty`: the state of the reporting duty (meldplicht). The workflow records it only in
 *   its own state and in case_events; a trigger on those events keeps the column current, so the
 *   activities that write events need not know about the console.
 * - one (filter, deadline_key, id) index per list filter, so a filtered page sorted by deadline is
 *   an index range scan that stops after one page, and an index on the school board's name.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE cases ADD COLUMN deadline_key date GENERATED ALWAYS AS (COALESCE(next_deadline, 'infinity'::date)) STORED`);
  await knex.raw(`ALTER TABLE cases ADD COLUMN reporting_duty text NOT NULL DEFAULT 'not-applicable'`);
  await knex.raw(`ALTER TABLE cases ADD CONSTRAINT cases_reporting_duty_check CHECK (reporting_duty IN ('not-applicable', 'awaiting-confirmation', 'confirmed', 'escalated'))`);

  await knex.raw(`
    CREATE FUNCTION cases_reporting_duty_from_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE next_state text;
    BEGIN
      next_state := CASE NEW.type
        WHEN 'reporting-duty.flagged' THEN 'awaiting-confirmation'
        WHEN 'reporting-duty.notified' THEN 'awaiting-confirmation'
        WHEN 'reporting-duty.confirmed' THEN 'confirmed'
        WHEN 'reporting-duty.escalated' THEN 'escalated'
      END;
      -- A late 'notified' (the term's letter) never undoes a confirmation or an escalation.
      IF next_state IS NOT NULL THEN
        UPDATE cases SET reporting_duty = next_state
          WHERE id = NEW.case_id AND (next_state <> 'awaiting-confirmation' OR reporting_duty = 'not-applicable');
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER case_events_reporting_duty AFTER INSERT ON case_events
      FOR EACH ROW WHEN (NEW.type LIKE 'reporting-duty.%') EXECUTE FUNCTION cases_reporting_duty_from_event();
  `);
  // Cases from before this migration: replay their reporting-duty events in order.
  await knex.raw(`
    UPDATE cases c SET reporting_duty = s.state FROM (
      SELECT DISTINCT ON (case_id) case_id,
        CASE type WHEN 'reporting-duty.confirmed' THEN 'confirmed' WHEN 'reporting-duty.escalated' THEN 'escalated' ELSE 'awaiting-confirmation' END AS state
      FROM case_events WHERE type IN ('reporting-duty.flagged', 'reporting-duty.notified', 'reporting-duty.confirmed', 'reporting-duty.escalated')
      ORDER BY case_id, (type IN ('reporting-duty.confirmed', 'reporting-duty.escalated')) DESC, id DESC
    ) s WHERE c.id = s.case_id`);

  await knex.raw('CREATE INDEX cases_console_deadline_idx ON cases (deadline_key, id)');
  for (const column of ['status', 'category', 'sector', 'school_brin', 'reporting_duty']) {
    await knex.raw(`CREATE INDEX cases_console_${column}_idx ON cases (${column}, deadline_key, id)`);
  }
  await knex.raw('CREATE INDEX schools_board_name_idx ON schools (lower(board_name))');
  // "Waiting on the secretary": decisions awaiting approval and measures awaiting verification.
  await knex.raw(`CREATE INDEX letters_awaiting_approval_idx ON letters (case_id) WHERE status = 'awaiting-approval'`);
  await knex.raw(`CREATE INDEX compliance_measures_reported_idx ON compliance_measures (case_id) WHERE status = 'reported'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS compliance_measures_reported_idx');
  await knex.raw('DROP INDEX IF EXISTS letters_awaiting_approval_idx');
  await knex.raw('DROP INDEX IF EXISTS schools_board_name_idx');
  for (const column of ['status', 'category', 'sector', 'school_brin', 'reporting_duty']) await knex.raw(`DROP INDEX IF EXISTS cases_console_${column}_idx`);
  await knex.raw('DROP INDEX IF EXISTS cases_console_deadline_idx');
  await knex.raw('DROP TRIGGER IF EXISTS case_events_reporting_duty ON case_events');
  await knex.raw('DROP FUNCTION IF EXISTS cases_reporting_duty_from_event()');
  await knex.raw('ALTER TABLE cases DROP COLUMN reporting_duty');
  await knex.raw('ALTER TABLE cases DROP COLUMN deadline_key');
}
