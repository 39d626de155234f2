/**
 * Whole cases driven only through the HTTP API against the real Temporal dev server (the one
 * `npm start` runs), with real PostgreSQL and real SMTP: no time skipping, so these are the paths
 * that need no term to pass. One case runs from intake through the defence to a settlement in
 * mediation and is closed; a second reaches the hearing (panel formed, everyone's availability,
 * a date set) and is then withdrawn by the complainant, which cancels the hearing child. The
 * advised-and-complied path, whose hearing lies weeks ahead, runs in lifecycleHttp.test.ts on the
 * time-skipping server.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffToken, schoolToken } from '../helpers/tokens';
import { hearingWorkflowId } from '../../domain/caseNumber';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startAppStack('lifecycle-dev');
  ({ database, env, server } = stack);
  tokens.secretary = (await staffToken(database.db, { name: 'Anne Secretaris', role: 'secretary' })).token;
  tokens.chair = (await staffToken(database.db, { name: 'Carla Voorzitter', role: 'chair' })).token;
  tokens.school = await schoolToken(database.db, { subject: 'board-12AB', name: 'Stichting De Linde', brin: '12AB' });
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  for (const [name, role] of [['mr. A. Voorzitter', 'chair'], ['drs. B. Lid', 'member'], ['dr. C. Lid', 'member']] as const) {
    await database.db('committee_members').insert({ name, email: `${role}.${name.length}@lko.example.nl`, role, conflicts: '[]' });
  }
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

async function act(who: string, caseNumber: string, action: string, body: Record<string, unknown> = {}): Promise<any> {
  const res = await postJson(`${server.url}/api/cases/${caseNumber}/actions/${action}`, body, auth(who));
  if (res.status !== 200) throw new Error(`${who} ${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function until(caseNumber: string, predicate: (v: any) => boolean): Promise<any> {
  return eventually(async () => {
    const v = (await getJson(`${server.url}/api/cases/${caseNumber}`, auth('secretary'))).body;
    return predicate(v) ? v : undefined;
  }, 60_000, 200);
}

async function fileCase(): Promise<{ caseNumber: string; asComplainant: Record<string, string> }> {
  const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
  expect(filed.status).toBe(201);
  await until(filed.body.caseNumber, (v) => v.status === 'admissibility');
  return { caseNumber: filed.body.caseNumber, asComplainant: { 'X-Access-Code': filed.body.accessCode } };
}

async function lettersOf(caseNumber: string): Promise<Array<{ kind: string; status: string }>> {
  return database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', caseNumber).orderBy('letters.id').select('letters.kind', 'letters.status');
}

describe('whole cases over HTTP on the dev server', () => {
  it('runs from intake through the defence to a settlement in mediation, and closes the case', async () => {
    const { caseNumber, asComplainant } = await fileCase();
    await act('chair', caseNumber, 'decideAdmissibility', { admissible: true });
    const defence = await until(caseNumber, (v) => v.status === 'defence');
    const defenceTerm = defence.workflow.complaint.terms.find((t: any) => t.id === 'defence');
    expect(defenceTerm.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(defenceTerm.explanation.nl).toContain(defenceTerm.due.slice(0, 4));

    await act('school', caseNumber, 'submitDefence', { text: 'De school heeft gesprekken gevoerd en een coördinator ingezet.' });
    await until(caseNumber, (v) => v.workflow.complaint?.allowedActions.includes('decideReplyRound'));
    await act('secretary', caseNumber, 'startMediation', { bothPartiesAgree: true, mediator: 'mw. M. Bemiddelaar' });
    await until(caseNumber, (v) => v.status === 'mediation');
    // A settlement is recorded only by the secretary; the school cannot close the case itself.
    const bySchool = await postJson(`${server.url}/api/cases/${caseNumber}/actions/recordMediationOutcome`, { settled: true, summary: 'x' }, auth('school'));
    expect(bySchool.status).toBe(403);
    await act('secretary', caseNumber, 'recordMediationOutcome', { settled: true, summary: 'De school biedt een begeleidingstraject aan; de klager trekt de klacht in.' });
    const closed = await until(caseNumber, (v) => v.status === 'settled');
    expect(closed.nextDeadline).toBeNull();

    // The complainant sees the closed case and its letters; every letter was delivered over SMTP.
    const seen = await getJson(`${server.url}/api/complaints/${caseNumber}`, asComplainant);
    expect(seen.body.status).toBe('settled');
    expect(seen.body.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['complaint.received', 'admissibility.decided', 'defence.received', 'case.closed']));
    const letters = await eventually(async () => {
      const rows = await lettersOf(caseNumber);
      return rows.length > 0 && rows.every((l) => l.status === 'sent') ? rows : undefined;
    }, 60_000, 250);
    expect(new Set(letters.map((l) => l.kind))).toEqual(new Set(['ontvangstbevestiging', 'kennisgeving-klacht', 'beslissing-ontvankelijk', 'toezending-verweer', 'uitnodiging-bemiddeling', 'bevestiging-schikking', 'afsluiting']));
    // Closed means closed: nothing more is accepted.
    const late = await postJson(`${server.url}/api/complaints/${caseNumber}/actions/withdraw`, { reason: 'te laat' }, asComplainant);
    expect(late.status).toBe(409);
  }, 180_000);

  it('reaches a scheduled hearing and is withdrawn by the complainant, which cancels the hearing', async () => {
    const { caseNumber, asComplainant } = await fileCase();
    await act('chair', caseNumber, 'decideAdmissibility', { admissible: true });
    await act('school', caseNumber, 'submitDefence', { text: 'Wij betwisten de klacht.' });
    await until(caseNumber, (v) => v.workflow.complaint?.allowedActions.includes('decideReplyRound'));
    await act('secretary', caseNumber, 'decideReplyRound', { hold: false });

    const hearing = await eventually(async () => {
      const v = (await getJson(`${server.url}/api/cases/${caseNumber}`, auth('secretary'))).body;
      return v.workflow.hearing?.status === 'collecting-availability' ? v.workflow.hearing : undefined;
    }, 60_000, 200);
    // The availability request offers candidate dates (working days after the notice period).
    const request = await database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', caseNumber).where('letters.kind', 'verzoek-beschikbaarheid').first('letters.data_snapshot');
    const date: string = request.data_snapshot.details.candidateDates[0];
    expect((await postJson(`${server.url}/api/complaints/${caseNumber}/actions/submitAvailability`, { respondent: 'complainant', dates: [date] }, asComplainant)).status).toBe(200);
    await act('school', caseNumber, 'submitAvailability', { respondent: 'school', dates: [date] });
    for (const member of hearing.panel) await act('secretary', caseNumber, 'submitAvailability', { respondent: member.memberId, dates: [date] });
    await act('secretary', caseNumber, 'scheduleHearing', { date, startTime: '10:00', location: 'Utrecht, Nieuwegracht 1' });
    const scheduled = await until(caseNumber, (v) => v.status === 'hearing-scheduled');
    expect(scheduled.nextDeadline).toBe(date);

    const withdrawn = await postJson(`${server.url}/api/complaints/${caseNumber}/actions/withdraw`, { reason: 'Wij zijn verhuisd.' }, asComplainant);
    expect(withdrawn.status).toBe(200);
    await until(caseNumber, (v) => v.status === 'withdrawn');
    const hearingResult = await env.client.workflow.getHandle(hearingWorkflowId(caseNumber)).result();
    expect(hearingResult.outcome).toBe('cancelled');
    const kinds = (await lettersOf(caseNumber)).map((l) => l.kind);
    expect(kinds).toEqual(expect.arrayContaining(['verzoek-beschikbaarheid', 'uitnodiging-hoorzitting', 'bevestiging-intrekking']));
  }, 180_000);
});
