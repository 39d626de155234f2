/**
 * Days on which a term's clock stands still: suspensions (opschorting) and, when policy says so, the
 * school holidays of the school's region.
 *
 * Definitions (the explanation states them too):
 * - A suspension from D1 until D2 covers D1 … D2, both inclusive: D2 − D1 + 1 days. Overlapping or
 *   touching suspensions are merged first, so no day is counted twice. An open-ended suspension
 *   (no `until`) is assumed to end on `asOf` (or on its first day when no `asOf` is given), which
 *   gives the earliest possible end of the term.
 * - A paused day does not count. For a term in calendar days, weeks or months, the end moves by the
 *   number of paused days that fall in the running term (from the day after the trigger up to and
 *   including the end); days paused after the old end but before the new one count too. This is
 *   "move by the paused days, and repeat until stable", computed in one pass: the end is pushed
 *   past as many unpaused days as there were paused days up to the old end. The result is the least
 *   stable end, so it is never itself a paused day.
 * - For a term in working days only paused working days count, and the end moves by that many
 *   unpaused working days.
 * - A suspension that starts after the term has ended (before the Atw) does not affect it.
 */
import { LegalCalendar } from './calendar';
import { CalendarRangeError } from './errors';
import { DayNumber, assertSupported, formatIsoDate } from './localDate';
import { SchoolRegion } from './schoolHolidays';
import { CountedIn, SuspensionReason, TraceStep } from './types';
import { CheckedSuspension } from './validate';

export interface MergedSuspension {
  from: DayNumber;
  /** Last suspended day assumed for the computation (for an open suspension: the earliest possible). */
  until: DayNumber;
  openEnded: boolean;
  reasons: SuspensionReason[];
}

type PauseStep = Extract<TraceStep, { kind: 'pause' }>;

export interface PauseOutcome {
  end: DayNumber;
  /** Paused days in the running term, in the term's counting unit. */
  pausedDays: number;
  /** Ready for the trace. */
  suspensions: PauseStep['suspensions'];
  schoolPeriods: NonNullable<PauseStep['schoolHolidays']>['periods'];
  /** First day of an open-ended suspension that stopped this term, or null. */
  openSuspensionSince: DayNumber | null;
  schoolHolidaysUnconfirmed: boolean;
}

interface Span {
  from: DayNumber;
  until: DayNumber;
}

export function mergeSuspensions(suspensions: readonly CheckedSuspension[], asOf: DayNumber | null): MergedSuspension[] {
  const spans = suspensions.map(
    (suspension): MergedSuspension => ({
      from: suspension.from,
      until: suspension.until ?? Math.max(suspension.from, asOf ?? suspension.from),
      openEnded: suspension.until === null,
      reasons: [suspension.reason],
    }),
  );
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.from - b.from);
  const merged: MergedSuspension[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.until + 1) {
      last.until = Math.max(last.until, span.until);
      last.openEnded ||= span.openEnded;
      for (const reason of span.reasons) if (!last.reasons.includes(reason)) last.reasons.push(reason);
    } else {
      merged.push(span);
    }
  }
  return merged;
}

function unionOf(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const union: Span[] = [];
  for (const span of sorted) {
    const last = union[union.length - 1];
    if (last && span.from <= last.until + 1) last.until = Math.max(last.until, span.until);
    else union.push({ from: span.from, until: span.until });
  }
  return union;
}

/** Days in from…until that count in the given unit (all days, or working days only). */
function countDays(from: DayNumber, until: DayNumber, countedIn: CountedIn, calendar: LegalCalendar): number {
  if (until < from) return 0;
  if (countedIn === 'calendar-days') return until - from + 1;
  let count = 0;
  for (let day = from; day <= until; day++) if (calendar.isWorkingDayNumber(day)) count++;
  return count;
}

function countOverlap(spans: readonly Span[], from: DayNumber, until: DayNumber, countedIn: CountedIn, calendar: LegalCalendar): number {
  let count = 0;
  for (const span of spans) count += countDays(Math.max(span.from, from), Math.min(span.until, until), countedIn, calendar);
  return count;
}

export function applyPauses(
  trigger: DayNumber,
  end: DayNumber,
  countedIn: CountedIn,
  suspensions: readonly MergedSuspension[],
  region: SchoolRegion | null,
  calendar: LegalCalendar,
): PauseOutcome {
  const regionTable = region === null ? null : calendar.schoolHolidays.regions[region];
  const firstDay = trigger + 1;
  const schoolSpans = regionTable ? regionTable.periods.filter((period) => period.until >= firstDay) : [];
  // Merged suspensions are already sorted and disjoint; only school holidays need a real union.
  const paused: readonly Span[] = schoolSpans.length === 0 ? suspensions : unionOf([...suspensions, ...schoolSpans]);

  // Push the end past as many unpaused days as there were paused days up to the old end.
  let toSkip = countOverlap(paused, firstDay, end, countedIn, calendar);
  let newEnd = end;
  let spanIndex = 0;
  while (toSkip > 0) {
    newEnd = assertSupported(newEnd + 1, 'term');
    while (spanIndex < paused.length && paused[spanIndex].until < newEnd) spanIndex++;
    const isPaused = spanIndex < paused.length && paused[spanIndex].from <= newEnd;
    if (!isPaused && (countedIn === 'calendar-days' || calendar.isWorkingDayNumber(newEnd))) toSkip--;
  }

  if (regionTable && (firstDay < regionTable.coveredFrom || newEnd > regionTable.coveredUntil)) {
    throw new CalendarRangeError(
      'term.pauseDuringSchoolHolidaysOf',
      `the school holidays of region ${region} are known from ${formatIsoDate(regionTable.coveredFrom)} ` +
        `until ${formatIsoDate(regionTable.coveredUntil)}; this term runs from ${formatIsoDate(firstDay)} ` +
        `until at least ${formatIsoDate(newEnd)}`,
    );
  }

  const suspensionOutcomes: PauseOutcome['suspensions'] = [];
  for (const suspension of suspensions) {
    suspensionOutcomes.push({
      from: formatIsoDate(suspension.from),
      until: suspension.openEnded ? null : formatIsoDate(suspension.until),
      assumedUntil: formatIsoDate(suspension.until),
      reasons: suspension.reasons,
      daysInTerm: countDays(Math.max(suspension.from, firstDay), Math.min(suspension.until, newEnd), countedIn, calendar),
    });
  }
  const schoolOutcomes: PauseOutcome['schoolPeriods'] = [];
  for (const period of schoolSpans) {
    if (period.from > newEnd) break;
    const from = Math.max(period.from, firstDay);
    const until = Math.min(period.until, newEnd);
    // Days that are also suspended are reported under the suspension only.
    const daysInTerm = countDays(from, until, countedIn, calendar) - countOverlap(suspensions, from, until, countedIn, calendar);
    schoolOutcomes.push({ name: period.name, from: formatIsoDate(period.from), until: formatIsoDate(period.until), daysInTerm });
  }
  const openSuspension = suspensions.find((suspension) => suspension.openEnded && suspension.from <= newEnd);
  return {
    end: newEnd,
    pausedDays: countOverlap(paused, firstDay, newEnd, countedIn, calendar),
    suspensions: suspensionOutcomes,
    schoolPeriods: schoolOutcomes,
    openSuspensionSince: openSuspension ? openSuspension.from : null,
    schoolHolidaysUnconfirmed: regionTable !== null && newEnd >= regionTable.provisionalFrom,
  };
}
