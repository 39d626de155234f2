/**
 * computeDeadline: the last day of a legal term, with a trace of every step and its rule.
 *
 * Order of the steps (each is explained in the trace):
 * 1. The term is counted from the day after the trigger (or back from the trigger, for a backward term).
 * 2. Extensions lengthen the term as set: each adds its amount to the end reached so far.
 * 3. Pauses (suspensions; school holidays when policy says so) push the end by the paused days of the
 *    running term — see pause.ts for the exact definition.
 * 4. The Algemene termijnenwet (art. 1 and 2) moves the end off weekends and holidays, when it applies
 *    — see atw.ts. It runs last, on the end after extensions and pauses, so a suspension moves the end
 *    before the Atw by exactly its length.
 *
 * Pure and deterministic: all calendar knowledge comes from the LegalCalendar passed in.
 */
import { art2Concerns, atwApplicability, applyAtw } from './atw';
import { LegalCalendar } from './calendar';
import { countTerm } from './counting';
import { explain } from './explain';
import { DayNumber, formatIsoDate, yearOf } from './localDate';
import { applyPauses, mergeSuspensions } from './pause';
import { CountedIn, DeadlineInput, DeadlineResult, TraceStep } from './types';
import { checkInput } from './validate';

function describeNonWorkingDays(from: DayNumber, to: DayNumber, calendar: LegalCalendar) {
  const days = [];
  for (let day = from; day < to; day++) days.push({ date: formatIsoDate(day), holidays: calendar.holidayIdsOn(day) });
  return days;
}

const NO_YEARS: readonly number[] = Object.freeze([]);

function yearsWithoutDecree(from: DayNumber, to: DayNumber, calendar: LegalCalendar): readonly number[] {
  let years: number[] | null = null;
  const last = yearOf(to);
  for (let year = yearOf(from); year <= last; year++) {
    if (!calendar.hasDecreeFor(year)) (years ??= []).push(year);
  }
  return years ?? NO_YEARS;
}

export function computeDeadline(input: DeadlineInput, calendar: LegalCalendar): DeadlineResult {
  const checked = checkInput(input);
  const { trigger, amount, unit, direction } = checked;
  const trace: TraceStep[] = [{ kind: 'trigger', date: formatIsoDate(trigger), event: checked.event }];
  const sign = direction === 'forward' ? 1 : -1;
  const nominalEnd = countTerm(trigger, amount, unit, sign, calendar, 'term.amount');
  trace.push({
    kind: 'term',
    amount,
    unit,
    direction,
    label: checked.label,
    start: formatIsoDate(direction === 'forward' ? trigger + 1 : trigger),
    end: formatIsoDate(nominalEnd),
    countedIn: unit === 'working-days' ? 'working-days' : 'calendar-days',
    calendarVersion: calendar.version,
    rule:
      direction === 'forward'
        ? 'counted from the day after the trigger; weeks end on the same weekday, months on the same date or the last day of the month'
        : 'counted back from the trigger',
  });

  // Holidays matter for working-day counting and for the Atw; the years they were read for decide
  // whether a missing royal decree makes the result provisional.
  let holidaysReadFrom: DayNumber | null = unit === 'working-days' ? Math.min(trigger, nominalEnd) : null;

  let end = nominalEnd;
  for (let index = 0; index < checked.extensions.length; index++) {
    const extension = checked.extensions[index];
    const extended = countTerm(end, extension.amount, extension.unit, 1, calendar, `extensions[${index}].amount`);
    if (extension.unit === 'working-days') holidaysReadFrom ??= end;
    trace.push({
      kind: 'extension',
      amount: extension.amount,
      unit: extension.unit,
      reason: extension.reason,
      legalBasis: extension.legalBasis,
      from: formatIsoDate(end),
      to: formatIsoDate(extended),
      rule: `extension ${index + 1} of at most ${input.maxExtensions ?? 1}`,
    });
    end = extended;
  }

  let openSuspensionSince: DayNumber | null = null;
  let schoolHolidaysUnconfirmed = false;
  if (checked.suspensions.length > 0 || checked.region !== null) {
    const countedIn: CountedIn = unit === 'working-days' ? 'working-days' : 'calendar-days';
    const suspensions = mergeSuspensions(checked.suspensions, checked.asOf);
    const outcome = applyPauses(trigger, end, countedIn, suspensions, checked.region, calendar);
    trace.push({
      kind: 'pause',
      from: formatIsoDate(end),
      to: formatIsoDate(outcome.end),
      countedIn,
      days: outcome.pausedDays,
      suspensions: outcome.suspensions,
      schoolHolidays:
        checked.region === null
          ? null
          : { region: checked.region, dataVersion: calendar.schoolHolidays.version, periods: outcome.schoolPeriods },
      rule: 'paused days do not count; a suspension from D1 until D2 pauses D2 − D1 + 1 days (both inclusive)',
    });
    end = outcome.end;
    openSuspensionSince = outcome.openSuspensionSince;
    schoolHolidaysUnconfirmed = outcome.schoolHolidaysUnconfirmed;
  }

  const endBeforeAtw = end;
  const atw = atwApplicability(amount, unit, direction, checked.applyAtw, checked.statutory);
  if (!atw.applies) {
    trace.push({
      kind: 'atw-not-applied',
      because: atw.because,
      rule: atw.because === 'backward' ? 'Atw art. 1 lid 2' : atw.because === 'longer-than-atw-limit' ? 'Atw art. 4' : 'policy of the term',
    });
  } else {
    trace.push({
      kind: 'atw-applied',
      basis: atw.basis,
      rule: atw.basis === 'statutory' ? 'Atw binds statutory terms' : 'policy of the term (committee regulation)',
    });
    const firstDay = trigger + 1;
    const outcome = applyAtw(firstDay, end, art2Concerns(amount, unit), calendar);
    if (outcome.afterArt1 !== end) {
      trace.push({
        kind: 'atw-art1',
        from: formatIsoDate(end),
        to: formatIsoDate(outcome.afterArt1),
        nonWorkingDays: describeNonWorkingDays(end, outcome.afterArt1, calendar),
        rule: 'Atw art. 1 lid 1',
      });
    }
    if (outcome.afterArt2 !== outcome.afterArt1) {
      trace.push({
        kind: 'atw-art2',
        from: formatIsoDate(outcome.afterArt1),
        to: formatIsoDate(outcome.afterArt2),
        workingDaysBefore: outcome.workingDaysBeforeArt2,
        rule: 'Atw art. 2',
      });
    }
    holidaysReadFrom = holidaysReadFrom === null ? firstDay : Math.min(holidaysReadFrom, firstDay);
    end = outcome.afterArt2;
  }

  const missingDecreeYears =
    holidaysReadFrom === null ? NO_YEARS : yearsWithoutDecree(holidaysReadFrom, Math.max(end, trigger), calendar);
  const provisional = openSuspensionSince !== null || missingDecreeYears.length > 0 || schoolHolidaysUnconfirmed;
  if (provisional) {
    trace.push({
      kind: 'provisional',
      yearsWithoutDecree: [...missingDecreeYears],
      unconfirmedSchoolHolidays: schoolHolidaysUnconfirmed,
      openSuspensionSince: openSuspensionSince === null ? null : formatIsoDate(openSuspensionSince),
      rule: 'Atw art. 3 lid 3 (decrees per three years); open suspension; school holiday data status',
    });
  }
  const endIso = formatIsoDate(end);
  const due = openSuspensionSince === null ? endIso : null;
  trace.push({ kind: 'due', date: due, earliest: endIso, endBeforeAtw: formatIsoDate(endBeforeAtw) });

  // The explanation is derived from the trace and rendered on first read: most callers (workflow
  // timers, batch recomputation) only need the date, and rendering two languages costs more than
  // the computation itself. As an own enumerable getter it still appears in JSON and spreads.
  let explanation: DeadlineResult['explanation'] | undefined;
  return {
    due,
    earliestDue: endIso,
    provisional,
    suspendedOpenEnded: openSuspensionSince !== null,
    calendarVersion: calendar.version,
    trace,
    get explanation() {
      explanation ??= { nl: explain(trace, 'nl'), en: explain(trace, 'en') };
      return explanation;
    },
  };
}
