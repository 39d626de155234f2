/**
 * Requests the fuzzer (tests/fuzz) found answered with a 500: bodies and paths that cannot be read
 * (an unknown content encoding, a body that does not decompress, an unknown charset, broken
 * percent-encoding in a path, a cut-off multipart form). Each is the client's fault: a 4xx that
 * names what was wrong, nothing logged as an error, nothing stored.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { postJson } from '../helpers/http';
import { WebClient } from '../helpers/webClient';
import { rowCounts } from '../fuzz/harness';

let stack: AppStack;
let complainant: WebClient;
let csrf: string;
let filedCase: { caseNumber: string; accessCode: string };

/** Sends the request as given: raw path, raw bytes, any headers. */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; text: string }> {
  const url = new URL(stack.server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  stack = await startAppStack('unreadable');
  const filed = await postJson(`${stack.server.url}/api/complaints`, sampleComplaintBody());
  expect(filed.status).toBe(201);
  filedCase = { caseNumber: String(filed.body.caseNumber), accessCode: String(filed.body.accessCode) };
  complainant = new WebClient(stack.server.url);
  const login = await complainant.postForm('/zaak', { _csrf: await complainant.csrf('/zaak'), caseNumber: filed.body.caseNumber, accessCode: filed.body.accessCode });
  expect(login.location).toBe('/zaak/overzicht');
  csrf = await complainant.csrf('/zaak/overzicht').catch(() => complainant.csrf('/zaak/intrekken'));
});

afterAll(async () => {
  await stack?.stop();
});

describe('requests that cannot be read', () => {
  it('a JSON body nested 20,000 deep is a 400 naming the body, not a stack overflow on its way to the workflow', async () => {
    const errors = vi.spyOn(console, 'error');
    const before = await rowCounts(stack.database.db);
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const action = await raw('POST', `/api/complaints/${filedCase.caseNumber}/actions/withdraw`, { 'content-type': 'application/json', 'x-access-code': filedCase.accessCode }, `{"reason":${deep}}`);
    expect(action.status).toBe(400);
    expect(JSON.parse(action.text)).toEqual({ errors: [{ field: 'body', message: 'is nested more than 32 levels deep' }] });
    const intake = await raw('POST', '/api/complaints', { 'content-type': 'application/json' }, deep);
    expect(intake.status).toBe(400);
    expect(JSON.parse(intake.text)).toEqual({ errors: [{ field: 'body', message: 'is nested more than 32 levels deep' }] });
    expect(errors).not.toHaveBeenCalled();
    expect(await rowCounts(stack.database.db)).toEqual(before);
    errors.mockRestore();
  });

  it('the JSON API answers a 4xx naming the header, body or path, logs no error and stores nothing', async () => {
    const errors = vi.spyOn(console, 'error');
    const before = await rowCounts(stack.database.db);
    const body = JSON.stringify(sampleComplaintBody());

    const bogus = await raw('POST', '/api/complaints', { 'content-type': 'application/json', 'content-encoding': 'bogus' }, body);
    expect(bogus.status).toBe(415);
    expect(JSON.parse(bogus.text)).toEqual({ errors: [{ field: 'Content-Encoding', message: 'is not supported (use gzip, deflate or br, or none)' }] });

    const notGzip = await raw('POST', '/api/complaints', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body);
    expect(notGzip.status).toBe(400);
    expect(JSON.parse(notGzip.text)).toEqual({ errors: [{ field: 'body', message: 'could not be read' }] });

    const latin1 = await raw('POST', '/api/complaints', { 'content-type': 'application/json; charset=latin1' }, body);
    expect(latin1.status).toBe(415);
    expect(JSON.parse(latin1.text)).toEqual({ errors: [{ field: 'Content-Type', message: 'names a charset that is not supported' }] });

    const badPath = await raw('GET', '/api/complaints/%ZZ', { 'x-access-code': 'AAAA-BBBB-CCCC' });
    expect(badPath.status).toBe(400);
    expect(JSON.parse(badPath.text)).toEqual({ errors: [{ field: 'path', message: 'is not valid percent-encoding' }] });

    expect(errors).not.toHaveBeenCalled();
    expect(await rowCounts(stack.database.db)).toEqual(before);
    errors.mockRestore();
  });

  it('a NUL byte in a case number in the console’s address is a 404, not a database error', async () => {
    const errors = vi.spyOn(console, 'error');
    await createUser(stack.database.db, { email: 'secretaris@nul.example.nl', name: 'Sanne', role: 'secretary', password: 'een wachtwoord dat lang genoeg is' });
    const staff = new WebClient(stack.server.url);
    const login = await staff.postForm('/inloggen', { _csrf: await staff.csrf('/inloggen'), email: 'secretaris@nul.example.nl', password: 'een wachtwoord dat lang genoeg is' });
    expect(login.status).toBe(303);
    const cookie = [...staff.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    expect((await raw('GET', '/medewerkers/zaken/%00', { cookie })).status).toBe(404);
    expect((await raw('GET', '/medewerkers/zaken/%00/acties/scheduleHearing', { cookie })).status).toBe(404);
    expect((await raw('GET', '/medewerkers/zaken/2026-000001%00', { cookie })).status).toBe(404);
    // A mail id past bigint is no mail's id either.
    expect((await raw('GET', '/medewerkers/postvak/99999999999999999999999', { cookie })).status).toBe(404);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('a NUL byte in the e-mail address of a login or the case number of /zaak is a failed login (400), not a database error', async () => {
    const errors = vi.spyOn(console, 'error');
    const visitor = new WebClient(stack.server.url);
    const staffLogin = await visitor.postForm('/inloggen', { _csrf: await visitor.csrf('/inloggen'), email: 'a\u0000@example.nl', password: 'wat dan ook' });
    expect(staffLogin.status).toBe(400);
    const caseLogin = await visitor.postForm('/zaak', { _csrf: await visitor.csrf('/zaak'), caseNumber: '2026-\u0000', accessCode: 'AAAA-BBBB-CCCC' });
    expect(caseLogin.status).toBe(400);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('the portal answers an error page with a 4xx, logs no error, throws nothing uncaught and stores nothing', async () => {
    const errors = vi.spyOn(console, 'error');
    // A form cut off inside a file part once failed the file's stream with nobody listening: an
    // uncaught exception, which ends the process of a production server.
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    const before = await rowCounts(stack.database.db);
    const cookie = [...complainant.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

    // A cut-off multipart form to an upload path, with a valid session and CSRF token.
    const cutOff = `------b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n------b\r\nContent-Disposition: form-data; name="files"; filename="reactie.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut off`;
    const upload = await raw('POST', '/zaak/reactie', { cookie, 'content-type': 'multipart/form-data; boundary=----b' }, cutOff);
    expect(upload.status).toBe(400);
    expect(upload.text).toContain('Dit verzoek kunnen wij niet lezen');

    // A multipart form that names no boundary.
    const noBoundary = await raw('POST', '/zaak/reactie', { cookie, 'content-type': 'multipart/form-data' }, 'x');
    expect(noBoundary.status).toBe(400);

    // A form whose content encoding is unknown, or whose body does not decompress.
    const form = `_csrf=${encodeURIComponent(csrf)}&reason=test`;
    const bogus = await raw('POST', '/zaak/intrekken', { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'bogus' }, form);
    expect(bogus.status).toBe(415);
    const notBrotli = await raw('POST', '/zaak/intrekken', { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'br' }, form);
    expect(notBrotli.status).toBe(400);

    // Broken percent-encoding in a path parameter.
    const badPath = await raw('GET', '/zaak/brieven/%', { cookie });
    expect(badPath.status).toBe(400);
    const badToken = await raw('GET', '/school/%ZZ', {});
    expect(badToken.status).toBe(400);

    expect(errors).not.toHaveBeenCalled();
    expect(await rowCounts(stack.database.db)).toEqual(before);
    // The case was not withdrawn by the unreadable forms.
    expect((await stack.database.db('cases').first('status')).status).toBe('admissibility');
    await new Promise((r) => setTimeout(r, 100));
    process.off('uncaughtException', onUncaught);
    expect(uncaught).toEqual([]);
    errors.mockRestore();
  });
});
