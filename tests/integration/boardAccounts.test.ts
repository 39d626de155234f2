/**
 * Board accounts over HTTP against the real app (PostgreSQL, Temporal): the register fixture is
 * imported, complaints are filed about schools found by name, the secretary invites the board's
 * first contact, who chooses a password, enrols a second factor and logs in with it, sees the cases
 * of both of the board's schools (and not another board's), and hands in a defence that the case
 * records as that contact; letters to the board go to its registered address and its contact's
 * e-mail. Contacts of board A attack board B's case; a director reads only their
 * own school; a per-case link lives until closure, names its contact, and is revoked from the console.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseState, runCaseAction } from '../../api/services/caseActions';
import { createUser } from '../../api/portal/users';
import type { CaseStateView } from '../../contracts/messages';
import { importRegister, SEED_DIR } from '../../platform/register/store';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { acceptBoardInvitation, logInBoardContact } from '../helpers/boardLogin';
import { csrfOf, samplePdf, staffLogIn, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 240_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;

const PASSWORD = 'een lang en geheim wachtwoord';
const BOARD_PASSWORD = 'linde bestuur wachtwoord 2026';
const SECRETARY = { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const };
const cases: { linde: string; wilg: string; rivieren: string } = { linde: '', wilg: '', rivieren: '' };
let secretaryUserId = '';

async function fileFoundByName(query: string, typedName: string): Promise<string> {
  const found = await getJson(`${server.url}/api/register/schools?q=${encodeURIComponent(query)}`);
  expect(found.status).toBe(200);
  expect(found.body.schools).toHaveLength(1);
  const res = await postJson(`${server.url}/api/complaints`, sampleComplaintBody({ school: { brin: found.body.schools[0].brin, name: typedName } }));
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
}

async function until(caseNumber: string, predicate: (s: CaseStateView) => boolean): Promise<void> {
  await eventually(async () => {
    const s = (await caseState(env.client, caseNumber)).complaint as CaseStateView | undefined;
    return s && predicate(s) ? true : undefined;
  }, 90_000, 200);
}

/** The secretary invites a contact of a board from the console; answers the invitation's path. */
async function inviteFromConsole(sanne: WebClient, board: string, fields: Record<string, string>): Promise<string> {
  const page = await sanne.get(`/medewerkers/besturen/${board}/contactpersonen`);
  expect(page.status).toBe(200);
  const res = await sanne.postForm(`/medewerkers/besturen/${board}/contactpersonen`, { _csrf: csrfOf(page.text)!, ...fields });
  expect(res.status).toBe(201);
  const url = /data-testid="invite-link">([^<]+)</.exec(res.text)?.[1];
  expect(url).toMatch(/\/bestuur\/uitnodiging\/[A-Za-z0-9_-]{43}$/);
  return new URL(url!).pathname;
}

let sanne: WebClient;
let boardA: WebClient;
let boardAContactId = '';

beforeAll(async () => {
  stack = await startAppStack('boards');
  ({ database, env, server } = stack);
  secretaryUserId = (await createUser(database.db, { ...SECRETARY, password: PASSWORD })).id;
  // The register fixture: board 41001 with schools 12AB and 23CD, board 41002 with 34EF.
  await importRegister(database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
  cases.linde = await fileFoundByName('linde utrecht', 'de linde');
  cases.wilg = await fileFoundByName('wilg', 'de wilg');
  cases.rivieren = await fileFoundByName('Rivierencollege', 'rivierencollege');
  for (const c of Object.values(cases)) await until(c, (s) => s.status === 'admissibility');
  sanne = await staffLogIn(server.url, SECRETARY.email, PASSWORD);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a board account', () => {
  it('is invited by the secretary, chooses a password, enrols a second factor and logs in with it', async () => {
    const invite = await inviteFromConsole(sanne, '41001', { name: 'Bea Bestuurder', email: 'bea@delinde.example.nl', role: 'board', manage: 'ja' });
    const contact = await database.db('board_contacts').where({ email: 'bea@delinde.example.nl' }).first();
    expect([contact.board_number, contact.role, contact.can_manage, contact.password_hash, contact.invited_by]).toEqual(['41001', 'board', true, null, `user:${secretaryUserId}`]);
    expect(contact.invite_hash).not.toContain(invite.split('/').pop());
    const audit = await database.db('admin_audit').where({ action: 'board-contact.invited', target_id: String(contact.id) }).first();
    expect(audit.actor_user_id).toBe(`user:${secretaryUserId}`);

    const first = new WebClient(server.url);
    const { recoveryCodes } = await acceptBoardInvitation(first, invite, 'bea@delinde.example.nl', BOARD_PASSWORD);
    expect(recoveryCodes).toHaveLength(10);
    // The invitation works once.
    expect((await new WebClient(server.url).get(invite)).status).toBe(404);

    // A password alone does not open the board's pages.
    const halfway = new WebClient(server.url);
    const login = await halfway.get('/bestuur/inloggen');
    const pw = await halfway.postForm('/bestuur/inloggen', { _csrf: csrfOf(login.text)!, email: 'bea@delinde.example.nl', password: BOARD_PASSWORD });
    expect(pw.location).toBe('/bestuur/inloggen/code');
    expect((await halfway.get('/bestuur')).location).toBe('/bestuur/inloggen');
    const wrong = await halfway.postForm('/bestuur/inloggen/code', { _csrf: csrfOf((await halfway.get('/bestuur/inloggen/code')).text)!, code: '000000' });
    expect(wrong.status).toBe(400);

    boardA = new WebClient(server.url);
    expect(await logInBoardContact(boardA, 'bea@delinde.example.nl', BOARD_PASSWORD)).toBe('/bestuur');
    boardAContactId = String(contact.id);
  });

  it('sees the cases of both of the board’s schools, and not another board’s', async () => {
    const page = await boardA.get('/bestuur');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Zaken van Stichting De Linde Scholen');
    expect(page.text).toContain(`data-case="${cases.linde}"`);
    expect(page.text).toContain(`data-case="${cases.wilg}"`);
    expect(page.text).toContain('OBS De Linde (12AB)');
    expect(page.text).toContain('SBO De Wilg (23CD)');
    expect(page.text).not.toContain(cases.rivieren);
  });

  it('hands in a defence with the link portal’s form; the case records the contact who did', async () => {
    await runCaseAction(env.client, cases.linde, 'decideAdmissibility', { admissible: true }, { userId: 'user:chair-carla', role: 'chair' });
    await until(cases.linde, (s) => s.allowedActions.includes('submitDefence'));
    // The notice to the board: to its registered e-mail address and to its contact person's.
    const lindeId = (await database.db('cases').where({ case_number: cases.linde }).first('id')).id;
    const notice: { id: string } = await eventually(async () => database.db('letters').where({ case_id: lindeId, addressee_role: 'school-board', kind: 'kennisgeving-klacht' }).first('id'), 30_000);
    const recipients = await database.db('letter_outbox').where({ letter_id: notice.id }).orderBy('id').select('recipient_email', 'channel');
    expect(recipients).toEqual([
      { recipient_email: 'bestuur@delinde.example.nl', channel: 'email' },
      { recipient_email: 'bea@delinde.example.nl', channel: 'email' },
    ]);

    const overview = await boardA.get('/bestuur');
    const row = new RegExp(`data-case="${cases.linde}">[\\s\\S]*?</tr>`).exec(overview.text)?.[0] ?? '';
    expect(row).toContain('Verweerschrift');

    const casePage = await boardA.get(`/bestuur/zaken/${cases.linde}`);
    expect(casePage.status).toBe(200);
    expect(casePage.text).toContain(`action="/bestuur/zaken/${cases.linde}/verweer"`);
    expect(casePage.text).toContain('Mijn dochter wordt sinds september dagelijks gepest');
    const sent = await boardA.postMultipart(`/bestuur/zaken/${cases.linde}/verweer`, { _csrf: csrfOf(casePage.text)!, text: 'Ons verweer.' }, [{ field: 'defence', name: 'verweer-linde.pdf', type: 'application/pdf', content: samplePdf() }]);
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(new RegExp(`^/bestuur/zaken/${cases.linde}/ontvangstbewijs/[0-9a-f-]{36}$`));
    const receipt = await boardA.get(sent.location!);
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain('verweer-linde.pdf');

    await until(cases.linde, (s) => !s.allowedActions.includes('submitDefence'));
    const caseId = (await database.db('cases').where({ case_number: cases.linde }).first('id')).id;
    const doc = await database.db('documents').where({ case_id: caseId, kind: 'defence' }).first('uploaded_by', 'uploaded_by_actor', 'original_name');
    expect(doc).toEqual({ uploaded_by: 'school', uploaded_by_actor: `board-contact:${boardAContactId}`, original_name: 'verweer-linde.pdf' });
    const event: { actor: string } = await eventually(async () => database.db('case_events').where({ case_id: caseId, type: 'defence.received' }).first('actor'), 30_000);
    expect(event.actor).toBe(`board-contact:${boardAContactId}`);
    // The page says the defence is in, with its date, not that none is requested (issue 14).
    const after = await boardA.get(`/bestuur/zaken/${cases.linde}`);
    expect(after.text).toMatch(/<p data-testid="defence-received">Uw verweerschrift is ontvangen op (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+ 20\d\d\.<\/p>/);
    expect(after.text).not.toContain('Er wordt op dit moment geen verweerschrift gevraagd.');
    expect((await boardA.get(`/bestuur/zaken/${cases.linde}?lang=en`)).text).toMatch(/<p data-testid="defence-received">Your defence was received on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? \d{1,2} [A-Z][a-z]+ 20\d\d\.<\/p>/);
    expect((await boardA.get(`/bestuur/zaken/${cases.linde}?lang=nl`)).status).toBe(200);
    // The console names the contact in the timeline.
    const consolePage = await sanne.get(`/medewerkers/zaken/${cases.linde}`);
    expect(consolePage.text).toContain('Bea Bestuurder (board)');
  });

  it('never reaches another board’s case: a contact of board A on board B’s case gets 404 on every page', async () => {
    const b = cases.rivieren;
    const caseB = (await database.db('cases').where({ case_number: b }).first('id')).id;
    const [docB] = await database.db('documents').insert({ case_id: caseB, uploaded_by: 'school', uploaded_by_actor: 'test', kind: 'evidence', original_name: 'geheim-b.pdf', stored_name: 'geheim-b-1', mime_type: 'application/pdf', size_bytes: 10, sha256: 'x', released_to: JSON.stringify(['school']), content: samplePdf() }).returning('id');
    const csrf = csrfOf((await boardA.get('/bestuur')).text)!;
    expect((await boardA.get(`/bestuur/zaken/${b}`)).status).toBe(404);
    expect((await boardA.get(`/bestuur/zaken/${b}/documenten/${docB.id}`)).status).toBe(404);
    expect((await boardA.get(`/bestuur/zaken/${b}/beschikbaarheid`)).status).toBe(404);
    const defence = await boardA.postMultipart(`/bestuur/zaken/${b}/verweer`, { _csrf: csrf, text: 'Namens een ander bestuur.' }, [{ field: 'defence', name: 'x.pdf', type: 'application/pdf', content: samplePdf() }]);
    expect(defence.status).toBe(404);
    // Board A's own document path with board B's document id: not released to this case.
    expect((await boardA.get(`/bestuur/zaken/${cases.linde}/documenten/${docB.id}`)).status).toBe(404);
    expect(await database.db('documents').where({ case_id: caseB, kind: 'defence' }).count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
    // Without a login: to the board's login.
    expect((await new WebClient(server.url).get(`/bestuur/zaken/${b}`)).location).toBe('/bestuur/inloggen');
  });

  it('is managed by the board itself: a director invited by the board reads only their own school’s cases', async () => {
    const page = await boardA.get('/bestuur/contactpersonen');
    expect(page.status).toBe(200);
    const refused = await boardA.postForm('/bestuur/contactpersonen', { _csrf: csrfOf(page.text)!, name: '', email: 'geen-adres', role: 'director', brin: '34EF', manage: 'ja' });
    expect(refused.status).toBe(400);
    for (const text of ['Vul de naam in.', 'Vul een geldig e-mailadres in', 'Kies de school van de schooldirecteur.', 'Alleen een contactpersoon met de rol bestuur mag contactpersonen beheren.']) expect(refused.text).toContain(text);
    expect(await database.db('board_contacts').count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);

    const invited = await boardA.postForm('/bestuur/contactpersonen', { _csrf: csrfOf(page.text)!, name: 'Dirk Directeur', email: 'dirk@delinde.example.nl', role: 'director', brin: '23CD', manage: 'nee' });
    expect(invited.status).toBe(201);
    const invite = new URL(/data-testid="invite-link">([^<]+)</.exec(invited.text)![1]).pathname;
    const dirk = new WebClient(server.url);
    await acceptBoardInvitation(dirk, invite, 'dirk@delinde.example.nl', 'directeur wachtwoord de wilg');
    const overview = await dirk.get('/bestuur');
    // Board contacts get their own menu, not the public one nor the login links (issue 14);
    // contact persons only for those who manage them. Logging out is the header's button.
    const menu = (html: string) => [...html.matchAll(/data-testid="board-menu-(\w+)"/g)].map((m) => m[1]);
    expect(menu(overview.text)).toEqual(['cases']);
    const managerPage = await boardA.get(`/bestuur/zaken/${cases.linde}`);
    expect(menu(managerPage.text)).toEqual(['cases', 'contacts']);
    // Outside /bestuur the menu still knows who manages contacts (as at login).
    expect(menu((await boardA.get('/uitspraken')).text)).toEqual(['cases', 'contacts']);
    expect(menu((await dirk.get('/uitspraken')).text)).toEqual(['cases']);
    for (const html of [overview.text, managerPage.text]) {
      expect(html).not.toContain('href="/klacht-indienen"');
      expect(html).not.toContain('href="/zaak"');
      expect(html).not.toContain('href="/inloggen"');
      expect(html).not.toContain('href="/bestuur/inloggen"');
      expect(html).toContain('<form method="post" action="/uitloggen">');
    }
    const english = await boardA.get('/bestuur?lang=en');
    expect(english.text).toContain('<a href="/bestuur" data-testid="board-menu-cases">Cases of your schools</a>');
    expect(english.text).toContain('<a href="/bestuur/contactpersonen" data-testid="board-menu-contacts">Contact persons</a>');
    expect((await boardA.get('/bestuur?lang=nl')).text).toContain('<a href="/bestuur/contactpersonen" data-testid="board-menu-contacts">Contactpersonen</a>');
    // The public pages show the public menu again once nobody is logged in.
    expect((await new WebClient(server.url).get('/')).text).toContain('href="/bestuur/inloggen"');
    expect(overview.text).toContain(`data-case="${cases.wilg}"`);
    expect(overview.text).not.toContain(`data-case="${cases.linde}"`);
    expect((await dirk.get(`/bestuur/zaken/${cases.linde}`)).status).toBe(404);
    const wilg = await dirk.get(`/bestuur/zaken/${cases.wilg}`);
    expect(wilg.status).toBe(200);
    expect(wilg.text).toContain('Als schooldirecteur kunt u deze zaak lezen');
    expect(wilg.text).not.toContain('/verweer"');
    // A director manages no contacts.
    expect((await dirk.get('/bestuur/contactpersonen')).status).toBe(404);

    // Disabled by the board: the director's session ends at the next request.
    const dirkId = (await database.db('board_contacts').where({ email: 'dirk@delinde.example.nl' }).first('id')).id;
    const list = await boardA.get('/bestuur/contactpersonen');
    expect((await boardA.postForm(`/bestuur/contactpersonen/${dirkId}/uitschakelen`, { _csrf: csrfOf(list.text)! })).location).toBe('/bestuur/contactpersonen?gedaan=uitgeschakeld');
    expect((await dirk.get('/bestuur')).location).toBe('/bestuur/inloggen');
  });
});

describe('per-case school links', () => {
  it('hold until the case is closed, name whom they were issued to, and are revoked from the console (audited)', async () => {
    const c = cases.wilg;
    const casePage = await sanne.get(`/medewerkers/zaken/${c}`);
    const confirm = await sanne.postForm(`/medewerkers/zaken/${c}/schoollink`, { _csrf: csrfOf(casePage.text)!, issuedTo: 'Wim Wilg, wim@dewilg.example.nl' });
    expect(confirm.text).toContain('De nieuwe link werkt tot de zaak is afgesloten');
    const issued = await sanne.postForm(`/medewerkers/zaken/${c}/schoollink`, { _csrf: csrfOf(confirm.text)!, issuedTo: 'Wim Wilg, wim@dewilg.example.nl', step: 'confirm' });
    expect(issued.status).toBe(200);
    expect(issued.text).toContain('Geldig tot de zaak is afgesloten.');
    const token = /data-testid="school-link">[^<]*\/school\/([A-Za-z0-9_-]{43})</.exec(issued.text)![1];

    const school = new WebClient(server.url);
    expect((await school.get(`/school/${token}`)).location).toBe('/school');
    expect((await school.get('/school')).status).toBe(200);
    const shown = await sanne.get(`/medewerkers/zaken/${c}`);
    expect(/data-testid="school-link-state">([^<]*)</.exec(shown.text)![1]).toMatch(/^Er is een geldige link, tot de zaak is afgesloten\. Uitgegeven aan: Wim Wilg, wim@dewilg\.example\.nl\. Laatst gebruikt: /);

    const revokePage = await sanne.postForm(`/medewerkers/zaken/${c}/schoollink/intrekken`, { _csrf: csrfOf(shown.text)! });
    expect(revokePage.status).toBe(200);
    const revoked = await sanne.postForm(`/medewerkers/zaken/${c}/schoollink/intrekken`, { _csrf: csrfOf(revokePage.text)!, step: 'confirm' });
    expect(revoked.status).toBe(303);
    expect((await school.get('/school')).status).toBe(404);
    expect((await new WebClient(server.url).get(`/school/${token}`)).status).toBe(404);
    const caseId = (await database.db('cases').where({ case_number: c }).first('id')).id;
    const event = await database.db('case_events').where({ case_id: caseId, type: 'school-link.revoked' }).first('actor', 'data');
    expect(event).toEqual({ actor: `user:${secretaryUserId}`, data: { revoked: 1 } });
  });
});
