/**
 * The complaint workflow: one per case, ID `complaint-<caseNumber>`. It carries the case through
 * the procedure of process.md — completion, admissibility, referral, mediation, defence, reply round,
 * hearing (child workflow), deliberation and advice, the school board's answer, compliance (child
 * workflow) and closure — with every term from the case's policy version, computed by the legal
 * calendar, and every write through the idempotent `applyCaseStep` activity.
 *
 * Shape: a main loop over phases (phases/*.ts). Updates (handlers/*.ts) validate, record what people
 * did and, where the law wants a written trace at once, write it; the loop reacts. The whole state
 * is plain data (state.ts), so the workflow can continue-as-new at any phase boundary.
 */
import { allHandlersFinished, condition, patched } from '@temporalio/workflow';
import type { CaseStatus } from '../../domain/caseStatus';
import { continueWith, historyIsLong } from '../shared/continueAsNew';
import { ComplaintContext } from './context';
import { registerHandlers } from './handlers';
import { adviceApproval, deliberation, schoolAnswer } from './phases/advice';
import { closing } from './phases/closing';
import { compliance } from './phases/compliance';
import { hearing } from './phases/hearing';
import { acknowledge, admissibility, awaitingCompletion } from './phases/intake';
import { mediation } from './phases/mediation';
import { referral } from './phases/referral';
import { trackReportingDuty } from './phases/reportingDuty';
import { defence, replyDecision, replyRound } from './phases/writtenRound';
import type { ComplaintWorkflowInput, Phase } from './state';

const DEFAULT_MAX_HISTORY_EVENTS = 5_000;

/** Each phase but closing, by name: it runs until the case moves on and answers the next phase. */
const PHASES: Record<Exclude<Phase, 'closing'>, (c: ComplaintContext) => Promise<Phase>> = {
  acknowledge,
  admissibility,
  'awaiting-completion': awaitingCompletion,
  referral,
  mediation,
  defence,
  'reply-decision': replyDecision,
  reply: (c) => replyRound(c, 'reply'),
  rejoinder: (c) => replyRound(c, 'rejoinder'),
  hearing,
  deliberation,
  'advice-approval': adviceApproval,
  'school-answer': schoolAnswer,
  compliance,
};

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<CaseStatus> {
  const c = new ComplaintContext(input);
  const { s, terms } = c;
  registerHandlers(c);

  void trackReportingDuty(c);
  const courierDone = c.courier();
  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;

  while (!c.closed()) {
    if (c.withdrawn() && s.phase !== 'closing') s.phase = 'closing';
    if (s.phase === 'closing') await closing(c);
    else s.phase = await PHASES[s.phase](c);
    // Long cases stay healthy: start a fresh history at a phase boundary, carrying the state along.
    if (!c.closed() && s.phase !== 'closing' && historyIsLong(maxEvents) && safeToContinue(c)) {
      if (patched('continue-as-new-between-actions')) await continueAsNewIfIdle(c);
      else {
        // Up to 0.4.0: an action arriving while the letters went out was cut off (its client retried on
        // the new run) or, if it had finished, what it put in the inbox was lost; an action answered
        // only by the next phase (an admissibility decision) would be waited for for ever. Kept for
        // the cases 0.4.0 still runs.
        await condition(allHandlersFinished);
        await condition(() => c.deliveriesDone === c.deliveriesRequested);
        await continueWith<typeof complaintWorkflow>(input, terms, { resume: { ...s, ledger: terms.ledger } });
      }
    }
  }

  await courierDone;
  await condition(allHandlersFinished);
  return s.status;
}

/**
 * Continues as new once the phase's letters are out (the courier's deliveries would be cut off) and
 * no one's action is being answered: checked and done in one activation, so no action can begin in
 * between, and the inbox travels along. An action still under way may be answered only by the next
 * phase (an admissibility decision is answered once the defence is requested), so the loop gives way
 * to it and tries again at the next boundary; waiting for it here would wait for ever.
 */
async function continueAsNewIfIdle(c: ComplaintContext): Promise<void> {
  await condition(() => c.deliveriesDone === c.deliveriesRequested);
  if (!allHandlersFinished() || c.closed() || c.withdrawn() || !safeToContinue(c)) return;
  await continueWith<typeof complaintWorkflow>(c.input, c.terms, { resume: { ...c.s, ledger: c.terms.ledger }, inbox: { ...c.inbox } });
}

/** Children and side threads must not be cut off: continue only between them. */
function safeToContinue(c: ComplaintContext): boolean {
  const { s } = c;
  return s.phase !== 'compliance' && s.phase !== 'hearing' && s.reportingDuty !== 'awaiting-confirmation' && s.reportingDuty !== 'not-reportable-claimed' && c.terms.get('schoolAnswer')?.status !== 'running' && c.terms.get('schoolAnswerGrace')?.status !== 'running';
}
