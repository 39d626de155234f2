/**
 * Request logs over real HTTP against the running app: one line per request with a request id
 * (the caller's X-Request-Id when sane, else a new UUID, echoed in the response), and nothing of
 * the complainant in them: no name, e-mail address, access code or complaint text, whether they
 * came in a JSON body, a header or a portal form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/log';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { WebClient } from '../helpers/webClient';

const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const EMAIL = 'marieke.jansen@example.nl';
const NAME = 'Marieke Jansen';
const DESCRIPTION = 'Mijn zoon wordt door een leerkracht uitgescholden waar de klas bij is.';

let stack: AppStack;
let caseNumber: string;
let accessCode: string;

beforeAll(async () => {
  stack = await startAppStack('request-log', { logger: createLogger({ level: 'info' }, capture) });
  const res = await fetch(`${stack.server.url}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'intake-7f3a' },
    body: JSON.stringify(sampleComplaintBody({ complainant: { name: NAME, email: EMAIL, role: 'parent' }, description: DESCRIPTION })),
  });
  expect(res.status).toBe(201);
  expect(res.headers.get('x-request-id')).toBe('intake-7f3a');
  ({ caseNumber, accessCode } = (await res.json()) as { caseNumber: string; accessCode: string });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('request log', () => {
  it('gives every request one line with its id, taking a sane X-Request-Id and replacing any other', async () => {
    const status = await fetch(`${stack.server.url}/api/complaints/${caseNumber}`, { headers: { 'x-access-code': accessCode } });
    expect(status.status).toBe(200);
    const generated = status.headers.get('x-request-id')!;
    expect(generated).toMatch(UUID);
    const insane = await fetch(`${stack.server.url}/api/complaints/${caseNumber}`, { headers: { 'x-access-code': accessCode, 'x-request-id': 'a b{}<script>' } });
    expect(insane.headers.get('x-request-id')).toMatch(UUID);

    const requestLines = logged().filter((l) => l.req);
    expect(requestLines.filter((l) => l.req.id === 'intake-7f3a').map((l) => [l.req.method, l.req.url, l.res.statusCode])).toEqual([['POST', '/api/complaints', 201]]);
    expect(requestLines.filter((l) => l.req.id === generated).map((l) => [l.req.method, l.req.url, l.res.statusCode])).toEqual([['GET', `/api/complaints/${caseNumber}`, 200]]);
    expect(requestLines.filter((l) => l.req.id === insane.headers.get('x-request-id'))).toHaveLength(1);
  });

  it('logs neither the e-mail address, the name, the complaint text nor the access code of a complainant', async () => {
    // The portal's login form carries the access code in its body; a query string may carry anything.
    const before = lines.length;
    const web = new WebClient(stack.server.url);
    const csrf = await web.csrf('/zaak');
    const login = await web.postForm('/zaak', { _csrf: csrf, caseNumber, accessCode });
    expect(login.location).toBe('/zaak/overzicht');
    const asked = await fetch(`${stack.server.url}/zaak?email=${encodeURIComponent(EMAIL)}&code=${accessCode}&lang=en`, { headers: { authorization: `Bearer ${accessCode}`, cookie: `s=${accessCode}` } });
    expect(asked.status).toBe(200);

    expect(lines.slice(before).map((l) => JSON.parse(l).req.method)).toEqual(['GET', 'POST', 'GET']);
    const all = lines.join('');
    for (const secret of [EMAIL, NAME, DESCRIPTION, accessCode, encodeURIComponent(EMAIL)]) expect(all).not.toContain(secret);
    expect(logged().filter((l) => l.req?.url?.startsWith('/zaak?')).map((l) => l.req.url)).toEqual(['/zaak?email=[redacted]&code=[redacted]&lang=en']);
  });

  it('censors personal fields wherever a line carries them', () => {
    const seen: string[] = [];
    const log = createLogger({ level: 'info' }, { write: (l: string) => void seen.push(l) });
    log.info({ complainant: { name: NAME, email: EMAIL, role: 'parent' }, accessCode, password: 'hunter2', description: DESCRIPTION, caseNumber }, 'filed');
    expect(JSON.parse(seen[0]!)).toMatchObject({ complainant: { name: '[redacted]', email: '[redacted]', role: 'parent' }, accessCode: '[redacted]', password: '[redacted]', description: '[redacted]', caseNumber, msg: 'filed' });
  });
});
