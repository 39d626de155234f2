/**
 * Drives a case through its procedure in tests: files it, runs actions as the people who take them
 * (through the same runCaseAction the API uses), and reads what the case wrote.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach } from 'vitest';
import { fileComplaint } from '../../api/services/intake';
import { runCaseAction } from '../../api/services/caseActions';
import { ActionRefused } from '../../api/errors';
import type { Refusal } from '../../contracts/refusals';
import { complaintWorkflowId, hearingWorkflowId } from '../../domain/caseNumber';
import type { ComplaintInput } from '../../domain/intake';
import type { Db } from '../../platform/db';
import { caseStateQuery, hearingStateQuery, type Actor, type CaseStateView } from '../../contracts/messages';
import { sampleComplaint, TEST_SECRET } from './fixtures';
import { eventually } from './http';
import { createTestWorker, timeSkippingEnvironment, uniqueTaskQueue, type TestWorker } from './temporal';

export const SECRETARY: Actor = { userId: 'secr-anne', role: 'secretary' };
export const SECOND_SECRETARY: Actor = { userId: 'secr-bart', role: 'secretary' };
export const CHAIR: Actor = { userId: 'chair-carla', role: 'chair' };
/** A deputy chair: a second person with the chair's powers (four-eyes on a chair's own draft). */
export const DEPUTY_CHAIR: Actor = { userId: 'chair-dirk', role: 'chair' };
export const MEMBER: Actor = { userId: 'member-mila', role: 'member' };
export const SCHOOL: Actor = { userId: 'school-12AB', role: 'school' };
export const COMPLAINANT: Actor = { userId: 'complainant', role: 'complainant' };

export class ProcedureDriver {
  constructor(
    readonly env: TestWorkflowEnvironment,
    readonly db: Db,
    readonly taskQueue: string,
  ) {}

  async file(overrides: Partial<ComplaintInput> = {}): Promise<TestCase> {
    const filed = await fileComplaint({ db: this.db, temporal: this.env.client, taskQueue: this.taskQueue, secret: TEST_SECRET }, sampleComplaint(overrides));
    const c = new TestCase(this, filed.caseNumber);
    await c.waitFor((s) => s.status === 'admissibility');
    return c;
  }
}

export class TestCase {
  constructor(
    private readonly driver: ProcedureDriver,
    readonly caseNumber: string,
  ) {}

  get handle() {
    return this.driver.env.client.workflow.getHandle(complaintWorkflowId(this.caseNumber));
  }

  state(): Promise<CaseStateView> {
    return this.handle.query(caseStateQuery);
  }

  act<T = CaseStateView>(action: string, body: Record<string, unknown>, as: Actor): Promise<T> {
    return runCaseAction(this.driver.env.client, this.caseNumber, action, body, as) as Promise<T>;
  }

  /** The refusal of an action (status and coded refusals), or undefined when it was accepted. */
  async refusal(action: string, body: Record<string, unknown>, as: Actor): Promise<{ status: number; errors: Refusal[] } | undefined> {
    try {
      await this.act(action, body, as);
      return undefined;
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err;
      return { status: err.status, errors: err.refusals };
    }
  }

  async waitFor(predicate: (s: CaseStateView) => boolean, timeoutMs = 30_000): Promise<CaseStateView> {
    return eventually(async () => {
      const s = await this.state().catch(() => undefined);
      return s && predicate(s) ? s : undefined;
    }, timeoutMs);
  }

  /** Admissible, defence received, no reply round, hearing held: the case is in deliberation. */
  async toDeliberation(): Promise<CaseStateView> {
    const { env, db } = this.driver;
    await this.act('decideAdmissibility', { admissible: true }, CHAIR);
    await this.act('submitDefence', { text: 'Het verweer van de school.' }, SCHOOL);
    await this.waitFor((s) => s.allowedActions.includes('decideReplyRound'));
    await this.act('decideReplyRound', { hold: false }, SECRETARY);
    const request = await eventually<{ data_snapshot: any }>(async () =>
      db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', this.caseNumber).where('letters.kind', 'verzoek-beschikbaarheid').first('letters.data_snapshot'),
    );
    const date: string = request.data_snapshot.details.candidateDates[0];
    // The requests are on file a moment before the hearing workflow moves on to collecting availability.
    const hearing = env.client.workflow.getHandle(hearingWorkflowId(this.caseNumber));
    await eventually(async () => ((await hearing.query(hearingStateQuery)).allowedActions.includes('scheduleHearing') ? 'collecting' : undefined));
    await this.act('scheduleHearing', { date, startTime: '10:00', location: 'Utrecht' }, SECRETARY);
    await this.waitFor((s) => s.status === 'hearing-scheduled');
    const days = Math.ceil((Date.parse(`${date}T12:00:00Z`) - (await env.currentTimeMs())) / 86_400_000) + 1;
    await env.sleep(`${days} days`);
    await eventually(async () => {
      try {
        await this.act('recordHearing', { held: true, absentParties: [], minutes: 'Partijen gehoord.' }, CHAIR);
        return true;
      } catch {
        return undefined;
      }
    });
    return this.waitFor((s) => s.status === 'deliberation');
  }

  /** Drafts the advice as a panel member and has the chair approve it (process.md, "Who decides"). */
  async issueApprovedAdvice(advice: Record<string, unknown>): Promise<CaseStateView> {
    const drafted = await this.act('issueAdvice', advice, MEMBER);
    await this.act('approveLetter', { letterId: drafted.awaitingApproval[0] }, CHAIR);
    return this.waitFor((s) => s.awaitingApproval.length === 0 && s.status !== 'deliberation');
  }

  async row() {
    return this.driver.db('cases').where({ case_number: this.caseNumber }).first();
  }

  async letters(): Promise<Array<{ id: string; kind: string; addressee_role: string; status: string; data_snapshot: any; html: string }>> {
    return this.driver.db('letters').join('cases', 'cases.id', 'letters.case_id').where('cases.case_number', this.caseNumber).orderBy('letters.id').select('letters.*');
  }

  /** Waits until the case's outbox has nothing pending or sending (each delivery records an event of its own). */
  async lettersSettled(): Promise<void> {
    await eventually(async () => {
      const busy = await this.driver.db('letter_outbox').join('cases', 'cases.id', 'letter_outbox.case_id').where('cases.case_number', this.caseNumber).whereIn('letter_outbox.status', ['pending', 'sending']).first('letter_outbox.id');
      return busy ? undefined : true;
    }, 60_000);
  }

  async letterKinds(): Promise<string[]> {
    return (await this.letters()).map((l) => `${l.kind}:${l.addressee_role}`);
  }

  /**
   * The letter kinds once one of `kindAndRole` ("kind:addressee_role") is stored: a term shows in the
   * workflow's state before the step that writes its letter has run.
   */
  async waitForLetter(kindAndRole: string, timeoutMs = 30_000): Promise<string[]> {
    return eventually(async () => {
      const kinds = await this.letterKinds();
      return kinds.includes(kindAndRole) ? kinds : undefined;
    }, timeoutMs);
  }

  async events(): Promise<string[]> {
    const rows = await this.driver.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', this.caseNumber).orderBy('case_events.id').select('case_events.type');
    return rows.map((r) => r.type);
  }

  async eventData(type: string): Promise<any[]> {
    const rows = await this.driver.db('case_events').join('cases', 'cases.id', 'case_events.case_id').where('cases.case_number', this.caseNumber).where('case_events.type', type).orderBy('case_events.id').select('case_events.data');
    return rows.map((r) => r.data);
  }
}

/** One test's own time-skipping server, the task queue its worker polls, and a driver on both. */
export interface ProcedureRun {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  driver: ProcedureDriver;
}

/**
 * A time-skipping server and worker of its own for every test of the calling file: skipping weeks for
 * one case then fires no timers (and no letters) of the cases other tests left open. Call it at the
 * top level of a test file; `current()` is the running test's.
 */
export function procedurePerTest(db: () => Db, queuePrefix: string): { current(): ProcedureRun } {
  let run: ProcedureRun | undefined;
  let worker: TestWorker | undefined;
  let running: Promise<void> | undefined;
  beforeEach(async () => {
    const env = await timeSkippingEnvironment();
    const taskQueue = uniqueTaskQueue(queuePrefix);
    worker = await createTestWorker(env, db(), taskQueue);
    running = worker.run();
    run = { env, taskQueue, driver: new ProcedureDriver(env, db(), taskQueue) };
  });
  afterEach(async () => {
    worker?.shutdown();
    await running;
    await run?.env.teardown();
    run = undefined;
  });
  return {
    current() {
      if (!run) throw new Error('procedurePerTest: no test is running');
      return run;
    },
  };
}
