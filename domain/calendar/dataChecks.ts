/**
 * Sanity checks on the calendar's data files (royal decrees under art. 3(3) Atw, regional school
 * holidays), run in CI so that a maintainer's typo cannot quietly move a legal term. Each problem is
 * one sentence naming the entry; an empty list means the data is consistent.
 *
 * What is checked, and why:
 * - A decree covers consecutive years (fromYear ≤ untilYear), decrees do not overlap (two decrees for
 *   one year would make the gelijkstelling ambiguous), and every day lies inside its decree's years,
 *   on a weekday (the Atw equates working days with holidays; a weekend day already does not count).
 * - Per school year and region the holidays lie in order, do not overlap, and each ends on or after
 *   its start.
 * - The summer holiday is spread over the regions (the ministry's vakantiespreiding): the three regions
 *   start on three different Saturdays, a week apart, and each summer lasts six weeks plus the weekend
 *   around them (44 days, Saturday to Sunday).
 */
import type { LegalCalendarData } from './calendar';
import { DayNumber, formatIsoDate, isWeekend, parseIsoDate, yearOf } from './localDate';
import { SCHOOL_REGIONS } from './schoolHolidays';

const SUMMER_DAYS = 44;

function day(text: string): DayNumber | null {
  try {
    return parseIsoDate(text, 'date');
  } catch {
    return null;
  }
}

function isSaturday(d: DayNumber): boolean {
  // A Saturday is a weekend day whose next day is also a weekend day.
  return isWeekend(d) && isWeekend(d + 1);
}

export function checkRoyalDecrees(data: LegalCalendarData['royalDecrees']): string[] {
  const problems: string[] = [];
  const yearsSeen = new Map<number, string>();
  for (const decree of data.decrees) {
    if (!Number.isInteger(decree.fromYear) || !Number.isInteger(decree.untilYear) || decree.fromYear > decree.untilYear) {
      problems.push(`decree "${decree.title}": fromYear ${decree.fromYear} must be a year on or before untilYear ${decree.untilYear}`);
      continue;
    }
    for (let year = decree.fromYear; year <= decree.untilYear; year++) {
      const other = yearsSeen.get(year);
      if (other) problems.push(`decree "${decree.title}": year ${year} is also covered by decree "${other}"`);
      else yearsSeen.set(year, decree.title);
    }
    const daysSeen = new Set<string>();
    for (const text of decree.days) {
      const d = day(text);
      if (d === null) {
        problems.push(`decree "${decree.title}": "${text}" is not a date (YYYY-MM-DD)`);
        continue;
      }
      if (daysSeen.has(text)) problems.push(`decree "${decree.title}": ${text} is listed twice`);
      daysSeen.add(text);
      const year = yearOf(d);
      if (year < decree.fromYear || year > decree.untilYear) problems.push(`decree "${decree.title}": ${text} lies outside its years ${decree.fromYear}–${decree.untilYear}`);
      if (isWeekend(d)) problems.push(`decree "${decree.title}": ${text} is a weekend day`);
    }
  }
  return problems;
}

export function checkSchoolHolidays(data: LegalCalendarData['schoolHolidays']): string[] {
  const problems: string[] = [];
  for (const year of data.schoolYears) {
    for (const region of SCHOOL_REGIONS) {
      let previousUntil: DayNumber | null = null;
      let previousName = '';
      for (const holiday of year.holidays) {
        const span = holiday[region];
        if (!span) continue;
        const [from, until] = [day(span[0]), day(span[1])];
        if (from === null || until === null) {
          problems.push(`${year.schoolYear} ${holiday.name} ${region}: [${span.join(', ')}] are not both dates (YYYY-MM-DD)`);
          continue;
        }
        if (until < from) problems.push(`${year.schoolYear} ${holiday.name} ${region}: ends ${span[1]}, before it starts ${span[0]}`);
        if (previousUntil !== null && from <= previousUntil) problems.push(`${year.schoolYear} ${holiday.name} ${region}: starts ${span[0]}, before ${previousName} has ended`);
        previousUntil = until;
        previousName = holiday.name;
      }
    }
    const summer = year.holidays.find((h) => h.name === 'zomervakantie');
    if (!summer) continue;
    const starts: DayNumber[] = [];
    for (const region of SCHOOL_REGIONS) {
      const span = summer[region];
      const [from, until] = span ? [day(span[0]), day(span[1])] : [null, null];
      if (!span || from === null || until === null) {
        problems.push(`${year.schoolYear} zomervakantie: region ${region} has no dates`);
        continue;
      }
      if (!isSaturday(from)) problems.push(`${year.schoolYear} zomervakantie ${region}: starts ${span[0]}, which is not a Saturday`);
      if (until - from + 1 !== SUMMER_DAYS) problems.push(`${year.schoolYear} zomervakantie ${region}: lasts ${until - from + 1} days, not ${SUMMER_DAYS} (Saturday to the Sunday six weeks later)`);
      starts.push(from);
    }
    if (starts.length === SCHOOL_REGIONS.length) {
      const sorted = [...starts].sort((a, b) => a - b);
      if (sorted[1] - sorted[0] !== 7 || sorted[2] - sorted[1] !== 7) {
        problems.push(`${year.schoolYear} zomervakantie: the regions start on ${SCHOOL_REGIONS.map((r, i) => `${r} ${formatIsoDate(starts[i])}`).join(', ')}; they must start a week apart, each on its own Saturday`);
      }
    }
  }
  return problems;
}

export function checkCalendarData(data: LegalCalendarData): string[] {
  return [...checkRoyalDecrees(data.royalDecrees), ...checkSchoolHolidays(data.schoolHolidays)];
}
