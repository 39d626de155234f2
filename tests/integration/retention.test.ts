/**
 * Retention over the real stack (PostgreSQL, the Temporal dev server, the app over HTTP): closed
 * cases past their retention period are listed by the dry run (console page and
 * `npm run retention -- --dry-run`), a legal hold set in the console keeps one, and the real daily
 * Temporal Schedule (created idempotently, then triggered) anonymises the others: personal data,
 * documents, letters and their PDFs removed, audit data emptied, an audit entry written; statistics
 * and the published advice kept.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeDocument } from '../../api/portal/documents';
import { createUser } from '../../api/portal/users';
import { PROJECT_ROOT } from '../../platform/config';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '../../platform/retentionSchedule';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { insertRetentionCase } from '../helpers/retentionSeed';
import { eventually } from '../helpers/http';
import { samplePdf, staffLogIn, csrfOf, type WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 180_000 });

let stack: AppStack;
let secretary: WebClient;
const PASSWORD = 'een lang en geheim wachtwoord';
const ids: Record<string, string> = {};

/** Case number, outcome, the day it closed (its case.closed event). */
const CASES = {
  R1: ['1999-900201', 'withdrawn', '2019-05-01'],
  R2: ['1999-900202', 'advised-complied', '2020-02-10'],
  R3: ['1999-900203', 'advised-not-complied', '2020-02-10'],
  R4: ['1999-900204', 'settled', '2019-03-01'],
  R5: ['1999-900205', 'deliberation', null],
} as const;

async function seed(): Promise<void> {
  const db = stack.database.db;
  for (const [key, [caseNumber, status, closedOn]] of Object.entries(CASES)) {
    const id = await insertRetentionCase(db, { caseNumber, status, workflowId: `retention-${key}` });
    ids[key] = id;
    await db('case_events').insert({ case_id: id, type: 'complaint.acknowledged', actor: 'system', data: JSON.stringify({ to: 'Maarten Ouderdijk' }), occurred_at: '2019-01-15T10:00:00Z' });
    if (closedOn) await db('case_events').insert({ case_id: id, type: 'case.closed', actor: 'system', data: JSON.stringify({ outcome: status }), occurred_at: `${closedOn}T10:00:00Z` });
    await storeDocument(db, { caseId: id, party: 'complainant', actor: 'complainant', kind: 'evidence', file: { field: 'f', clientName: `klacht-${key}.pdf`, content: samplePdf('Fleur'), truncated: false } });
    const [letter] = await db('letters')
      .insert({ case_id: id, kind: 'ontvangstbevestiging', addressee_role: 'complainant', addressee: JSON.stringify({ name: 'Maarten Ouderdijk' }), language: 'nl', subject: 'Ontvangst', template_id: 'ontvangstbevestiging', template_version: 1, template_hash: 'x', data_snapshot: JSON.stringify({ name: 'Maarten Ouderdijk' }), html: '<p>Beste Maarten Ouderdijk</p>', status: 'sent', dedupe_key: `retention-${key}` })
      .returning('id');
    await db('letter_pdfs').insert({ letter_id: letter.id, pdf: samplePdf('Maarten Ouderdijk'), sha256: 'x', renderer: 'test' });
  }
  await db('advice_publications').insert({ case_id: ids.R2, status: 'published', advice_year: 2019, advice_month: 11, category: 'pesten', sector: 'primary', finding: 'gegrond', body: 'Geanonimiseerd advies.', prepared_by: 'x', editors: ['x'] });
}

beforeAll(async () => {
  stack = await startAppStack('retention');
  await createUser(stack.database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: PASSWORD });
  await seed();
  secretary = await staffLogIn(stack.server.url, 'sanne@lko.example.nl', PASSWORD);
});

afterAll(async () => {
  await stack?.env.client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete().catch(() => undefined);
  await stack?.stop();
});

const rowsOf = (html: string, testId: string) =>
  [...(new RegExp(`data-testid="${testId}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '').matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));

describe('retention', () => {
  it('lists what would go (dry run) and keeps a case under a legal hold set in the console', async () => {
    const before = await secretary.get('/medewerkers/bewaartermijnen');
    expect(before.status).toBe(200);
    expect(rowsOf(before.text, 'retention-due')).toEqual([
      ['1999-900204', 'Geschikt', '2019-03-01', '2021-03-01'],
      ['1999-900201', 'Ingetrokken', '2019-05-01', '2021-05-01'],
      ['1999-900202', 'Advies nageleefd', '2020-02-10', '2025-02-10'],
    ]);

    const noReason = await secretary.postForm('/medewerkers/bewaartermijnen/bewaarplicht', { _csrf: csrfOf(before.text)!, action: 'set', caseNumber: '1999-900204', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('<a href="#reason">Vul de reden van de bewaarplicht in.</a>');
    const held = await secretary.postForm('/medewerkers/bewaartermijnen/bewaarplicht', { _csrf: csrfOf(before.text)!, action: 'set', caseNumber: '1999-900204', reason: 'Procedure bij de rechter loopt.' });
    expect(held.location).toBe('/medewerkers/bewaartermijnen?klaar=set');
    const after = await secretary.get('/medewerkers/bewaartermijnen');
    expect(rowsOf(after.text, 'retention-due').map((r) => r[0])).toEqual(['1999-900201', '1999-900202']);
    expect(rowsOf(after.text, 'retention-held').map((r) => r[0])).toEqual(['1999-900204']);
    const audit = await stack.database.db('case_events').where({ case_id: ids.R4, type: 'retention.hold-set' }).select('actor', 'data');
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toEqual({ reason: 'Procedure bij de rechter loopt.' });

    const cli = spawnSync('npx', ['tsx', 'scripts/retention.ts', '--dry-run'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: stack.database.url } });
    expect(cli.status).toBe(0);
    expect(cli.stdout.split('\n').slice(1)).toEqual([
      'anonymise\t1999-900201\twithdrawn\tclosed 2019-05-01\tperiod ended 2021-05-01',
      'anonymise\t1999-900202\tadvised-complied\tclosed 2020-02-10\tperiod ended 2025-02-10',
      'legal hold\t1999-900204\tsettled\tclosed 2019-03-01\tperiod ended 2021-03-01',
      '',
    ]);
    const refused = spawnSync('npx', ['tsx', 'scripts/retention.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: stack.database.url } });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe('retention: only --dry-run is offered here: the anonymisation runs in the daily Temporal schedule klachtflow-retention');
  });

  it('creates the daily schedule idempotently; its run anonymises the due cases and nothing else', async () => {
    const client = stack.env.client;
    expect(await ensureRetentionSchedule(client, stack.taskQueue)).toBe('created');
    expect(await ensureRetentionSchedule(client, stack.taskQueue)).toBe('updated');
    const handle = client.schedule.getHandle(RETENTION_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(described.spec.timezone).toBe('Europe/Amsterdam');
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: stack.taskQueue });

    await handle.trigger();
    const db = stack.database.db;
    await eventually(async () => ((await db('cases').whereNotNull('anonymised_at').count<Array<{ count: string }>>({ count: '*' }))[0].count === '2' ? true : undefined), 60_000);
    const state = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, (await db('cases').where({ id }).first('anonymised_at')).anonymised_at !== null])));
    expect(state).toEqual({ R1: true, R2: true, R3: false, R4: false, R5: false });

    const r1 = await db('cases').where({ id: ids.R1 }).first('complaint', 'access_code_hash');
    expect(r1).toEqual({ complaint: { anonymised: true, category: 'pesten', complainant: { role: 'parent' }, school: { brin: '11AA', name: 'Basisschool De Lindeboom', sector: 'primary' } }, access_code_hash: 'anonymised' });
    const count = async (table: string, where: (q: any) => any) => Number((await where(db(table)).count({ count: '*' }))[0].count);
    expect(await count('documents', (q) => q.where({ case_id: ids.R1 }))).toBe(0);
    expect(await count('letter_pdfs', (q) => q.whereIn('letter_id', db('letters').where({ case_id: ids.R1 }).select('id')))).toBe(0);
    expect(await db('letters').where({ case_id: ids.R1 }).select('html', 'subject', 'addressee', 'data_snapshot')).toEqual([{ html: '', subject: '[geanonimiseerd]', addressee: { anonymised: true }, data_snapshot: { anonymised: true } }]);
    expect(await db('case_events').where({ case_id: ids.R1 }).orderBy('id').select('type', 'actor', 'data')).toEqual([
      { type: 'complaint.acknowledged', actor: 'system', data: {} },
      { type: 'case.closed', actor: 'system', data: {} },
      {
        type: 'retention.anonymised',
        actor: 'system:retention',
        data: {
          policy: '2026.1-voorlopig',
          years: 2,
          basis: 'AVG art. 5 lid 1 onder e (opslagbeperking); geen advies uitgebracht: bewaren zolang een nieuwe klacht over hetzelfde feit kan volgen (voorlopig)',
          removed: { documents: 1, receipts: 0, letterPdfs: 1, outbox: 0, letters: 1, events: 2 },
        },
      },
    ]);
    // Kept: the statistics read model and the published advice.
    expect(await count('case_statistics', (q) => q.whereIn('case_id', [ids.R1, ids.R2]))).toBe(2);
    expect((await db('advice_publications').where({ case_id: ids.R2 }).first('status', 'body'))).toEqual({ status: 'published', body: 'Geanonimiseerd advies.' });
    // The held case and the case not yet due keep everything.
    for (const key of ['R3', 'R4']) {
      expect((await db('cases').where({ id: ids[key] }).first('complaint')).complaint.complainant.name).toBe('Maarten Ouderdijk');
      expect(await count('documents', (q) => q.where({ case_id: ids[key] }))).toBe(1);
    }
    // Outside the retention run the audit-integrity triggers still refuse every change.
    await expect(db('case_events').where({ case_id: ids.R3 }).update({ data: '{}' })).rejects.toThrow(/append-only/);
    await expect(db('letters').where({ case_id: ids.R3 }).update({ html: '' })).rejects.toThrow(/cannot be changed/);
  });
});
