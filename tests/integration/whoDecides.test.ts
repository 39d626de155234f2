/**
 * Who decides (process.md, "Who decides"; issue 12): admissibility is the chair's, the advice is the
 * panel's and approved by a chair, and a secretary can neither decide nor approve — refused by the
 * action table (403, as the API answers) and by the workflow's own validator alike. On the real
 * time-skipping server, from a fixed day so that due dates are written out.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { refusalsOf } from '../../contracts/refusals';
import { approveLetterUpdate, decideAdmissibilityUpdate, issueAdviceUpdate } from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { CHAIR, MEMBER, ProcedureDriver, procedurePerTest, SECRETARY, TestCase } from '../helpers/procedure';

/** Tuesday 2 March 2027, 10:00 in Amsterdam: the day every case here is filed. */
const FILED_AT = Date.parse('2027-03-02T09:00:00Z');

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let driver: ProcedureDriver;
let taskQueue: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' }).onConflict('brin').ignore();
  for (const [name, role] of [['mr. A. Voorzitter', 'chair'], ['drs. B. Lid', 'member'], ['dr. C. Lid', 'member']] as const) {
    await database.db('committee_members').insert({ name, email: `${role}.${name.length}@lko.example.nl`, role, conflicts: '[]' });
  }
});

const perTest = procedurePerTest(() => database.db, 'decides');
beforeEach(() => {
  ({ env, taskQueue, driver } = perTest.current());
});

afterAll(async () => {
  await database?.drop();
});

/** Files a complaint on FILED_AT (the test server's clock is moved there first). */
async function fileOnFixedDay(): Promise<TestCase> {
  const now = await env.currentTimeMs();
  if (FILED_AT > now) await env.sleep(FILED_AT - now);
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date(FILED_AT) }, sampleComplaint());
  const c = new TestCase(driver, filed.caseNumber);
  await c.waitFor((s) => s.status === 'admissibility');
  return c;
}

/** The refusal a workflow validator answers when an update is sent to it directly (no API in front). */
async function validatorRefusal(run: () => Promise<unknown>) {
  try {
    await run();
    return undefined;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    return refusalsOf(err.cause);
  }
}

describe('admissibility is the chair’s', () => {
  it('refuses a secretary (403 over the action table, role-not-allowed in the validator); the chair decides and the defence term starts', async () => {
    const c = await fileOnFixedDay();
    const events = await c.events();
    expect(await c.refusal('decideAdmissibility', { admissible: true }, SECRETARY)).toEqual({
      status: 403,
      errors: [{ code: 'action-not-for-role', field: 'action', params: { role: 'secretary', action: 'decideAdmissibility' } }],
    });
    // Straight to the workflow, past the API: its validator refuses the secretary too.
    expect(await validatorRefusal(() => c.handle.executeUpdate(decideAdmissibilityUpdate, { args: [{ admissible: true, by: SECRETARY }] }))).toEqual([
      { code: 'role-not-allowed', field: 'by.role', params: { roles: 'chair' } },
    ]);
    expect(await c.events()).toEqual(events);

    const decided = await c.act('decideAdmissibility', { admissible: true }, CHAIR);
    expect(decided.status).toBe('defence');
    // Four weeks from Tuesday 2 March 2027.
    expect(decided.terms.map((t) => [t.id, t.due])).toEqual([['defence', '2027-03-30']]);
    expect(await c.eventData('admissibility.decided')).toEqual([{ admissible: true, lateAccepted: null }]);
    expect((await c.letters()).filter((l) => l.kind === 'kennisgeving-klacht').map((l) => [l.addressee_role, l.data_snapshot.term.due])).toEqual([['school-board', '2027-03-30']]);
  });

  it('the refusal after an unanswered completion request goes out only when a chair approves it, and says so', async () => {
    const c = await fileOnFixedDay();
    const requested = await c.act('requestCompletion', { missing: ['de datum van het incident'] }, SECRETARY);
    // Two weeks from Tuesday 2 March 2027.
    expect(requested.terms.find((t) => t.id === 'completion')?.due).toBe('2027-03-16');
    await env.sleep('16 days');
    const waiting = await c.waitFor((s) => s.awaitingApproval.length > 0);
    const letterId = waiting.awaitingApproval[0];
    expect(await c.refusal('approveLetter', { letterId }, SECRETARY)).toEqual({
      status: 403,
      errors: [{ code: 'action-not-for-role', field: 'action', params: { role: 'secretary', action: 'approveLetter' } }],
    });
    expect(await validatorRefusal(() => c.handle.executeUpdate(approveLetterUpdate, { args: [{ letterId, by: SECRETARY }] }))).toEqual([
      { code: 'role-not-allowed', field: 'by.role', params: { roles: 'chair' } },
    ]);
    expect((await c.letters()).filter((l) => l.kind === 'beslissing-niet-ontvankelijk').map((l) => l.status)).toEqual(['awaiting-approval', 'awaiting-approval']);

    await c.act('approveLetter', { letterId }, CHAIR);
    expect((await c.waitFor((s) => s.closed)).status).toBe('inadmissible');
    const decision = (await c.letters()).filter((l) => l.kind === 'beslissing-niet-ontvankelijk');
    expect(decision.map((l) => [l.addressee_role, l.status === 'awaiting-approval'])).toEqual([
      ['complainant', false],
      ['school-board', false],
    ]);
    // The letter says the chair decided: only a chair could send it.
    expect(decision[0].html).toContain('De voorzitter van de commissie heeft beslist');
    expect(await c.eventData('letter.approved')).toEqual([
      expect.objectContaining({ kind: 'beslissing-niet-ontvankelijk', approvedBy: CHAIR.userId, role: 'chair', draftedBy: 'system' }),
    ]);
  }, 120_000);
});

describe('the advice is the panel’s, approved by a chair', () => {
  it('a secretary can neither draft nor approve it; a member drafts, the member cannot approve, the chair does', async () => {
    const c = await fileOnFixedDay();
    await c.toDeliberation();
    const advice = { finding: 'gegrond', reasons: 'De school heeft het pesten niet aangepakt.', measures: [{ description: 'Stel een pestprotocol op.', termWeeks: 6 }] };
    expect(await c.refusal('issueAdvice', advice, SECRETARY)).toEqual({
      status: 403,
      errors: [{ code: 'action-not-for-role', field: 'action', params: { role: 'secretary', action: 'issueAdvice' } }],
    });
    expect(await validatorRefusal(() => c.handle.executeUpdate(issueAdviceUpdate, { args: [{ ...advice, finding: 'gegrond', by: SECRETARY }] }))).toEqual([
      { code: 'role-not-allowed', field: 'by.role', params: { roles: 'chair or member' } },
    ]);

    const drafted = await c.act('issueAdvice', advice, MEMBER);
    const letterId = drafted.awaitingApproval[0];
    expect((await c.refusal('approveLetter', { letterId }, SECRETARY))?.status).toBe(403);
    expect((await c.refusal('approveLetter', { letterId }, MEMBER))?.status).toBe(403);
    const approved = await c.act('approveLetter', { letterId }, CHAIR);
    expect(approved.awaitingApproval).toEqual([]);
    await c.waitFor((s) => s.status === 'compliance');
    expect(await c.eventData('letter.approved')).toEqual([expect.objectContaining({ kind: 'advies', approvedBy: CHAIR.userId, role: 'chair', draftedBy: MEMBER.userId })]);

    // Binding or not is the policy's: advisory under today's law, citing the primary school's article.
    const letter = (await c.letters()).find((l) => l.kind === 'advies' && l.addressee_role === 'school-board')!;
    expect(letter.data_snapshot.details.binding).toBe(false);
    expect(letter.data_snapshot.details.regime).toEqual({
      kind: 'advisory',
      effectiveFrom: '2026-01-01',
      legalBasis: 'advies; het bevoegd gezag deelt binnen vier weken mee of het het oordeel overneemt en welke maatregelen het neemt (art. 14 WPO)',
      legalBasisEn: 'advice; the school board says within four weeks whether it accepts the finding and which measures it takes (Section 14 WPO (Primary Education Act))',
    });
    expect(letter.html).toContain('Dit advies is\nniet bindend');
    expect(letter.html).toContain('(art. 14 WPO).');
    expect(letter.html).not.toContain('bindend\nadvies');
  }, 180_000);
});
