/** Public input and output types of computeDeadline. Dates are ISO 'YYYY-MM-DD' strings. */
import type { HolidayId } from './holidays';
import type { SchoolHolidayName, SchoolRegion } from './schoolHolidays';

export type TermUnit = 'days' | 'weeks' | 'months' | 'working-days';
export const TERM_UNITS: readonly TermUnit[] = ['days', 'weeks', 'months', 'working-days'];

export type TermDirection = 'forward' | 'backward';

export interface TermSpec {
  amount: number;
  unit: TermUnit;
  /** 'backward': counted back from the event ("ten days before the hearing"); the Atw never applies. */
  direction?: TermDirection;
  /** Apply the Algemene termijnenwet. Default true. Cannot be false for a statutory term. */
  applyAtw?: boolean;
  /** Set by statute (the Atw binds it) rather than by the committee's regulation (policy). Default false. */
  statutory?: boolean;
  /** Policy: the term does not run during the school holidays of this region. */
  pauseDuringSchoolHolidaysOf?: SchoolRegion;
  /** Dutch name shown in the explanation, e.g. 'verweertermijn'. */
  label?: string;
}

/** Why a term is suspended: the one list (the calendar, the suspendTerm action and its form use it). */
export const SUSPENSION_REASONS = ['waiting-for-school', 'waiting-for-complainant', 'mediation', 'postponement'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/**
 * The term does not run from `from` up to and including `until`: a suspension from D1 until D2
 * suspends D2 − D1 + 1 days. Without `until` it is still running (open-ended).
 */
export interface Suspension {
  from: string;
  until?: string;
  reason: SuspensionReason;
}

export interface Extension {
  amount: number;
  unit: TermUnit;
  reason: string;
  legalBasis: string;
}

export interface DeadlineInput {
  /** The day of the event that starts the term; counting starts the day after. */
  trigger: string;
  /** Dutch description of that event for the explanation, e.g. 'ontvangst van de klacht'. */
  triggerEvent?: string;
  term: TermSpec;
  suspensions?: readonly Suspension[];
  extensions?: readonly Extension[];
  /** How many extensions the term's policy allows. Default 1. */
  maxExtensions?: number;
  /**
   * The current date as the caller knows it (a workflow's time), used only for open-ended
   * suspensions: they are assumed to last at least until this day. The engine never reads a clock.
   */
  asOf?: string;
}

export type CountedIn = 'calendar-days' | 'working-days';

export interface DayDescription {
  date: string;
  /** Recognised holidays on that day; empty for an ordinary Saturday or Sunday. */
  holidays: readonly HolidayId[];
}

export type TraceStep =
  | { kind: 'trigger'; date: string; event: string | null }
  | {
      kind: 'term';
      amount: number;
      unit: TermUnit;
      direction: TermDirection;
      label: string | null;
      /** First day counted (forward) or the event day counted back from (backward). */
      start: string;
      end: string;
      /** What is counted, and the calendar data (royal decrees, school holidays) used. */
      countedIn: CountedIn;
      calendarVersion: string;
      rule: string;
    }
  | {
      kind: 'extension';
      amount: number;
      unit: TermUnit;
      reason: string;
      legalBasis: string;
      from: string;
      to: string;
      rule: string;
    }
  | {
      kind: 'pause';
      from: string;
      to: string;
      countedIn: CountedIn;
      /** Days of the running term that did not count (suspended or school holiday), in `countedIn` units. */
      days: number;
      suspensions: Array<{
        from: string;
        /** null: open-ended. */
        until: string | null;
        /** Last day counted as suspended; for an open-ended suspension the earliest possible end. */
        assumedUntil: string;
        reasons: SuspensionReason[];
        daysInTerm: number;
      }>;
      schoolHolidays: null | {
        region: SchoolRegion;
        dataVersion: string;
        periods: Array<{ name: SchoolHolidayName; from: string; until: string; daysInTerm: number }>;
      };
      rule: string;
    }
  | {
      kind: 'atw-not-applied';
      because: 'backward' | 'longer-than-atw-limit' | 'policy-off';
      rule: string;
    }
  | { kind: 'atw-applied'; basis: 'statutory' | 'policy'; rule: string }
  | { kind: 'atw-art1'; from: string; to: string; nonWorkingDays: DayDescription[]; rule: string }
  | { kind: 'atw-art2'; from: string; to: string; workingDaysBefore: number; rule: string }
  | {
      kind: 'provisional';
      yearsWithoutDecree: number[];
      unconfirmedSchoolHolidays: boolean;
      openSuspensionSince: string | null;
      rule: string;
    }
  | { kind: 'due'; date: string | null; earliest: string; endBeforeAtw: string };

export interface DeadlineResult {
  /** The last day of the term; null while an open-ended suspension runs. */
  due: string | null;
  /** Equal to `due` when known; otherwise the earliest the term can end. */
  earliestDue: string;
  /** The date may still change: open suspension, a year without royal decree, or unconfirmed school holidays. */
  provisional: boolean;
  suspendedOpenEnded: boolean;
  calendarVersion: string;
  trace: TraceStep[];
  /** The trace in plain Dutch and English, one sentence per line (rendered on first read). */
  readonly explanation: { nl: string; en: string };
}
