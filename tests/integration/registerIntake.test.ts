/**
 * The register at intake and in the console, over HTTP against the real app (PostgreSQL, Temporal):
 * finding a school by name (JSON and the form without JavaScript), the unknown-school flag and its
 * linking by the secretary (to a register entry, or by hand), letters to the board at its registered
 * address, and the affiliation flag with the board's affiliation recorded and audited.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseState } from '../../api/services/caseActions';
import { createUser } from '../../api/portal/users';
import type { CaseStateView } from '../../contracts/messages';
import { importRegister, SEED_DIR } from '../../platform/register/store';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { consoleAct, csrfOf, staffLogIn, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;

const PASSWORD = 'een lang en geheim wachtwoord';
const STAFF = {
  secretary: { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  chair: { email: 'carla@lko.example.nl', name: 'Carla Voorzitter', role: 'chair' as const },
  member: { email: 'mees@lko.example.nl', name: 'Mees Lid', role: 'member' as const },
  admin: { email: 'ada@lko.example.nl', name: 'Ada Beheer', role: 'admin' as const },
};

beforeAll(async () => {
  stack = await startAppStack('register');
  ({ database, env, server } = stack);
  for (const u of Object.values(STAFF)) await createUser(database.db, { ...u, password: PASSWORD });
  await importRegister(database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
});

afterAll(async () => {
  await stack?.stop();
});

const logIn = (who: keyof typeof STAFF): Promise<WebClient> => staffLogIn(server.url, STAFF[who].email, PASSWORD);
const act = consoleAct;

async function inAdmissibility(caseNumber: string): Promise<void> {
  await eventually(async () => ((await caseState(env.client, caseNumber)).complaint as CaseStateView | undefined)?.status === 'admissibility' || undefined, 90_000);
}

async function fileJson(school: Record<string, unknown>): Promise<string> {
  const res = await postJson(`${server.url}/api/complaints`, sampleComplaintBody({ school }));
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
}

async function boardLetter(caseNumber: string) {
  return eventually(async () => {
    const row = await database.db('letters as l').join('cases as c', 'c.id', 'l.case_id').where({ 'c.case_number': caseNumber, 'l.addressee_role': 'school-board' }).first('l.addressee');
    return row?.addressee as { name: string; email: string | null; postalAddress: string | null } | undefined;
  }, 90_000);
}

describe('finding the school', () => {
  it('GET /api/register/schools finds by name and place; a too short query is a 400 naming q', async () => {
    const found = await getJson(`${server.url}/api/register/schools?q=${encodeURIComponent('linde utrecht')}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      schools: [{ brin: '12AB', name: 'OBS De Linde', place: 'UTRECHT', sector: 'primary', board: { number: '41001', name: 'Stichting De Linde Scholen', affiliatedSince: null } }],
      more: false,
    });
    const short = await getJson(`${server.url}/api/register/schools?q=x`);
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ errors: [{ field: 'q', message: 'must be 2 to 100 characters' }] });
  });

  it('files a complaint about a school found by name: name, place and sector from the register; letters to the board go to its registered address', async () => {
    const [school] = (await getJson(`${server.url}/api/register/schools?q=wilg`)).body.schools;
    expect(school.brin).toBe('23CD');
    const caseNumber = await fileJson({ brin: school.brin, name: 'de wilg' });
    const row = await database.db('cases').where({ case_number: caseNumber }).first();
    expect([row.school_brin, row.school_name, row.sector, row.school_match]).toEqual(['23CD', 'SBO De Wilg', 'special', 'register']);
    expect(row.complaint.school).toEqual({ brin: '23CD', name: 'SBO De Wilg', place: 'UTRECHT', sector: 'special' });

    await inAdmissibility(caseNumber);
    const carla = await logIn('chair');
    expect((await act(carla, caseNumber, 'decideAdmissibility', { admissible: 'yes' })).status).toBe(303);
    expect(await boardLetter(caseNumber)).toMatchObject({ name: 'Stichting De Linde Scholen', email: 'bestuur@delinde.example.nl', postalAddress: 'Postbus 1201\n3500 BE UTRECHT' });
  });

  it('the form finds the school without JavaScript: a GET search, then a button per school', async () => {
    const web = new WebClient(server.url);
    const csrf = await web.csrf('/klacht-indienen/stap/1');
    await web.postForm('/klacht-indienen/stap/1', { _csrf: csrf, 'complainant.name': 'Anna de Vries', 'complainant.email': 'anna@example.nl', 'complainant.role': 'parent' });
    const tooShort = await web.get('/klacht-indienen/stap/2?zoek=x');
    expect(tooShort.status).toBe(400);
    expect(tooShort.text).toContain('Vul minstens 2 en hoogstens 100 tekens in.');
    const results = await web.get('/klacht-indienen/stap/2?zoek=Rivierencollege');
    expect(results.status).toBe(200);
    expect(results.text).toContain('Gevonden voor &quot;Rivierencollege&quot;');
    expect(results.text).toContain('name="kies" value="34EF"');
    const nothing = await web.get('/klacht-indienen/stap/2?zoek=Zonnebloem');
    expect(nothing.text).toContain('Geen school gevonden voor &quot;Zonnebloem&quot;');
    const gone = await web.postForm('/klacht-indienen/stap/2', { _csrf: csrf, kies: '99ZZ' });
    expect(gone.status).toBe(400);
    const chosen = await web.postForm('/klacht-indienen/stap/2', { _csrf: csrf, kies: '34EF' });
    expect(chosen.location).toBe('/klacht-indienen/stap/3');
    expect((await web.get('/klacht-indienen/stap/2')).text).toContain('Gekozen school: Rivierencollege; havo, vwo en vmbo, TIEL (BRIN 34EF).');
    await web.postForm('/klacht-indienen/stap/3', { _csrf: csrf, category: 'pesten', description: 'Mijn zoon wordt al weken gepest op het schoolplein.', occurredOn: '1-10-2026', raisedWithSchool: 'yes', language: 'nl' });
    const summary = await web.get('/klacht-indienen/controleren');
    expect(summary.text).toContain('TIEL');
    await web.postForm('/klacht-indienen/versturen', { _csrf: csrf });
    const ack = await web.get('/klacht-indienen/ontvangen');
    const caseNumber = /data-testid="case-number">([^<]+)</.exec(ack.text)![1];
    const row = await database.db('cases').where({ case_number: caseNumber }).first();
    expect([row.school_brin, row.school_name, row.sector, row.school_match]).toEqual(['34EF', 'Rivierencollege; havo, vwo en vmbo', 'secondary', 'register']);
  });
});

describe('a school not in the register', () => {
  it('is accepted and flagged; the secretary links it to the register, and the board letter goes to the registered address', async () => {
    const caseNumber = await fileJson({ name: 'Montessorischool Zonnebloem', place: 'Zeist' });
    const row = await database.db('cases').where({ case_number: caseNumber }).first();
    expect([row.school_brin, row.school_match]).toEqual(['', 'unmatched']);
    await inAdmissibility(caseNumber);

    const sanne = await logIn('secretary');
    const page = await sanne.get(`/medewerkers/zaken/${caseNumber}`);
    expect(page.text).toContain('data-testid="school-unmatched"');
    expect(page.text).toContain('Opgegeven door de indiener: Montessorischool Zonnebloem, Zeist.');
    const link = await sanne.get(`/medewerkers/zaken/${caseNumber}/school?zoek=linde`);
    expect(link.status).toBe(200);
    expect(link.text).toContain('name="kies" value="12AB"');
    const linked = await sanne.postForm(`/medewerkers/zaken/${caseNumber}/school`, { _csrf: csrfOf(link.text)!, kies: '12AB' });
    expect(linked.location).toBe(`/medewerkers/zaken/${caseNumber}?school=gekoppeld`);
    const after = await sanne.follow(linked);
    expect(after.text).toContain('De zaak is gekoppeld aan OBS De Linde (12AB).');
    expect(after.text).not.toContain('data-testid="school-unmatched"');
    const stored = await database.db('cases').where({ case_number: caseNumber }).first();
    expect([stored.school_brin, stored.school_name, stored.sector, stored.school_match]).toEqual(['12AB', 'OBS De Linde', 'primary', 'linked']);
    const event = await database.db('case_events').where({ case_id: stored.id, type: 'school.linked' }).first();
    expect(event.data).toEqual({ from: { brin: '', name: 'Montessorischool Zonnebloem' }, to: { brin: '12AB', name: 'OBS De Linde' }, match: 'linked' });

    // Admissibility is the chair's to decide (the secretary prepared the case).
    const carla = await logIn('chair');
    expect((await act(carla, caseNumber, 'decideAdmissibility', { admissible: 'yes' })).status).toBe(303);
    expect(await boardLetter(caseNumber)).toMatchObject({ name: 'Stichting De Linde Scholen', postalAddress: 'Postbus 1201\n3500 BE UTRECHT' });
  });

  it('or enters it by hand (checked, audited); panel members and administrators cannot', async () => {
    const caseNumber = await fileJson({ brin: '88QQ', name: 'Vrije School Nieuwland', place: 'Amersfoort' });
    await inAdmissibility(caseNumber);
    const sanne = await logIn('secretary');
    const form = await sanne.get(`/medewerkers/zaken/${caseNumber}/school`);
    expect(form.text).toContain('value="Vrije School Nieuwland"');
    const manual = `/medewerkers/zaken/${caseNumber}/school/handmatig`;
    const bad = await sanne.postForm(manual, { _csrf: csrfOf(form.text)!, brin: '12AB', name: 'Vrije School Nieuwland', place: 'Amersfoort', boardName: '', boardPostalAddress: '', boardEmail: 'geen-adres' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vul dit veld in.');
    expect(bad.text).toContain('Vul een geldig e-mailadres in');
    const taken = await sanne.postForm(manual, { _csrf: csrfOf(form.text)!, brin: '12AB', name: 'Vrije School Nieuwland', place: 'Amersfoort', boardName: 'Stichting Nieuwland', boardPostalAddress: 'Postbus 5\n3800 AA AMERSFOORT' });
    expect(taken.text).toContain('Deze BRIN-code staat al in het register');
    const done = await sanne.postForm(manual, { _csrf: csrfOf(form.text)!, brin: '88qq', name: 'Vrije School Nieuwland', place: 'Amersfoort', sector: 'primary', boardName: 'Stichting Nieuwland', boardPostalAddress: 'Postbus 5\r\n3800 AA AMERSFOORT', boardEmail: 'Bestuur@Nieuwland.example.nl' });
    expect(done.status).toBe(303);
    expect(await database.db('schools').where({ brin: '88QQ' }).first('name', 'board_name', 'board_email', 'board_postal_address', 'source')).toEqual({ name: 'Vrije School Nieuwland', board_name: 'Stichting Nieuwland', board_email: 'bestuur@nieuwland.example.nl', board_postal_address: 'Postbus 5\n3800 AA AMERSFOORT', source: 'manual' });
    expect((await database.db('cases').where({ case_number: caseNumber }).first('school_match')).school_match).toBe('manual');
    expect(await database.db('admin_audit').where({ action: 'school.entered', target_id: '88QQ' }).count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
    // A school entered by hand has no recorded affiliation: flagged for the admissibility decision.
    const undecided = (await sanne.get(`/medewerkers/zaken/${caseNumber}`)).text;
    expect(undecided).toContain('data-testid="school-not-affiliated"');
    expect(undecided).toContain('Betrek dit bij de beslissing over de ontvankelijkheid.');
    // Once admissibility is decided, the advice to weigh it is stale: a neutral note instead (issue 14).
    expect((await act(await logIn('chair'), caseNumber, 'decideAdmissibility', { admissible: 'yes' })).status).toBe(303);
    await eventually(async () => database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where({ 'cases.case_number': caseNumber, 'case_events.type': 'admissibility.decided' }).first('case_events.id'), 60_000);
    const decided = (await sanne.get(`/medewerkers/zaken/${caseNumber}`)).text;
    expect(decided).toContain('was op de datum van ontvangst');
    expect(decided).toContain('niet aangesloten bij de commissie. Over de ontvankelijkheid is inmiddels beslist.');
    expect(decided).not.toContain('Betrek dit bij de beslissing over de ontvankelijkheid.');
    expect((await sanne.get(`/medewerkers/zaken/${caseNumber}?lang=en`)).text).toContain('Admissibility has since been decided.');

    for (const who of ['member', 'admin'] as const) {
      const web = await logIn(who);
      expect((await web.get(`/medewerkers/zaken/${caseNumber}/school`)).status).toBe(404);
    }
  });
});

describe('affiliation', () => {
  it('flags a complaint about a school whose board is not affiliated; the secretary records the affiliation (audited) and the flag goes', async () => {
    const caseNumber = await fileJson({ brin: '45GH', name: 'CBS Het Anker' });
    await inAdmissibility(caseNumber);
    const sanne = await logIn('secretary');
    const flagged = await sanne.get(`/medewerkers/zaken/${caseNumber}`);
    expect(flagged.text).toContain('data-testid="school-not-affiliated"');
    expect(flagged.text).toContain('Het bevoegd gezag (Vereniging voor Christelijk Onderwijs Het Anker) was op de datum van ontvangst');

    const list = await sanne.get('/medewerkers/besturen?zoek=anker');
    expect(list.status).toBe(200);
    expect(list.text).toContain('href="/medewerkers/besturen/41003"');
    const board = await sanne.get('/medewerkers/besturen/41003');
    const bad = await sanne.postForm('/medewerkers/besturen/41003', { _csrf: csrfOf(board.text)!, affiliatedSince: '31-02-2026' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Vul een bestaande datum in, zoals 01-01-2026, of laat het veld leeg.');
    const saved = await sanne.postForm('/medewerkers/besturen/41003', { _csrf: csrfOf(board.text)!, affiliatedSince: '01-01-2026' });
    expect(saved.location).toBe('/medewerkers/besturen/41003?gedaan=1');
    expect((await database.db('boards').where({ number: '41003' }).first('affiliated_since')).affiliated_since).toBe('2026-01-01');
    const audit = await database.db('admin_audit').where({ action: 'board.affiliation-changed', target_id: '41003' }).select('actor_name', 'data');
    expect(audit).toEqual([{ actor_name: 'Sanne Secretaris', data: { name: 'Vereniging voor Christelijk Onderwijs Het Anker', from: null, to: '2026-01-01' } }]);

    const cleared = await sanne.get(`/medewerkers/zaken/${caseNumber}`);
    expect(cleared.text).not.toContain('data-testid="school-not-affiliated"');
    expect(cleared.text).toContain('Aangesloten sinds 1 januari 2026');
    // The affiliated-only filter, and an import that leaves the affiliation alone.
    expect((await sanne.get('/medewerkers/besturen?aangesloten=1')).text).toContain('Vereniging voor Christelijk Onderwijs Het Anker');
    await importRegister(database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
    expect((await database.db('boards').where({ number: '41003' }).first('affiliated_since')).affiliated_since).toBe('2026-01-01');

    const admin = await logIn('admin');
    const adminPage = await admin.get('/medewerkers/besturen/41003');
    expect(adminPage.status).toBe(200);
    // An administrator reads but does not change: the form is not there, and a post is refused.
    expect(adminPage.text).not.toContain('name="affiliatedSince"');
    expect((await admin.postForm('/medewerkers/besturen/41003', { _csrf: csrfOf(adminPage.text)!, affiliatedSince: '' })).status).toBe(404);
    expect((await database.db('boards').where({ number: '41003' }).first('affiliated_since')).affiliated_since).toBe('2026-01-01');
    const member = await logIn('member');
    expect((await member.get('/medewerkers/besturen')).status).toBe(404);
  });
});
