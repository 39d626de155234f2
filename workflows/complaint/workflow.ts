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
import { allHandlersFinished, condition } from '@temporalio/workflow';
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
      await condition(allHandlersFinished);
      await condition(() => c.deliveriesDone === c.deliveriesRequested);
      await continueWith<typeof complaintWorkflow>(input, terms, { resume: { ...s, ledger: terms.ledger } });
    }
  }

  await courierDone;
  await condition(allHandlersFinished);
  return s.status;
}

/** Children and side threads must not be cut off: continue only between them. */
function safeToContinue(c: ComplaintContext): boolean {
  const { s } = c;
  return s.phase !== 'compliance' && s.phase !== 'hearing' && s.reportingDuty !== 'awaiting-confirmation' && s.reportingDuty !== 'not-reportable-claimed' && c.terms.get('schoolAnswer')?.status !== 'running' && c.terms.get('schoolAnswerGrace')?.status !== 'running';
}
