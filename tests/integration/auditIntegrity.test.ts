/**
 * Audit integrity on real PostgreSQL: the audit tables refuse UPDATE, DELETE and TRUNCATE (to the
 * owner through their triggers, to the app role already through its grants), a letter on file keeps
 * its content, and the app's role can neither change the schema nor get around the triggers — while
 * ordinary work as that role succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdminAction } from '../../api/web/admin/audit';
import { logCaseRead } from '../../platform/store/accessLog';
import { issueReceipt } from '../../api/portal/documents';
import { appendEvent } from '../../platform/store/cases';
import { DEFAULT_APP_ROLE, privilegedConnectionWarning } from '../../platform/dbRoles';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint } from '../helpers/fixtures';

let database: TestDatabase;
let caseId: string;
let sentLetterId: string;
let draftLetterId: string;

const AUDIT_TABLES = ['case_events', 'case_access_log', 'admin_audit', 'letter_pdfs', 'upload_receipts'];

function letterRow(overrides: Record<string, unknown>) {
  return {
    case_id: caseId,
    kind: 'ontvangstbevestiging',
    addressee_role: 'complainant',
    addressee: JSON.stringify({ name: 'Anna de Vries' }),
    language: 'nl',
    subject: 'Ontvangstbevestiging',
    template_id: 'ontvangstbevestiging',
    template_version: 3,
    template_hash: 'abc123',
    data_snapshot: JSON.stringify({ caseNumber: '2026-000001' }),
    html: '<p>Geachte mevrouw De Vries,</p>',
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const app = database.appDb;
  // Everything below is ordinary work, done as the app's role.
  const [row] = await app('cases')
    .insert({
      case_number: '2026-000001',
      status: 'received',
      category: 'bejegening',
      school_brin: '12AB',
      school_name: 'De Linde',
      complaint: JSON.stringify(sampleComplaint()),
      access_code_hash: 'x',
      policy_version: '2026-1',
      workflow_id: 'complaint-audit-integrity',
      received_on: '2026-03-02',
    })
    .returning('id');
  caseId = String(row.id);
  await appendEvent(app, { caseId, type: 'case.received', actor: 'system' });
  await logCaseRead(app, { caseId, actor: 'complainant', action: 'case.read', ip: '127.0.0.1' });
  await recordAdminAction(app, { userId: 'u1', name: 'Beheerder' }, { action: 'user.created', targetType: 'user', targetId: 'u2' });
  await issueReceipt(app, { caseId, party: 'complainant', purpose: 'evidence', documents: [] });
  const [sent] = await app('letters').insert(letterRow({ status: 'queued', dedupe_key: 'k-sent' })).returning('id');
  sentLetterId = String(sent.id);
  await app('letter_pdfs').insert({ letter_id: sentLetterId, pdf: Buffer.from('%PDF-1.7'), sha256: 'f00', renderer: 'chromium' });
  const [draft] = await app('letters').insert(letterRow({ kind: 'advies', status: 'awaiting-approval', dedupe_key: 'k-draft', drafted_by: 'chair-1', batch_key: 'b1' })).returning('id');
  draftLetterId = String(draft.id);
});

afterAll(async () => {
  await database?.drop();
});

describe('as the app role, ordinary work succeeds', () => {
  it('reads, changes and deletes rows of the working tables and moves a letter through delivery', async () => {
    const app = database.appDb;
    await app('cases').where({ id: caseId }).update({ status: 'in-behandeling' });
    expect((await app('cases').where({ id: caseId }).first('status')).status).toBe('in-behandeling');
    await app('rate_limits').insert({ key: 'k', window_start: new Date('2026-03-02T10:00:00Z'), count: 1 });
    expect(await app('rate_limits').where({ key: 'k' }).delete()).toBe(1);
    await app('letters').where({ id: sentLetterId }).update({ status: 'sent', last_error: null, updated_at: app.fn.now() });
    await app('letters').where({ id: draftLetterId }).update({ status: 'approved', approved_by: 'secretary-1', approved_at: app.fn.now() });
    expect(await app('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
    expect(await app('case_access_log').where({ case_id: caseId }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
  });

  it('is a plain login role: no superuser, no role or database creation, owns no table; no warning', async () => {
    const role = await database.db('pg_roles').where({ rolname: DEFAULT_APP_ROLE }).first('rolsuper', 'rolcreatedb', 'rolcreaterole', 'rolbypassrls', 'rolcanlogin');
    expect(role).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false, rolcanlogin: true });
    expect(await database.db('pg_tables').where({ tableowner: DEFAULT_APP_ROLE })).toHaveLength(0);
    expect(await privilegedConnectionWarning(database.appDb)).toBeNull();
    expect(await privilegedConnectionWarning(database.db)).toMatch(/as postgres, a superuser: it could drop or disable the audit triggers/);
  });
});

describe('as the app role, the audit tables are add-and-read only', () => {
  it.each(AUDIT_TABLES)('%s: TRUNCATE, UPDATE and DELETE are refused', async (table) => {
    const app = database.appDb;
    await expect(app.raw(`TRUNCATE ${table}`)).rejects.toThrow(`permission denied for table ${table}`);
    await expect(app.raw(`UPDATE ${table} SET ${table === 'letter_pdfs' ? 'letter_id = letter_id' : 'id = id'}`)).rejects.toThrow(`permission denied for table ${table}`);
    await expect(app.raw(`DELETE FROM ${table}`)).rejects.toThrow(`permission denied for table ${table}`);
  });

  it('cannot delete a letter or truncate letters', async () => {
    await expect(database.appDb.raw('DELETE FROM letters')).rejects.toThrow('permission denied for table letters');
    await expect(database.appDb.raw('TRUNCATE letters CASCADE')).rejects.toThrow('permission denied for table letters');
  });

  it('cannot drop or disable the triggers, alter or drop the tables, or create new ones', async () => {
    const app = database.appDb;
    await expect(app.raw('DROP TRIGGER case_events_no_update ON case_events')).rejects.toThrow('must be owner of relation case_events');
    await expect(app.raw('ALTER TABLE case_access_log DISABLE TRIGGER ALL')).rejects.toThrow('must be owner of table case_access_log');
    await expect(app.raw('ALTER TABLE admin_audit ADD COLUMN note text')).rejects.toThrow('must be owner of table admin_audit');
    await expect(app.raw('DROP TABLE case_access_log')).rejects.toThrow('must be owner of table case_access_log');
    await expect(app.raw('CREATE TABLE shadow_log (id int)')).rejects.toThrow('permission denied for schema public');
    await expect(app.raw("SET session_replication_role = 'replica'")).rejects.toThrow('permission denied to set parameter "session_replication_role"');
    await expect(app('knex_migrations').select('name')).rejects.toThrow('permission denied for table knex_migrations');
  });
});

describe('even as the owner, the triggers keep the audit trail', () => {
  it.each([...AUDIT_TABLES, 'letters'])('%s: TRUNCATE (also with CASCADE) is refused', async (table) => {
    await expect(database.db.raw(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/is append-only: TRUNCATE refused/);
    expect(Number((await database.db(table).count<{ count: string }[]>('* as count'))[0].count)).toBeGreaterThan(0);
  });

  it('a TRUNCATE of cases that would cascade to the audit log is refused', async () => {
    await expect(database.db.raw('TRUNCATE cases CASCADE')).rejects.toThrow(/is append-only: TRUNCATE refused/);
  });

  it.each([
    ['case_access_log', 'actor'],
    ['letter_pdfs', 'renderer'],
    ['upload_receipts', 'purpose'],
  ])('%s: UPDATE and DELETE are refused', async (table, column) => {
    await expect(database.db(table).update({ [column]: 'rewritten' })).rejects.toThrow(`${table} is append-only: UPDATE refused`);
    await expect(database.db(table).delete()).rejects.toThrow(`${table} is append-only: DELETE refused`);
  });
});

describe('a letter on file keeps what was sent', () => {
  it.each([
    ['html', '<p>Andere tekst</p>'],
    ['data_snapshot', JSON.stringify({ caseNumber: '2026-999999' })],
    ['template_version', 4],
    ['template_hash', 'def456'],
    ['subject', 'Iets anders'],
    ['addressee', JSON.stringify({ name: 'Iemand anders' })],
  ])('its %s cannot be changed, not even by the owner', async (column, value) => {
    await expect(database.db('letters').where({ id: sentLetterId }).update({ [column]: value })).rejects.toThrow(`letter ${sentLetterId} (status sent) is on file: its content cannot be changed`);
  });

  it('nor can it be deleted; its delivery status still moves', async () => {
    await expect(database.db('letters').where({ id: sentLetterId }).delete()).rejects.toThrow(`letter ${sentLetterId} (status sent) is on file: it cannot be deleted`);
    await database.db('letters').where({ id: sentLetterId }).update({ status: 'failed', last_error: 'bounced' });
    expect(await database.db('letters').where({ id: sentLetterId }).first('status', 'html', 'template_version')).toEqual({ status: 'failed', html: '<p>Geachte mevrouw De Vries,</p>', template_version: 3 });
  });

  it('a draft awaiting approval may still change; once approved its approver is fixed', async () => {
    const [draft] = await database.db('letters').insert(letterRow({ kind: 'advies', status: 'awaiting-approval', dedupe_key: 'k-draft-2' })).returning('id');
    await database.db('letters').where({ id: draft.id }).update({ html: '<p>Herzien concept</p>' });
    expect((await database.db('letters').where({ id: draft.id }).first('html')).html).toBe('<p>Herzien concept</p>');
    await expect(database.db('letters').where({ id: draftLetterId }).update({ approved_by: 'someone-else' })).rejects.toThrow(`letter ${draftLetterId} (status approved) is on file: its content cannot be changed`);
  });
});
