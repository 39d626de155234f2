/**
 * Policy versions as data (issue 13), over real HTTP against real PostgreSQL and the time-skipping
 * Temporal server: an administrator prepares a new version in the admin pages (errors at the field,
 * in Dutch and English), cannot approve it herself (four eyes), a second administrator approves it,
 * and the approved row can no longer change. Then cases: one filed before the new version's start
 * date keeps the old terms even when its terms are set after that date; one filed on it gets the new
 * ones; the new category is accepted only under the new version. The app's clock and the workflow
 * clock move together (skipTo), so every date below is written out.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { createUser } from '../../api/portal/users';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaintBody, TEST_SECRET } from '../helpers/fixtures';
import { listen, type TestServer } from '../helpers/http';
import { CHAIR, ProcedureDriver, TestCase } from '../helpers/procedure';
import { logInStaff } from '../helpers/staffLogin';
import { createTestWorker, timeSkippingEnvironment, uniqueTaskQueue, type TestWorker } from '../helpers/temporal';
import { csrfOf, WebClient, type PageResponse } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

const ADMIN_A = { email: 'anja.beheer@lkc.example.nl', name: 'Anja Beheer', role: 'admin' as const, password: 'beheerder wachtwoord A1' };
const ADMIN_B = { email: 'bert.beheer@lkc.example.nl', name: 'Bert Beheer', role: 'admin' as const, password: 'beheerder wachtwoord B2' };

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let worker: TestWorker;
let running: Promise<void>;
let server: TestServer;
let taskQueue: string;
let driver: ProcedureDriver;
/** The app's clock (the server's today), moved with the workflow clock. */
let clock = new Date('2027-01-15T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  env = await timeSkippingEnvironment();
  taskQueue = uniqueTaskQueue('policydb');
  worker = await createTestWorker(env, database.appDb, taskQueue);
  running = worker.run();
  server = await listen(createApp({ db: database.appDb, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => clock }));
  driver = new ProcedureDriver(env, database.db, taskQueue);
  await createUser(database.db, ADMIN_A);
  await createUser(database.db, ADMIN_B);
});

afterAll(async () => {
  await server?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

async function logIn(who: { email: string; password: string }): Promise<WebClient> {
  const web = new WebClient(server.url);
  const res = await logInStaff(web, who.email, who.password);
  expect(res.location).toBe('/beheer');
  return web;
}

const unescape = (s: string) => s.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The form as the page fills it: text inputs, the checked radio of each group, textareas. */
function formValues(html: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="(?:text|email)" id="[^"]*" name="([^"]+)" value="([^"]*)"/g)) values[unescape(m[1])] = unescape(m[2]);
  for (const m of html.matchAll(/<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]*)" checked>/g)) values[unescape(m[1])] = unescape(m[2]);
  for (const m of html.matchAll(/<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) values[unescape(m[1])] = unescape(m[2]);
  return values;
}

async function postNew(web: WebClient, fields: Record<string, string>, lang = ''): Promise<PageResponse> {
  const page = await web.get(`/beheer/beleid/nieuw${lang}`);
  expect(page.status).toBe(200);
  return web.postForm(`/beheer/beleid/nieuw${lang}`, { ...fields, _csrf: csrfOf(page.text)! });
}

async function approve(web: WebClient, version: string): Promise<PageResponse> {
  const page = await web.get(`/beheer/beleid/${version}`);
  return web.postForm(`/beheer/beleid/${version}/goedkeuren`, { _csrf: csrfOf(page.text)! });
}

const versions = () => database.db('policy_versions').orderBy('valid_from').select('version', 'valid_from', 'status');

/** Skips the workflow clock to 08:00 UTC on `date` and sets the app's clock there too. */
async function skipTo(date: string): Promise<void> {
  const ms = Date.parse(`${date}T08:00:00Z`) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
  clock = new Date(`${date}T08:00:00Z`);
}

async function fileOverApi(body: Record<string, unknown>): Promise<{ status: number; json: { caseNumber?: string; errors?: Array<{ field: string; message: string }> } }> {
  const res = await fetch(`${server.url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { caseNumber?: string; errors?: Array<{ field: string; message: string }> } };
}

const termsOf = (s: { terms: Array<{ id: string; due: string | null }> }) => s.terms.map((t) => [t.id, t.due]);

describe('a new policy version through the admin pages (four eyes)', () => {
  it('starts from the version in force, names each bad field in Dutch and English, and stores nothing refused', async () => {
    const anja = await logIn(ADMIN_A);
    const page = await anja.get('/beheer/beleid/nieuw');
    expect(page.text).toContain('De nieuwe versie begint als kopie van versie 2026.2.');
    const prefilled = formValues(page.text);
    expect(prefilled['terms.defence.amount']).toBe('4');
    expect(prefilled['terms.defence.unit']).toBe('weeks');
    expect(prefilled['terms.defence.extension.amount']).toBe('2');
    expect(prefilled['terms.defence.reminderBefore.amount']).toBe('1');
    expect(prefilled.validFrom).toBe('');
    expect(prefilled.categories.split('\n')[2]).toBe('discriminatie; discriminatie; discrimination; grond');

    const bad = await postNew(anja, { ...prefilled, validFrom: '1-3-2027', 'terms.defence.amount': 'zes', 'terms.reply.unit': 'fortnights', categories: `${prefilled.categories}\nbedreiging zonder puntkomma` });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-terms-defence-amount" name="terms\.defence\.amount" value="zes" inputmode="numeric" aria-describedby="f-terms-defence-amount-error" aria-invalid="true"/);
    expect(bad.text).toContain('Vul een heel getal in (1 tot en met 120; bij verlengen 0 tot en met 5).');
    expect(bad.text).toContain('Kies dagen, weken, maanden of werkdagen.');
    expect(bad.text).toContain('Elke regel is: code; Nederlandse naam; Engelse naam (bij categorieën eventueel; grond).');
    expect(bad.text).toContain('href="#f-terms-defence-amount"');

    const past = await postNew(anja, { ...prefilled, validFrom: '14-1-2027' }, '?lang=en');
    expect(past.status).toBe(400);
    expect(past.text).toContain('The start date is in the past. Choose today or later.');
    const notADay = await postNew(anja, { ...prefilled, validFrom: '30-2-2027' }, '?lang=nl');
    expect(notADay.text).toContain('Vul een bestaande datum in, bijvoorbeeld 1-8-2027.');
    expect(await versions()).toEqual([
      { version: '2026.1', valid_from: '2026-01-01', status: 'approved' },
      { version: '2026.2', valid_from: '2026-12-01', status: 'approved' },
    ]);
  });

  it('stores a draft, shows its changes, refuses the creator’s approval with 403 and takes a second administrator’s', async () => {
    const anja = await logIn(ADMIN_A);
    const prefilled = formValues((await anja.get('/beheer/beleid/nieuw')).text);
    const created = await postNew(anja, {
      ...prefilled,
      validFrom: '1-3-2027',
      'terms.admissibility.amount': '3',
      'terms.defence.amount': '6',
      categories: `${prefilled.categories}\ncyberpesten; cyberpesten; cyberbullying`,
    });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/beheer/beleid/2027.1?gedaan=policyDrafted');

    const draft = await anja.get('/beheer/beleid/2027.1');
    expect(draft.text).toContain('Status: concept, wacht op goedkeuring.');
    expect(draft.text).toContain('Wijzigingen ten opzichte van versie 2026.2');
    const diff = /<table class="admin-table" data-testid="policy-diff">[\s\S]*?<\/table>/.exec(draft.text)![0];
    const rows = [...diff.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ['validFrom', '2026-12-01', '2027-03-01'],
      ['termijn voor de beslissing over ontvankelijkheid: amount', '2', '3'],
      ['verweertermijn: amount', '4', '6'],
      ['categories.cyberpesten.key', '—', 'cyberpesten'],
      ['categories.cyberpesten.label.nl', '—', 'cyberpesten'],
      ['categories.cyberpesten.label.en', '—', 'cyberbullying'],
      ['categories.cyberpesten.asksGround', '—', 'false'],
    ]);
    expect(draft.text).toContain('U heeft deze versie opgesteld. Een andere beheerder keurt haar goed (vier-ogenprincipe).');
    expect(draft.text).not.toContain('action="/beheer/beleid/2027.1/goedkeuren"');

    const own = await approve(anja, '2027.1');
    expect(own.status).toBe(403);
    expect(own.text).toContain('data-refusal="four-eyes"');
    expect(own.text).toContain('U heeft deze versie zelf opgesteld; een andere beheerder moet haar goedkeuren (vier-ogenprincipe).');
    expect((await database.db('policy_versions').where({ version: '2027.1' }).first()).status).toBe('draft');

    const bert = await logIn(ADMIN_B);
    const approved = await approve(bert, '2027.1');
    expect(approved.status).toBe(303);
    expect(approved.location).toBe('/beheer/beleid/2027.1?gedaan=policyApproved');
    const row = await database.db('policy_versions').where({ version: '2027.1' }).first();
    expect([row.status, row.created_by_name, row.approved_by_name, row.content.terms.defence.amount]).toEqual(['approved', 'Anja Beheer', 'Bert Beheer', 6]);
    const audit = await database.db('admin_audit').whereIn('action', ['policy.drafted', 'policy.approved']).orderBy('id').select('actor_name', 'action', 'target_id');
    expect(audit).toEqual([
      { actor_name: 'Anja Beheer', action: 'policy.drafted', target_id: '2027.1' },
      { actor_name: 'Bert Beheer', action: 'policy.approved', target_id: '2027.1' },
    ]);
    // Approved is final: not even SQL past the app changes or removes it.
    await expect(database.db('policy_versions').where({ version: '2027.1' }).update({ valid_from: '2027-04-01' })).rejects.toThrow(/approved and cannot be changed/);
    await expect(database.db('policy_versions').where({ version: '2026.1' }).delete()).rejects.toThrow(/approved and cannot be changed/);
    const list = await bert.get('/beheer/beleid');
    expect(list.text).toContain('Versie 2027.1');
    // A second approval of the same version is refused: it is no draft any more.
    expect((await approve(bert, '2027.1')).status).toBe(409);
  });
});

describe('cases keep the version valid on their filing day', () => {
  it('a case filed before 1 March 2027 keeps the old terms; one filed on it gets the new terms and the new category', async () => {
    await skipTo('2027-02-22');
    const refused = await fileOverApi(sampleComplaintBody({ category: 'cyberpesten' }));
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      expect.objectContaining({
        field: 'category',
        message:
          'must be one of: pesten, seksuele-intimidatie, discriminatie, geweld, radicalisering, begeleiding, onderwijs-en-toetsing, overig, bedreiging, seksueel-misbruik, communicatie, pedagogisch-didactische-begeleiding, maatregel-tegen-leerling-of-ouders, schoolorganisatie, klachtbehandeling, informatie-gescheiden-ouders, schooladvies-en-bevordering',
      }),
    ]);

    const before = await fileOverApi(sampleComplaintBody());
    expect(before.status).toBe(201);
    const a = new TestCase(driver, before.json.caseNumber!);
    expect(termsOf(await a.waitFor((s) => s.status === 'admissibility'))).toEqual([['admissibility', '2027-03-08']]);
    expect((await database.db('cases').where({ case_number: a.caseNumber }).first()).policy_version).toBe('2026.2');

    await skipTo('2027-03-01');
    const after = await fileOverApi(sampleComplaintBody({ category: 'cyberpesten' }));
    expect(after.status).toBe(201);
    const b = new TestCase(driver, after.json.caseNumber!);
    expect(termsOf(await b.waitFor((s) => s.status === 'admissibility'))).toEqual([['admissibility', '2027-03-22']]);
    const rowB = await database.db('cases').where({ case_number: b.caseNumber }).first();
    expect([rowB.policy_version, rowB.category]).toEqual(['2027.1', 'cyberpesten']);

    // Both admitted on 1 March: the old case's defence term is four weeks (29 March is Easter
    // Monday, so the Atw moves it to the 30th), the new case's six.
    expect(termsOf(await a.act('decideAdmissibility', { admissible: true }, CHAIR))).toEqual([['defence', '2027-03-30']]);
    expect(termsOf(await b.act('decideAdmissibility', { admissible: true }, CHAIR))).toEqual([['defence', '2027-04-12']]);
    // The school's notice names the new category by the new version's label.
    const notice = await database.db('letters').join('cases', 'cases.id', 'letters.case_id').where({ 'cases.case_number': b.caseNumber, 'letters.kind': 'kennisgeving-klacht' }).first('letters.data_snapshot');
    expect(notice.data_snapshot.categoryLabel).toBe('cyberpesten');

    const web = await logIn(ADMIN_B);
    const list = await web.get('/beheer/beleid');
    expect(list.text).toContain('Zaken onder deze versie: 1.');
  });
});
