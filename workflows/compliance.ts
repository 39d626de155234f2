/**
 * The compliance workflow (process.md steps 15–16): a child of the complaint workflow, ID
 * `compliance-<caseNumber>`, started after the advice. Per measure of the binding advice a term runs
 * (the policy's compliance term, or the weeks the advice set), with a reminder to the school board
 * before it ends. The school reports a measure done with evidence; the secretary verifies it or
 * rejects it with a reason, and the school may report again while the term runs. A measure not
 * verified at its due date gets a grace period; after that it is not complied with.
 *
 * When every measure is settled: all verified → 'advised-complied' and a confirmation to both
 * parties; otherwise the non-compliance is reported to the Inspectorate (a decision letter, sent only
 * after a secretary's or chair's approval) and the outcome is 'advised-partly-complied' or
 * 'advised-not-complied'. A withdrawal (cancelChildSignal) ends it as 'cancelled'.
 *
 * The state is plain data (term ledger + measure states), so the workflow continues as new when its
 * history grows long; compliance can run for months.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseStepInput } from '../activities';
import { complianceOutcome, isSettled, startTermOfWeeks, type ComplianceOutcome } from '../domain/compliance';
import type { TermLedger, TermState } from '../domain/termLedger';
import { ACTIONS } from '../contracts/actions';
import { MEASURE_TERM_WEEKS } from '../contracts/limits';
import { refuse } from '../contracts/refusals';
import { activities } from './activityProxies';
import { CaseTerms, today } from './caseTerms';
import type { PolicyVersion } from '../domain/policy';
import { requireActor, validateAction, validateInput } from './validation';
import {
  approveEscalationUpdate,
  cancelChildSignal,
  childProgressSignal,
  complianceStateQuery,
  reportMeasureUpdate,
  verifyMeasureUpdate,
  type ComplianceResult,
  type ComplianceView,
  type MeasureState,
} from '../contracts/messages';
import { handleCalendarReleases } from './calendarRelease';

export interface ComplianceInput {
  caseNumber: string;
  policyVersion: string;
  /** The policy version valid on the filing day, as stored (issue 13); absent in cases started before snapshots. */
  policy?: PolicyVersion;
  /** The calendar release the case is pinned to (domain/calendar/releases); absent: the first release. */
  calendarVersion?: string;
  /** The day the advice was issued: every measure's term counts from the day after. */
  adviceIssuedOn: string;
  measures: Array<{ id: string; description: string; termWeeks?: number }>;
  /** Set when the workflow continues as new: the running terms. */
  ledger?: TermLedger;
  /** Set when the workflow continues as new: where each measure stands. */
  measureStates?: MeasureState[];
  /** Set when the workflow continues as new: the read model's write counter. */
  revision?: number;
  /** Continue-as-new after this many history events (default 2,000; tests set it low). */
  maxHistoryEvents?: number;
}

/**
 * The letters engineer's four-eyes activity, by its agreed name and shape. Own stub with a bounded
 * retry: a refusal (e.g. the drafter approving) must answer the update, not retry for ever.
 */
interface LetterApprovalActivities {
  approveLetter(input: { letterId: string; approvedBy: { userId: string; role: 'chair' | 'secretary' } }): Promise<unknown>;
}
const letterApproval = proxyActivities<LetterApprovalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 4 },
});

const DEFAULT_MAX_HISTORY_EVENTS = 2_000;
/** The drafter of the automatic escalation: a chair approves it (contracts/actions.ts, DECIDERS). */
const SYSTEM = 'system';

type Status = ComplianceView['status'];

export const complianceTermId = (measureId: string) => `compliance:${measureId}`;
export const graceTermId = (measureId: string) => `grace:${measureId}`;

export async function complianceWorkflow(input: ComplianceInput): Promise<ComplianceResult> {
  const { caseNumber } = input;
  assertValidInput(input);
  const resumed = input.ledger !== undefined && input.measureStates !== undefined;
  const terms = new CaseTerms(input.policy ?? input.policyVersion, input.ledger ?? {}, input.calendarVersion);
  const measures: MeasureState[] =
    input.measureStates ?? input.measures.map((m) => ({ id: m.id, description: m.description, due: null, status: 'open', reports: [], rejections: [] }));
  let revision = input.revision ?? 0;
  let status = 'running' as Exclude<Status, 'grace'>;
  // Set by a signal: typed wide so the checks after awaits are not narrowed away.
  let cancelled = null as { reason: string } | null;
  /** The escalation letters (one per addressee) drafted and waiting for approval. */
  let awaitingLetters: string[] = [];
  /** Activities the main coroutines have under way: continue-as-new waits for them. */
  let inFlight = 0;

  // ------------------------------------------------------------------ helpers

  const find = (id: unknown) => measures.find((m) => m.id === id);
  const termOf = (m: MeasureState) => terms.get(complianceTermId(m.id));
  const graceOf = (m: MeasureState) => terms.get(graceTermId(m.id));
  const termRunning = (t: TermState | undefined) => t?.status === 'running';
  const cancellation = () => cancelled;
  const over = () => status === 'done' || status === 'cancelled' || cancelled !== null;
  /** The school may (again) report a measure while its term or grace period runs. */
  const reportable = (m: MeasureState) => !isSettled(m.status) && (termRunning(termOf(m)) || termRunning(graceOf(m)));

  function currentStatus(): Status {
    if (status === 'running' && measures.some((m) => termRunning(graceOf(m)))) return 'grace';
    return status;
  }

  function allowedActions(): string[] {
    if (over()) return [];
    if (status === 'awaiting-escalation-approval') return ['approveEscalation'];
    const actions: string[] = [];
    if (measures.some(reportable)) actions.push('reportMeasure');
    if (measures.some((m) => m.status === 'reported')) actions.push('verifyMeasure');
    return actions;
  }

  const view = (): ComplianceView => ({
    caseNumber,
    status: currentStatus(),
    measures,
    terms: terms.running(),
    allowedActions: allowedActions(),
  });

  function letterTerm(term: TermState | undefined) {
    return term?.due ? { termId: term.id, due: term.due, explanation: term.explanation.nl } : null;
  }

  /**
   * Runs the workflow's writes one after another, in the order they were asked for: the audit log
   * and the read model follow the order of the changes (a verification before the closing step),
   * however handlers and the measures' coroutines interleave.
   */
  let writes: Promise<unknown> = Promise.resolve();
  function tracked<T>(work: () => Promise<T>): Promise<T> {
    inFlight++;
    const run = writes.then(work, work);
    const done = run.finally(() => {
      inFlight--;
    });
    writes = done.catch(() => undefined);
    return done;
  }

  async function step(spec: Omit<CaseStepInput, 'caseNumber'>): Promise<string[]> {
    // The case's status and next deadline are the parent's: it hears them through childProgress.
    return tracked(async () => (await activities.applyCaseStep({ caseNumber, ...spec })).letterIds);
  }

  /** Writes the read model and tells the parent; called after every change of a measure or term. */
  async function publish(): Promise<void> {
    await tracked(async () => {
      revision++;
      await activities.saveMeasures({ caseNumber, revision, measures: JSON.parse(JSON.stringify(measures)) as MeasureState[] });
      const parent = workflowInfo().parent;
      if (!parent) return;
      try {
        await getExternalWorkflowHandle(parent.workflowId).signal(childProgressSignal, { status: 'compliance', nextDeadline: terms.nextDeadline() });
      } catch {
        // The parent is gone (closed meanwhile): nobody to tell.
      }
    });
  }

  function requireNotOver(): void {
    if (over()) refuse('compliance-ended', 'action', { caseNumber });
  }
  function requireOpen(): void {
    requireNotOver();
    if (status === 'awaiting-escalation-approval') refuse('escalation-awaits-approval');
  }
  function requireMeasure(measureId: unknown): MeasureState {
    const m = find(measureId);
    if (!m) refuse('unknown-measure', 'measureId', { measureId: String(measureId) });
    return m;
  }

  // ------------------------------------------------------------------ queries, updates, signals

  setHandler(complianceStateQuery, view);
  handleCalendarReleases(terms, {
    isOpen: () => cancelled === null,
    onApplied: async ({ from, to, changes, by }) => {
      await step({ step: `compliance-calendar-release-${revision}`, actor: by.userId, events: [{ type: 'calendar.release-applied', data: { workflow: 'compliance', from, to, changes } }], termsMoved: changes });
      await publish();
    },
  });

  setHandler(cancelChildSignal, (req) => {
    if (!cancelled) cancelled = { reason: typeof req?.reason === 'string' ? req.reason : 'cancelled' };
  });

  setHandler(
    reportMeasureUpdate,
    async (req) => {
      const m = find(req.measureId)!;
      const documentIds = req.documentIds ?? [];
      m.reports.push({ at: today(), evidence: req.evidence, documentIds });
      m.status = 'reported';
      await step({
        step: `compliance-report-${m.id}-${m.reports.length}`,
        actor: req.by.userId,
        events: [{ type: 'compliance.measure-reported', data: { measureId: m.id, evidence: req.evidence, documentIds, by: req.by.role } }],
      });
      await publish();
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        requireActor(req?.by, ACTIONS.reportMeasure.roles);
        const m = requireMeasure(req.measureId);
        if (m.status === 'verified') refuse('measure-verified', 'measureId', { measureId: m.id });
        if (!reportable(m)) refuse('measure-term-ended', 'measureId', { measureId: m.id });
        validateInput('reportMeasure', req);
      },
    },
  );

  setHandler(
    verifyMeasureUpdate,
    async (req) => {
      const m = find(req.measureId)!;
      if (req.accepted) {
        m.status = 'verified';
        m.verifiedOn = today();
        // Met: the measure's term (or grace period) ends now.
        terms.close(complianceTermId(m.id), 'met');
        terms.close(graceTermId(m.id), 'met');
        await step({
          step: `compliance-verified-${m.id}`,
          actor: req.by.userId,
          events: [{ type: 'compliance.measure-verified', data: { measureId: m.id, report: m.reports.length } }],
        });
      } else {
        const reason = req.reason!.trim();
        m.rejections.push({ at: today(), reason });
        m.status = 'rejected';
        await step({
          step: `compliance-rejected-${m.id}-${m.rejections.length}`,
          actor: req.by.userId,
          events: [{ type: 'compliance.measure-rejected', data: { measureId: m.id, report: m.reports.length, reason } }],
        });
      }
      await publish();
      return view();
    },
    {
      validator: (req) => {
        requireNotOver();
        requireActor(req?.by, ACTIONS.verifyMeasure.roles);
        const m = requireMeasure(req.measureId);
        if (m.status !== 'reported') refuse('measure-not-reported', 'measureId', { measureId: m.id, status: m.status });
        validateInput('verifyMeasure', req);
      },
    },
  );

  setHandler(
    approveEscalationUpdate,
    async (req) => {
      await letterApproval.approveLetter({ letterId: req.letterId, approvedBy: { userId: req.by.userId, role: req.by.role as 'chair' | 'secretary' } });
      // The letters of one decision (one per addressee) are approved together.
      awaitingLetters = [];
      await step({
        step: 'compliance-escalation-approved',
        actor: req.by.userId,
        events: [{ type: 'compliance.escalation-approved', data: { letterId: req.letterId } }],
      });
      return view();
    },
    {
      validator: (req) => {
        requireNotOver();
        validateAction('approveEscalation', req);
        if (status !== 'awaiting-escalation-approval' || !awaitingLetters.includes(req.letterId)) {
          refuse('letter-not-awaiting-approval', 'letterId', { letterId: String(req.letterId) });
        }
      },
    },
  );

  // ------------------------------------------------------------------ per measure

  /** Reminds the school board of every unsettled, unreported measure whose reminder falls today. */
  async function remind(m: MeasureState, term: TermState): Promise<void> {
    const group = measures.filter((x) => {
      const t = termOf(x);
      if (x.status === 'verified' || x.status === 'reported' || !termRunning(t)) return false;
      return x.id === m.id || (t!.remindOn === term.remindOn && !t!.reminderSent);
    });
    for (const x of group) terms.markReminded(complianceTermId(x.id));
    // No reminder after the due date (a workflow started or resumed late): grace follows instead.
    if (group.length === 0 || (term.due !== null && today() > term.due)) return;
    await step({
      step: `compliance-reminder-${m.id}`,
      events: [{ type: 'compliance.reminder', data: { measures: group.map((x) => x.id), due: term.due } }],
      letters: [
        {
          kind: 'herinnering-naleving',
          to: 'school-board',
          term: letterTerm(term),
          details: { measures: group.map((x) => ({ description: x.description, due: x.due! })) },
        },
      ],
    });
  }

  async function runMeasure(m: MeasureState): Promise<void> {
    const done = () => m.status === 'verified' || cancelled !== null;
    if (termRunning(termOf(m))) {
      const outcome = await terms.wait(complianceTermId(m.id), done, (term) => remind(m, term));
      if (cancelled || outcome !== 'expired') return;
      // Due date passed without verification: a grace period, counted from the due date.
      const due = termOf(m)!.due!;
      terms.close(complianceTermId(m.id), 'expired');
      const grace = terms.start('complianceGrace', 'einde van de nalevingstermijn', { id: graceTermId(m.id), trigger: due });
      await step({
        step: `compliance-grace-${m.id}`,
        events: [{ type: 'compliance.grace-started', data: { measureId: m.id, due, graceDue: grace.due, explanation: grace.explanation.nl } }],
      });
      await publish();
    }
    if (termRunning(graceOf(m))) {
      const outcome = await terms.wait(graceTermId(m.id), done);
      if (cancelled || outcome !== 'expired') return;
      terms.close(graceTermId(m.id), 'expired');
    }
    if (isSettled(m.status)) return;
    // A report made in time is still decided on by the secretary: accepted, it counts.
    await condition(() => m.status !== 'reported' || cancelled !== null);
    if (cancelled || m.status === 'verified') return;
    m.status = 'not-complied';
    await step({
      step: `compliance-not-complied-${m.id}`,
      events: [{ type: 'compliance.measure-not-complied', data: { measureId: m.id, due: m.due, graceDue: graceOf(m)?.due ?? null } }],
    });
    await publish();
  }

  // ------------------------------------------------------------------ the procedure

  if (!resumed) {
    const ctx = () => ({ policy: terms.policy, calendar: terms.calendar, today: today() });
    for (const [i, m] of input.measures.entries()) {
      const id = complianceTermId(m.id);
      const term =
        m.termWeeks === undefined
          ? terms.start('compliance', 'advies', { id, trigger: input.adviceIssuedOn })
          : startTermOfWeeks(terms.ledger, id, 'compliance', m.termWeeks, input.adviceIssuedOn, 'advies', ctx());
      measures[i].due = term.due ?? term.earliestDue;
    }
    await step({
      step: 'compliance-started',
      events: [
        {
          type: 'compliance.started',
          data: { adviceIssuedOn: input.adviceIssuedOn, measures: measures.map((m) => ({ id: m.id, description: m.description, due: m.due, explanation: termOf(m)?.explanation.nl ?? null })) },
        },
      ],
    });
    await publish();
  }

  let allSettled = false;
  const runs = Promise.all(measures.map((m) => runMeasure(m))).then(() => {
    allSettled = true;
  });

  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const historyLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents;
  for (;;) {
    await condition(() => allSettled || cancelled !== null || historyLong());
    if (allSettled || cancelled) break;
    // Months of waiting: start a fresh history, carrying the terms and measures. Only between
    // writes, so no reminder or report is half done.
    await condition(() => allSettled || cancelled !== null || (inFlight === 0 && allHandlersFinished()));
    if (allSettled || cancelled) break;
    await continueAsNew<typeof complianceWorkflow>({ ...input, calendarVersion: terms.pinnedCalendarVersion, ledger: terms.ledger, measureStates: measures, revision });
  }
  await runs;
  if (cancelled) return cancel(cancelled.reason);

  const outcome = complianceOutcome(measures.map((m) => m.status));
  if (outcome === 'advised-complied') {
    const details = { measures: measures.map((m) => ({ description: m.description, verifiedOn: m.verifiedOn ?? today() })) };
    await step({
      step: 'compliance-complied',
      events: [{ type: 'compliance.complied', data: { measures: measures.map((m) => m.id) } }],
      letters: [
        { kind: 'bevestiging-naleving', to: 'complainant-side', details },
        { kind: 'bevestiging-naleving', to: 'school-board', details },
      ],
    });
  } else {
    await escalate(outcome);
    await condition(() => awaitingLetters.length === 0 || cancelled !== null);
    const late = cancellation();
    if (late) return cancel(late.reason);
  }
  status = 'done';
  await step({ step: 'compliance-closed', events: [{ type: 'compliance.completed', data: { outcome } }] });
  await publish();
  await condition(allHandlersFinished);
  return { outcome, measures };

  // ------------------------------------------------------------------ endings

  /** Non-compliance to the Inspectorate, cc school board and complainant: a decision letter, four-eyes. */
  async function escalate(outcome: ComplianceOutcome): Promise<void> {
    const letterIds = await step({
      step: 'compliance-escalation',
      actor: SYSTEM,
      events: [{ type: 'compliance.escalated', data: { outcome, measures: measures.map((m) => ({ id: m.id, status: m.status })) } }],
      letters: [
        {
          kind: 'melding-niet-naleving',
          to: 'inspectorate',
          // The measures not carried out, with where each stands, in the letter's words (Dutch).
          details: { measures: measures.filter((m) => m.status === 'not-complied').map((m) => ({ description: m.description, due: m.due!, status: escalationStatus(m) })) },
        },
      ],
    });
    awaitingLetters = letterIds;
    status = 'awaiting-escalation-approval';
    await publish();
  }

  async function cancel(reason: string): Promise<ComplianceResult> {
    terms.closeAll('cancelled');
    status = 'cancelled';
    await step({ step: 'compliance-cancelled', events: [{ type: 'compliance.cancelled', data: { reason } }] });
    await publish();
    await condition(allHandlersFinished);
    return { outcome: 'cancelled', measures };
  }
}

/** Where a measure not complied with stands, as the Inspectorate reads it. */
function escalationStatus(m: MeasureState): string {
  const rejection = m.rejections[m.rejections.length - 1];
  if (m.reports.length === 0) return 'niet uitgevoerd; geen melding van uitvoering ontvangen';
  if (rejection) return `uitvoering gemeld maar niet aanvaard: ${rejection.reason}`;
  return 'uitvoering gemeld maar niet aanvaard';
}

function assertValidInput(input: ComplianceInput): void {
  const problems: string[] = [];
  if (!Array.isArray(input.measures) || input.measures.length === 0) problems.push('measures: at least one measure is required');
  const ids = new Set<string>();
  for (const m of input.measures ?? []) {
    if (typeof m.id !== 'string' || !m.id) problems.push('measures: every measure needs an id');
    else if (ids.has(m.id)) problems.push(`measures: duplicate id ${m.id}`);
    else ids.add(m.id);
    if (typeof m.description !== 'string' || !m.description.trim()) problems.push(`measures: measure ${m.id} needs a description`);
    const weeks = MEASURE_TERM_WEEKS;
    if (m.termWeeks !== undefined && (!Number.isInteger(m.termWeeks) || m.termWeeks < weeks.min || m.termWeeks > weeks.max)) problems.push(`measures: measure ${m.id} has an invalid termWeeks`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.adviceIssuedOn ?? '')) problems.push('adviceIssuedOn: must be a date YYYY-MM-DD');
  if (problems.length) throw ApplicationFailure.nonRetryable(problems.join('; '), 'InvalidComplianceInput');
}
