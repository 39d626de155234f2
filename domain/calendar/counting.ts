/**
 * Counting a term from a day: calendar days, weeks (same weekday), months (same date or the month's
 * last day) and working days. `from` is the day of the event: the first day counted is the day after
 * (forward) or the day before (backward).
 */
import { LegalCalendar } from './calendar';
import { DayNumber, addMonths, assertSupported } from './localDate';
import { TermUnit } from './types';

/** The `n`-th working day after (step 1) or before (step −1) `from`. */
export function walkWorkingDays(from: DayNumber, n: number, step: 1 | -1, calendar: LegalCalendar, field: string): DayNumber {
  let day = from;
  let counted = 0;
  while (counted < n) {
    day += step;
    assertSupported(day, field);
    if (calendar.isWorkingDayNumber(day)) counted++;
  }
  return day;
}

/** End of a term of `amount` `unit` counted from `from`, forward (sign 1) or backward (sign −1). */
export function countTerm(
  from: DayNumber,
  amount: number,
  unit: TermUnit,
  sign: 1 | -1,
  calendar: LegalCalendar,
  field: string,
): DayNumber {
  switch (unit) {
    case 'days':
      return assertSupported(from + sign * amount, field);
    case 'weeks':
      return assertSupported(from + sign * 7 * amount, field);
    case 'months':
      return assertSupported(addMonths(from, sign * amount), field);
    case 'working-days':
      return walkWorkingDays(from, amount, sign, calendar, field);
  }
}
