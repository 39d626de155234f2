/**
 * One whole case, driven only through the HTTP API as the people involved use it: the complainant
 * (access code), the secretary, the chair and the school (API tokens). It runs on the real
 * time-skipping server so that the weeks between steps pass in seconds; every letter goes out over
 * real SMTP. From intake to `advised-complied`.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffToken, schoolToken } from '../helpers/tokens';
import { complaintWorkflowId } from '../../domain/caseNumber';
import type { TestDatabase } from '../helpers/db';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { recordHistory } from '../helpers/histories';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson, type TestServer } from '../helpers/http';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let stack: AppStack;
let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startAppStack('lifecycle', { timeSkipping: true });
  ({ database, env, server } = stack);
  tokens.secretary = (await staffToken(database.db, { name: 'Anne Secretaris', role: 'secretary' })).token;
  tokens.secretary2 = (await staffToken(database.db, { name: 'Bart Secretaris', role: 'secretary' })).token;
  tokens.chair = (await staffToken(database.db, { name: 'Carla Voorzitter', role: 'chair' })).token;
  // Speaks for the committee member drs. B. Lid (matched by e-mail), who sits on every panel here.
  tokens.member = (await staffToken(database.db, { name: 'drs. B. Lid', role: 'member', email: 'member.11@lko.example.nl' })).token;
  tokens.school = await schoolToken(database.db, { subject: 'board-12AB', name: 'Stichting De Linde', brin: '12AB' });
  tokens.otherSchool = await schoolToken(database.db, { subject: 'board-99ZZ', name: 'Andere stichting', brin: '99ZZ' });
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' });
  for (const [name, role] of [['mr. A. Voorzitter', 'chair'], ['drs. B. Lid', 'member'], ['dr. C. Lid', 'member']] as const) {
    await database.db('committee_members').insert({ name, email: `${role}.${name.length}@lko.example.nl`, role, conflicts: '[]' });
  }
});

afterAll(async () => {
  await stack?.stop();
});

const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

async function act(who: string, caseNumber: string, action: string, body: Record<string, unknown> = {}): Promise<any> {
  const res = await postJson(`${server.url}/api/cases/${caseNumber}/actions/${action}`, body, auth(who));
  if (res.status !== 200) throw new Error(`${who} ${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function caseView(caseNumber: string): Promise<any> {
  return (await getJson(`${server.url}/api/cases/${caseNumber}`, auth('secretary'))).body;
}

async function until(caseNumber: string, predicate: (v: any) => boolean): Promise<any> {
  return eventually(async () => {
    const v = await caseView(caseNumber);
    return predicate(v) ? v : undefined;
  }, 60_000, 200);
}

describe('a whole case over HTTP', () => {
  it('runs from intake to advice complied with, with every step visible to the complainant', async () => {
    const filed = await postJson(`${server.url}/api/complaints`, sampleComplaintBody());
    expect(filed.status).toBe(201);
    const { caseNumber, accessCode } = filed.body;
    const asComplainant = { 'X-Access-Code': accessCode };
    await until(caseNumber, (v) => v.status === 'admissibility');

    // Authorisation: a school reaches only its own cases; no token, no case.
    expect((await getJson(`${server.url}/api/cases/${caseNumber}`, auth('otherSchool'))).status).toBe(404);
    expect((await getJson(`${server.url}/api/cases/${caseNumber}`)).status).toBe(401);
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`, { admissible: true }, auth('school'))).status).toBe(403);
    // The chair decides admissibility; a secretary prepares it and cannot decide.
    expect((await postJson(`${server.url}/api/cases/${caseNumber}/actions/decideAdmissibility`, { admissible: true }, auth('secretary'))).status).toBe(403);

    await act('chair', caseNumber, 'decideAdmissibility', { admissible: true });
    await act('school', caseNumber, 'submitDefence', { text: 'De school heeft een anti-pestcoördinator ingezet en gesprekken gevoerd.' });
    await until(caseNumber, (v) => v.workflow.complaint?.allowedActions.includes('decideReplyRound'));
    await act('secretary', caseNumber, 'decideReplyRound', { hold: false });

    // Hearing: the panel is formed, everyone states availability, the secretary picks a date.
    const hearing = await eventually(async () => {
      const v = await caseView(caseNumber);
      return v.workflow.hearing?.status === 'collecting-availability' ? v.workflow.hearing : undefined;
    }, 60_000, 200);
    expect(hearing.panel.map((p: any) => p.role).sort()).toEqual(['chair', 'member', 'member']);
    // The availability request offers candidate dates (working days after the notice period).
    const request = await database.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', caseNumber).where('letters.kind', 'verzoek-beschikbaarheid').first('letters.data_snapshot');
    const candidates: string[] = request.data_snapshot.details.candidateDates;
    expect(candidates.length).toBeGreaterThan(0);
    const date = candidates[0];
    const complainantAvailability = await postJson(`${server.url}/api/complaints/${caseNumber}/actions/submitAvailability`, { respondent: 'complainant', dates: [date] }, asComplainant);
    expect(complainantAvailability.status).toBe(200);
    await act('school', caseNumber, 'submitAvailability', { respondent: 'school', dates: [date] });
    for (const member of hearing.panel) await act('secretary', caseNumber, 'submitAvailability', { respondent: member.memberId, dates: [date] });
    await act('secretary', caseNumber, 'scheduleHearing', { date, startTime: '10:00', location: 'Utrecht, Nieuwegracht 1', videoLink: 'https://video.example.nl/hoorzitting' });
    const scheduled = await until(caseNumber, (v) => v.status === 'hearing-scheduled');
    expect(scheduled.nextDeadline).toBe(date);

    // The hearing day comes; the chair records it.
    const days = Math.ceil((Date.parse(`${date}T12:00:00Z`) - (await env.currentTimeMs())) / 86_400_000) + 1;
    await env.sleep(`${days} days`);
    await eventually(async () => ((await caseView(caseNumber)).workflow.hearing?.allowedActions?.includes('recordHearing') ? true : undefined), 60_000, 200);
    await act('chair', caseNumber, 'recordHearing', { held: true, absentParties: [], minutes: 'Beide partijen gehoord.' });
    const deliberation = await until(caseNumber, (v) => v.status === 'deliberation');
    // The advice regime comes from the policy: advisory until the bill is law, with the sector's article.
    expect(deliberation.adviceRegime).toEqual({
      kind: 'advisory',
      binding: false,
      effectiveFrom: '2026-01-01',
      legalBasis: {
        nl: 'advies; het bevoegd gezag deelt binnen vier weken mee of het het oordeel overneemt en welke maatregelen het neemt (art. 14 WPO)',
        en: 'advice; the school board says within four weeks whether it accepts the finding and which measures it takes (Section 14 WPO (Primary Education Act))',
      },
    });
    expect(deliberation.workflow.complaint.terms.map((t: any) => t.id)).toEqual(['advice']);

    // Advice: drafted by the panel (a member), approved by the chair (four-eyes), then the school answers.
    const drafted = await act('member', caseNumber, 'issueAdvice', {
      finding: 'gegrond',
      reasons: 'De school heeft onvoldoende gedaan om het pesten te stoppen.',
      measures: [{ description: 'Stel een pestprotocol op en bespreek het met de ouders.', termWeeks: 6 }],
    });
    expect(drafted.awaitingApproval.length).toBeGreaterThan(0);
    const selfApproval = await postJson(`${server.url}/api/cases/${caseNumber}/actions/approveLetter`, { letterId: drafted.awaitingApproval[0] }, auth('member'));
    expect(selfApproval.status).toBe(403);
    const bySecretary = await postJson(`${server.url}/api/cases/${caseNumber}/actions/approveLetter`, { letterId: drafted.awaitingApproval[0] }, auth('secretary'));
    expect([bySecretary.status, bySecretary.body.errors[0].code]).toEqual([403, 'action-not-for-role']);
    await act('chair', caseNumber, 'approveLetter', { letterId: drafted.awaitingApproval[0] });
    await until(caseNumber, (v) => v.status === 'compliance' || v.status === 'advice-issued');
    // The board's answer is open beside compliance (the advice has a measure), and only once.
    await until(caseNumber, (v) => v.status === 'compliance' && v.workflow.complaint.allowedActions.includes('answerAdvice'));
    await act('school', caseNumber, 'answerAdvice', { acceptsFinding: true, plan: 'Wij stellen het protocol binnen zes weken op.' });
    expect((await caseView(caseNumber)).workflow.complaint.allowedActions).not.toContain('answerAdvice');

    // Compliance: the school reports the measure done, the secretary verifies it.
    const compliance = await eventually(async () => {
      const v = await caseView(caseNumber);
      return v.workflow.compliance?.measures?.length ? v.workflow.compliance : undefined;
    }, 60_000, 200);
    expect(compliance.measures[0]).toMatchObject({ id: 'm1', status: 'open' });
    await act('school', caseNumber, 'reportMeasure', { measureId: 'm1', evidence: 'Protocol vastgesteld op de MR-vergadering; zie bijlage.' });
    await act('secretary', caseNumber, 'verifyMeasure', { measureId: 'm1', accepted: true });
    const closed = await until(caseNumber, (v) => v.status === 'advised-complied');
    expect(closed.nextDeadline).toBeNull();

    // The complainant sees every step, and the letters of each.
    const seen = await getJson(`${server.url}/api/complaints/${caseNumber}`, asComplainant);
    expect(seen.body.status).toBe('advised-complied');
    const kinds = new Set(seen.body.letters.map((l: any) => l.kind));
    // Only the letters addressed to the complainant: the notice of the complaint went to the school.
    for (const kind of ['ontvangstbevestiging', 'toezending-verweer', 'verzoek-beschikbaarheid', 'uitnodiging-hoorzitting', 'advies', 'bevestiging-naleving', 'afsluiting']) {
      expect(kinds).toContain(kind);
    }
    expect(kinds).not.toContain('kennisgeving-klacht');
    // The steps as the portal page shows them; bookkeeping (letters approved, the board's answer) stays internal.
    const types = seen.body.timeline.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['complaint.received', 'admissibility.decided', 'defence.received', 'advice.issued', 'case.closed']));
    expect(types).not.toContain('letter.approved');
    await recordHistory('path-full-lifecycle-complied', env.client.workflow.getHandle(complaintWorkflowId(caseNumber)), 'fetched');
  }, 240_000);
});
