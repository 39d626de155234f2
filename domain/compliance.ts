/**
 * Compliance with a binding advice (process.md steps 15–16), the pure parts: the term of a measure
 * for which the advice set its own number of weeks, and the outcome once every measure is settled.
 */
import { computeDeadline, type LegalCalendar } from './calendar';
import { addDays } from './clock';
import { termSpecOf, type PolicyVersion, type TermKey } from './policy';
import type { TermLedger, TermState } from './termLedger';

export type MeasureStatus = 'open' | 'reported' | 'verified' | 'rejected' | 'not-complied';
export type ComplianceOutcome = 'advised-complied' | 'advised-partly-complied' | 'advised-not-complied';

/** A measure is settled when it is verified, or when its term and grace period ran out without that. */
export function isSettled(status: MeasureStatus): boolean {
  return status === 'verified' || status === 'not-complied';
}

/** The case's outcome from its settled measures: all verified, some, or none. */
export function complianceOutcome(statuses: readonly MeasureStatus[]): ComplianceOutcome {
  if (statuses.some((s) => !isSettled(s))) throw new Error('not every measure is settled yet');
  const verified = statuses.filter((s) => s === 'verified').length;
  if (verified === statuses.length) return 'advised-complied';
  return verified === 0 ? 'advised-not-complied' : 'advised-partly-complied';
}

/**
 * Starts a term under policy `key` that lasts `weeks` weeks instead of the policy's amount (the
 * advice set a term for one measure). Every other rule is the policy's: the Atw, the reminder before
 * the end, the explanation and trace of the calendar engine. Writes the term into `ledger`.
 *
 * The ledger recomputes a term from its policy when it is extended or suspended; the compliance
 * workflow does neither, so the custom amount stays as computed here.
 */
export function startTermOfWeeks(
  ledger: TermLedger,
  id: string,
  key: TermKey,
  weeks: number,
  trigger: string,
  triggerEvent: string,
  ctx: { policy: PolicyVersion; calendar: LegalCalendar; today: string },
): TermState {
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a whole number of at least 1, got ${weeks}`);
  const p = ctx.policy.terms[key];
  const result = computeDeadline(
    { trigger, triggerEvent, term: { ...termSpecOf(p), amount: weeks, unit: 'weeks' }, suspensions: [], extensions: [], maxExtensions: p.maxExtensions, asOf: ctx.today },
    ctx.calendar,
  );
  const before = p.reminderBefore;
  const reminderDay = before && result.due ? addDays(result.due, -(before.unit === 'weeks' ? 7 * before.amount : before.amount)) : null;
  // A term too short for its reminder gets none: a reminder on the day it starts says nothing new.
  const remindOn = reminderDay && reminderDay > trigger ? reminderDay : null;
  const term: TermState = {
    id,
    key,
    label: p.label,
    trigger,
    triggerEvent,
    suspensions: [],
    extensions: [],
    due: result.due,
    earliestDue: result.earliestDue,
    provisional: result.provisional,
    explanation: { nl: result.explanation.nl, en: result.explanation.en },
    status: 'running',
    remindOn,
    reminderSent: false,
    // Only a length other than the policy's is kept: recomputing then needs it.
    ...(p.unit === 'weeks' && p.amount === weeks ? {} : { weeks }),
  };
  ledger[id] = term;
  return term;
}
