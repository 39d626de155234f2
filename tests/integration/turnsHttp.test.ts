/**
 * Issue 14 over HTTP, against the running app: once the school's defence has arrived the case is no
 * longer in the defence stage, and the complainant can read — over the API and in the portal — the
 * defence the forwarding letter announces: the uploaded file and the school's typed explanation.
 * The admissibility decision shows its outcome and sends a letter saying the complaint was admitted;
 * the complainant sees their own complaint text; the school's page speaks to the school.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { staffToken } from '../helpers/tokens';
import { csrfOf, samplePdf, WebClient } from '../helpers/webClient';

let database: TestDatabase;
let stack: AppStack;
let server: TestServer;
let secretaryToken: string;
let chairToken: string;

beforeAll(async () => {
  stack = await startAppStack('turnshttp');
  ({ database, server } = stack);
  secretaryToken = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
  chairToken = (await staffToken(database.db, { name: 'Carla', role: 'chair' })).token;
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
});

afterAll(async () => {
  await stack?.stop();
});

const asSecretary = () => ({ Authorization: `Bearer ${secretaryToken}` });
const asChair = () => ({ Authorization: `Bearer ${chairToken}` });

async function complainantView(caseNumber: string, accessCode: string, predicate: (v: any) => boolean): Promise<any> {
  return eventually(async () => {
    const res = await getJson(`${server.url}/api/complaints/${caseNumber}`, { 'X-Access-Code': accessCode });
    return res.status === 200 && predicate(res.body) ? res.body : undefined;
  }, 60_000, 200);
}

describe('after the defence, over HTTP', () => {
  it('moves the case on and lets the complainant read the defence the letter announced', async () => {
    const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    expect(filed.status).toBe(201);
    const { caseNumber, accessCode } = filed.body;
    await complainantView(caseNumber, accessCode, (v) => v.status === 'admissibility');

    const admitted = await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`, { admissible: true }, asChair());
    expect(admitted.status).toBe(200);
    const inDefence = await complainantView(caseNumber, accessCode, (v) => v.letters.some((l: any) => l.kind === 'beslissing-ontvankelijk'));
    expect(inDefence.status).toBe('defence');
    expect(inDefence.stage).toBe('defence');
    expect(inDefence.timeline.map((e: any) => e.label)).toContain('De klacht is ontvankelijk verklaard');
    expect(inDefence.nextTask).toMatchObject({ kind: 'wait', text: 'U hoeft nu niets te doen.', due: null });

    // The school opens its link and hands in a defence file with a typed explanation.
    const link = await postJson(`${server.url}/api/cases/${caseNumber}/school-links`, {}, asSecretary());
    expect(link.status).toBe(201);
    const school = new WebClient(server.url);
    expect((await school.get(new URL(link.body.url).pathname)).location).toBe('/school');
    const schoolPage = await school.get('/school');
    expect(schoolPage.text).toContain('data-task="defence"');
    expect(schoolPage.text).toContain('De commissie vraagt u schriftelijk op de klacht te reageren (het verweerschrift).');
    expect(schoolPage.text).not.toContain('uw klacht');
    const sent = await school.postMultipart('/school/verweer', { _csrf: csrfOf(schoolPage.text)!, text: 'De school heeft een pestcoördinator ingezet en met de ouders gesproken.' }, [
      { field: 'defence', name: 'verweer.pdf', type: 'application/pdf', content: samplePdf('Verweerschrift De Linde') },
    ]);
    expect(sent.status).toBe(303);

    // Over the API: no longer in the defence stage; the forwarding letter and the defence itself are there.
    const after = await complainantView(caseNumber, accessCode, (v) => v.status !== 'defence');
    expect(after.status).toBe('reply-round');
    expect(after.stage).toBe('reply-round');
    expect(after.letters.filter((l: any) => l.kind === 'toezending-verweer')).toHaveLength(1);
    expect(after.nextTask.kind).toBe('reply');
    expect(after.nextTask.due).toBe(after.terms[0].due);
    expect(after.nextTask.text).toMatch(/^Het verweer van de school staat in uw dossier\. U heeft tot en met (maandag|dinsdag|woensdag|donderdag|vrijdag) \d{1,2} \w+ \d{4} om daarop schriftelijk te reageren \(repliek\)\./);
    expect(after.nextTask.explanation).toBe(after.terms[0].explanation);
    expect(after.documents.map((d: any) => [d.kind, d.name, d.uploadedBy])).toEqual([
      ['defence', 'verweer.pdf', 'school'],
      ['defence', 'Toelichting bij het verweer (school).txt', 'school'],
    ]);

    // In the portal: the stage bar, the next step, the own complaint, and the documents themselves.
    const web = new WebClient(server.url);
    const login = await web.postForm('/zaak', { _csrf: await web.csrf('/zaak'), caseNumber, accessCode });
    expect(login.location).toBe('/zaak/overzicht');
    const page = await web.get('/zaak/overzicht');
    expect(page.text).toContain('data-stage="reply-round"');
    expect(page.text).toMatch(/<li class="stage-bar__step stage-bar__step--current" aria-current="step">Repliek en dupliek/);
    expect(page.text).toContain('<summary>Waarom deze datum?</summary>');
    expect(page.text).toContain('Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.');
    expect(page.text).not.toContain('Er loopt op dit moment geen termijn.');
    const pdf = await web.get(`/zaak/documenten/${after.documents[0].id}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const statement = await web.get(`/zaak/documenten/${after.documents[1].id}`);
    expect(statement.status).toBe(200);
    expect(statement.text).toBe('De school heeft een pestcoördinator ingezet en met de ouders gesproken.');

    // The school sees its own step is done and what comes next, addressed as the school.
    const schoolAfter = await school.get('/school');
    expect(schoolAfter.text).toContain('data-stage="reply-round"');
    expect(schoolAfter.text).toContain('Uw verweer is naar de klager gestuurd.');
    // Its timeline names its own steps as its own, not as the complainant reads them.
    expect(schoolAfter.text).toContain('<li>Uw verweerschrift is aan de klager gestuurd <span class="meta">');
    expect(schoolAfter.text).not.toContain('Verweerschrift aan u doorgestuurd');

    // A letter opened from a party's page has a heading, the way back and its PDF; a party reaches only its own.
    const forwarded = after.letters.find((l: any) => l.kind === 'toezending-verweer').id;
    const letter = await web.get(`/zaak/brieven/${forwarded}`);
    expect(letter.status).toBe(200);
    expect(letter.text).toContain(`>Toezending verweer (${caseNumber})</h1>`);
    expect(letter.text).toContain('<a href="/zaak/overzicht#brieven">Terug naar uw zaak</a>');
    expect(letter.text).toContain(`<a href="/zaak/brieven/${forwarded}/pdf">Deze brief als PDF</a>`);
    const letterPdf = await web.get(`/zaak/brieven/${forwarded}/pdf`);
    expect(letterPdf.status).toBe(200);
    expect(letterPdf.headers.get('content-type')).toBe('application/pdf');
    expect(letterPdf.headers.get('content-disposition')).toBe(`attachment; filename="brief-${caseNumber}-${forwarded}.pdf"`);
    expect((await school.get(`/school/brieven/${forwarded}`)).status).toBe(404);
    expect((await school.get(`/school/brieven/${forwarded}/pdf`)).status).toBe(404);
    const toSchool = await database.db('letters').join('cases', 'cases.id', 'letters.case_id').where({ 'cases.case_number': caseNumber, 'letters.addressee_role': 'school-board' }).first('letters.id');
    const schoolLetter = await school.get(`/school/brieven/${toSchool.id}?lang=en`);
    expect(schoolLetter.status).toBe(200);
    expect(schoolLetter.text).toContain('<a href="/school#brieven">Back to your case</a>');
    expect(schoolLetter.text).toContain(`<a href="/school/brieven/${toSchool.id}/pdf">This letter as PDF</a>`);
    expect((await web.get(`/zaak/brieven/${toSchool.id}/pdf`)).status).toBe(404);
  });

  it('refuses documents for the hearing before the hearing is planned, storing nothing', async () => {
    const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    const { caseNumber, accessCode } = filed.body;
    await complainantView(caseNumber, accessCode, (v) => v.status === 'admissibility');
    const web = new WebClient(server.url);
    await web.postForm('/zaak', { _csrf: await web.csrf('/zaak'), caseNumber, accessCode });
    const page = await web.get('/zaak/overzicht');
    expect(page.text).not.toContain('action="/zaak/stukken"');
    const refused = await web.postMultipart('/zaak/stukken', { _csrf: csrfOf(page.text)! }, [{ field: 'files', name: 'stuk.pdf', type: 'application/pdf', content: samplePdf() }]);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('stukken voor de hoorzitting kunt u sturen zodra de hoorzitting wordt gepland.');
    const row = await database.db('cases').where({ case_number: caseNumber }).first('id');
    expect(await database.db('documents').where({ case_id: row.id }).count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });
});
