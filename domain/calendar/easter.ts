/**
 * Easter Sunday (Gregorian), from which Good Friday, Easter Monday, Ascension Day and Whit Monday
 * follow. Anonymous Gregorian algorithm (Meeus/Jones/Butcher). The tests check it against an
 * independent method over every supported year.
 */
import { CalendarRangeError } from './errors';
import { DayNumber, MAX_YEAR, MIN_YEAR, dayNumberOf, formatIsoDate } from './localDate';

export function easterSundayDayNumber(year: number): DayNumber {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarRangeError('year', `Easter is computed for the years ${MIN_YEAR}–${MAX_YEAR} only, not for ${year}`);
  }
  const goldenNumber = year % 19;
  const century = Math.floor(year / 100);
  const yearInCentury = year % 100;
  const skippedLeapYears = Math.floor(century / 4);
  const centuryRest = century % 4;
  const moonCorrection = Math.floor((century + 8) / 25);
  const solarCorrection = Math.floor((century - moonCorrection + 1) / 3);
  const epact = (19 * goldenNumber + century - skippedLeapYears - solarCorrection + 15) % 30;
  const leapYearsInCentury = Math.floor(yearInCentury / 4);
  const yearInCycle = yearInCentury % 4;
  const daysToSunday = (32 + 2 * centuryRest + 2 * leapYearsInCentury - epact - yearInCycle) % 7;
  const lateMarchCorrection = Math.floor((goldenNumber + 11 * epact + 22 * daysToSunday) / 451);
  const dayCount = epact + daysToSunday - 7 * lateMarchCorrection + 114;
  const month = Math.floor(dayCount / 31);
  const day = (dayCount % 31) + 1;
  return dayNumberOf(year, month, day);
}

/** Easter Sunday of `year` as 'YYYY-MM-DD'; CalendarRangeError outside 1900–2200. */
export function easterSunday(year: number): string {
  return formatIsoDate(easterSundayDayNumber(year));
}
