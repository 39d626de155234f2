/**
 * A board contact's e-mailed one-time login link and the e-mailed invitation (issue 15), over HTTP
 * against the running app with a real SMTP server (the capture) and PostgreSQL: the answer is the
 * same for every address, only an active contact gets a link, the link page does not spend it but
 * its button does, a link works once, expires, and is replaced by a newer one; requests are limited.
 * The secretary e-mails a case's school link from the console (issue 14) instead of copying it.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvite, inviteContact } from '../../api/portal/boardContacts';
import { fileComplaint } from '../../api/services/intake';
import { createUser } from '../../api/portal/users';
import { devMailRaw, listDevMailbox } from '../../platform/mail/captureServer';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { importRegister, SEED_DIR } from '../../platform/register/store';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, type TestServer } from '../helpers/http';
import { csrfOf, staffLogIn, WebClient } from '../helpers/webClient';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;

const BEA = 'bea@delinde.example.nl';
const SUBJECT = 'Uw inloglink voor de klachtencommissie';

beforeAll(async () => {
  stack = await startAppStack('board-link', { mail: true });
  ({ database, env, server } = stack);
  // The register fixture: board 41001 (Stichting De Linde Scholen) with schools 12AB and 23CD.
  await importRegister(database.db, [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')], { today: '2026-11-01' });
  const invited = await inviteContact(database.db, { boardNumber: '41001', email: BEA, name: 'Bea Bestuurder', role: 'board', canManage: true, invitedBy: 'user:setup' });
  expect(await acceptInvite(database.db, invited.token, 'linde bestuur wachtwoord 2026')).toMatchObject({ email: BEA });
  // A contact who has not accepted the invitation yet, and one who was disabled.
  await inviteContact(database.db, { boardNumber: '41001', email: 'nog.niet@delinde.example.nl', name: 'Nog Niet', role: 'lawyer', canManage: false, invitedBy: 'user:setup' });
  const gone = await inviteContact(database.db, { boardNumber: '41001', email: 'weg@delinde.example.nl', name: 'Wim Weg', role: 'lawyer', canManage: false, invitedBy: 'user:setup' });
  await acceptInvite(database.db, gone.token, 'wim was hier maar is weg 2026');
  await database.db('board_contacts').where({ id: gone.contact.id }).update({ disabled_at: new Date() });
});

afterAll(async () => {
  await stack?.stop();
});

async function askLink(web: WebClient, email: string, ip: string) {
  const csrf = await web.csrf('/bestuur/inloggen/link');
  return web.postForm('/bestuur/inloggen/link', { _csrf: csrf, email }, { 'X-Forwarded-For': ip });
}

/** The paths of the login links mailed to `address`, newest first. */
async function linksMailedTo(address: string, count: number): Promise<string[]> {
  const mails = await eventually(async () => {
    const found = (await listDevMailbox(database.db, { to: address })).filter((m) => m.subject === SUBJECT);
    return found.length >= count ? found : undefined;
  }, 30_000, 100);
  return Promise.all(
    mails.map(async (m) => {
      const text = (await simpleParser((await devMailRaw(database.db, m.id))!)).text ?? '';
      const url = /(http:\/\/\S+\/bestuur\/inloggen\/link\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
      expect(text).toContain('Beste Bea Bestuurder,');
      expect(text).toContain('contactpersoon van Stichting De Linde Scholen');
      expect(text).toContain('15 minuten geldig');
      return new URL(url!).pathname;
    }),
  );
}

describe('an e-mailed login link for a board contact', () => {
  it('is mailed only to an active contact, answers every address alike, and logs in once', async () => {
    const web = new WebClient(server.url);
    const login = await web.get('/bestuur/inloggen');
    expect(login.text).toContain('href="/bestuur/inloggen/link"');

    const answers = [];
    for (const address of ['onbekend@example.nl', 'nog.niet@delinde.example.nl', 'weg@delinde.example.nl', BEA.toUpperCase()]) {
      const res = await askLink(web, address, '192.0.2.20');
      answers.push([res.status, /data-testid="login-link-sent">([^<]+)</.exec(res.text)?.[1]]);
    }
    const sent = 'Als dit adres bij een contactpersoon van een bestuur hoort, is er nu een inloglink naar onderweg. Kijk in uw e-mail; de link werkt 15 minuten.';
    expect(answers).toEqual([[200, sent], [200, sent], [200, sent], [200, sent]]);

    const [link] = await linksMailedTo(BEA, 1);
    // Only Bea got one: the unknown address, the pending invitation and the disabled contact did not.
    const subjects = (await listDevMailbox(database.db, {})).filter((m) => m.subject === SUBJECT);
    expect(subjects.map((m) => m.to)).toEqual([[BEA]]);
    expect(await database.db('board_login_links').count<{ count: string }[]>('* as count')).toEqual([{ count: '1' }]);
    expect((await database.db('board_login_links').first('token_hash')).token_hash).not.toContain(link.split('/').pop());

    // Opening the link (as a mail scanner would) does not log in nor spend it; the button does.
    const person = new WebClient(server.url);
    expect((await person.get(link)).status).toBe(200);
    const confirm = await person.get(link);
    expect(confirm.text).toContain('data-testid="login-link-confirm"');
    expect((await person.get('/bestuur')).location).toBe('/bestuur/inloggen');
    const used = await person.postForm(link, { _csrf: csrfOf(confirm.text)! });
    expect(used.location).toBe('/bestuur');
    const home = await person.get('/bestuur');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Zaken van Stichting De Linde Scholen');
    expect(home.text).toContain('U bent ingelogd als Bea Bestuurder');

    // Once only.
    const again = new WebClient(server.url);
    expect((await again.get(link)).status).toBe(404);
    const audit = await database.db('admin_audit').where({ action: 'board-contact.login-link-used' }).select('actor_name', 'target_type', 'data');
    expect(audit).toEqual([{ actor_name: 'Bea Bestuurder', target_type: 'board-contact', data: { board: '41001' } }]);
  });

  it('is replaced by a newer link, and expires', async () => {
    const web = new WebClient(server.url);
    await database.db('dev_mailbox').where({ subject: SUBJECT }).delete();
    await askLink(web, BEA, '192.0.2.21');
    const [older] = await linksMailedTo(BEA, 1);
    await askLink(web, BEA, '192.0.2.21');
    const [newer] = await linksMailedTo(BEA, 2);
    expect(newer).not.toBe(older);
    expect((await new WebClient(server.url).get(older)).status).toBe(404);
    const live = new WebClient(server.url);
    expect((await live.get(newer)).status).toBe(200);

    // A quarter of an hour later the link is dead, also for the page already open.
    const confirm = await live.get(newer);
    await database.db('board_login_links').whereNull('used_at').update({ expires_at: new Date(Date.now() - 1000) });
    expect((await live.postForm(newer, { _csrf: csrfOf(confirm.text)! })).status).toBe(404);
    expect((await live.get('/bestuur')).location).toBe('/bestuur/inloggen');
  });

  it('names the e-mail field when it is empty or malformed, and limits requests per address', async () => {
    const web = new WebClient(server.url);
    const empty = await askLink(web, '', '192.0.2.22');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Vul uw e-mailadres in.');
    expect(empty.text).toContain('href="#f-email"');
    const malformed = await askLink(web, 'bea-at-delinde', '192.0.2.22');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('href="#f-email"');

    // Five requests an hour for one address, from any client; the sixth is refused (429), naming the field.
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await askLink(web, 'limiet@delinde.example.nl', `192.0.2.${30 + i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('the secretary e-mails', () => {
  let sanne: WebClient;
  beforeAll(async () => {
    await createUser(database.db, { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary', password: 'een lang en geheim wachtwoord' });
    sanne = await staffLogIn(server.url, 'sanne@lko.example.nl', 'een lang en geheim wachtwoord');
  });

  it('a case’s school link, to the board’s registered address unless another is given', async () => {
    const { caseNumber } = await fileComplaint({ db: database.db, temporal: env.client, taskQueue: stack.taskQueue, secret: TEST_SECRET }, sampleComplaint({ school: { brin: '12AB', name: 'OBS De Linde', sector: 'primary' } }));
    const path = `/medewerkers/zaken/${caseNumber}/schoollink`;
    const casePage = await sanne.get(`/medewerkers/zaken/${caseNumber}`);
    // The first step proposes the board's address from the register (Stichting De Linde Scholen).
    const form = await sanne.postForm(path, { _csrf: csrfOf(casePage.text)! });
    expect(form.status).toBe(200);
    expect(/name="sendTo"[^>]*value="([^"]*)"/.exec(form.text)?.[1]).toBe('bestuur@delinde.example.nl');

    const malformed = await sanne.postForm(path, { _csrf: csrfOf(form.text)!, step: 'confirm', issuedTo: 'Bea Bestuurder', sendTo: 'bea-at-delinde' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('href="#f-sendTo"');
    expect(await database.db('school_links').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);

    const issued = await sanne.postForm(path, { _csrf: csrfOf(malformed.text)!, step: 'confirm', issuedTo: 'Bea Bestuurder', sendTo: BEA });
    expect(issued.status).toBe(200);
    expect(issued.text).toContain(`De link is per e-mail verstuurd naar ${BEA}.`);
    const shown = /data-testid="school-link">([^<]+)</.exec(issued.text)?.[1];
    const mail = await eventually(async () => (await listDevMailbox(database.db, { to: BEA })).find((m) => m.subject === `Klacht over OBS De Linde, zaak ${caseNumber}: uw link naar de zaak`), 30_000, 100);
    const text = (await simpleParser((await devMailRaw(database.db, mail.id))!)).text ?? '';
    expect(text).toContain('Geacht Bea Bestuurder,');
    expect(text).toContain(shown!);
    const event = await database.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where({ 'cases.case_number': caseNumber, type: 'school-link.issued' }).first('case_events.data');
    expect(event.data).toMatchObject({ issuedTo: 'Bea Bestuurder', mailedTo: BEA, revokedPrevious: 0 });
    expect((await new WebClient(server.url).get(new URL(shown!).pathname)).location).toBe('/school');
  });

  it('an invitation to the board contact invited, and shows it once to the secretary', async () => {
    const page = await sanne.get('/medewerkers/besturen/41002/contactpersonen');
    expect(page.status).toBe(200);
    const res = await sanne.postForm('/medewerkers/besturen/41002/contactpersonen', { _csrf: csrfOf(page.text)!, name: 'Rik Rivier', email: 'rik@rivieren.example.nl', role: 'board', manage: 'ja' });
    expect(res.status).toBe(201);
    expect(res.text).toContain('De uitnodiging is per e-mail verstuurd naar rik@rivieren.example.nl.');
    const shown = /data-testid="invite-link">([^<]+)</.exec(res.text)?.[1];

    const mail = await eventually(async () => (await listDevMailbox(database.db, { to: 'rik@rivieren.example.nl' }))[0], 30_000, 100);
    expect(mail.subject).toBe('Uitnodiging: contactpersoon van Stichting Voortgezet Onderwijs Rivierenland bij de klachtencommissie');
    const text = (await simpleParser((await devMailRaw(database.db, mail.id))!)).text ?? '';
    expect(text).toContain('Beste Rik Rivier,');
    expect(text).toContain('Sanne Secretaris nodigt u uit als contactpersoon van Stichting Voortgezet Onderwijs Rivierenland');
    expect(text).toContain(shown!);
    expect((await new WebClient(server.url).get(new URL(shown!).pathname)).status).toBe(200);
  });
});
