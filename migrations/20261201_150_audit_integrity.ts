import type { Knex } from 'knex';

/**
 * Audit integrity: what the law or the procedure requires us to keep cannot be changed afterwards,
 * not even by the schema owner through ordinary SQL (a superuser can still disable triggers; the
 * app does not run as one, see platform/dbRoles.ts and README "Database roles").
 *
 * Append-only (no UPDATE, DELETE or TRUNCATE):
 * - case_events       the audit log of each case's procedure (UPDATE/DELETE refused since 001)
 * - admin_audit       administrators' changes to users and committee members (since 040)
 * - case_access_log   who read which case when (privacy)
 * - letter_pdfs       the PDF of each letter as sent or printed
 * - upload_receipts   the receipts the parties got for their uploads
 * Fixed once sent:
 * - letters           once a letter has left `awaiting-approval` (approved, queued, sent, print,
 *                     failed, or stored) its content, addressee, template version and hash, data
 *                     snapshot, drafter and approver are fixed and the row cannot be deleted; the
 *                     delivery columns (status, last_error, updated_at) still change. No TRUNCATE.
 * Not covered, on purpose: print_batches (regenerated on request from the kept letter PDFs),
 * documents (the secretary changes who may see one; removal of a refused upload), the read models
 * (cases, hearings, compliance_measures), sessions, rate limits, the outbox and dev_mailbox.
 *
 * TRUNCATE fires no row triggers, hence the statement-level BEFORE TRUNCATE triggers; they fire for
 * tables reached through TRUNCATE ... CASCADE as well.
 */
const APPEND_ONLY_NEW = ['case_access_log', 'letter_pdfs', 'upload_receipts'];
const NO_TRUNCATE = ['case_events', 'admin_audit', 'case_access_log', 'letter_pdfs', 'upload_receipts', 'letters'];

const LETTER_CONTENT = [
  'case_id',
  'kind',
  'addressee_role',
  'addressee',
  'language',
  'subject',
  'template_id',
  'template_version',
  'template_hash',
  'data_snapshot',
  'html',
  'dedupe_key',
  'drafted_by',
  'approved_by',
  'approved_at',
  'batch_key',
  'created_at',
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
    END $$;
  `);
  for (const table of APPEND_ONLY_NEW) {
    await knex.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
  }
  for (const table of NO_TRUNCATE) {
    await knex.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);
  }
  const cols = (prefix: string) => LETTER_CONTENT.map((c) => `${prefix}.${c}`).join(', ');
  await knex.raw(`
    CREATE FUNCTION letters_keep_sent() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'awaiting-approval' THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END IF;
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'letter % (status %) is on file: it cannot be deleted', OLD.id, OLD.status;
      END IF;
      IF ROW(${cols('NEW')}) IS DISTINCT FROM ROW(${cols('OLD')}) THEN
        RAISE EXCEPTION 'letter % (status %) is on file: its content cannot be changed', OLD.id, OLD.status;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER letters_keep_sent BEFORE UPDATE OR DELETE ON letters FOR EACH ROW EXECUTE FUNCTION letters_keep_sent();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS letters_keep_sent ON letters');
  await knex.raw('DROP FUNCTION IF EXISTS letters_keep_sent()');
  for (const table of NO_TRUNCATE) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`);
  for (const table of APPEND_ONLY_NEW) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_no_update ON ${table}`);
  await knex.raw('DROP FUNCTION IF EXISTS audit_refuse_change()');
}
