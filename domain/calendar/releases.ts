/**
 * Calendar releases: frozen copies of the calendar data (royal decrees, school holidays) that a case
 * is pinned to. A case computes every term with the release it was filed under until a chair applies
 * a newer one, so a decree or a holiday added later never moves a date a party was told, and a
 * workflow replays against the very data it ran with.
 *
 * Why pin instead of recording each due date in history: a term is recomputed whenever it is
 * extended, suspended or resumed, and the hearing workflow derives notice periods and candidate dates
 * from the calendar as it goes. With the release pinned, all of that stays pure and deterministic;
 * with recorded dates, every one of those computations would become an activity.
 */
import { LegalCalendar, createLegalCalendar, defaultLegalCalendar } from './calendar';
import { RELEASED_CALENDAR_DATA } from './data/released';
import { CalendarDataError } from './errors';

/** The release every case filed before pinning existed ran with; a workflow without a version uses it. */
export const FIRST_CALENDAR_RELEASE = 'royal-decrees@2025-11-01+school-holidays@2025-11-01';

const built = new Map<string, LegalCalendar>();

export function releasedCalendarVersions(): string[] {
  return Object.keys(RELEASED_CALENDAR_DATA).sort();
}

export function isReleasedCalendarVersion(version: string): boolean {
  return Object.prototype.hasOwnProperty.call(RELEASED_CALENDAR_DATA, version);
}

/** The calendar of one release, built once. */
export function calendarOfRelease(version: string): LegalCalendar {
  const cached = built.get(version);
  if (cached) return cached;
  if (!isReleasedCalendarVersion(version)) throw new CalendarDataError(`calendar release ${version} is unknown (run npm run calendar:release after changing the data)`);
  const calendar = createLegalCalendar(RELEASED_CALENDAR_DATA[version].data);
  built.set(version, calendar);
  return calendar;
}

/** The release new cases are pinned to: the data files as shipped (which must be released). */
export function currentCalendarRelease(): string {
  return defaultLegalCalendar().version;
}
