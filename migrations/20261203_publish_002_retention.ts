import type { Knex } from 'knex';

/**
 * Retention (issue 17): when a closed case was anonymised, and the legal hold that stops it.
 *
 * The audit-integrity triggers (20261201_150) refuse every change to the audit log, sent letters,
 * their PDFs and upload receipts, and the app's role has no UPDATE/DELETE on them (platform/dbRoles).
 * Retention must remove personal data from exactly those. So the removal is one function,
 * `retention_anonymise(case_id)`, owned by the schema owner and run with its rights (SECURITY
 * DEFINER): it refuses a case that is open, under legal hold or anonymised already, and lets the
 * triggers through only while it runs (`klachtflow.retention = 'anonymise'`, local to the
 * transaction, reset before it returns). The retention activity (activities/retention.ts) calls it
 * and writes the `retention.anonymised` audit entry in the same transaction. TRUNCATE stays refused.
 */
const REFUSE = (message: string) => `RAISE EXCEPTION ${message}`;

function functions(allowRetention: boolean): string {
  const bypass = allowRetention
    ? `IF TG_LEVEL = 'ROW' AND current_setting('klachtflow.retention', true) = 'anonymise' THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END IF;`
    : '';
  return `
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${bypass}
      ${REFUSE(`'% is append-only: % refused', TG_TABLE_NAME, TG_OP`)};
    END $$;
    CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${bypass}
      ${REFUSE(`'case_events is append-only'`)};
    END $$;
  `;
}

const CLOSED = `'inadmissible', 'referred', 'settled', 'withdrawn', 'advised-complied', 'advised-partly-complied', 'advised-not-complied', 'advised-no-measures'`;

const ANONYMISE = `
  CREATE FUNCTION retention_anonymise(p_case_id bigint) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE
    c record;
    removed jsonb;
    n_documents int; n_receipts int; n_pdfs int; n_outbox int; n_letters int; n_events int;
  BEGIN
    SELECT status, anonymised_at, legal_hold_since INTO c FROM cases WHERE id = p_case_id FOR UPDATE;
    IF NOT FOUND OR c.status NOT IN (${CLOSED}) OR c.anonymised_at IS NOT NULL OR c.legal_hold_since IS NOT NULL THEN
      RAISE EXCEPTION 'case % may not be anonymised (open, under legal hold or anonymised already)', p_case_id;
    END IF;
    PERFORM set_config('klachtflow.retention', 'anonymise', true);
    DELETE FROM documents WHERE case_id = p_case_id; GET DIAGNOSTICS n_documents = ROW_COUNT;
    DELETE FROM upload_receipts WHERE case_id = p_case_id; GET DIAGNOSTICS n_receipts = ROW_COUNT;
    DELETE FROM letter_pdfs WHERE letter_id IN (SELECT id FROM letters WHERE case_id = p_case_id); GET DIAGNOSTICS n_pdfs = ROW_COUNT;
    DELETE FROM letter_outbox WHERE case_id = p_case_id; GET DIAGNOSTICS n_outbox = ROW_COUNT;
    UPDATE letters SET addressee = '{"anonymised": true}', subject = '[geanonimiseerd]', data_snapshot = '{"anonymised": true}', html = ''
      WHERE case_id = p_case_id; GET DIAGNOSTICS n_letters = ROW_COUNT;
    UPDATE case_events SET data = '{}' WHERE case_id = p_case_id; GET DIAGNOSTICS n_events = ROW_COUNT;
    PERFORM set_config('klachtflow.retention', '', true);
    removed := jsonb_build_object('documents', n_documents, 'receipts', n_receipts, 'letterPdfs', n_pdfs, 'outbox', n_outbox, 'letters', n_letters, 'events', n_events);
    RETURN removed;
  END $$;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE cases
      ADD COLUMN anonymised_at timestamptz,
      ADD COLUMN legal_hold_since timestamptz,
      ADD COLUMN legal_hold_by text,
      ADD COLUMN legal_hold_reason text;
    CREATE INDEX cases_retention_idx ON cases (status) WHERE anonymised_at IS NULL;
  `);
  await knex.raw(functions(true));
  // letters_keep_sent: the same bypass before its checks.
  const { rows } = await knex.raw(`SELECT pg_get_functiondef('letters_keep_sent'::regproc) AS def`);
  const def: string = rows[0].def;
  await knex.raw(
    def.replace(
      /BEGIN\s*\n/,
      `BEGIN
      IF current_setting('klachtflow.retention', true) = 'anonymise' THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END IF;
`,
    ),
  );
  await knex.raw(ANONYMISE);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS retention_anonymise(bigint)');
  const { rows } = await knex.raw(`SELECT pg_get_functiondef('letters_keep_sent'::regproc) AS def`);
  await knex.raw(String(rows[0].def).replace(/\s*IF current_setting\('klachtflow\.retention', true\) = 'anonymise' THEN\s*RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;\s*END IF;/, ''));
  await knex.raw(functions(false));
  await knex.raw(`
    DROP INDEX IF EXISTS cases_retention_idx;
    ALTER TABLE cases DROP COLUMN anonymised_at, DROP COLUMN legal_hold_since, DROP COLUMN legal_hold_by, DROP COLUMN legal_hold_reason;
  `);
}
