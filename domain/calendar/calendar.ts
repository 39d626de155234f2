/**
 * The LegalCalendar: everything the deadline computation needs to know about days, built from
 * versioned data (royal decrees, school holidays) and passed in — the computation never reads the
 * clock or the disk. Holiday sets are computed lazily per year and cached in a flat array indexed by
 * day number, so the hot path ("is this a working day?") is one typed-array read.
 */
import defaultDecreeData from './data/royal-decrees.json';
import defaultSchoolHolidayData from './data/school-holidays.json';
import { CalendarDataError } from './errors';
import { HOLIDAY_DEFINITIONS, HolidayId, HolidayOccurrence, holidaysInYear } from './holidays';
import {
  DayNumber,
  dayNumberOf,
  formatIsoDate,
  isWeekend,
  parseIsoDate,
  yearOf,
} from './localDate';
import { SchoolHolidayData, SchoolHolidayTable, buildSchoolHolidayTable } from './schoolHolidays';

/** Shape of data/royal-decrees.json. */
export interface RoyalDecreeData {
  version: string;
  source: string;
  note?: string;
  decrees: Array<{ title: string; fromYear: number; untilYear: number; days: string[] }>;
}

export interface LegalCalendarData {
  royalDecrees: RoyalDecreeData;
  schoolHolidays: SchoolHolidayData;
}

// Per-day kinds in the per-year caches.
const WORKING = 1;
const WEEKEND = 2;
const HOLIDAY = 3;
const NO_HOLIDAYS: readonly HolidayId[] = Object.freeze([]);

export class LegalCalendar {
  /** Identifies the data a result was computed with; results carry it so they can be reproduced. */
  readonly version: string;
  readonly schoolHolidays: SchoolHolidayTable;
  /** Day kinds per year, filled when a year is first used (a workflow touches only a few years). */
  private readonly dayKindsByYear = new Map<number, Uint8Array>();
  private lastFirst = 1;
  private lastLast = 0;
  private lastKinds: Uint8Array | undefined;
  private readonly holidaysByYear = new Map<number, readonly HolidayOccurrence[]>();
  /** Holiday ids per holiday day, shared arrays so that lookups allocate nothing. */
  private readonly holidayIdsByDay = new Map<DayNumber, readonly HolidayId[]>();
  private readonly decreeDaysByYear = new Map<number, DayNumber[]>();
  private readonly decreeYears = new Set<number>();

  constructor(data: LegalCalendarData) {
    this.readDecrees(data.royalDecrees);
    this.schoolHolidays = buildSchoolHolidayTable(data.schoolHolidays);
    this.version = `royal-decrees@${data.royalDecrees.version}+school-holidays@${this.schoolHolidays.version}`;
  }

  private readDecrees(data: RoyalDecreeData): void {
    if (!data || typeof data.version !== 'string' || !Array.isArray(data.decrees)) {
      throw new CalendarDataError('royal decree data: expected {version, source, decrees[]}');
    }
    for (const decree of data.decrees) {
      const { fromYear, untilYear } = decree;
      if (!Number.isInteger(fromYear) || !Number.isInteger(untilYear) || fromYear > untilYear) {
        throw new CalendarDataError(`royal decree data: bad year range in ${JSON.stringify(decree.title)}`);
      }
      for (let year = fromYear; year <= untilYear; year++) {
        if (this.decreeYears.has(year)) throw new CalendarDataError(`royal decree data: two decrees cover ${year}`);
        this.decreeYears.add(year);
      }
      for (const text of decree.days) {
        let day: DayNumber;
        try {
          day = parseIsoDate(text, 'royal decree day');
        } catch (error) {
          throw new CalendarDataError(`royal decree data: ${(error as Error).message}`);
        }
        const year = yearOf(day);
        if (year < fromYear || year > untilYear) {
          throw new CalendarDataError(`royal decree data: ${text} lies outside ${fromYear}–${untilYear}`);
        }
        const days = this.decreeDaysByYear.get(year) ?? [];
        days.push(day);
        this.decreeDaysByYear.set(year, days);
      }
    }
  }

  /** Whether a royal decree (art. 3(3) Atw) covers `year`; if not, results depending on it are provisional. */
  hasDecreeFor(year: number): boolean {
    return this.decreeYears.has(year);
  }

  /** The recognised holidays of a year (cached). Throws CalendarRangeError outside 1900–2200. */
  holidayOccurrences(year: number): readonly HolidayOccurrence[] {
    let occurrences = this.holidaysByYear.get(year);
    if (!occurrences) {
      occurrences = holidaysInYear(year, this.decreeDaysByYear.get(year) ?? []);
      this.holidaysByYear.set(year, occurrences);
      this.fillYear(year, occurrences);
    }
    return occurrences;
  }

  private fillYear(year: number, occurrences: readonly HolidayOccurrence[]): void {
    const first = dayNumberOf(year, 1, 1);
    const last = dayNumberOf(year, 12, 31);
    const kinds = new Uint8Array(last - first + 1);
    for (let day = first; day <= last; day++) {
      kinds[day - first] = isWeekend(day) ? WEEKEND : WORKING;
    }
    this.dayKindsByYear.set(year, kinds);
    for (const { day, id } of occurrences) {
      kinds[day - first] = HOLIDAY;
      this.holidayIdsByDay.set(day, [...(this.holidayIdsByDay.get(day) ?? []), id]);
    }
  }

  private kindOf(day: DayNumber): number {
    // Most lookups fall in the year looked at last: check it before the map.
    if (day >= this.lastFirst && day <= this.lastLast) return this.lastKinds![day - this.lastFirst];
    const year = yearOf(day);
    let kinds = this.dayKindsByYear.get(year);
    if (!kinds) {
      this.holidayOccurrences(year);
      kinds = this.dayKindsByYear.get(year)!;
    }
    this.lastFirst = dayNumberOf(year, 1, 1);
    this.lastLast = this.lastFirst + kinds.length - 1;
    this.lastKinds = kinds;
    return kinds[day - this.lastFirst];
  }

  /**
   * Not a Saturday, Sunday or recognised holiday. `day` must lie in 1900–2200 (callers check with
   * assertSupported); this is the hot path, so it does not check again.
   */
  isWorkingDayNumber(day: DayNumber): boolean {
    return this.kindOf(day) === WORKING;
  }

  /** The holidays on `day` (usually none or one). The array is shared: do not modify it. */
  holidayIdsOn(day: DayNumber): readonly HolidayId[] {
    if (this.kindOf(day) !== HOLIDAY) return NO_HOLIDAYS;
    return this.holidayIdsByDay.get(day) ?? NO_HOLIDAYS;
  }
}

let defaultCalendar: LegalCalendar | undefined;

/** Builds a calendar from data; without arguments from the data files shipped in domain/calendar/data. */
export function createLegalCalendar(data?: Partial<LegalCalendarData>): LegalCalendar {
  return new LegalCalendar({
    royalDecrees: data?.royalDecrees ?? (defaultDecreeData as RoyalDecreeData),
    schoolHolidays: data?.schoolHolidays ?? (defaultSchoolHolidayData as SchoolHolidayData),
  });
}

/** The calendar built from the shipped data files, created once and shared (its caches only grow). */
export function defaultLegalCalendar(): LegalCalendar {
  defaultCalendar ??= createLegalCalendar();
  return defaultCalendar;
}

export interface Holiday {
  date: string;
  id: HolidayId;
  nl: string;
  en: string;
  legalBasis: string;
}

/** The recognised holidays of `year` under the Atw, including days equated by royal decree. */
export function holidaysOf(year: number, calendar: LegalCalendar): Holiday[] {
  // holidayOccurrences throws a CalendarRangeError for years outside 1900–2200.
  return calendar.holidayOccurrences(year).map(({ day, id }) => ({
    date: formatIsoDate(day),
    id,
    ...HOLIDAY_DEFINITIONS[id],
  }));
}

/** Whether `date` (YYYY-MM-DD) is a working day: not a Saturday, Sunday or recognised holiday. */
export function isWorkingDay(date: string, calendar: LegalCalendar): boolean {
  return calendar.isWorkingDayNumber(parseIsoDate(date, 'date'));
}
