/**
 * The recognised holidays of the Algemene termijnenwet (art. 3) for one year. The fixed and
 * Easter-based days are computed; the days equated by royal decree (art. 3(3)) come from data.
 */
import { easterSundayDayNumber } from './easter';
import { DayNumber, dayNumberOf, weekdayOf } from './localDate';

export type HolidayId =
  | 'new-years-day'
  | 'good-friday'
  | 'easter-monday'
  | 'kings-day'
  | 'liberation-day'
  | 'ascension-day'
  | 'whit-monday'
  | 'christmas-day'
  | 'boxing-day'
  | 'royal-decree';

export interface HolidayDefinition {
  nl: string;
  en: string;
  /** The provision that makes the day a recognised holiday. */
  legalBasis: string;
}

export const HOLIDAY_DEFINITIONS: Readonly<Record<HolidayId, HolidayDefinition>> = {
  'new-years-day': { nl: 'Nieuwjaarsdag', en: "New Year's Day", legalBasis: 'art. 3 lid 1 Atw' },
  'good-friday': { nl: 'Goede Vrijdag', en: 'Good Friday', legalBasis: 'art. 3 lid 2 Atw' },
  'easter-monday': { nl: 'Tweede Paasdag', en: 'Easter Monday', legalBasis: 'art. 3 lid 1 Atw' },
  'kings-day': { nl: 'Koningsdag', en: "King's Day", legalBasis: 'art. 3 lid 1 Atw' },
  'liberation-day': { nl: 'Bevrijdingsdag (5 mei)', en: 'Liberation Day (5 May)', legalBasis: 'art. 3 lid 1 Atw' },
  'ascension-day': { nl: 'Hemelvaartsdag', en: 'Ascension Day', legalBasis: 'art. 3 lid 1 Atw' },
  'whit-monday': { nl: 'Tweede Pinksterdag', en: 'Whit Monday', legalBasis: 'art. 3 lid 1 Atw' },
  'christmas-day': { nl: 'Eerste Kerstdag', en: 'Christmas Day', legalBasis: 'art. 3 lid 1 Atw' },
  'boxing-day': { nl: 'Tweede Kerstdag', en: 'Boxing Day', legalBasis: 'art. 3 lid 1 Atw' },
  'royal-decree': {
    nl: 'bij koninklijk besluit gelijkgestelde dag',
    en: 'day equated with a holiday by royal decree',
    legalBasis: 'art. 3 lid 3 Atw',
  },
};

export interface HolidayOccurrence {
  day: DayNumber;
  id: HolidayId;
}

/**
 * King's Day is the King's birthday as celebrated: 27 April, or 26 April when the 27th is a Sunday.
 * (Applied to every year: before 2014 the Queen's birthday was on other dates, but those years are
 * flagged provisional anyway because no decree data covers them.)
 */
function kingsDay(year: number): DayNumber {
  const april27 = dayNumberOf(year, 4, 27);
  return weekdayOf(april27) === 0 ? april27 - 1 : april27;
}

/** All recognised holidays of `year`, sorted by day; two holidays may share a day (e.g. Ascension on 5 May). */
export function holidaysInYear(year: number, decreeDays: readonly DayNumber[]): HolidayOccurrence[] {
  const easter = easterSundayDayNumber(year);
  const occurrences: HolidayOccurrence[] = [
    { day: dayNumberOf(year, 1, 1), id: 'new-years-day' },
    { day: easter - 2, id: 'good-friday' },
    { day: easter + 1, id: 'easter-monday' },
    { day: kingsDay(year), id: 'kings-day' },
    { day: dayNumberOf(year, 5, 5), id: 'liberation-day' },
    { day: easter + 39, id: 'ascension-day' },
    { day: easter + 50, id: 'whit-monday' },
    { day: dayNumberOf(year, 12, 25), id: 'christmas-day' },
    { day: dayNumberOf(year, 12, 26), id: 'boxing-day' },
    ...decreeDays.map((day): HolidayOccurrence => ({ day, id: 'royal-decree' })),
  ];
  return occurrences.sort((a, b) => a.day - b.day);
}
