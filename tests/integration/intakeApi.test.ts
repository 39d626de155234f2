/**
 * The public intake contract over HTTP, against real PostgreSQL and the real Temporal dev server
 * with a worker running the real workflow.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintWorkflowId } from '../../domain/caseNumber';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { schoolToken, staffToken } from '../helpers/tokens';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;

beforeAll(async () => {
  stack = await startAppStack('intake');
  ({ database, env, server } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function countCases(): Promise<number> {
  const [{ count }] = await database.db('cases').count<{ count: string }[]>('* as count');
  return Number(count);
}

describe('POST /api/complaints', () => {
  it('files a complaint: 201 with case number and access code; the workflow stores the acknowledgement', async () => {
    const res = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(res.body.accessCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(res.body.status).toBe('received');

    const stored = await database.db('cases').where({ case_number: res.body.caseNumber }).first();
    expect(stored.access_code_hash).not.toContain(res.body.accessCode);
    expect(JSON.stringify(stored)).not.toContain(res.body.accessCode);

    const handle = env.client.workflow.getHandle(complaintWorkflowId(res.body.caseNumber));
    expect((await handle.describe()).type).toBe('complaintWorkflow');

    const read = await eventually(async () => {
      const r = await getJson(`${server.url}/api/complaints/${res.body.caseNumber}`, { 'X-Access-Code': res.body.accessCode });
      return r.body.letters?.length ? r : undefined;
    });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('admissibility');
    // The complainant's view, as on the portal page: its own letters, the steps it understands (no bookkeeping).
    expect(read.body.letters).toEqual([{ id: expect.any(String), kind: 'ontvangstbevestiging', subject: `Ontvangstbevestiging van uw klacht (${res.body.caseNumber})`, createdAt: expect.any(String) }]);
    expect(read.body.timeline.map((e: { type: string }) => e.type)).toEqual(['complaint.received', 'complaint.acknowledged']);
    const storedTypes = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', res.body.caseNumber).orderBy('case_events.id').pluck('case_events.type');
    expect(storedTypes.slice(0, 4)).toEqual(['complaint.received', 'letter.stored', 'complaint.acknowledged', 'status.changed']);

    const letter = await database.db('letters').where({ kind: 'ontvangstbevestiging' }).join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', res.body.caseNumber).first('letters.*');
    expect(letter.html).toContain(res.body.caseNumber);
    expect(letter.html).toContain('Geachte Anna de Vries');
    expect(letter.html).toContain('OBS De Linde');
    expect(letter.data_snapshot).toMatchObject({ caseNumber: res.body.caseNumber, language: 'nl', addressee: { role: 'complainant' } });
    expect(letter.template_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes to the representative too, and in English when asked', async () => {
    const res = await postJson(
      `${server.url}/api/complaints`,
      sampleComplaintBody({ language: 'en', representative: { name: 'Mr. B. Jansen', email: 'b.jansen@example.nl' } }),
    );
    expect(res.status).toBe(201);
    const letters = await eventually(async () => {
      const rows = await database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', res.body.caseNumber).select('letters.*');
      return rows.length === 2 ? rows : undefined;
    });
    expect(letters.map((l) => l.addressee_role).sort()).toEqual(['complainant', 'representative']);
    const toRep = letters.find((l) => l.addressee_role === 'representative');
    expect(toRep.html).toContain('Dear Mr. B. Jansen');
    expect(toRep.html).toContain('on behalf of Anna de Vries');
  });

  it('answers 400 naming every bad field, and stores nothing', async () => {
    const before = await countCases();
    const res = await postJson(`${server.url}/api/complaints`, { complainant: { name: 'A' }, category: 'x', raisedWithSchool: 'nee' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'complainant.email',
      'complainant.role',
      'school',
      'category',
      'description',
      'occurredOn',
      'raisedWithSchool',
    ]);
    expect(res.body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
    expect(await countCases()).toBe(before);
  });

  it('accepts the categories of policy 2026.2 (threats, sexual abuse) and refuses an unknown one naming `category`', async () => {
    // Filed by the secretariat with its API token (anonymous filing is rate-limited per client).
    const { token } = await staffToken(database.db, { name: 'Sanne', role: 'secretary' });
    const staff = { authorization: `Bearer ${token}` };
    const threats = await postJson(`${server.url}/api/complaints`, { ...sampleComplaintBody(), category: 'bedreiging' }, staff);
    expect(threats.status).toBe(201);
    const stored = await database.db('cases').where({ case_number: threats.body.caseNumber }).first();
    expect([stored.category, stored.policy_version]).toEqual(['bedreiging', '2026.2']);
    // Threats may be reportable (the secretary judges the facts); sexual abuse is flagged at intake.
    const view = await eventually(async () => {
      const r = await getJson(`${server.url}/api/cases/${threats.body.caseNumber}`, staff);
      return r.body.workflow?.complaint?.reportingDuty ? r : undefined;
    });
    expect(view.body.workflow.complaint.reportingDuty).toEqual({ status: 'not-applicable', possiblyReportable: true });
    const abuse = await postJson(`${server.url}/api/complaints`, { ...sampleComplaintBody(), category: 'seksueel-misbruik' }, staff);
    expect(abuse.status).toBe(201);
    const abuseView = await eventually(async () => {
      const r = await getJson(`${server.url}/api/cases/${abuse.body.caseNumber}`, staff);
      return r.body.workflow?.complaint?.reportingDuty ? r : undefined;
    });
    expect(abuseView.body.workflow.complaint.reportingDuty).toEqual({ status: 'awaiting-confirmation', possiblyReportable: true });

    const before = await countCases();
    const unknown = await postJson(`${server.url}/api/complaints`, { ...sampleComplaintBody(), category: 'bedreigingen' }, staff);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['category']);
    expect(await countCases()).toBe(before);
  });

  it('answers 400 on malformed JSON and on a bad Idempotency-Key', async () => {
    const malformed = await postJson(`${server.url}/api/complaints`, '{"complainant": ');
    expect(malformed).toEqual({ status: 400, body: { errors: [{ field: 'body', message: 'is not valid JSON' }] } });
    const badKey = await postJson(`${server.url}/api/complaints`, sampleComplaintBody(), { 'Idempotency-Key': 'x' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('returns the same case for a retry with the same Idempotency-Key, also when retried concurrently', async () => {
    const key = `retry-${Date.now()}`;
    const before = await countCases();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => postJson(`${server.url}/api/complaints`, sampleComplaintBody(), { 'Idempotency-Key': key })));
    const numbers = new Set([a, b, c].map((r) => r.body.caseNumber));
    expect(numbers.size).toBe(1);
    expect(new Set([a, b, c].map((r) => r.body.accessCode)).size).toBe(1);
    expect([a, b, c].map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await countCases()).toBe(before + 1);

    const later = await postJson(`${server.url}/api/complaints`, sampleComplaintBody(), { 'Idempotency-Key': key });
    expect(later.status).toBe(200);
    expect(later.body.caseNumber).toBe(a.body.caseNumber);
    const read = await getJson(`${server.url}/api/complaints/${a.body.caseNumber}`, { 'X-Access-Code': later.body.accessCode });
    expect(read.status).toBe(200);
  });

  it('refuses the same Idempotency-Key for a different complaint', async () => {
    const key = `conflict-${Date.now()}`;
    await postJson(`${server.url}/api/complaints`, sampleComplaintBody(), { 'Idempotency-Key': key });
    const other = await postJson(`${server.url}/api/complaints`, sampleComplaintBody({ category: 'geweld' }), { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('Idempotency-Key');
  });
});

describe('GET /api/complaints/:caseNumber', () => {
  it('answers 404 alike for a wrong code, a missing code and an unknown case', async () => {
    const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    const wrong = await getJson(`${server.url}/api/complaints/${filed.body.caseNumber}`, { 'X-Access-Code': 'AAAA-BBBB-CCCC' });
    const missing = await getJson(`${server.url}/api/complaints/${filed.body.caseNumber}`);
    const unknown = await getJson(`${server.url}/api/complaints/1999-000001`, { 'X-Access-Code': filed.body.accessCode });
    const garbage = await getJson(`${server.url}/api/complaints/drop-table`, { 'X-Access-Code': filed.body.accessCode });
    for (const r of [wrong, missing, unknown, garbage]) expect(r).toEqual({ status: 404, body: { error: 'not found' } });
  });

  it('logs every read of the case', async () => {
    const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    await getJson(`${server.url}/api/complaints/${filed.body.caseNumber}`, { 'X-Access-Code': filed.body.accessCode });
    const reads = await database.db('case_access_log').join('cases', 'cases.id', 'case_access_log.case_id').where('cases.case_number', filed.body.caseNumber);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor: 'complainant', action: 'case.read' });
  });
});

describe('GET /health', () => {
  it('reports PostgreSQL and Temporal to staff, and only the status to anyone else', async () => {
    const { token: staff } = await staffToken(database.db, { name: 'Anne', role: 'secretary' });
    const school = await schoolToken(database.db, { subject: 'school-12AB', name: 'OBS De Linde', brin: '12AB' });
    const res = await getJson(`${server.url}/health`, { Authorization: `Bearer ${staff}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', postgres: { ok: true }, temporal: { ok: true } });
    for (const headers of [{}, { Authorization: `Bearer ${school}` }, { Authorization: 'Bearer kf_not-a-token' }] as Array<Record<string, string>>) {
      expect(await getJson(`${server.url}/health`, headers)).toEqual({ status: 200, body: { status: 'ok' } });
    }
  });
});
