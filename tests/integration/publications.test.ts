/**
 * Publication of advice over real HTTP, on the real stack (PostgreSQL, Temporal dev server, Chromium
 * for the PDF): a secretary prepares the publication of a sent advice (redactions proposed and
 * applied), edits it, a chair who edited it may not approve it, another chair does (both log in with
 * their second factor), and only then is it on /uitspraken, found by full-text search, as HTML and
 * PDF. Draft and awaiting-approval versions answer 404 publicly; unpublishing takes it off again.
 * Every step is in the case's audit log.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { seedAdvisedCase, seededCaseNumber } from '../helpers/publicationSeed';
import { csrfOf, staffLogIn, WebClient, type PageResponse } from '../helpers/webClient';

vi.setConfig({ testTimeout: 180_000 });

let stack: AppStack;
let caseId: string;
const PASSWORD = 'een lang en geheim wachtwoord';
const STAFF = {
  secretary: { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  chairCarla: { email: 'carla@lko.example.nl', name: 'Carla Voorzitter', role: 'chair' as const },
  chairCor: { email: 'cor@lko.example.nl', name: 'Cor Voorzitter', role: 'chair' as const },
};
const users: Record<string, string> = {};
const web: Partial<Record<keyof typeof STAFF, WebClient>> = {};
let publicationId: string;

const REDACTED =
  'Oordeel van de commissie: de klacht is gegrond.\n\nOverwegingen\n\n' +
  '[klager] diende op maart 2026 een klacht in over het pesten van Fleur in de klas van meester [naam] op [school] in [plaats]. ' +
  'De school heeft onvoldoende gedaan; [naam] greep niet in.\n\nAanbevelingen\n\nBespreek het pestprotocol met het team.\n\n' +
  'Maatregelen\n\n1. Stel een pestcoördinator aan. (uiterlijk mei 2026)';
const EDITED = REDACTED.replace('pesten van Fleur', 'pesten van [leerling]').replace('diende op maart 2026', 'diende in maart 2026');

beforeAll(async () => {
  stack = await startAppStack('publications');
  for (const [key, u] of Object.entries(STAFF)) users[key] = (await createUser(stack.database.db, { ...u, password: PASSWORD })).id;
  caseId = await seedAdvisedCase(stack.database.db, 1);
});

afterAll(async () => {
  await stack?.stop();
});

const anonymous = () => new WebClient(stack.server.url);
const logIn = async (who: keyof typeof STAFF) => (web[who] ??= await staffLogIn(stack.server.url, STAFF[who].email, PASSWORD));

async function post(client: WebClient, pagePath: string, action: string, fields: Record<string, string> = {}): Promise<PageResponse> {
  const page = await client.get(pagePath);
  expect(page.status).toBe(200);
  return client.postForm(action, { _csrf: csrfOf(page.text)!, ...fields });
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
const auditOf = async () =>
  (await stack.database.db('case_events').where({ case_id: caseId }).where('type', 'like', 'publication.%').orderBy('id').select('type', 'actor', 'data')).map((e) => [e.type, e.actor, e.data]);

describe('from a sent advice to /uitspraken', () => {
  it('prepares a draft with the redactions proposed and applied; the draft is not public', async () => {
    const secretary = await logIn('secretary');
    const list = await secretary.get('/medewerkers/publicaties');
    expect(list.text).toContain(`<option value="${seededCaseNumber(1)}">`);
    const prepared = await post(secretary, '/medewerkers/publicaties', '/medewerkers/publicaties', { caseNumber: seededCaseNumber(1) });
    expect(prepared.status).toBe(303);
    publicationId = /^\/medewerkers\/publicaties\/(\d+)$/.exec(prepared.location!)![1];
    const row = await stack.database.db('advice_publications').where({ id: publicationId }).first();
    expect([row.status, row.advice_year, row.advice_month, row.category, row.sector, row.finding, row.body]).toEqual(['draft', 2026, 3, 'pesten', 'primary', 'gegrond', REDACTED]);

    const detail = await secretary.get(`/medewerkers/publicaties/${publicationId}`);
    expect(detail.status).toBe(200);
    // Side by side: the original with the proposals marked, and the table of proposals.
    expect(detail.text).toContain('<mark title="[klager]">Maarten Ouderdijk</mark> diende op <mark title="maart 2026">12 maart 2026</mark>');
    expect(textOf(detail.text)).toContain('Voorgestelde anonimiseringen (7)');

    for (const p of [`/uitspraken/${publicationId}`, `/uitspraken/${publicationId}.pdf`]) expect((await anonymous().get(p)).status).toBe(404);
    expect(textOf((await anonymous().get('/uitspraken')).text)).toContain('Gevonden: 0');
  });

  it('refuses a second draft for the same case and an empty text, naming the field', async () => {
    const secretary = await logIn('secretary');
    const again = await post(secretary, '/medewerkers/publicaties', '/medewerkers/publicaties', { caseNumber: seededCaseNumber(1) });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Kies een zaak waarvan het advies is verzonden en die nog geen publicatie heeft.');
    const empty = await post(secretary, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/opslaan`, { body: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<a href="#body">Vul de te publiceren tekst in.</a>');
    expect((await stack.database.db('advice_publications').where({ id: publicationId }).first()).body).toBe(REDACTED);
  });

  it('lets the secretary and a chair edit, the secretary submit; awaiting approval is not public', async () => {
    const secretary = await logIn('secretary');
    const carla = await logIn('chairCarla');
    const firstEdit = REDACTED.replace('pesten van Fleur', 'pesten van [leerling]');
    expect((await post(secretary, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/opslaan`, { body: firstEdit })).status).toBe(303);
    expect((await post(carla, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/opslaan`, { body: EDITED })).status).toBe(303);
    const submitted = await post(secretary, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/ter-goedkeuring`);
    expect(submitted.location).toBe(`/medewerkers/publicaties/${publicationId}?klaar=submitted`);
    expect(textOf((await secretary.follow(submitted)).text)).toContain('Stand: wacht op goedkeuring');
    expect((await anonymous().get(`/uitspraken/${publicationId}`)).status).toBe(404);
    expect((await anonymous().get(`/uitspraken/${publicationId}.pdf`)).status).toBe(404);
  });

  it('refuses approval by a secretary and by the chair who edited the text (four eyes)', async () => {
    const secretary = await logIn('secretary');
    const bySecretary = await post(secretary, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/goedkeuren`);
    expect(bySecretary.status).toBe(403);
    expect(bySecretary.text).toContain('Alleen een voorzitter keurt een publicatie goed.');
    const carla = await logIn('chairCarla');
    const byEditor = await post(carla, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/goedkeuren`);
    expect(byEditor.status).toBe(403);
    expect(byEditor.text).toContain('U heeft aan deze tekst gewerkt; een andere voorzitter keurt hem goed.');
    expect((await stack.database.db('advice_publications').where({ id: publicationId }).first()).status).toBe('awaiting-approval');
  });

  it('publishes on the approval of another chair: listed, searchable, as HTML and PDF, without the names', async () => {
    const cor = await logIn('chairCor');
    const approved = await post(cor, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/goedkeuren`);
    expect(approved.location).toBe(`/medewerkers/publicaties/${publicationId}?klaar=approved`);

    const list = await anonymous().get('/uitspraken?year=2026&category=pesten&sector=primary');
    expect(list.status).toBe(200);
    expect(textOf(list.text)).toContain(`Gevonden: 1 Advies 2026-${publicationId}: pesten maart 2026 · basisonderwijs · klacht gegrond`);
    expect(textOf((await anonymous().get('/uitspraken?q=pestcoördinator')).text)).toContain('Gevonden: 1');
    // Dutch stemming: "maatregel" finds "Maatregelen"; a phrase in quotes; a word the text lacks finds nothing.
    expect(textOf((await anonymous().get('/uitspraken?q=maatregel')).text)).toContain('Gevonden: 1');
    expect(textOf((await anonymous().get('/uitspraken?q=%22greep+niet+in%22')).text)).toContain('Gevonden: 1');
    expect(textOf((await anonymous().get('/uitspraken?q=schorsing')).text)).toContain('Gevonden: 0');
    expect(textOf((await anonymous().get('/uitspraken?q=Ouderdijk')).text)).toContain('Gevonden: 0');
    expect(textOf((await anonymous().get('/uitspraken?category=geweld')).text)).toContain('Gevonden: 0');

    const page = await anonymous().get(`/uitspraken/${publicationId}`);
    expect(page.status).toBe(200);
    for (const secret of ['Ouderdijk', 'Pietersen', 'Lindeboom', 'Zwolle', 'Fleur', '12 maart', '2026-05-04', seededCaseNumber(1)]) expect(page.text).not.toContain(secret);
    expect(textOf(page.text)).toContain('[klager] diende in maart 2026 een klacht in over het pesten van [leerling] in de klas van meester [naam] op [school] in [plaats].');

    const pdf = await fetch(`${stack.server.url}/uitspraken/${publicationId}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'uitspraak-')), 'advies.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`Advies 2026-${publicationId}: pesten`);
    expect(text).toContain('Bespreek het pestprotocol met het team.');
    expect(text).not.toContain('Ouderdijk');
  });

  it('names a bad filter at its field', async () => {
    const res = await anonymous().get('/uitspraken?year=twintig&sector=hbo&page=0');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<a href="#f-year">Kies een jaar uit de lijst.</a>');
    expect(res.text).toContain('<a href="#f-sector">');
    expect(res.text).toContain('<a href="#f-page">Het paginanummer is geen getal van 1 tot 1000.</a>');
  });

  it('unpublishes with a reason, audited; then it is gone from the public pages', async () => {
    const secretary = await logIn('secretary');
    const noReason = await post(secretary, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/intrekken`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('<a href="#reason">Vul de reden van intrekken in.</a>');
    expect((await anonymous().get(`/uitspraken/${publicationId}`)).status).toBe(200);
    const withdrawn = await post(secretary, `/medewerkers/publicaties/${publicationId}`, `/medewerkers/publicaties/${publicationId}/intrekken`, { reason: 'Herleidbaar volgens de school.' });
    expect(withdrawn.location).toBe(`/medewerkers/publicaties/${publicationId}?klaar=unpublished`);
    expect((await anonymous().get(`/uitspraken/${publicationId}`)).status).toBe(404);
    expect((await anonymous().get(`/uitspraken/${publicationId}.pdf`)).status).toBe(404);
    expect(textOf((await anonymous().get('/uitspraken')).text)).toContain('Gevonden: 0');

    const [s, carla, cor] = [users.secretary, users.chairCarla, users.chairCor].map((id) => `user:${id}`);
    const p = { publicationId };
    expect(await auditOf()).toEqual([
      ['publication.prepared', s, { ...p, proposals: 7 }],
      ['publication.edited', s, p],
      ['publication.edited', carla, p],
      ['publication.submitted', s, p],
      ['publication.published', cor, p],
      ['publication.unpublished', s, { ...p, reason: 'Herleidbaar volgens de school.' }],
    ]);
  });
});
