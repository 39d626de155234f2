/**
 * Algemene termijnenwet (Atw).
 * - art. 1(1): a term ending on a Saturday, Sunday or recognised holiday runs to the next day that
 *   is none of these.
 * - art. 2: a term of at least three days is extended as far as needed to contain at least two such
 *   working days (counted from the term's first day up to and including its end).
 * - art. 1(2) and art. 4: no effect on terms counted backwards, nor on terms longer than 12 weeks,
 *   90 days or three months. "Longer" is judged on the term as set, before extensions or pauses.
 *
 * Art. 1 and art. 2 together give the earliest day that (a) is on or after the end, (b) is a working
 * day and (c) leaves two working days in the term: the later of "next working day from the end" and
 * "second working day from the first day". The trace reports art. 1 first, then art. 2 if it still
 * moved the end.
 */
import { LegalCalendar } from './calendar';
import { DayNumber, assertSupported } from './localDate';
import { TermDirection, TermUnit } from './types';

export type AtwApplicability =
  | { applies: true; basis: 'statutory' | 'policy' }
  | { applies: false; because: 'backward' | 'longer-than-atw-limit' | 'policy-off' };

/** Art. 4: the longest terms the Atw still touches, per unit. Working-day terms end on a working day anyway. */
const ATW_LIMITS: Readonly<Record<TermUnit, number>> = {
  days: 90,
  weeks: 12,
  months: 3,
  'working-days': Infinity,
};

export function atwApplicability(
  amount: number,
  unit: TermUnit,
  direction: TermDirection,
  applyAtw: boolean,
  statutory: boolean,
): AtwApplicability {
  if (direction === 'backward') return BACKWARD;
  if (amount > ATW_LIMITS[unit]) return TOO_LONG;
  if (!applyAtw) return POLICY_OFF;
  return statutory ? STATUTORY : POLICY;
}

// Shared answers: this runs for every computation and need not allocate.
const BACKWARD: AtwApplicability = Object.freeze({ applies: false, because: 'backward' });
const TOO_LONG: AtwApplicability = Object.freeze({ applies: false, because: 'longer-than-atw-limit' });
const POLICY_OFF: AtwApplicability = Object.freeze({ applies: false, because: 'policy-off' });
const STATUTORY: AtwApplicability = Object.freeze({ applies: true, basis: 'statutory' });
const POLICY: AtwApplicability = Object.freeze({ applies: true, basis: 'policy' });

/** Art. 2 concerns terms of at least three days; a term in working days already consists of working days. */
export function art2Concerns(amount: number, unit: TermUnit): boolean {
  return unit === 'working-days' ? false : unit !== 'days' || amount >= 3;
}

export interface AtwOutcome {
  /** After art. 1 (equal to the end when that is a working day). */
  afterArt1: DayNumber;
  /** After art. 2 (equal to afterArt1 when art. 2 changed nothing). */
  afterArt2: DayNumber;
  /** Working days between the first day and afterArt1, counted up to two (for the explanation). */
  workingDaysBeforeArt2: number;
}

export function applyAtw(firstDay: DayNumber, end: DayNumber, withArt2: boolean, calendar: LegalCalendar): AtwOutcome {
  let afterArt1 = end;
  while (!calendar.isWorkingDayNumber(afterArt1)) afterArt1 = assertSupported(afterArt1 + 1, 'term');
  if (!withArt2) return { afterArt1, afterArt2: afterArt1, workingDaysBeforeArt2: 2 };

  // Find the second working day from the first day; stop early once it lies within the term.
  let found = 0;
  let day = firstDay - 1;
  while (found < 2) {
    day = assertSupported(day + 1, 'term');
    if (calendar.isWorkingDayNumber(day)) found++;
    if (day >= afterArt1 && found < 2) {
      // The term up to afterArt1 holds `found` working days; art. 2 extends to the next one(s).
      const workingDaysBeforeArt2 = found;
      while (found < 2) {
        day = assertSupported(day + 1, 'term');
        if (calendar.isWorkingDayNumber(day)) found++;
      }
      return { afterArt1, afterArt2: day, workingDaysBeforeArt2 };
    }
  }
  return { afterArt1, afterArt2: afterArt1, workingDaysBeforeArt2: 2 };
}
