import type { Knex } from 'knex';

/**
 * A monthly pre-aggregate of the statistics read model (issue 17: a statistics page under 500 ms
 * at 100,000 cases). Reading all rows of four years of `case_statistics` took ~0.5 s; the same
 * figures summed from `case_statistics_monthly` (a few hundred rows a month) take tens of milliseconds.
 *
 * What a case adds to the figures is written once, as SQL functions: `case_statistics_contributions`
 * (a case row: one (figure, group, amount) per group it falls in, and its lead times in days, so
 * that medians and 90th percentiles can be taken exactly from the day counts) and
 * `case_term_contributions` (a term row). The table is kept exact by statement-level triggers on
 * `case_statistics` and `case_term_statistics` themselves — so whatever writes the read model (the
 * event triggers, the intake, a bulk load) keeps it current in the same transaction: each statement
 * adds what its new rows contribute and subtracts what its old rows did, grouped per (month, figure,
 * group), only the groups that changed, in key order (so two transactions lock shared rows in the
 * same order). A case's term figures count in the month the case was received, so a case that moves
 * month moves its term figures too.
 *
 * The month is that of the receipt date. The row read (platform/store/statistics.ts) stays for
 * filtered figures; tests/integration/statisticsMonthly.test.ts proves both give the same figures.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE case_statistics_monthly (
      month date NOT NULL,
      figure text NOT NULL,
      grp text NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (month, figure, grp)
    )`);

  await knex.raw(`
    CREATE FUNCTION case_statistics_contributions(c case_statistics) RETURNS TABLE (figure text, grp text, n bigint)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT v.figure, v.grp, v.n FROM (VALUES
        ('total', 'all', 1::bigint),
        ('category', c.category, 1),
        ('sector', COALESCE(c.sector, 'unknown'), 1),
        ('complainant', c.complainant_role, 1),
        ('represented', CASE WHEN c.represented THEN 'yes' ELSE 'no' END, 1),
        ('admissibility', CASE c.admissible WHEN true THEN 'admissible' WHEN false THEN 'inadmissible' ELSE 'pending' END, 1),
        ('inadmissibleBy', CASE WHEN c.admissible = false THEN c.inadmissible_by END, 1),
        ('finding', CASE WHEN c.advice_on IS NOT NULL THEN c.advice_finding END, 1),
        ('reportingDuty', c.reporting_duty, 1),
        ('route', CASE WHEN c.referred THEN 'referred' END, 1),
        ('route', CASE WHEN c.mediated THEN 'mediated' END, 1),
        ('route', CASE WHEN c.settled THEN 'settled' END, 1),
        ('route', CASE WHEN c.withdrawn THEN 'withdrawn' END, 1),
        ('measures', CASE WHEN c.advice_on IS NOT NULL AND c.advice_measures > 0 THEN 'advicesWithMeasures' END, 1),
        ('measures', CASE WHEN c.advice_on IS NOT NULL AND c.advice_measures > 0 THEN 'measures' END, c.advice_measures::bigint),
        ('compliance', c.compliance, 1),
        ('compliance', CASE WHEN c.compliance_escalated THEN 'escalated' END, 1),
        ('lead.admissibility', (c.admissibility_on - c.received_on)::text, 1),
        ('lead.hearing', (c.hearing_on - c.received_on)::text, 1),
        ('lead.advice', (c.advice_on - c.received_on)::text, 1)
      ) v(figure, grp, n) WHERE v.grp IS NOT NULL
    $$`);

  await knex.raw(`
    CREATE FUNCTION case_term_contributions(t case_term_statistics) RETURNS TABLE (figure text, grp text, n bigint)
    LANGUAGE sql IMMUTABLE AS $$
      SELECT 'term.' || t.term_key, v.grp, 1::bigint FROM (VALUES
        (t.outcome), (CASE WHEN t.extended THEN 'extended' END), (CASE WHEN t.suspended THEN 'suspended' END)
      ) v(grp) WHERE v.grp IS NOT NULL
    $$`);

  const caseDeltas = (rows: string, sign: string) => `
        SELECT date_trunc('month', c.received_on)::date AS month, x.figure, x.grp, ${sign} x.n AS n
        FROM ${rows} c CROSS JOIN LATERAL case_statistics_contributions(c::case_statistics) x
        UNION ALL
        SELECT date_trunc('month', c.received_on)::date, x.figure, x.grp, ${sign} x.n
        FROM ${rows} c JOIN case_term_statistics t ON t.case_id = c.case_id CROSS JOIN LATERAL case_term_contributions(t) x`;
  const termDeltas = (rows: string, sign: string) => `
        SELECT date_trunc('month', s.received_on)::date AS month, x.figure, x.grp, ${sign} x.n AS n
        FROM ${rows} t JOIN case_statistics s ON s.case_id = t.case_id CROSS JOIN LATERAL case_term_contributions(t::case_term_statistics) x`;
  const apply = (deltas: string) => `
      INSERT INTO case_statistics_monthly AS m (month, figure, grp, n)
      SELECT month, figure, grp, sum(n) FROM (${deltas}) d
      GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (month, figure, grp) DO UPDATE SET n = m.n + EXCLUDED.n;`;

  await knex.raw(`
    CREATE FUNCTION case_statistics_monthly_from_cases() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN ${apply(caseDeltas('new_rows', ''))}
      ELSIF TG_OP = 'UPDATE' THEN ${apply(`${caseDeltas('new_rows', '')} UNION ALL ${caseDeltas('old_rows', '-')}`)}
      ELSE ${apply(caseDeltas('old_rows', '-'))}
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER case_statistics_monthly_insert AFTER INSERT ON case_statistics
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_monthly_from_cases();
    CREATE TRIGGER case_statistics_monthly_update AFTER UPDATE ON case_statistics
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_monthly_from_cases();
    CREATE TRIGGER case_statistics_monthly_delete AFTER DELETE ON case_statistics
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_monthly_from_cases();
  `);

  // A term row counts in its case's month. The case rows are share-locked first: a concurrent
  // statement moving a case to another month then waits for this one and sees its term rows.
  await knex.raw(`
    CREATE FUNCTION case_statistics_monthly_from_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM case_statistics WHERE case_id IN (SELECT case_id FROM new_rows) ORDER BY case_id FOR SHARE;
        ${apply(termDeltas('new_rows', ''))}
      ELSIF TG_OP = 'UPDATE' THEN
        PERFORM 1 FROM case_statistics WHERE case_id IN (SELECT case_id FROM new_rows UNION SELECT case_id FROM old_rows) ORDER BY case_id FOR SHARE;
        ${apply(`${termDeltas('new_rows', '')} UNION ALL ${termDeltas('old_rows', '-')}`)}
      ELSE
        PERFORM 1 FROM case_statistics WHERE case_id IN (SELECT case_id FROM old_rows) ORDER BY case_id FOR SHARE;
        ${apply(termDeltas('old_rows', '-'))}
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER case_term_statistics_monthly_insert AFTER INSERT ON case_term_statistics
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_monthly_from_terms();
    CREATE TRIGGER case_term_statistics_monthly_update AFTER UPDATE ON case_term_statistics
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_monthly_from_terms();
    CREATE TRIGGER case_term_statistics_monthly_delete AFTER DELETE ON case_term_statistics
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_statistics_monthly_from_terms();
  `);

  // Recomputes the whole table from the read model: the backfill below, and after a bulk load that
  // ran with the insert trigger disabled (scripts/bench/statisticsPage.ts: one set-based pass
  // instead of one trigger run per inserted case).
  await knex.raw(`
    CREATE FUNCTION case_statistics_monthly_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM case_statistics_monthly;
      ${apply(caseDeltas('case_statistics', ''))}
    END $$`);
  await knex.raw('SELECT case_statistics_monthly_rebuild()');
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['insert', 'update', 'delete']) {
    await knex.raw(`DROP TRIGGER IF EXISTS case_statistics_monthly_${t} ON case_statistics`);
    await knex.raw(`DROP TRIGGER IF EXISTS case_term_statistics_monthly_${t} ON case_term_statistics`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_monthly_rebuild()');
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_monthly_from_terms()');
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_monthly_from_cases()');
  await knex.raw('DROP FUNCTION IF EXISTS case_term_contributions(case_term_statistics)');
  await knex.raw('DROP FUNCTION IF EXISTS case_statistics_contributions(case_statistics)');
  await knex.raw('DROP TABLE IF EXISTS case_statistics_monthly');
}
