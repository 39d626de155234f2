import type { Knex } from 'knex';

/**
 * The statistics read model (issue 17): one row per case with the facts the committee reports on,
 * and one row per (case, legal term) with how that term ended. Neither holds a name, an address or
 * free text, so the figures can outlive the personal data of a case (retention).
 *
 * Kept current by triggers, like `cases.reporting_duty`: a new case copies its intake facts, and
 * every case event the workflows append updates the facts it carries. The activities that write
 * events therefore need not know about statistics, and no workflow changes.
 *
 * `case_statistics_apply` is one function for the trigger and for the backfill below, which replays
 * the events of cases that existed before this migration in their order.
 */
const TERM_EVENTS = `
  -- Which legal term (policy key) an event starts, meets or misses.
  start_term := CASE p_type
    WHEN 'complaint.acknowledged' THEN 'admissibility'
    WHEN 'completion.requested' THEN 'completion'
    WHEN 'complaint.referred' THEN 'referralReport'
    WHEN 'mediation.started' THEN 'mediation'
    WHEN 'defence.requested' THEN 'defence'
    WHEN 'hearing.panel-formed' THEN 'hearingWithin'
    WHEN 'hearing.panel-unavailable' THEN 'hearingWithin'
    WHEN 'deliberation.started' THEN 'advice'
    WHEN 'advice.issued' THEN 'schoolAnswer'
    WHEN 'reporting-duty.notified' THEN 'reportingDuty'
  END;
  met_term := CASE
    WHEN p_type = 'admissibility.decided' THEN 'admissibility'
    WHEN p_type = 'complaint.completed' THEN 'completion'
    WHEN p_type IN ('referral.resolved', 'referral.resumed') THEN 'referralReport'
    WHEN p_type = 'mediation.settled' THEN 'mediation'
    WHEN p_type = 'mediation.ended' AND NOT COALESCE((p_data->>'expired')::boolean, false) THEN 'mediation'
    WHEN p_type = 'defence.received' THEN 'defence'
    WHEN p_type IN ('hearing.held', 'hearing.party-absent') THEN 'hearingWithin'
    WHEN p_type = 'advice.drafted' THEN 'advice'
    WHEN p_type = 'advice.answered' THEN 'schoolAnswer'
    WHEN p_type = 'reporting-duty.confirmed' THEN 'reportingDuty'
  END;
  missed_term := CASE
    WHEN p_type = 'admissibility.overdue' THEN 'admissibility'
    WHEN p_type = 'completion.expired' THEN 'completion'
    WHEN p_type = 'referral.term-expired' THEN 'referralReport'
    WHEN p_type = 'mediation.ended' AND COALESCE((p_data->>'expired')::boolean, false) THEN 'mediation'
    WHEN p_type = 'defence.not-received' THEN 'defence'
    WHEN p_type = 'hearing.term-expired' THEN 'hearingWithin'
    WHEN p_type = 'advice.overdue' THEN 'advice'
    WHEN p_type = 'advice.answer-overdue' THEN 'schoolAnswer'
    WHEN p_type = 'reporting-duty.escalated' THEN 'reportingDuty'
  END;
  changed_term := CASE
    WHEN p_type IN ('term.extended', 'term.suspended') AND p_data->>'termId' IN
      ('admissibility', 'completion', 'referralReport', 'mediation', 'defence', 'hearingWithin', 'advice', 'schoolAnswer', 'reportingDuty') THEN p_data->>'termId'
    -- A postponed hearing suspends the hearing term (workflows/hearing.ts).
    WHEN p_type = 'hearing.postponed' THEN 'hearingWithin'
  END;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE case_statistics (
      case_id bigint PRIMARY KEY REFERENCES cases(id),
      received_on date NOT NULL,
      category text NOT NULL,
      sector text,
      school_brin text NOT NULL,
      complainant_role text,
      represented boolean NOT NULL DEFAULT false,
      admissible boolean,
      admissibility_on date,
      inadmissible_by text,
      referred boolean NOT NULL DEFAULT false,
      mediated boolean NOT NULL DEFAULT false,
      settled boolean NOT NULL DEFAULT false,
      withdrawn boolean NOT NULL DEFAULT false,
      hearing_on date,
      advice_on date,
      advice_finding text,
      advice_measures integer,
      compliance text CHECK (compliance IN ('complied', 'partly', 'not')),
      compliance_escalated boolean NOT NULL DEFAULT false,
      reporting_duty text NOT NULL DEFAULT 'not-applicable'
        CHECK (reporting_duty IN ('not-applicable', 'awaiting-confirmation', 'confirmed', 'escalated')),
      outcome text
    )`);
  // The period is always a range of receipt dates; each filter has its own (filter, date) index.
  await knex.raw('CREATE INDEX case_statistics_received_idx ON case_statistics (received_on)');
  for (const column of ['category', 'sector', 'school_brin']) {
    await knex.raw(`CREATE INDEX case_statistics_${column}_idx ON case_statistics (${column}, received_on)`);
  }
  await knex.raw('CREATE INDEX schools_region_idx ON schools (region)');

  await knex.raw(`
    CREATE TABLE case_term_statistics (
      case_id bigint NOT NULL REFERENCES cases(id),
      term_key text NOT NULL,
      outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'met', 'missed', 'cancelled')),
      extended boolean NOT NULL DEFAULT false,
      suspended boolean NOT NULL DEFAULT false,
      PRIMARY KEY (case_id, term_key)
    )`);

  // The secretary's explanatory text per section of an annual report, edited before printing.
  await knex.raw(`
    CREATE TABLE annual_report_texts (
      year integer NOT NULL,
      section text NOT NULL,
      body text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (year, section)
    )`);

  await knex.raw(`
    CREATE FUNCTION case_statistics_from_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO case_statistics (case_id, received_on, category, sector, school_brin, complainant_role, represented)
      VALUES (NEW.id, NEW.received_on, NEW.category, NEW.sector, NEW.school_brin,
              NEW.complaint->'complainant'->>'role', COALESCE(jsonb_typeof(NEW.complaint->'representative') = 'object', false))
      ON CONFLICT (case_id) DO UPDATE SET received_on = EXCLUDED.received_on, category = EXCLUDED.category,
        sector = EXCLUDED.sector, school_brin = EXCLUDED.school_brin,
        complainant_role = COALESCE(EXCLUDED.complainant_role, case_statistics.complainant_role),
        represented = EXCLUDED.represented OR case_statistics.represented;
      RETURN NEW;
    END $$;
    CREATE TRIGGER cases_statistics_insert AFTER INSERT ON cases
      FOR EACH ROW EXECUTE FUNCTION case_statistics_from_case();
    CREATE TRIGGER cases_statistics_update AFTER UPDATE OF received_on, category, sector, school_brin ON cases
      FOR EACH ROW EXECUTE FUNCTION case_statistics_from_case();
  `);

  await knex.raw(`
    CREATE FUNCTION case_statistics_apply(p_case_id bigint, p_type text, p_data jsonb, p_at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      day date := (p_at AT TIME ZONE 'Europe/Amsterdam')::date;
      start_term text; met_term text; missed_term text; changed_term text;
    BEGIN
      CASE p_type
        WHEN 'admissibility.decided' THEN
          UPDATE case_statistics SET admissible = (p_data->>'admissible')::boolean, admissibility_on = day,
            inadmissible_by = CASE WHEN (p_data->>'admissible')::boolean THEN NULL ELSE p_data->>'decidedBy' END
          WHERE case_id = p_case_id;
        WHEN 'completion.expired' THEN
          -- Not completed in time: the case is inadmissible without a separate decision event.
          UPDATE case_statistics SET admissible = false, admissibility_on = day, inadmissible_by = 'incomplete' WHERE case_id = p_case_id;
        WHEN 'complaint.referred' THEN UPDATE case_statistics SET referred = true WHERE case_id = p_case_id;
        WHEN 'mediation.started' THEN UPDATE case_statistics SET mediated = true WHERE case_id = p_case_id;
        WHEN 'mediation.settled' THEN UPDATE case_statistics SET settled = true WHERE case_id = p_case_id;
        WHEN 'complaint.withdrawn' THEN UPDATE case_statistics SET withdrawn = true, outcome = 'withdrawn' WHERE case_id = p_case_id;
        WHEN 'hearing.held', 'hearing.party-absent' THEN
          UPDATE case_statistics SET hearing_on = COALESCE((p_data->>'heldOn')::date, day) WHERE case_id = p_case_id;
        WHEN 'advice.drafted' THEN
          UPDATE case_statistics SET advice_finding = p_data->>'finding', advice_measures = (p_data->>'measures')::integer WHERE case_id = p_case_id;
        WHEN 'advice.issued' THEN
          UPDATE case_statistics SET advice_on = day, advice_finding = COALESCE(p_data->>'finding', advice_finding) WHERE case_id = p_case_id;
        WHEN 'compliance.completed', 'compliance.escalated' THEN
          UPDATE case_statistics SET
            compliance = CASE p_data->>'outcome' WHEN 'advised-complied' THEN 'complied' WHEN 'advised-partly-complied' THEN 'partly'
                         WHEN 'advised-not-complied' THEN 'not' ELSE compliance END,
            compliance_escalated = compliance_escalated OR p_type = 'compliance.escalated'
          WHERE case_id = p_case_id;
        WHEN 'reporting-duty.flagged', 'reporting-duty.notified' THEN
          UPDATE case_statistics SET reporting_duty = 'awaiting-confirmation' WHERE case_id = p_case_id AND reporting_duty = 'not-applicable';
        WHEN 'reporting-duty.confirmed' THEN UPDATE case_statistics SET reporting_duty = 'confirmed' WHERE case_id = p_case_id;
        WHEN 'reporting-duty.escalated' THEN UPDATE case_statistics SET reporting_duty = 'escalated' WHERE case_id = p_case_id;
        WHEN 'case.closed' THEN UPDATE case_statistics SET outcome = p_data->>'outcome' WHERE case_id = p_case_id;
        ELSE NULL;
      END CASE;

      ${TERM_EVENTS}
      IF start_term IS NOT NULL THEN
        INSERT INTO case_term_statistics (case_id, term_key) VALUES (p_case_id, start_term) ON CONFLICT DO NOTHING;
      END IF;
      IF met_term IS NOT NULL THEN
        -- A term met after it was missed stays missed.
        INSERT INTO case_term_statistics (case_id, term_key, outcome) VALUES (p_case_id, met_term, 'met')
          ON CONFLICT (case_id, term_key) DO UPDATE SET outcome = 'met' WHERE case_term_statistics.outcome = 'running';
      END IF;
      IF missed_term IS NOT NULL THEN
        INSERT INTO case_term_statistics (case_id, term_key, outcome) VALUES (p_case_id, missed_term, 'missed')
          ON CONFLICT (case_id, term_key) DO UPDATE SET outcome = 'missed';
      END IF;
      -- A withdrawn or closed case ends its running terms without meeting or missing them.
      IF p_type IN ('complaint.withdrawn', 'case.closed') THEN
        UPDATE case_term_statistics SET outcome = 'cancelled' WHERE case_id = p_case_id AND outcome = 'running';
      END IF;
      IF changed_term IS NOT NULL THEN
        INSERT INTO case_term_statistics (case_id, term_key, extended, suspended)
          VALUES (p_case_id, changed_term, p_type = 'term.extended', p_type <> 'term.extended')
          ON CONFLICT (case_id, term_key) DO UPDATE SET
            extended = case_term_statistics.extended OR EXCLUDED.extended,
            suspended = case_term_statistics.suspended OR EXCLUDED.suspended;
      END IF;
    END $$;

    CREATE FUNCTION case_statistics_from_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM case_statistics_apply(NEW.case_id, NEW.type, NEW.data, NEW.occurred_at);
      RETURN NEW;
    END $$;
    CREATE TRIGGER case_events_statistics AFTER INSERT ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_statistics_from_event();
  `);

  // Cases from before this migration: their intake facts, then their events in order.
  await knex.raw(`
    INSERT INTO case_statistics (case_id, received_on, category, sector, school_brin, complainant_role, represented)
    SELECT id, received_on, category, sector, school_brin, complaint->'complainant'->>'role', COALESCE(jsonb_typeof(complaint->'representative') = 'object', false) FROM cases`);
  await knex.raw(`
    DO $$ DECLARE e record;
    BEGIN
      FOR e IN SELECT case_id, type, data, occurred_at FROM case_events ORDER BY id LOOP
        PERFORM case_statistics_apply(e.case_id, e.type, e.data, e.occurred_at);
      END LOOP;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS case_events_statistics ON case_events');
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_from_event()');
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_apply(bigint, text, jsonb, timestamptz)');
  await knex.raw('DROP TRIGGER IF EXISTS cases_statistics_update ON cases');
  await knex.raw('DROP TRIGGER IF EXISTS cases_statistics_insert ON cases');
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_from_case()');
  await knex.raw('DROP TABLE IF EXISTS annual_report_texts');
  await knex.raw('DROP TABLE IF EXISTS case_term_statistics');
  await knex.raw('DROP INDEX IF EXISTS schools_region_idx');
  await knex.raw('DROP TABLE IF EXISTS case_statistics');
}
