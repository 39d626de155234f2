/**
 * Which of the workflow's allowed actions really apply now, and which one is the next step.
 *
 * The workflows list the term actions (extend, suspend, resume) whenever a case is open; whether
 * one applies depends on each running term. The console asks the term ledger's own checks — the
 * ones the update handlers run (domain/termLedger.ts) — per term, so a term that is not suspended
 * offers no "resume", and the form lists only the terms the action fits.
 */
import { assertCanExtend, assertCanResume, assertCanSuspend, type TermState } from '../../../domain/termLedger';
import type { PolicyVersion } from '../../../domain/policy';

export const TERM_ACTIONS = ['extendTerm', 'suspendTerm', 'resumeTerm'] as const;
type TermAction = (typeof TERM_ACTIONS)[number];

function fits(action: TermAction, term: TermState, policy: PolicyVersion): boolean {
  const ledger = { [term.id]: term };
  try {
    if (action === 'extendTerm') assertCanExtend(ledger, term.id, policy);
    else if (action === 'suspendTerm') assertCanSuspend(ledger, term.id);
    else assertCanResume(ledger, term.id);
    return true;
  } catch {
    // The ledger's refusal: this action does not apply to this term (a boolean is all the page needs).
    return false;
  }
}

/** Per term action, the running terms it applies to. */
export function termsForActions(terms: readonly TermState[], policy: PolicyVersion): Record<TermAction, TermState[]> {
  const running = terms.filter((t) => t.status === 'running');
  return {
    extendTerm: running.filter((t) => fits('extendTerm', t, policy)),
    suspendTerm: running.filter((t) => fits('suspendTerm', t, policy)),
    resumeTerm: running.filter((t) => fits('resumeTerm', t, policy)),
  };
}

/** The allowed actions without term actions that fit no running term. */
export function applicableActions(allowed: readonly string[], byAction: Record<TermAction, TermState[]>): string[] {
  return allowed.filter((a) => !(TERM_ACTIONS as readonly string[]).includes(a) || byAction[a as TermAction].length > 0);
}

/**
 * The step that moves the case on, in the order of urgency: a decision waiting for its second
 * signature first, then the step of the current phase. Term changes, withdrawal and the
 * reporting-duty flag are never "the next step".
 */
const NEXT_STEP_ORDER = [
  'approveLetter',
  'approveEscalation',
  'decideAdmissibility',
  'completeComplaint',
  'reportReferral',
  'recordMediationOutcome',
  'decideReplyRound',
  'submitDefence',
  'submitReply',
  'submitRejoinder',
  'retryPanel',
  'scheduleHearing',
  'recordHearing',
  'issueAdvice',
  'verifyMeasure',
  'answerAdvice',
  'reviewNotReportable',
  'confirmReportingDuty',
] as const;

export function primaryAction(actions: readonly string[]): string | undefined {
  return NEXT_STEP_ORDER.find((a) => actions.includes(a));
}
