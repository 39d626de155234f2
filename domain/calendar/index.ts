/**
 * Legal-terms calendar engine: pure and deterministic (no clock, no I/O), so workflows may call it
 * during replay. Dates are ISO 'YYYY-MM-DD' strings.
 */
export { computeDeadline } from './terms';
export { LegalCalendar, createLegalCalendar, defaultLegalCalendar, holidaysOf, isWorkingDay } from './calendar';
export type { Holiday, LegalCalendarData, RoyalDecreeData } from './calendar';
export type { HolidayId } from './holidays';
export { easterSunday } from './easter';
export { assertIsoDate } from './localDate';
export { SCHOOL_REGIONS, isSchoolRegion } from './schoolHolidays';
export type { SchoolHolidayData, SchoolHolidayName, SchoolRegion } from './schoolHolidays';
export { CalendarDataError, CalendarInputError, CalendarRangeError, ExtensionLimitError } from './errors';
export { explain } from './explain';
export { SUSPENSION_REASONS, TERM_UNITS } from './types';
export type {
  DeadlineInput,
  DeadlineResult,
  Extension,
  Suspension,
  SuspensionReason,
  TermDirection,
  TermSpec,
  TermUnit,
  TraceStep,
} from './types';
export { FIRST_CALENDAR_RELEASE, calendarOfRelease, currentCalendarRelease, isReleasedCalendarVersion, releasedCalendarVersions } from './releases';
