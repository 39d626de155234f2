/**
 * The parties' procedure forms and the panel members' pages over real HTTP, on the real
 * time-skipping Temporal server (weeks pass in seconds) and real PostgreSQL. Each form is shown
 * only while the workflow has its action open for that party, works end to end, shows the
 * workflow's refusal at the field and keeps no upload of a refused action; a party reaches only its
 * own case, a panel member only the hearings they sit on.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { runCaseAction } from '../../api/services/caseActions';
import { staffToken } from '../helpers/tokens';
import { createUser } from '../../api/portal/users';
import { procedureStates, type ProcedureStates } from '../../api/web/parties/actionForms';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';
import { CHAIR, SECRETARY } from '../helpers/procedure';
import { logInStaff } from '../helpers/staffLogin';
import { csrfOf, samplePdf, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 300_000 });

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
let taskQueue: string;
let secretaryToken: string;
const PASSWORD = 'een-lang-wachtwoord-voor-tests';
const memberIds: Record<string, string> = {};

beforeAll(async () => {
  stack = await startAppStack('parties', { timeSkipping: true });
  ({ database, env, server, taskQueue } = stack);
  secretaryToken = (await staffToken(database.db, { name: 'Anne', role: 'secretary' })).token;
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  // The panel: a chair and two members. The fourth has ties with the school and never sits on its panel.
  const members: Array<[string, string, string, string[]]> = [
    ['chair', 'mr. A. Voorzitter', 'voorzitter@lko.example.nl', []],
    ['lid1', 'drs. B. Lid', 'b.lid@lko.example.nl', []],
    ['lid2', 'dr. C. Lid', 'c.lid@lko.example.nl', []],
    ['outsider', 'ir. D. Buiten', 'd.buiten@lko.example.nl', ['12AB']],
  ];
  for (const [key, name, email, conflicts] of members) {
    const role = key === 'chair' ? 'chair' : 'member';
    const [row] = await database.db('committee_members').insert({ name, email, role, conflicts: JSON.stringify(conflicts) }).returning('id');
    memberIds[key] = String(row.id);
  }
  // Linked by e-mail (chair, lid1, outsider) and by user_id (lid2, whose login address differs).
  await createUser(database.db, { email: 'voorzitter@lko.example.nl', name: 'A. Voorzitter', role: 'chair', password: PASSWORD });
  await createUser(database.db, { email: 'b.lid@lko.example.nl', name: 'B. Lid', role: 'member', password: PASSWORD });
  const lid2 = await createUser(database.db, { email: 'carla@prive.example.nl', name: 'C. Lid', role: 'member', password: PASSWORD });
  await database.db('committee_members').where({ id: memberIds.lid2 }).update({ user_id: lid2.id });
  await createUser(database.db, { email: 'd.buiten@lko.example.nl', name: 'D. Buiten', role: 'member', password: PASSWORD });
  await createUser(database.db, { email: 'secretaris@lko.example.nl', name: 'S. Secretaris', role: 'secretary', password: PASSWORD });
});

afterAll(async () => {
  await stack?.stop();
});

async function fileCase(): Promise<{ caseNumber: string; accessCode: string; id: string }> {
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET }, sampleComplaint());
  await until(filed.caseNumber, (s) => s.complaint?.status === 'admissibility');
  const row = await database.db('cases').where({ case_number: filed.caseNumber }).first();
  return { caseNumber: filed.caseNumber, accessCode: filed.accessCode, id: String(row.id) };
}

function until(caseNumber: string, predicate: (s: ProcedureStates) => boolean): Promise<ProcedureStates> {
  return eventually(async () => {
    const s = await procedureStates(env.client, caseNumber);
    return predicate(s) ? s : undefined;
  }, 90_000, 200);
}

async function complainantWeb(caseNumber: string, accessCode: string): Promise<WebClient> {
  const web = new WebClient(server.url);
  const csrf = await web.csrf('/zaak');
  const res = await web.postForm('/zaak', { _csrf: csrf, caseNumber, accessCode });
  expect(res.location).toBe('/zaak/overzicht');
  return web;
}

async function schoolWeb(caseNumber: string): Promise<WebClient> {
  const link = await postJson(`${server.url}/api/cases/${caseNumber}/school-links`, {}, { Authorization: `Bearer ${secretaryToken}` });
  expect(link.status).toBe(201);
  const web = new WebClient(server.url);
  const opened = await web.get(new URL(link.body.url).pathname);
  expect(opened.location).toBe('/school');
  return web;
}

async function staffWeb(email: string): Promise<WebClient> {
  const web = new WebClient(server.url);
  const res = await logInStaff(web, email, PASSWORD);
  expect(res.status).toBe(303);
  return web;
}

/** Posts a page's form with its CSRF token (read from the page itself). */
async function submit(web: WebClient, path: string, fields: Record<string, string>, formPath = path) {
  const page = await web.get(formPath);
  const csrf = csrfOf(page.text)!;
  return web.postForm(path, { _csrf: csrf, ...fields });
}

async function documentCount(caseId: string, kind: string): Promise<number> {
  const [{ count }] = await database.db('documents').where({ case_id: caseId, kind }).count<{ count: string }[]>('* as count');
  return Number(count);
}

const COMPLETION_ACTOR = { userId: 'secr-anne', role: 'secretary' as const };

describe('complainant: completing the complaint, resuming after a referral; school: referral report and reporting duty', () => {
  it('shows each form only while it is open, takes it through the workflow and shows refusals at the field', async () => {
    const c = await fileCase();
    const complainant = await complainantWeb(c.caseNumber, c.accessCode);
    const school = await schoolWeb(c.caseNumber);

    // Nothing is asked yet: no links, and the forms themselves send the party back to the case.
    const start = await complainant.get('/zaak/overzicht');
    expect(start.text).not.toContain('href="/zaak/aanvullen"');
    expect((await complainant.get('/zaak/aanvullen')).location).toBe('/zaak/overzicht');
    expect((await complainant.get('/zaak/hervatten')).location).toBe('/zaak/overzicht');
    expect((await school.get('/school/terugverwijzing')).location).toBe('/school');
    expect((await school.get('/school/meldplicht')).location).toBe('/school');

    // Completing the complaint, when the secretary asks for it.
    await runCaseAction(env.client, c.caseNumber, 'requestCompletion', { missing: ['de naam van de klas'] }, COMPLETION_ACTOR);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('completeComplaint') ?? false);
    expect((await complainant.get('/zaak/overzicht')).text).toContain('href="/zaak/aanvullen"');
    const form = await complainant.get('/zaak/aanvullen');
    expect(form.status).toBe(200);
    expect(form.text).toContain('de naam van de klas');
    const empty = await submit(complainant, '/zaak/aanvullen', { supplied: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('id="f-supplied-error"');
    const done = await submit(complainant, '/zaak/aanvullen', { supplied: 'Groep 6b, juf Jansen.' });
    expect(done.location).toBe('/zaak/overzicht?gedaan=aanvullen');
    expect((await complainant.follow(done)).text).toContain('Uw aanvulling is ontvangen.');
    await until(c.caseNumber, (s) => s.complaint?.status === 'admissibility');
    const completed = await database.db('case_events').where({ case_id: c.id, type: 'complaint.completed' }).first('data');
    expect(completed.data).toEqual({ supplied: 'Groep 6b, juf Jansen.' });

    // The reporting duty, once the secretary flags it.
    await runCaseAction(env.client, c.caseNumber, 'flagReportingDuty', { reason: 'Fysiek geweld door een medewerker.' }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('confirmReportingDuty') ?? false);
    expect((await school.get('/school')).text).toContain('href="/school/meldplicht"');
    // Instead of a report, the board may say the incident is not reportable, and why; the secretary reviews it.
    expect((await school.get('/school')).text).toContain('href="/school/niet-meldplichtig"');
    const noReason = await submit(school, '/school/niet-meldplichtig', { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="f-reason-error"');
    const declared = await submit(school, '/school/niet-meldplichtig', { reason: 'Een duw in de gang, zonder letsel; geen strafbaar feit.' });
    expect(declared.location).toBe('/school?gedaan=niet-meldplichtig');
    expect((await school.follow(declared)).text).toContain('Uw uitleg is ontvangen.');
    await until(c.caseNumber, (s) => s.complaint?.reportingDuty.status === 'not-reportable-claimed');
    expect((await school.get('/school')).text).not.toContain('href="/school/meldplicht"');
    // Not accepted: the board is asked to report after all.
    await runCaseAction(env.client, c.caseNumber, 'reviewNotReportable', { accepted: false, note: 'De klacht beschrijft fysiek geweld door een medewerker.' }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.reportingDuty.status === 'awaiting-confirmation');
    const badDate = await submit(school, '/school/meldplicht', { reportedOn: '31-02-2026' });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('id="f-reportedOn-error"');
    const confirmed = await submit(school, '/school/meldplicht', { reportedOn: '27-11-2026', reference: 'VI-2026-1234' });
    expect(confirmed.location).toBe('/school?gedaan=meldplicht');
    const duty = await until(c.caseNumber, (s) => s.complaint?.reportingDuty.status === 'confirmed');
    expect(duty.complaint!.allowedActions).not.toContain('confirmReportingDuty');
    // Once confirmed, a second post is refused by the workflow, with its reason, on the form.
    const again = await school.postForm('/school/meldplicht', { _csrf: csrfOf((await school.get('/school')).text)!, reportedOn: '28-11-2026' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Dit kan nu niet: er wordt geen bevestiging van de melding verwacht.');
    expect(again.text).toContain('id="f-action"');

    // Referral to the school: the school reports back, the complainant may resume.
    await runCaseAction(env.client, c.caseNumber, 'referToSchool', { complainantConsents: true }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('resumeAfterReferral') ?? false);
    expect((await complainant.get('/zaak/overzicht')).text).toContain('href="/zaak/hervatten"');
    expect((await school.get('/school')).text).toContain('href="/school/terugverwijzing"');
    const noAnswer = await submit(school, '/school/terugverwijzing', { summary: 'Gesprek gevoerd.' });
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.text).toContain('id="f-resolved-error"');
    const resumed = await submit(complainant, '/zaak/hervatten', { reason: 'De school heeft niets gedaan.' });
    expect(resumed.location).toBe('/zaak/overzicht?gedaan=hervatten');
    await until(c.caseNumber, (s) => s.complaint?.status !== 'referred-to-school');
    expect((await complainant.get('/zaak/overzicht')).text).not.toContain('href="/zaak/hervatten"');
    // The school's report comes too late now: the workflow refuses, and the page says why.
    const late = await school.postForm('/school/terugverwijzing', { _csrf: csrfOf((await school.get('/school')).text)!, resolved: 'ja', summary: 'Opgelost.' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('dit kan niet in de fase waarin de zaak nu is.');
    expect(late.text).toContain('value="ja" checked');
  });
});

describe('the hearing, the advice and compliance through the portal', () => {
  it('runs availability, postponement, rejoinder, advice with four-eyes, the answer and a compliance report', async () => {
    const c = await fileCase();
    const other = await fileCase();
    const complainant = await complainantWeb(c.caseNumber, c.accessCode);
    const school = await schoolWeb(c.caseNumber);
    const otherComplainant = await complainantWeb(other.caseNumber, other.accessCode);

    await runCaseAction(env.client, c.caseNumber, 'decideAdmissibility', { admissible: true }, CHAIR);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitDefence') ?? false);
    await runCaseAction(env.client, c.caseNumber, 'submitDefence', { text: 'Het verweer.' }, { userId: 'school-12AB', role: 'school' });
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('decideReplyRound') ?? false);
    await runCaseAction(env.client, c.caseNumber, 'decideReplyRound', { hold: true }, SECRETARY);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitReply') ?? false);
    expect((await school.get('/school/repliek')).location).toBe('/school');
    await runCaseAction(env.client, c.caseNumber, 'submitReply', { text: 'Mijn reactie.' }, { userId: `complainant:${c.caseNumber}`, role: 'complainant' });
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('submitRejoinder') ?? false);

    // The rejoinder: an upload with a receipt; a second one is refused and its file not kept.
    expect((await school.get('/school')).text).toContain('href="/school/repliek"');
    const csrf = csrfOf((await school.get('/school/repliek')).text)!;
    const rejoinder = await school.postMultipart('/school/repliek', { _csrf: csrf, text: '' }, [{ field: 'files', name: 'dupliek.pdf', type: 'application/pdf', content: samplePdf('Dupliek') }]);
    expect(rejoinder.status).toBe(303);
    expect(rejoinder.location).toMatch(/^\/school\/ontvangstbewijs\/[0-9a-f-]{36}$/);
    const receipt = await school.get(rejoinder.location!);
    expect(receipt.text).toContain('dupliek.pdf');
    expect(await documentCount(c.id, 'rejoinder')).toBe(1);
    const rejoinderEvent = await database.db('case_events').where({ case_id: c.id, type: 'rejoinder.received' }).first('data');
    expect(rejoinderEvent.data.documentIds).toHaveLength(1);
    const second = await school.postMultipart('/school/repliek', { _csrf: csrf, text: 'Nog iets.' }, [{ field: 'files', name: 'nog.pdf', type: 'application/pdf', content: samplePdf('Nog') }]);
    expect(second.status).toBe(409);
    expect(second.text).toContain('Dit kan nu niet');
    expect(await documentCount(c.id, 'rejoinder')).toBe(1);

    // Availability: the request's candidate dates, for each party and each panel member.
    const hearing = (await until(c.caseNumber, (s) => s.hearing?.status === 'collecting-availability')).hearing!;
    expect(hearing.panel.map((m) => m.memberId).sort()).toEqual([memberIds.chair, memberIds.lid1, memberIds.lid2].sort());
    const overview = await complainant.get('/zaak/overzicht');
    expect(overview.text).toContain('href="/zaak/beschikbaarheid"');
    // Another case's complainant: the form is not open for their case.
    expect((await otherComplainant.get('/zaak/overzicht')).text).not.toContain('href="/zaak/beschikbaarheid"');
    expect((await otherComplainant.get('/zaak/beschikbaarheid')).location).toBe('/zaak/overzicht');

    const availabilityForm = await complainant.get('/zaak/beschikbaarheid');
    const candidates = [...availabilityForm.text.matchAll(/name="dates" value="(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]);
    expect(candidates.length).toBeGreaterThan(1);
    const [date, laterDate] = candidates;
    const past = await submit(complainant, '/zaak/beschikbaarheid', { otherDates: '01-01-2020' });
    expect(past.status).toBe(409);
    expect(past.text).toContain('id="f-dates-error"');
    expect(past.text).toContain('ligt in het verleden.');
    expect(past.text).toContain('value="01-01-2020"');
    const unreadable = await submit(complainant, '/zaak/beschikbaarheid', { otherDates: 'morgen' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.text).toContain('id="f-otherDates-error"');
    const given = await submit(complainant, '/zaak/beschikbaarheid', { dates: date });
    expect(given.location).toBe('/zaak/overzicht?gedaan=beschikbaarheid');
    expect((await school.get('/school')).text).toContain('href="/school/beschikbaarheid"');
    expect((await submit(school, '/school/beschikbaarheid', { otherDates: `${date.slice(8)}-${date.slice(5, 7)}-${date.slice(0, 4)}` })).location).toBe('/school?gedaan=beschikbaarheid');

    // The panel: each member sees only their own hearings.
    const chair = await staffWeb('voorzitter@lko.example.nl');
    const lid1 = await staffWeb('b.lid@lko.example.nl');
    const lid2 = await staffWeb('carla@prive.example.nl');
    const outsider = await staffWeb('d.buiten@lko.example.nl');
    const secretary = await staffWeb('secretaris@lko.example.nl');
    const list = await chair.get('/panel');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/panel/zaken/${c.caseNumber}"`);
    expect((await lid2.get('/panel')).text).toContain(`href="/panel/zaken/${c.caseNumber}"`);
    const outsiderList = await outsider.get('/panel');
    expect(outsiderList.status).toBe(200);
    expect(outsiderList.text).not.toContain(c.caseNumber);
    expect((await outsider.get(`/panel/zaken/${c.caseNumber}`)).status).toBe(404);
    expect((await outsider.get(`/panel/zaken/${c.caseNumber}/beschikbaarheid`)).status).toBe(404);
    const outsiderPost = await outsider.postForm(`/panel/zaken/${c.caseNumber}/beschikbaarheid`, { _csrf: csrfOf(outsiderList.text)!, dates: date });
    expect(outsiderPost.status).toBe(404);
    expect((await secretary.get('/panel')).status).toBe(404);
    expect((await new WebClient(server.url).get('/panel')).location).toBe('/inloggen');

    const file = await chair.get(`/panel/zaken/${c.caseNumber}`);
    expect(file.status).toBe(200);
    expect(file.text).toContain('dagelijks gepest');
    expect(file.text).toContain(`href="/panel/zaken/${c.caseNumber}/beschikbaarheid"`);
    // Letters to this member: the availability request addressed to the chair.
    expect(file.text).toMatch(new RegExp(`href="/panel/zaken/${c.caseNumber}/brieven/\\d+"`));
    for (const web of [chair, lid1, lid2]) {
      const res = await submit(web, `/panel/zaken/${c.caseNumber}/beschikbaarheid`, { dates: date }, `/panel/zaken/${c.caseNumber}/beschikbaarheid`);
      expect(res.location).toBe(`/panel/zaken/${c.caseNumber}?gedaan=beschikbaarheid`);
    }
    const answered = await until(c.caseNumber, (s) => Object.keys(s.hearing?.availability ?? {}).length === 5);
    expect(answered.hearing!.availability[memberIds.lid2]).toEqual([date]);
    expect(answered.hearing!.proposedDates).toContain(date);

    // Scheduled: the complainant postpones once; a second request is refused with the reason.
    await runCaseAction(env.client, c.caseNumber, 'scheduleHearing', { date, startTime: '10:00', location: 'Utrecht' }, SECRETARY);
    await until(c.caseNumber, (s) => s.hearing?.status === 'scheduled');
    expect((await complainant.get('/zaak/overzicht')).text).toContain('href="/zaak/uitstel"');
    const noReason = await submit(complainant, '/zaak/uitstel', { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="f-reason-error"');
    const postponed = await submit(complainant, '/zaak/uitstel', { reason: 'Ik ben die dag opgenomen in het ziekenhuis.' });
    expect(postponed.location).toBe('/zaak/overzicht?gedaan=uitstel');
    await until(c.caseNumber, (s) => s.hearing?.status === 'awaiting-date');
    await runCaseAction(env.client, c.caseNumber, 'scheduleHearing', { date: laterDate, startTime: '10:00', location: 'Utrecht' }, SECRETARY);
    await until(c.caseNumber, (s) => s.hearing?.status === 'scheduled');
    expect((await complainant.get('/zaak/overzicht')).text).not.toContain('href="/zaak/uitstel"');
    expect((await complainant.get('/zaak/uitstel')).location).toBe('/zaak/overzicht');
    expect((await school.get('/school')).text).toContain('href="/school/uitstel"');
    const twice = await complainant.postForm('/zaak/uitstel', { _csrf: csrfOf((await complainant.get('/zaak/overzicht')).text)!, reason: 'Nog een keer.' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('deze partij heeft al eens uitstel gekregen (één keer per partij).');

    // The hearing day; the chair records it.
    const days = Math.ceil((Date.parse(`${laterDate}T12:00:00Z`) - (await env.currentTimeMs())) / 86_400_000) + 1;
    await env.sleep(`${days} days`);
    let lastRefusal: unknown;
    await eventually(async () => {
      try {
        await runCaseAction(env.client, c.caseNumber, 'recordHearing', { held: true, absentParties: [], minutes: 'Partijen gehoord.' }, { userId: 'user:chair', role: 'chair' });
        return true;
      } catch (err) {
        lastRefusal = err;
        return undefined;
      }
    }, 90_000, 200).catch((err) => {
      throw new Error(`recordHearing kept failing: ${String(lastRefusal)} (${(err as Error).message})`);
    });
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('issueAdvice') ?? false);

    // The advice, drafted by a member: rows added without JavaScript; a refusal lands on its row.
    const advicePath = `/panel/zaken/${c.caseNumber}/advies`;
    expect((await lid1.get(`/panel/zaken/${c.caseNumber}`)).text).toContain(`href="${advicePath}"`);
    const more = await submit(lid1, advicePath, { measureCount: '1', _more: '1', finding: 'gegrond', reasons: 'Overwegingen.' });
    expect(more.status).toBe(200);
    expect(more.text).toContain('name="measures[1].description"');
    expect(more.text).toContain('Overwegingen.');
    const tooLong = await submit(lid1, advicePath, {
      measureCount: '2',
      finding: 'gegrond',
      reasons: 'De school deed te weinig.',
      'measures[0].description': '',
      'measures[1].description': 'Stel een pestprotocol op.',
      'measures[1].termWeeks': '60',
    });
    expect(tooLong.status).toBe(409);
    expect(tooLong.text).toContain('id="f-measures-1-termWeeks-error"');
    expect(tooLong.text).toContain('vul een heel aantal weken in, van 1 tot en met 52.');
    const drafted = await submit(lid1, advicePath, {
      measureCount: '1',
      finding: 'gegrond',
      reasons: 'De school deed te weinig tegen het pesten.',
      'measures[0].description': 'Stel een pestprotocol op en bespreek het met de ouders.',
      'measures[0].termWeeks': '6',
    });
    expect(drafted.location).toBe(`/panel/zaken/${c.caseNumber}?gedaan=advies`);
    const pending = await until(c.caseNumber, (s) => (s.complaint?.awaitingApproval.length ?? 0) > 0);
    expect(pending.complaint!.allowedActions).not.toContain('issueAdvice');

    // Four-eyes: the drafter (a member) has no button and is refused; the chair approves.
    const drafterView = await lid1.get(`/panel/zaken/${c.caseNumber}`);
    expect(drafterView.text).toContain('U heeft dit advies opgesteld.');
    expect(drafterView.text).not.toContain(`action="/panel/zaken/${c.caseNumber}/goedkeuren"`);
    expect(drafterView.text).toContain('Er ligt een besluit klaar dat een tweede persoon moet goedkeuren.');
    const drafterApproves = await lid1.postForm(`/panel/zaken/${c.caseNumber}/goedkeuren`, { _csrf: csrfOf(drafterView.text)! });
    expect(drafterApproves.status).toBe(403);
    expect(drafterApproves.text).toContain('id="f-approve"');
    const chairView = await chair.get(`/panel/zaken/${c.caseNumber}`);
    expect(chairView.text).toContain(`action="/panel/zaken/${c.caseNumber}/goedkeuren"`);
    // The one who can approve is told to (issue 14), in both languages.
    expect(chairView.text).toContain('Keur het besluit goed dat klaarligt: u bent de tweede persoon die het bekijkt.');
    expect(chairView.text).not.toContain('een tweede persoon moet goedkeuren');
    expect((await chair.get(`/panel/zaken/${c.caseNumber}?lang=en`)).text).toContain('Approve the decision that is ready: you are the second person to review it.');
    expect((await chair.get(`/panel/zaken/${c.caseNumber}?lang=nl`)).status).toBe(200);
    const draftHref = /href="(\/panel\/zaken\/[^"]+\/brieven\/\d+)">Lees het conceptadvies/.exec(chairView.text)![1];
    expect((await chair.get(draftHref)).text).toContain('pestprotocol');
    const approved = await chair.postForm(`/panel/zaken/${c.caseNumber}/goedkeuren`, { _csrf: csrfOf(chairView.text)! });
    expect(approved.location).toBe(`/panel/zaken/${c.caseNumber}?goedgekeurd=1`);
    await until(c.caseNumber, (s) => s.complaint?.status === 'compliance' && s.complaint.terms.some((t) => t.id === 'schoolAnswer'));
    const letter = await database.db('letters').where({ case_id: c.id, kind: 'advies' }).first('drafted_by', 'approved_by');
    expect(letter).toMatchObject({ drafted_by: expect.stringMatching(/^user:\d+$/), approved_by: expect.stringMatching(/^user:\d+$/) });
    expect(letter.drafted_by).not.toBe(letter.approved_by);

    // The school answers the advice.
    expect((await school.get('/school')).text).toContain('href="/school/reactie-advies"');
    const unanswered = await submit(school, '/school/reactie-advies', { plan: 'Wij stellen het protocol op.' });
    expect(unanswered.status).toBe(400);
    expect(unanswered.text).toContain('id="f-acceptsFinding-error"');
    const answer = await submit(school, '/school/reactie-advies', { acceptsFinding: 'ja', plan: 'Wij stellen het protocol binnen zes weken op.' });
    expect(answer.location).toBe('/school?gedaan=reactie-advies');
    await until(c.caseNumber, (s) => !s.complaint?.terms.some((t) => t.id === 'schoolAnswer'));
    expect((await school.get('/school')).text).not.toContain('href="/school/reactie-advies"');
    const answerTwice = await school.postForm('/school/reactie-advies', { _csrf: csrfOf((await school.get('/school')).text)!, acceptsFinding: 'nee', plan: 'Toch niet.' });
    expect(answerTwice.status).toBe(409);
    expect(answerTwice.text).toContain('het bevoegd gezag heeft al op het advies gereageerd.');
    // The answer is in both parties' timelines with its outcome, in the page's language (issue 14).
    expect((await complainant.get('/zaak/overzicht')).text).toContain('Het bevoegd gezag heeft op het advies gereageerd en neemt het oordeel van de commissie over');
    expect((await school.get('/school')).text).toContain('Uw reactie op het advies is ontvangen: u neemt het oordeel van de commissie over');
    const inEnglish = await getJson(`${server.url}/api/complaints/${c.caseNumber}?lang=en`, { 'X-Access-Code': c.accessCode });
    expect(inEnglish.body.timeline.filter((e: { type: string }) => e.type === 'advice.answered').map((e: { label: string }) => e.label)).toEqual(['The school board answered the advice and accepts the committee’s finding']);

    // Compliance: a report for an unknown measure is refused at the field and keeps no evidence.
    const compliance = await until(c.caseNumber, (s) => s.compliance?.allowedActions.includes('reportMeasure') ?? false);
    expect(compliance.compliance!.measures[0].id).toBe('m1');
    const measureForm = await school.get('/school/naleving');
    expect(measureForm.text).toContain('Stel een pestprotocol op en bespreek het met de ouders.');
    const measureCsrf = csrfOf(measureForm.text)!;
    const unknown = await school.postMultipart('/school/naleving', { _csrf: measureCsrf, measureId: 'm9', evidence: 'Gedaan.' }, [{ field: 'files', name: 'bewijs.pdf', type: 'application/pdf', content: samplePdf('Bewijs') }]);
    expect(unknown.status).toBe(409);
    expect(unknown.text).toContain('id="f-measureId-error"');
    expect(unknown.text).toContain('onbekende maatregel m9.');
    expect(await documentCount(c.id, 'evidence')).toBe(0);
    const reported = await school.postMultipart('/school/naleving', { _csrf: measureCsrf, measureId: 'm1', evidence: 'Protocol vastgesteld.' }, [{ field: 'files', name: 'protocol.pdf', type: 'application/pdf', content: samplePdf('Protocol') }]);
    expect(reported.location).toMatch(/^\/school\/ontvangstbewijs\/[0-9a-f-]{36}$/);
    expect((await school.get(reported.location!)).text).toContain('protocol.pdf');
    expect(await documentCount(c.id, 'evidence')).toBe(1);
    const after = await until(c.caseNumber, (s) => s.compliance?.measures[0].status === 'reported');
    expect(after.compliance!.measures[0].reports[0].documentIds).toHaveLength(1);

    // The other case's complainant still reaches nothing of this one.
    const otherOverview = await otherComplainant.get('/zaak/overzicht');
    expect(otherOverview.text).not.toContain(c.caseNumber);
  });
});

describe('multipart bodies', () => {
  it('are refused on the forms that take no files, before anything is read or sent', async () => {
    const c = await fileCase();
    const complainant = await complainantWeb(c.caseNumber, c.accessCode);
    await runCaseAction(env.client, c.caseNumber, 'requestCompletion', { missing: ['de klas'] }, COMPLETION_ACTOR);
    await until(c.caseNumber, (s) => s.complaint?.allowedActions.includes('completeComplaint') ?? false);
    const csrf = csrfOf((await complainant.get('/zaak/aanvullen')).text)!;
    const multipart = await complainant.postMultipart('/zaak/aanvullen', { _csrf: csrf, supplied: 'Groep 6b.' }, []);
    expect(multipart.status).toBe(403);
    const withdraw = await complainant.postMultipart('/zaak/intrekken', { _csrf: csrf }, []);
    expect(withdraw.status).toBe(403);
    expect((await procedureStates(env.client, c.caseNumber)).complaint?.status).toBe('awaiting-completion');
  });
});
