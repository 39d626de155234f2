/**
 * The compliance child workflow (process.md steps 15–16), started directly with the client after a
 * case is filed, on the real time-skipping test server (terms of weeks) and, for the main path and
 * its recorded history, on the dev server.
 *
 * Dates are concrete: the advice is dated in 2028 (the last year with a royal decree on file), so
 * every term lies ahead of the server's clock until then. The time-skipping server's clock only moves
 * forward; the tests in the first describe run in order and each skips no further than the next needs.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refusalsOf, type Refusal } from '../../contracts/refusals';
import { fileComplaint } from '../../api/services/intake';
import { complaintWorkflowId, complianceWorkflowId } from '../../domain/caseNumber';
import { endOfAmsterdamDay, startOfAmsterdamDay } from '../../domain/clock';
import { CURRENT_POLICY_VERSION } from '../../domain/policy';
import type { complianceWorkflow, ComplianceInput } from '../../workflows/compliance';
import {
  approveEscalationUpdate,
  cancelChildSignal,
  complianceStateQuery,
  reportMeasureUpdate,
  verifyMeasureUpdate,
  type Actor,
  type ComplianceView,
} from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually } from '../helpers/http';
import { recordHistory } from '../helpers/histories';
import { createTestWorker, type TestWorker, devServerEnvironment, timeSkippingEnvironment, uniqueTaskQueue } from '../helpers/temporal';

const SECRETARY: Actor = { userId: 'secr-anne', role: 'secretary' };
const CHAIR: Actor = { userId: 'chair-carla', role: 'chair' };
const SCHOOL: Actor = { userId: 'school-12AB', role: 'school' };

/** Friday 3 March 2028: 8 weeks end on Friday 28 April, a day equated with a holiday (royal decree), so the Atw moves it to Monday 1 May. */
const ADVICE = '2028-03-03';
const MEASURES = [
  { id: 'm1', description: 'Anti-pestprotocol herzien en aan de ouders gestuurd' },
  { id: 'm2', description: 'Training sociale veiligheid voor het team', termWeeks: 12 },
];

type Handle = WorkflowHandle<typeof complianceWorkflow>;

function harness(makeEnv: () => Promise<TestWorkflowEnvironment>) {
  const h = {} as { database: TestDatabase; env: TestWorkflowEnvironment; intakeEnv: TestWorkflowEnvironment; client: Client; worker: TestWorker; running: Promise<void>; taskQueue: string };

  beforeAll(async () => {
    h.database = await createTestDatabase();
    h.intakeEnv = await devServerEnvironment();
  });

  // A Temporal environment of its own for every test (a fresh time-skipping server): skipping time
  // for one case then fires no timers of the cases other tests left open.
  beforeEach(async () => {
    h.env = await makeEnv();
    // A plain client: waiting for a result must not unlock the test server's clock (the env's
    // client does), or it jumps to whatever timer comes next, of any workflow. Tests move the clock
    // only with env.sleep, to the dates they name.
    h.client = new Client({ connection: h.env.connection, namespace: h.env.namespace ?? 'default' });
    h.taskQueue = uniqueTaskQueue('compliance');
    h.worker = await createTestWorker(h.env, h.database.db, h.taskQueue);
    h.running = h.worker.run();
  });

  afterEach(async () => {
    h.worker?.shutdown();
    await h.running;
    await h.env?.teardown();
  });

  afterAll(async () => {
    await h.intakeEnv?.teardown();
    await h.database?.drop();
  });

  async function start(opts: { adviceIssuedOn?: string; measures?: ComplianceInput['measures']; maxHistoryEvents?: number } = {}) {
    // A case as intake stores it. Its complaint workflow is not part of these tests: it goes to the
    // shared dev server on a queue no worker polls, and is ended there, so that nothing of it can
    // hold or move the time-skipping server's clock.
    const filed = await fileComplaint({ db: h.database.db, temporal: h.intakeEnv.client, taskQueue: uniqueTaskQueue('parked'), secret: TEST_SECRET }, sampleComplaint());
    await h.intakeEnv.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber)).terminate('compliance workflow tested on its own');
    const input: ComplianceInput = {
      caseNumber: filed.caseNumber,
      policyVersion: CURRENT_POLICY_VERSION,
      adviceIssuedOn: opts.adviceIssuedOn ?? ADVICE,
      measures: opts.measures ?? MEASURES,
      ...(opts.maxHistoryEvents ? { maxHistoryEvents: opts.maxHistoryEvents } : {}),
    };
    const started = await h.client.workflow.start<typeof complianceWorkflow>('complianceWorkflow', {
      workflowId: complianceWorkflowId(filed.caseNumber),
      taskQueue: h.taskQueue,
      args: [input],
    });
    // Without a run id, so updates follow the workflow through continue-as-new.
    const handle: Handle = h.client.workflow.getHandle(started.workflowId);
    const caseId: string = (await h.database.db('cases').where({ case_number: filed.caseNumber }).first()).id;
    await eventually(async () => ((await measureRows(caseId)).length === input.measures.length ? true : undefined));
    return { caseNumber: filed.caseNumber, caseId, handle, firstRunId: started.firstExecutionRunId };
  }

  const measureRows = (caseId: string) => h.database.db('compliance_measures').where({ case_id: caseId }).orderBy('measure_id');
  const letters = (caseId: string, kind: string) => h.database.db('letters').where({ case_id: caseId, kind }).orderBy('id');
  const events = async (caseId: string, prefix = 'compliance.') =>
    (await h.database.db('case_events').where({ case_id: caseId }).andWhere('type', 'like', `${prefix}%`).orderBy('id')).map((e) => ({ type: e.type as string, actor: e.actor as string, data: e.data }));
  const counts = async (caseId: string) => ({
    events: Number((await h.database.db('case_events').where({ case_id: caseId }).count<{ count: string }[]>('* as count'))[0].count),
    letters: Number((await h.database.db('letters').where({ case_id: caseId }).count<{ count: string }[]>('* as count'))[0].count),
    measures: JSON.stringify(await measureRows(caseId)),
  });

  async function waitFor(handle: Handle, predicate: (v: ComplianceView) => boolean, timeoutMs = 30_000): Promise<ComplianceView> {
    return eventually(async () => {
      const v = await handle.query(complianceStateQuery).catch(() => undefined);
      return v && predicate(v) ? v : undefined;
    }, timeoutMs);
  }

  const report = (handle: Handle, measureId: string, evidence = `Verslag uitvoering ${measureId}`) =>
    handle.executeUpdate(reportMeasureUpdate, { args: [{ measureId, evidence, documentIds: [`doc-${measureId}`], by: SCHOOL }] });
  const verify = (handle: Handle, measureId: string, accepted = true, reason?: string) =>
    handle.executeUpdate(verifyMeasureUpdate, { args: [{ measureId, accepted, ...(reason !== undefined ? { reason } : {}), by: SECRETARY }] });

  /** Skips the time-skipping server's clock to `instant` (epoch ms), plus a minute. */
  async function skipTo(instant: number): Promise<void> {
    const now = await h.env.currentTimeMs();
    if (instant > now) await h.env.sleep(instant - now + 60_000);
  }

  return { h, start, measureRows, letters, events, counts, waitFor, report, verify, skipTo };
}

async function refusal(p: Promise<unknown>): Promise<Refusal[] | undefined> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return refusalsOf((err as WorkflowUpdateFailedError).cause);
}

describe('compliance workflow on the time-skipping test server', () => {
  const { h, start, measureRows, letters, events, counts, waitFor, report, verify, skipTo } = harness(timeSkippingEnvironment);

  it('computes each measure’s term, and closes as complied with a confirmation to both parties when every measure is verified', async () => {
    const { caseId, handle } = await start();
    const view = await handle.query(complianceStateQuery);
    expect(view.status).toBe('running');
    expect(view.measures.map((m) => [m.id, m.due, m.status])).toEqual([
      ['m1', '2028-05-01', 'open'],
      ['m2', '2028-05-29', 'open'],
    ]);
    const byId = Object.fromEntries(view.terms.map((t) => [t.id, t]));
    expect(byId['compliance:m1']).toMatchObject({ key: 'compliance', trigger: ADVICE, due: '2028-05-01', remindOn: '2028-04-17', status: 'running' });
    // The advice's own 12 weeks end on Friday 26 May 2028 (royal decree): Monday 29 May.
    expect(byId['compliance:m2']).toMatchObject({ key: 'compliance', trigger: ADVICE, due: '2028-05-29', remindOn: '2028-05-15', status: 'running' });
    expect(byId['compliance:m1'].explanation.nl).toMatch(/acht weken/);
    expect(byId['compliance:m1'].explanation.nl).toMatch(/1 mei 2028/);
    expect(byId['compliance:m2'].explanation.nl).toMatch(/twaalf weken/);
    expect(byId['compliance:m2'].explanation.nl).toMatch(/29 mei 2028/);
    expect(view.allowedActions).toEqual(['reportMeasure']);

    const afterReport = await report(handle, 'm1');
    expect(afterReport.measures[0]).toMatchObject({ status: 'reported', reports: [{ evidence: 'Verslag uitvoering m1', documentIds: ['doc-m1'] }] });
    expect(afterReport.allowedActions).toEqual(['reportMeasure', 'verifyMeasure']);
    const afterVerify = await verify(handle, 'm1');
    expect(afterVerify.measures[0].status).toBe('verified');
    expect(afterVerify.terms.map((t) => t.id)).toEqual(['compliance:m2']);
    await report(handle, 'm2');
    await verify(handle, 'm2');

    const result = await handle.result();
    expect(result.outcome).toBe('advised-complied');
    expect(result.measures.map((m) => m.status)).toEqual(['verified', 'verified']);

    const confirmations = await letters(caseId, 'bevestiging-naleving');
    expect(confirmations.map((l) => l.addressee_role).sort()).toEqual(['complainant', 'school-board']);
    expect(confirmations[0].data_snapshot.details.measures.map((m: { description: string }) => m.description)).toEqual(MEASURES.map((m) => m.description));
    expect(await letters(caseId, 'melding-niet-naleving')).toEqual([]);

    expect((await events(caseId)).map((e) => e.type)).toEqual([
      'compliance.started',
      'compliance.measure-reported',
      'compliance.measure-verified',
      'compliance.measure-reported',
      'compliance.measure-verified',
      'compliance.complied',
      'compliance.completed',
    ]);
    const rows = await measureRows(caseId);
    expect(rows.map((r) => [r.measure_id, r.due, r.status, r.reports.length])).toEqual([
      ['m1', '2028-05-01', 'verified', 1],
      ['m2', '2028-05-29', 'verified', 1],
    ]);
    expect(rows[0].verified_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('takes a rejected report with its reason, and accepts the school’s second report', async () => {
    const { caseId, handle } = await start({ measures: [MEASURES[0]] });
    await report(handle, 'm1', 'Protocol in concept');
    const rejected = await verify(handle, 'm1', false, 'Het protocol is nog niet vastgesteld.');
    expect(rejected.measures[0]).toMatchObject({ status: 'rejected', rejections: [{ reason: 'Het protocol is nog niet vastgesteld.' }] });
    // The term keeps running: the school may report again.
    expect(rejected.terms.map((t) => [t.id, t.due])).toEqual([['compliance:m1', '2028-05-01']]);
    expect(rejected.allowedActions).toEqual(['reportMeasure']);
    await report(handle, 'm1', 'Vastgesteld protocol, besluit MR van 10 maart');
    const accepted = await verify(handle, 'm1');
    expect(accepted.measures[0]).toMatchObject({ status: 'verified', reports: [{ evidence: 'Protocol in concept' }, { evidence: 'Vastgesteld protocol, besluit MR van 10 maart' }] });

    expect((await handle.result()).outcome).toBe('advised-complied');
    const log = await events(caseId, 'compliance.measure-');
    expect(log.map((e) => e.type)).toEqual(['compliance.measure-reported', 'compliance.measure-rejected', 'compliance.measure-reported', 'compliance.measure-verified']);
    expect(log[1]).toMatchObject({ actor: SECRETARY.userId, data: { measureId: 'm1', reason: 'Het protocol is nog niet vastgesteld.' } });
    expect(log[0].actor).toBe(SCHOOL.userId);
    const [row] = await measureRows(caseId);
    expect(row.rejections).toEqual([expect.objectContaining({ reason: 'Het protocol is nog niet vastgesteld.' })]);
    expect(row.reports).toHaveLength(2);
  });

  it('refuses invalid reports and verifications, and writes nothing', async () => {
    const { caseId, handle } = await start();
    const before = await counts(caseId);

    expect(await refusal(report(handle, 'm9'))).toEqual([{ code: 'unknown-measure', field: 'measureId', params: { measureId: 'm9' } }]);
    expect(await refusal(report(handle, 'm1', '   '))).toEqual([{ code: 'required', field: 'evidence', params: {} }]);
    expect(await refusal(verify(handle, 'm1'))).toEqual([{ code: 'measure-not-reported', field: 'measureId', params: { measureId: 'm1', status: 'open' } }]);
    expect(await refusal(handle.executeUpdate(reportMeasureUpdate, { args: [{ measureId: 'm1', evidence: 'x', by: { userId: 'anna', role: 'complainant' } }] }))).toEqual([
      { code: 'role-not-allowed', field: 'by.role', params: { roles: 'school or secretary' } },
    ]);

    await report(handle, 'm1');
    const afterReport = await counts(caseId);
    expect(await refusal(verify(handle, 'm1', false))).toEqual([{ code: 'required', field: 'reason', params: {} }]);
    expect(await refusal(verify(handle, 'm1', false, '  '))).toEqual([{ code: 'required', field: 'reason', params: {} }]);
    expect(await refusal(handle.executeUpdate(verifyMeasureUpdate, { args: [{ measureId: 'm1', accepted: true, by: SCHOOL }] }))).toEqual([{ code: 'role-not-allowed', field: 'by.role', params: { roles: 'secretary' } }]);
    expect(await refusal(handle.executeUpdate(approveEscalationUpdate, { args: [{ letterId: '1', by: CHAIR }] }))).toEqual([{ code: 'letter-not-awaiting-approval', field: 'letterId', params: { letterId: '1' } }]);

    expect(afterReport.events).toBe(before.events + 1);
    expect(await counts(caseId)).toEqual(afterReport);
    expect((await handle.query(complianceStateQuery)).measures.map((m) => m.status)).toEqual(['reported', 'open']);
    // Refused updates leave no trace in the history: only the one accepted report.
    const history = await handle.fetchHistory();
    expect(history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
    await handle.signal(cancelChildSignal, { reason: 'test done' });
    await handle.result();
  });

  it('ends as cancelled on the parent’s signal, closing every term', async () => {
    const { caseId, handle } = await start();
    await report(handle, 'm1');
    await handle.signal(cancelChildSignal, { reason: 'withdrawn' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'cancelled', measures: [{ id: 'm1', status: 'reported' }, { id: 'm2', status: 'open' }] });
    const log = await events(caseId);
    expect(log.at(-1)).toMatchObject({ type: 'compliance.cancelled', data: { reason: 'withdrawn' } });
    expect(await letters(caseId, 'bevestiging-naleving')).toEqual([]);
    expect(await letters(caseId, 'melding-niet-naleving')).toEqual([]);
    expect((await measureRows(caseId)).map((r) => r.status)).toEqual(['reported', 'open']);
  });

  it('continues as new when its history grows long, keeping measures and terms', async () => {
    const { caseId, handle, firstRunId } = await start({ maxHistoryEvents: 30 });
    await report(handle, 'm1');
    await verify(handle, 'm1');
    await report(handle, 'm2', 'Eerste melding');
    const { runId } = await eventually(async () => {
      const d = await handle.describe();
      return d.runId !== firstRunId ? d : undefined;
    });
    expect(runId).not.toBe(firstRunId);
    const firstRun = await h.client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
    expect(firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    const view = await handle.query(complianceStateQuery);
    expect(view.measures.map((m) => [m.id, m.due, m.status, m.reports.length])).toEqual([
      ['m1', '2028-05-01', 'verified', 1],
      ['m2', '2028-05-29', 'reported', 1],
    ]);
    expect(view.terms.map((t) => [t.id, t.due, t.remindOn])).toEqual([['compliance:m2', '2028-05-29', '2028-05-15']]);
    await verify(handle, 'm2');
    const result = await handle.result();
    expect(result.outcome).toBe('advised-complied');
    expect(result.measures[1].reports[0].evidence).toBe('Eerste melding');
    // Every step was written once, across runs.
    expect((await events(caseId)).map((e) => e.type).filter((t) => t === 'compliance.started')).toHaveLength(1);
    expect((await letters(caseId, 'bevestiging-naleving')).length).toBe(2);
  });

  it('reminds the school board two weeks before the due date', async () => {
    const { caseId, handle } = await start();
    expect(await letters(caseId, 'herinnering-naleving')).toEqual([]);
    await skipTo(startOfAmsterdamDay('2028-04-17'));
    const [reminder] = await eventually(async () => {
      const rows = await letters(caseId, 'herinnering-naleving');
      return rows.length ? rows : undefined;
    });
    expect(reminder.addressee_role).toBe('school-board');
    expect(reminder.data_snapshot.term.due).toBe('2028-05-01');
    expect(reminder.data_snapshot.details).toEqual({ measures: [{ description: MEASURES[0].description, due: '2028-05-01' }] });
    expect(await letters(caseId, 'herinnering-naleving')).toHaveLength(1);
    expect((await events(caseId)).find((e) => e.type === 'compliance.reminder')).toMatchObject({ data: { measures: ['m1'], due: '2028-05-01' } });
    expect((await handle.query(complianceStateQuery)).terms.find((t) => t.id === 'compliance:m1')?.reminderSent).toBe(true);
    await handle.signal(cancelChildSignal, { reason: 'test done' });
    await handle.result();
  });

  it('gives a silent school a grace period, then escalates to the Inspectorate after a secretary’s approval', async () => {
    // The clock stands at 17 April 2028: the reminder goes out at once.
    const { caseId, handle } = await start({ measures: [MEASURES[0]] });
    await skipTo(endOfAmsterdamDay('2028-05-01'));
    const inGrace = await waitFor(handle, (v) => v.status === 'grace');
    expect(inGrace.terms.map((t) => [t.id, t.key, t.trigger, t.due])).toEqual([['grace:m1', 'complianceGrace', '2028-05-01', '2028-05-08']]);
    expect(inGrace.allowedActions).toEqual(['reportMeasure']);

    await skipTo(endOfAmsterdamDay('2028-05-08'));
    const waiting = await waitFor(handle, (v) => v.status === 'awaiting-escalation-approval');
    expect(waiting.measures[0].status).toBe('not-complied');
    expect(waiting.terms).toEqual([]);
    expect(waiting.allowedActions).toEqual(['approveEscalation']);

    const escalation = await letters(caseId, 'melding-niet-naleving');
    expect(escalation.map((l) => l.addressee_role).sort()).toEqual(['complainant', 'inspectorate', 'school-board']);
    expect(escalation.every((l) => l.status === 'awaiting-approval')).toBe(true);
    expect(escalation[0].data_snapshot.details.measures).toEqual([{ description: MEASURES[0].description, due: '2028-05-01', status: 'niet uitgevoerd; geen melding van uitvoering ontvangen' }]);
    expect(await refusal(report(handle, 'm1'))).toEqual([{ code: 'escalation-awaits-approval', field: 'action', params: {} }]);
    expect(await refusal(handle.executeUpdate(approveEscalationUpdate, { args: [{ letterId: String(escalation[0].id), by: SCHOOL }] }))).toEqual([
      { code: 'role-not-allowed', field: 'by.role', params: { roles: 'chair' } },
    ]);
    expect(await refusal(handle.executeUpdate(approveEscalationUpdate, { args: [{ letterId: '999999', by: CHAIR }] }))).toEqual([
      { code: 'letter-not-awaiting-approval', field: 'letterId', params: { letterId: '999999' } },
    ]);

    const inspectorateLetter = escalation.find((l) => l.addressee_role === 'inspectorate');
    // Escalation is proposed by the system and approved by a chair; a secretary is refused for the role.
    expect(await refusal(handle.executeUpdate(approveEscalationUpdate, { args: [{ letterId: String(inspectorateLetter.id), by: SECRETARY }] }))).toEqual([
      { code: 'role-not-allowed', field: 'by.role', params: { roles: 'chair' } },
    ]);
    await handle.executeUpdate(approveEscalationUpdate, { args: [{ letterId: String(inspectorateLetter.id), by: CHAIR }] });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'advised-not-complied', measures: [{ id: 'm1', due: '2028-05-01', status: 'not-complied' }] });
    expect((await letters(caseId, 'melding-niet-naleving')).every((l) => l.status !== 'awaiting-approval')).toBe(true);
    expect((await events(caseId)).map((e) => e.type)).toEqual([
      'compliance.started',
      'compliance.reminder',
      'compliance.grace-started',
      'compliance.measure-not-complied',
      'compliance.escalated',
      'compliance.escalation-approved',
      'compliance.completed',
    ]);
    const [row] = await measureRows(caseId);
    expect(row).toMatchObject({ status: 'not-complied', due: '2028-05-01' });
  });

  it('closes as partly complied when one measure is verified and another is not, and escalates', async () => {
    const advice = '2028-06-02'; // 8 weeks: Friday 28 July 2028; grace until Friday 4 August.
    const { caseId, handle } = await start({ adviceIssuedOn: advice, measures: [MEASURES[0], { id: 'm2', description: 'Gesprek met de ouders over de aanpak' }] });
    await report(handle, 'm1');
    await verify(handle, 'm1');
    // m2: reported within the term, rejected; the school does not report again.
    await report(handle, 'm2', 'Gesprek gepland');
    await verify(handle, 'm2', false, 'Het gesprek heeft nog niet plaatsgevonden.');
    await skipTo(endOfAmsterdamDay('2028-08-04'));
    const waiting = await waitFor(handle, (v) => v.status === 'awaiting-escalation-approval');
    expect(waiting.measures.map((m) => [m.id, m.due, m.status])).toEqual([
      ['m1', '2028-07-28', 'verified'],
      ['m2', '2028-07-28', 'not-complied'],
    ]);
    const escalation = await letters(caseId, 'melding-niet-naleving');
    // Only the measure not carried out is reported to the Inspectorate.
    expect(escalation[0].data_snapshot.details.measures).toEqual([
      { description: 'Gesprek met de ouders over de aanpak', due: '2028-07-28', status: 'uitvoering gemeld maar niet aanvaard: Het gesprek heeft nog niet plaatsgevonden.' },
    ]);
    await handle.executeUpdate(approveEscalationUpdate, { args: [{ letterId: String(escalation[0].id), by: CHAIR }] });
    const result = await handle.result();
    expect(result.outcome).toBe('advised-partly-complied');
    expect(await letters(caseId, 'bevestiging-naleving')).toEqual([]);
    const grace = (await events(caseId)).find((e) => e.type === 'compliance.grace-started');
    expect(grace?.data).toMatchObject({ measureId: 'm2', due: '2028-07-28', graceDue: '2028-08-04' });
  });
});

describe('compliance workflow on the dev server', () => {
  const { start, letters, report, verify } = harness(devServerEnvironment);

  it('runs the main path: reports verified, complied, confirmation letters', async () => {
    const { caseId, handle } = await start();
    await report(handle, 'm1');
    await verify(handle, 'm1', false, 'Bewijs ontbreekt.');
    await report(handle, 'm1', 'Vastgesteld protocol');
    await verify(handle, 'm1');
    await report(handle, 'm2');
    await verify(handle, 'm2');
    expect((await handle.result()).outcome).toBe('advised-complied');
    expect((await letters(caseId, 'bevestiging-naleving')).length).toBe(2);
    await recordHistory('compliance-rejected-then-complied', handle);
  });
});
