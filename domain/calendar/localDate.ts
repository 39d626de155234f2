/**
 * Calendar dates without time zones. At the boundary a date is an ISO string 'YYYY-MM-DD'; inside
 * the engine it is a day number (days since 1970-01-01, proleptic Gregorian), so that adding days,
 * comparing and indexing are plain integer operations. No Date objects: the results must not depend
 * on the host's time zone, and workflows replay this code.
 */
import { CalendarInputError, CalendarRangeError } from './errors';

/** The engine supports the years for which it computes Easter. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

export type DayNumber = number;

/** Day number of a (valid) civil date. Integer-only variant of the well-known days-from-civil algorithm. */
export function dayNumberOf(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export const MIN_DAY: DayNumber = dayNumberOf(MIN_YEAR, 1, 1);
export const MAX_DAY: DayNumber = dayNumberOf(MAX_YEAR, 12, 31);

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

/** Inverse of dayNumberOf. */
export function civilOf(dayNumber: DayNumber): CivilDate {
  const year = yearOf(dayNumber);
  const dayOfYear = dayNumber - dayNumberOf(year, 1, 1);
  const leap = isLeapYear(year) ? 1 : 0;
  let month = 1;
  while (month < 12 && dayOfYear >= CUMULATIVE_DAYS[month] + (month >= 2 ? leap : 0)) month++;
  return { year, month, day: dayOfYear - CUMULATIVE_DAYS[month - 1] - (month > 2 ? leap : 0) + 1 };
}

/** Year of a day number, without allocating (it is on the hot path). */
export function yearOf(dayNumber: DayNumber): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  // dayOfYear counts from 1 March: its January and February belong to the next civil year.
  return yearOfEra + era * 400 + (dayOfYear >= 306 ? 1 : 0);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days before the first of each month in a common year; index 12 is the year's length. */
const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: DayNumber): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: DayNumber): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday === 0 || weekday === 6;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Parses a strict 'YYYY-MM-DD' date and checks that it exists (no 2026-02-30) and lies in the
 * supported years. `field` names the input in the error.
 */
export function parseIsoDate(text: unknown, field: string): DayNumber {
  const year = typeof text === 'string' && text.length === 10 && text[4] === '-' && text[7] === '-' ? digitsAt(text, 0, 4) : -1;
  const month = year < 0 ? -1 : digitsAt(text as string, 5, 2);
  const day = month < 0 ? -1 : digitsAt(text as string, 8, 2);
  if (day < 0) {
    throw new CalendarInputError(field, `${field} must be a date written as YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new CalendarInputError(field, `${field}: ${String(text)} is not a date that exists`);
  }
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarRangeError(field, `${field}: ${String(text)} is outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return dayNumberOf(year, month, day);
}

/** Throws a CalendarInputError naming `field` unless `text` is an existing, supported YYYY-MM-DD date. */
export function assertIsoDate(text: unknown, field: string): asserts text is string {
  parseIsoDate(text, field);
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

// ISO strings of the days actually formatted, made once: results and traces format the same dates
// again and again. A Map, not an array over all 110,000 supported days: every Temporal workflow
// gets its own copy of module state, so a dense cache would cost each cached case about 1 MB.
const isoCache = new Map<DayNumber, string>();
const ISO_CACHE_LIMIT = 4096;

export function formatIsoDate(dayNumber: DayNumber): string {
  const cached = isoCache.get(dayNumber);
  if (cached !== undefined) return cached;
  const { year, month, day } = civilOf(dayNumber);
  const iso = `${year}-${twoDigits(month)}-${twoDigits(day)}`;
  if (isoCache.size < ISO_CACHE_LIMIT) isoCache.set(dayNumber, iso);
  return iso;
}

/**
 * The same date `months` months later (or earlier, when negative); the month's last day when that
 * date does not exist (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(dayNumber: DayNumber, months: number): DayNumber {
  const { year, month, day } = civilOf(dayNumber);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return dayNumberOf(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Throws when a computed date leaves the supported years; `field` names the input that pushed it there. */
export function assertSupported(dayNumber: DayNumber, field: string): DayNumber {
  if (dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new CalendarRangeError(
      field,
      `the computation reaches ${formatIsoDate(dayNumber)}, outside the supported years ${MIN_YEAR}–${MAX_YEAR}`,
    );
  }
  return dayNumber;
}
