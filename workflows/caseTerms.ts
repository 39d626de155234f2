/**
 * The legal terms of one workflow: a term ledger (domain/termLedger) plus waiting on it with durable
 * timers. Extending or suspending a term bumps a revision, which wakes every waiter so it re-arms
 * its timer on the new due date at once.
 */
import { condition } from '@temporalio/workflow';
import type { RefusalParams } from '../contracts/refusals';
import { FIRST_CALENDAR_RELEASE, calendarOfRelease, type LegalCalendar, type SuspensionReason } from '../domain/calendar';
import { amsterdamDate, endOfAmsterdamDay, startOfAmsterdamDay } from '../domain/clock';
import { policyVersion, type PolicyVersion, type TermKey } from '../domain/policy';
import * as ledgerOps from '../domain/termLedger';
import type { TermChange, TermLedger, TermState } from '../domain/termLedger';

export type TermOutcome = 'done' | 'expired' | 'closed';

/** Today in Amsterdam, by workflow time (deterministic on replay). */
export function today(): string {
  return amsterdamDate(new Date());
}

export class CaseTerms {
  readonly policy: PolicyVersion;
  private revision = 0;

  constructor(
    /**
     * The policy the case was filed under: the snapshot its input carries (read from the database
     * at intake), or, for cases started before snapshots, the id of a version bundled in code.
     */
    policy: PolicyVersion | string,
    readonly ledger: TermLedger = {},
    /**
     * The calendar release the case is pinned to, as the workflow's input gave it; undefined for
     * cases started before pinning, which ran with the first release. Kept undefined until a chair
     * applies another release, so that the commands of those cases replay byte for byte.
     */
    private pinned: string | undefined = undefined,
  ) {
    this.policy = typeof policy === 'string' ? policyVersion(policy) : policy;
  }

  /** The release to pass on to a child workflow or a continue-as-new (undefined: the first). */
  get pinnedCalendarVersion(): string | undefined {
    return this.pinned;
  }

  get calendarVersion(): string {
    return this.pinned ?? FIRST_CALENDAR_RELEASE;
  }

  /** The pinned release's calendar: data added later never moves this case's dates by itself. */
  get calendar(): LegalCalendar {
    return calendarOfRelease(this.calendarVersion);
  }

  /** The running terms another release would move (old and new end), changing nothing. */
  calendarChanges(version: string): TermChange[] {
    return ledgerOps.calendarChanges(this.ledger, { policy: this.policy, calendar: calendarOfRelease(version), today: today() });
  }

  /** A chair applied `version` to this case: from now on every term is computed with it. */
  applyCalendarRelease(version: string): TermChange[] {
    const changes = ledgerOps.recomputeRunningTerms(this.ledger, { policy: this.policy, calendar: calendarOfRelease(version), today: today() });
    this.pinned = version;
    return this.changed(changes);
  }

  private ctx() {
    return { policy: this.policy, calendar: this.calendar, today: today() };
  }

  private changed<T>(value: T): T {
    this.revision++;
    return value;
  }

  get(id: string): TermState | undefined {
    return this.ledger[id];
  }

  /** Starts (or restarts) a term under policy `key`; `id` defaults to the key. */
  start(key: TermKey, triggerEvent: string, opts: { id?: string; trigger?: string } = {}): TermState {
    return this.changed(ledgerOps.startTerm(this.ledger, opts.id ?? key, key, opts.trigger ?? today(), triggerEvent, this.ctx()));
  }

  /** The term `start` would start, computed but not started (a letter states it before it runs). */
  plan(key: TermKey, triggerEvent: string, opts: { id?: string; trigger?: string } = {}): TermState {
    return ledgerOps.startTerm({ ...this.ledger }, opts.id ?? key, key, opts.trigger ?? today(), triggerEvent, this.ctx());
  }

  /** Starts a term `plan` computed: the dates a letter stated are the dates that run. */
  adopt(term: TermState): TermState {
    this.ledger[term.id] = term;
    return this.changed(term);
  }

  /** Why the term cannot be extended now (as a refusal code), or undefined when it can. */
  extensionRefusal(id: string): { code: 'term-not-running' | 'term-not-extendable' | 'term-extended-already'; params: RefusalParams } | undefined {
    const term = this.ledger[id];
    if (!term || term.status !== 'running') return { code: 'term-not-running', params: { termId: id } };
    const p = this.policy.terms[term.key];
    if (!p.extension || p.maxExtensions === 0) return { code: 'term-not-extendable', params: { termId: id } };
    if (term.extensions.length >= p.maxExtensions) return { code: 'term-extended-already', params: { termId: id, max: p.maxExtensions } };
    return undefined;
  }

  extend(id: string, reason: string): TermState {
    return this.changed(ledgerOps.extendTerm(this.ledger, id, reason, this.ctx()));
  }

  suspend(id: string, reason: SuspensionReason): TermState {
    return this.changed(ledgerOps.suspendTerm(this.ledger, id, reason, this.ctx()));
  }

  resume(id: string): TermState {
    return this.changed(ledgerOps.resumeTerm(this.ledger, id, this.ctx()));
  }

  close(id: string, status: 'met' | 'expired' | 'cancelled'): void {
    ledgerOps.closeTerm(this.ledger, id, status);
    this.revision++;
  }

  closeAll(status: 'cancelled'): void {
    for (const term of ledgerOps.runningTerms(this.ledger)) ledgerOps.closeTerm(this.ledger, term.key, status);
    this.revision++;
  }

  markReminded(id: string): void {
    const term = this.ledger[id];
    if (term) this.ledger[id] = { ...term, reminderSent: true };
  }

  running(): TermState[] {
    return ledgerOps.runningTerms(this.ledger);
  }

  nextDeadline(): string | null {
    return ledgerOps.nextDeadline(this.ledger);
  }

  /**
   * Waits until `done()` holds or the term ends (at the end of its due day, Amsterdam time).
   * On the reminder day, `onReminder` runs once. A term closed meanwhile answers 'closed'.
   */
  async wait(id: string, done: () => boolean, onReminder?: (term: TermState) => Promise<void>): Promise<TermOutcome> {
    for (;;) {
      if (done()) return 'done';
      const term = this.ledger[id];
      if (!term || term.status !== 'running') return 'closed';
      const remind = onReminder && term.remindOn && !term.reminderSent;
      const wakeAt = remind ? startOfAmsterdamDay(term.remindOn!) : term.due ? endOfAmsterdamDay(term.due) : undefined;
      const waitMs = wakeAt === undefined ? undefined : wakeAt - Date.now();
      if (waitMs !== undefined && waitMs <= 0) {
        if (remind) {
          this.markReminded(id);
          await onReminder!(term);
          continue;
        }
        return 'expired';
      }
      const seen = this.revision;
      const woken = () => done() || this.revision !== seen;
      if (waitMs === undefined) await condition(woken);
      else await condition(woken, waitMs);
    }
  }
}
