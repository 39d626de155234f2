/**
 * The running terms of a case: which legal terms are open, since when, suspended or extended, and
 * when each ends. Plain data (it travels through continue-as-new and queries) changed by pure
 * functions, computed by the calendar engine. Workflows own a ledger; nothing here reads a clock.
 */
import { computeDeadline, type LegalCalendar, type Suspension, type SuspensionReason, type Extension } from './calendar';
import { addDays } from './clock';
import { termSpecOf, type PolicyVersion, type TermKey } from './policy';

export type TermStatus = 'running' | 'met' | 'expired' | 'cancelled';

export interface TermState {
  /** Identifies the term in its ledger: the policy key, or e.g. `compliance:m1` for one measure's term. */
  id: string;
  /** The policy term it runs under. */
  key: TermKey;
  label: { nl: string; en: string };
  trigger: string;
  triggerEvent: string;
  suspensions: Suspension[];
  extensions: Extension[];
  /** Last day of the term; null while an open-ended suspension runs. */
  due: string | null;
  earliestDue: string;
  provisional: boolean;
  explanation: { nl: string; en: string };
  status: TermStatus;
  /** The day a reminder goes out, when the policy has one. */
  remindOn: string | null;
  reminderSent: boolean;
  /** A length other than the policy's (a measure's own number of weeks); absent: the policy's. */
  weeks?: number;
}

export type TermLedger = Record<string, TermState>;

export class TermRefused extends Error {}

function recompute(term: TermState, policy: PolicyVersion, calendar: LegalCalendar, today: string): TermState {
  const p = policy.terms[term.key];
  const result = computeDeadline(
    {
      trigger: term.trigger,
      triggerEvent: term.triggerEvent,
      term: term.weeks === undefined ? termSpecOf(p) : { ...termSpecOf(p), amount: term.weeks, unit: 'weeks' },
      suspensions: term.suspensions,
      extensions: term.extensions,
      maxExtensions: p.maxExtensions,
      asOf: today,
    },
    calendar,
  );
  const remindOn = p.reminderBefore && result.due ? addDays(result.due, -(p.reminderBefore.unit === 'weeks' ? 7 * p.reminderBefore.amount : p.reminderBefore.amount)) : null;
  return {
    ...term,
    due: result.due,
    earliestDue: result.earliestDue,
    provisional: result.provisional,
    explanation: { nl: result.explanation.nl, en: result.explanation.en },
    remindOn,
  };
}

export function startTerm(
  ledger: TermLedger,
  id: string,
  key: TermKey,
  trigger: string,
  triggerEvent: string,
  ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string },
): TermState {
  const p = ctx.policy.terms[key];
  const term = recompute(
    { id, key, label: p.label, trigger, triggerEvent, suspensions: [], extensions: [], due: null, earliestDue: trigger, provisional: false, explanation: { nl: '', en: '' }, status: 'running', remindOn: null, reminderSent: false },
    ctx.policy,
    ctx.calendar,
    ctx.today,
  );
  ledger[id] = term;
  return term;
}

function running(ledger: TermLedger, id: string): TermState {
  const term = ledger[id];
  if (!term || term.status !== 'running') throw new TermRefused(`the ${id} term is not running`);
  return term;
}

/** Checks, without changing anything, that an extension is allowed (for update validators). */
export function assertCanExtend(ledger: TermLedger, id: string, policy: PolicyVersion): void {
  const term = running(ledger, id);
  const p = policy.terms[term.key];
  if (!p.extension || term.extensions.length >= p.maxExtensions) {
    throw new TermRefused(`the ${p.label.en} may be extended ${p.maxExtensions === 0 ? 'not at all' : `only ${p.maxExtensions === 1 ? 'once' : `${p.maxExtensions} times`}`}`);
  }
}

export function extendTerm(ledger: TermLedger, id: string, reason: string, ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string }): TermState {
  assertCanExtend(ledger, id, ctx.policy);
  const term = running(ledger, id);
  const p = ctx.policy.terms[term.key];
  const extended = recompute({ ...term, extensions: [...term.extensions, { amount: p.extension!.amount, unit: p.extension!.unit, reason, legalBasis: p.legalBasis }], reminderSent: false }, ctx.policy, ctx.calendar, ctx.today);
  ledger[id] = extended;
  return extended;
}

export function assertCanSuspend(ledger: TermLedger, id: string): void {
  const term = running(ledger, id);
  if (term.suspensions.some((s) => s.until === undefined)) throw new TermRefused(`the ${id} term is already suspended`);
}

export function suspendTerm(ledger: TermLedger, id: string, reason: SuspensionReason, ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string }): TermState {
  assertCanSuspend(ledger, id);
  const term = running(ledger, id);
  const suspended = recompute({ ...term, suspensions: [...term.suspensions, { from: ctx.today, reason }] }, ctx.policy, ctx.calendar, ctx.today);
  ledger[id] = suspended;
  return suspended;
}

export function assertCanResume(ledger: TermLedger, id: string): void {
  const term = running(ledger, id);
  if (!term.suspensions.some((s) => s.until === undefined)) throw new TermRefused(`the ${id} term is not suspended`);
}

/** Ends an open suspension: the term did not run up to and including yesterday. */
export function resumeTerm(ledger: TermLedger, id: string, ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string }): TermState {
  assertCanResume(ledger, id);
  const term = running(ledger, id);
  const lastSuspendedDay = addDays(ctx.today, -1);
  const suspensions = term.suspensions
    .map((s) => (s.until === undefined ? { ...s, until: lastSuspendedDay < s.from ? s.from : lastSuspendedDay } : s))
    // A suspension begun and ended on the same day suspended nothing.
    .filter((s) => !(s.from === ctx.today && s.until === ctx.today && lastSuspendedDay < s.from));
  const resumed = recompute({ ...term, suspensions }, ctx.policy, ctx.calendar, ctx.today);
  ledger[id] = resumed;
  return resumed;
}

export function closeTerm(ledger: TermLedger, id: string, status: Exclude<TermStatus, 'running'>): void {
  const term = ledger[id];
  if (term && term.status === 'running') ledger[id] = { ...term, status };
}

export function runningTerms(ledger: TermLedger): TermState[] {
  return Object.values(ledger).filter((t): t is TermState => t !== undefined && t.status === 'running');
}

/** The earliest end among running terms: the case's next deadline. */
export function nextDeadline(ledger: TermLedger): string | null {
  const dues = runningTerms(ledger)
    .map((t) => t.due)
    .filter((d): d is string => d !== null)
    .sort();
  return dues[0] ?? null;
}

/** One running term whose end another calendar release would move. */
export interface TermChange {
  id: string;
  key: TermKey;
  label: { nl: string; en: string };
  oldDue: string | null;
  newDue: string | null;
}

/**
 * What computing the running terms with `ctx.calendar` would change, without changing the ledger:
 * the list a chair reviews before applying a new calendar release to a running case.
 */
export function calendarChanges(ledger: TermLedger, ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string }): TermChange[] {
  return runningTerms(ledger)
    .map((term) => ({ term, next: recompute(term, ctx.policy, ctx.calendar, ctx.today) }))
    .filter(({ term, next }) => term.due !== next.due)
    .map(({ term, next }) => ({ id: term.id, key: term.key, label: term.label, oldDue: term.due, newDue: next.due }));
}

/** Recomputes every running term with `ctx.calendar` (a chair applied a new release); returns what moved. */
export function recomputeRunningTerms(ledger: TermLedger, ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string }): TermChange[] {
  const changes = calendarChanges(ledger, ctx);
  for (const term of runningTerms(ledger)) ledger[term.id] = recompute(term, ctx.policy, ctx.calendar, ctx.today);
  return changes;
}
