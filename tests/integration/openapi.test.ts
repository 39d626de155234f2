/**
 * The OpenAPI document against the real API: every answer below is validated with ajv against the
 * response schema the document gives for that path, method and status, and every operation in the
 * document is exercised at least once, so the description cannot drift from the server.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { staffToken, schoolToken } from '../helpers/tokens';
import { createAjv, DOCUMENT_ID } from '../../api/openapi/validate';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';

// Workflows wait on activities that share two cores with other suites (and Chromium): allow time.
vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let stack: AppStack;
let server: TestServer;
let secretary: string;
let school: string;
let chairToken: string;
let doc: any;
const ajv = createAjv();
const exercised = new Set<string>();

beforeAll(async () => {
  stack = await startAppStack('openapi');
  ({ database, server } = stack);
  secretary = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
  school = await schoolToken(database.db, { subject: 'school-12AB', name: 'OBS De Linde', brin: '12AB' });
  chairToken = (await staffToken(database.db, { name: 'Dirk', role: 'chair' })).token;
  doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
});

afterAll(async () => {
  await stack?.stop();
});

/** Calls the API and validates the answer against the document's schema for (path, method, status). */
async function call(method: 'get' | 'post', template: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method: method.toUpperCase(),
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const body = await res.json();
  const operation = doc.paths[template]?.[method];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  const response = operation.responses[String(res.status)];
  expect(response, `${method} ${template} documents status ${res.status}: ${JSON.stringify(body)}`).toBeDefined();
  const pointer = `${DOCUMENT_ID}#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${res.status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer)!;
  expect(validate, pointer).toBeDefined();
  const valid = validate(body);
  expect(valid, `${method} ${path} ${res.status}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
  exercised.add(`${method} ${template}`);
  return { status: res.status, body };
}

describe('OpenAPI document', () => {
  it('is an OpenAPI 3.1 document whose schemas compile', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`), name).toBeDefined();
  });

  it('describes every action’s request body from its schema, with who may take it and its refusal codes', () => {
    const staff = doc.paths['/api/cases/{caseNumber}/actions/{action}'].post['x-actions'];
    expect(Object.keys(staff)).toHaveLength(34);
    // A respondent's written statement (issue 12): who hands it in, by number, and the term it must fit.
    expect(staff.submitRespondentStatement).toEqual({
      requestBody: { $ref: '#/components/schemas/SubmitRespondentStatementBody' },
      roles: ['respondent', 'secretary'],
      refusals: ['not-object', 'action-not-for-role', 'no-running-procedure', 'action-failed', 'actor-required', 'role-not-allowed', 'case-closed', 'required', 'too-long', 'not-document-ids', 'not-respondent-number', 'respondent-statement-term-over', 'respondent-statement-received'],
    });
    const statement = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/SubmitRespondentStatementBody`)!;
    expect(statement({ respondent: 1, text: 'Ik herken mij niet in de klacht.' })).toBe(true);
    expect(statement({ respondent: 0, text: 'Ik herken mij niet in de klacht.' })).toBe(false);
    expect(statement({ text: 'Zonder nummer.' })).toBe(false);
    expect(staff.decideAdmissibility).toEqual({
      requestBody: { $ref: '#/components/schemas/DecideAdmissibilityBody' },
      roles: ['chair'],
      refusals: ['not-object', 'action-not-for-role', 'no-running-procedure', 'action-failed', 'actor-required', 'role-not-allowed', 'case-closed', 'wrong-phase', 'not-boolean', 'not-decided-by', 'required', 'too-long', 'late-filing-unexplained'],
    });
    const complainant = doc.paths['/api/complaints/{caseNumber}/actions/{action}'].post['x-actions'];
    expect(Object.keys(complainant)).toEqual(['withdraw', 'completeComplaint', 'resumeAfterReferral', 'submitReply', 'submitAvailability', 'requestPostponement']);
    const admissibility = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/DecideAdmissibilityBody`)!;
    expect(admissibility({ admissible: true })).toBe(true);
    expect(admissibility({ admissible: false, reasons: 'Niet over de school.', decidedBy: 'chair' })).toBe(true);
    expect(admissibility({ admissible: false, reasons: 'Niet over de school.' })).toBe(false);
    expect(admissibility({ admissible: 'no' })).toBe(false);
    expect(admissibility({ admissible: true, lateFiling: { excused: true, reason: 'Pas laat bekend.' } })).toBe(true);
    expect(admissibility({ admissible: true, lateFiling: { excused: 'ja' } })).toBe(false);
    // Who withdraws is set by the API: the body does not carry it.
    const withdraw = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/WithdrawBody`)!;
    expect(withdraw({ reason: 'Opgelost.' })).toBe(true);
    expect(doc.components.schemas.WithdrawBody.properties).toEqual({ reason: { type: 'string', maxLength: 2000 } });
    const advice = ajv.getSchema(`${DOCUMENT_ID}#/components/schemas/IssueAdviceBody`)!;
    expect(advice({ finding: 'gegrond', reasons: 'Zo.', measures: [{ description: 'Protocol.', termWeeks: 52 }] })).toBe(true);
    expect(advice({ finding: 'gegrond', reasons: 'Zo.', measures: [{ description: 'Protocol.', termWeeks: 53 }] })).toBe(false);
  });

  it('describes the real answers of every operation', async () => {
    const auth = { Authorization: `Bearer ${secretary}` };
    await call('get', '/health', '/health');
    await call('get', '/api/openapi.json', '/api/openapi.json');

    const filed = await call('post', '/api/complaints', '/api/complaints', { body: sampleComplaintBody() });
    expect(filed.status).toBe(201);
    const caseNumber = filed.body.caseNumber;
    expect((await call('post', '/api/complaints', '/api/complaints', { body: { category: 'x' } })).status).toBe(400);
    const key = `openapi-${Date.now()}`;
    await call('post', '/api/complaints', '/api/complaints', { body: sampleComplaintBody(), headers: { 'Idempotency-Key': key } });
    expect((await call('post', '/api/complaints', '/api/complaints', { body: sampleComplaintBody(), headers: { 'Idempotency-Key': key } })).status).toBe(200);
    expect((await call('post', '/api/complaints', '/api/complaints', { body: sampleComplaintBody({ category: 'geweld' }), headers: { 'Idempotency-Key': key } })).status).toBe(422);

    await eventually(async () => {
      const r = await fetch(`${server.url}/api/complaints/${caseNumber}`, { headers: { 'X-Access-Code': filed.body.accessCode } });
      const b: any = await r.json();
      return b.status === 'admissibility' && b.letters.length ? b : undefined;
    }, 90_000);
    expect((await call('get', '/api/complaints/{caseNumber}', `/api/complaints/${caseNumber}`, { headers: { 'X-Access-Code': filed.body.accessCode } })).status).toBe(200);
    expect((await call('get', '/api/complaints/{caseNumber}', `/api/complaints/${caseNumber}`, { headers: { 'X-Access-Code': 'AAAA-BBBB-CCCC' } })).status).toBe(404);
    // A lost code: the same answer for an unknown case (nothing is mailed, the filed case keeps its code).
    expect((await call('post', '/api/complaints/access-code-requests', '/api/complaints/access-code-requests', { body: { caseNumber: '2026-999999' } })).status).toBe(202);
    expect((await call('post', '/api/complaints/access-code-requests', '/api/complaints/access-code-requests', { body: {} })).status).toBe(400);

    expect((await call('get', '/api/cases', '/api/cases', { headers: auth })).status).toBe(200);
    expect((await call('get', '/api/cases', '/api/cases?limit=0', { headers: auth })).status).toBe(400);
    expect((await call('get', '/api/cases', '/api/cases')).status).toBe(401);
    expect((await call('get', '/api/cases/{caseNumber}', `/api/cases/${caseNumber}`, { headers: auth })).status).toBe(200);
    expect((await call('get', '/api/cases/{caseNumber}', '/api/cases/1999-000001', { headers: auth })).status).toBe(404);
    expect((await call('post', '/api/cases/{caseNumber}/actions/{action}', `/api/cases/${caseNumber}/actions/decideAdmissibility`, { headers: { Authorization: `Bearer ${school}` }, body: { admissible: true } })).status).toBe(403);
    // A refusal comes with its code, worded in Dutch by default, in English on ?lang=en or Accept-Language: en.
    const wrongPhase = { code: 'wrong-phase', field: 'action' };
    expect(await call('post', '/api/cases/{caseNumber}/actions/{action}', `/api/cases/${caseNumber}/actions/submitDefence`, { headers: auth, body: { text: 'x' } })).toEqual({
      status: 409,
      body: { errors: [{ ...wrongPhase, message: 'dit kan niet in de fase waarin de zaak nu is.' }] },
    });
    expect(await call('post', '/api/cases/{caseNumber}/actions/{action}', `/api/cases/${caseNumber}/actions/submitDefence?lang=en`, { headers: auth, body: { text: 'x' } })).toEqual({
      status: 409,
      body: { errors: [{ ...wrongPhase, message: 'not allowed now: the case is in phase "admissibility" (allowed in: defence)' }] },
    });
    // Admissibility is the chair's: a secretary is refused for the role.
    expect((await call('post', '/api/cases/{caseNumber}/actions/{action}', `/api/cases/${caseNumber}/actions/decideAdmissibility`, { headers: auth, body: { admissible: true } })).status).toBe(403);
    const asChair = { Authorization: `Bearer ${chairToken}` };
    expect(
      (await call('post', '/api/cases/{caseNumber}/actions/{action}', `/api/cases/${caseNumber}/actions/decideAdmissibility`, { headers: { ...asChair, 'Accept-Language': 'en-GB,en;q=0.8' }, body: { admissible: false, reasons: ' ' } }))
        .body,
    ).toEqual({
      errors: [
        { code: 'required', field: 'reasons', message: 'is required' },
        { code: 'not-decided-by', field: 'decidedBy', message: 'must be chair or committee' },
      ],
    });
    expect((await call('post', '/api/cases/{caseNumber}/actions/{action}', `/api/cases/${caseNumber}/actions/decideAdmissibility`, { headers: asChair, body: { admissible: true } })).status).toBe(200);

    expect((await call('post', '/api/cases/{caseNumber}/school-links', `/api/cases/${caseNumber}/school-links`, { headers: auth, body: { expiresInDays: 14 } })).status).toBe(201);
    expect((await call('post', '/api/cases/{caseNumber}/school-links', `/api/cases/${caseNumber}/school-links`, { headers: auth, body: { expiresInDays: 'soon' } })).status).toBe(400);
    expect((await call('post', '/api/cases/{caseNumber}/school-links', `/api/cases/${caseNumber}/school-links`, { headers: { Authorization: `Bearer ${school}` } })).status).toBe(403);
    expect((await call('post', '/api/cases/{caseNumber}/school-links', `/api/cases/${caseNumber}/school-links`)).status).toBe(401);
    expect((await call('post', '/api/cases/{caseNumber}/school-links', '/api/cases/1999-000001/school-links', { headers: auth })).status).toBe(404);

    const other = await call('post', '/api/complaints', '/api/complaints', { body: sampleComplaintBody() });
    await eventually(async () => {
      const r = await fetch(`${server.url}/api/complaints/${other.body.caseNumber}`, { headers: { 'X-Access-Code': other.body.accessCode } });
      return ((await r.json()) as any).status === 'admissibility' ? true : undefined;
    }, 90_000);
    const code = { 'X-Access-Code': other.body.accessCode };
    expect((await call('post', '/api/complaints/{caseNumber}/actions/{action}', `/api/complaints/${other.body.caseNumber}/actions/withdraw`, { headers: code, body: { reason: 'Opgelost.' } })).status).toBe(200);
    expect((await call('post', '/api/complaints/{caseNumber}/actions/{action}', `/api/complaints/${other.body.caseNumber}/actions/withdraw`, { headers: code, body: {} })).status).toBe(409);
    expect((await call('post', '/api/complaints/{caseNumber}/actions/{action}', `/api/complaints/${other.body.caseNumber}/actions/decideAdmissibility`, { headers: code, body: {} })).status).toBe(403);

    // Calendar releases: the case was pinned to the current release when it was filed.
    const chair = { Authorization: `Bearer ${(await staffToken(database.db, { name: 'Carla', role: 'chair' })).token}` };
    const releases = await call('get', '/api/calendar/releases', '/api/calendar/releases', { headers: auth });
    expect(releases.body).toEqual({
      current: 'royal-decrees@2025-11-01+school-holidays@2026-12-01',
      released: ['royal-decrees@2025-11-01+school-holidays@2025-11-01', 'royal-decrees@2025-11-01+school-holidays@2026-12-01'],
    });
    expect((await call('get', '/api/calendar/releases', '/api/calendar/releases', { headers: { Authorization: `Bearer ${school}` } })).status).toBe(404);
    expect((await call('get', '/api/calendar/releases', '/api/calendar/releases')).status).toBe(401);
    expect((await call('get', '/api/calendar/changes', '/api/calendar/changes', { headers: auth })).status).toBe(200);
    expect((await call('get', '/api/calendar/changes', '/api/calendar/changes?version=2027', { headers: auth })).status).toBe(400);
    expect((await call('get', '/api/calendar/changes', '/api/calendar/changes', { headers: { Authorization: `Bearer ${school}` } })).status).toBe(404);
    expect((await call('get', '/api/calendar/changes', '/api/calendar/changes')).status).toBe(401);
    const releasePath = `/api/cases/${caseNumber}/calendar-release`;
    expect((await call('post', '/api/cases/{caseNumber}/calendar-release', releasePath, { headers: auth, body: { version: releases.body.released[0] } })).status).toBe(403);
    expect((await call('post', '/api/cases/{caseNumber}/calendar-release', releasePath, { headers: chair, body: { version: 'latest' } })).status).toBe(400);
    expect((await call('post', '/api/cases/{caseNumber}/calendar-release', '/api/cases/1999-000001/calendar-release', { headers: chair, body: { version: releases.body.released[0] } })).status).toBe(404);
    expect((await call('post', '/api/cases/{caseNumber}/calendar-release', releasePath, { body: {} })).status).toBe(401);
    const applied = await call('post', '/api/cases/{caseNumber}/calendar-release', releasePath, { headers: chair, body: { version: 'royal-decrees@2025-11-01+school-holidays@2025-11-01' } });
    expect(applied.body).toEqual({ caseNumber, calendarVersion: 'royal-decrees@2025-11-01+school-holidays@2025-11-01', changes: [] });
    // Already on it: nothing to apply, nothing moves.
    expect((await call('post', '/api/cases/{caseNumber}/calendar-release', releasePath, { headers: chair, body: { version: 'royal-decrees@2025-11-01+school-holidays@2025-11-01' } })).body).toEqual(applied.body);

    expect((await call('get', '/api/deadlines', '/api/deadlines?from=2026-03-30&weeks=4')).status).toBe(200);
    expect((await call('get', '/api/deadlines', '/api/deadlines?from=gisteren')).status).toBe(400);

    await database.db('boards').insert({ number: '42001', name: 'Stichting Primair Onderwijs Waterland', affiliated_since: '2026-01-01' });
    await database.db('schools').insert({ brin: '56JK', name: 'Basisschool De Kwikstaart', place: 'PURMEREND', sector: 'primary', board_number: '42001', board_name: 'Stichting Primair Onderwijs Waterland', source: 'register' });
    const found = await call('get', '/api/register/schools', '/api/register/schools?q=kwikstaart');
    expect(found.body.schools).toHaveLength(1);
    expect((await call('get', '/api/register/schools', '/api/register/schools?q=')).status).toBe(400);

    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m} ${path}`));
    expect(documented.filter((op) => !exercised.has(op))).toEqual([]);
  });
});
