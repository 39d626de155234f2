/**
 * Regional school holidays (noord / midden / zuid) from the ministry's published table, kept as
 * versioned data. The calendar knows, per region, a continuous covered span: from `coverageFrom` to
 * the last day of the last holiday in the file. A term that needs a day outside it is an error —
 * the engine never guesses a holiday.
 */
import { CalendarDataError } from './errors';
import { DayNumber, formatIsoDate, parseIsoDate } from './localDate';

export const SCHOOL_REGIONS = ['noord', 'midden', 'zuid'] as const;
export type SchoolRegion = (typeof SCHOOL_REGIONS)[number];

export const SCHOOL_HOLIDAY_NAMES = [
  'herfstvakantie',
  'kerstvakantie',
  'voorjaarsvakantie',
  'meivakantie',
  'zomervakantie',
] as const;
export type SchoolHolidayName = (typeof SCHOOL_HOLIDAY_NAMES)[number];

export const SCHOOL_HOLIDAY_NAMES_EN: Readonly<Record<SchoolHolidayName, string>> = {
  herfstvakantie: 'autumn holiday',
  kerstvakantie: 'Christmas holiday',
  voorjaarsvakantie: 'spring holiday',
  meivakantie: 'May holiday',
  zomervakantie: 'summer holiday',
};

/** Shape of data/school-holidays.json. Each region maps to [first day, last day], both inclusive. */
export interface SchoolHolidayData {
  version: string;
  source: string;
  coverageFrom: string;
  schoolYears: Array<{
    schoolYear: string;
    /** 'provisional': not checked against the published table; results that use it are provisional. */
    status: 'published' | 'provisional';
    note?: string;
    holidays: Array<{ name: string } & Partial<Record<SchoolRegion, [string, string]>>>;
  }>;
}

export interface SchoolHolidayPeriod {
  name: SchoolHolidayName;
  schoolYear: string;
  from: DayNumber;
  until: DayNumber;
  provisional: boolean;
}

export interface RegionSchoolHolidays {
  /** Sorted, non-overlapping. */
  periods: readonly SchoolHolidayPeriod[];
  coveredFrom: DayNumber;
  coveredUntil: DayNumber;
  /**
   * From this day on the table is not confirmed (the day after the last holiday of a published school
   * year); a term running into it gives a provisional result. Infinity when everything is published.
   */
  provisionalFrom: DayNumber;
}

export interface SchoolHolidayTable {
  version: string;
  source: string;
  regions: Readonly<Record<SchoolRegion, RegionSchoolHolidays>>;
}

export function isSchoolRegion(value: unknown): value is SchoolRegion {
  return typeof value === 'string' && (SCHOOL_REGIONS as readonly string[]).includes(value);
}

function parseDataDate(text: unknown, where: string): DayNumber {
  try {
    return parseIsoDate(text, where);
  } catch (error) {
    throw new CalendarDataError(`school holiday data: ${(error as Error).message}`);
  }
}

export function buildSchoolHolidayTable(data: SchoolHolidayData): SchoolHolidayTable {
  if (!data || typeof data.version !== 'string' || !Array.isArray(data.schoolYears)) {
    throw new CalendarDataError('school holiday data: expected {version, source, coverageFrom, schoolYears[]}');
  }
  const coveredFrom = parseDataDate(data.coverageFrom, 'coverageFrom');
  const collected: Record<SchoolRegion, SchoolHolidayPeriod[]> = { noord: [], midden: [], zuid: [] };
  for (const year of data.schoolYears) {
    if (year.status !== 'published' && year.status !== 'provisional') {
      throw new CalendarDataError(`school holiday data: ${year.schoolYear} has no valid status`);
    }
    for (const holiday of year.holidays) {
      if (!(SCHOOL_HOLIDAY_NAMES as readonly string[]).includes(holiday.name)) {
        throw new CalendarDataError(`school holiday data: unknown holiday name ${JSON.stringify(holiday.name)}`);
      }
      for (const region of SCHOOL_REGIONS) {
        const span = holiday[region];
        if (!Array.isArray(span) || span.length !== 2) {
          throw new CalendarDataError(`school holiday data: ${year.schoolYear} ${holiday.name} lacks region ${region}`);
        }
        const where = `${year.schoolYear} ${holiday.name} ${region}`;
        const from = parseDataDate(span[0], where);
        const until = parseDataDate(span[1], where);
        if (until < from) throw new CalendarDataError(`school holiday data: ${where} ends before it starts`);
        collected[region].push({
          name: holiday.name as SchoolHolidayName,
          schoolYear: year.schoolYear,
          from,
          until,
          provisional: year.status === 'provisional',
        });
      }
    }
  }
  const regions = {} as Record<SchoolRegion, RegionSchoolHolidays>;
  for (const region of SCHOOL_REGIONS) {
    const periods = collected[region].sort((a, b) => a.from - b.from);
    periods.forEach((period, index) => {
      if (index > 0 && period.from <= periods[index - 1].until) {
        throw new CalendarDataError(`school holiday data: overlapping holidays in ${region} at ${formatIsoDate(period.from)}`);
      }
    });
    if (periods.length === 0 || periods[0].from < coveredFrom) {
      throw new CalendarDataError(`school holiday data: region ${region} has no holidays on or after coverageFrom`);
    }
    const firstProvisional = periods.findIndex((period) => period.provisional);
    const provisionalFrom =
      firstProvisional < 0 ? Infinity : firstProvisional === 0 ? coveredFrom : periods[firstProvisional - 1].until + 1;
    regions[region] = { periods, coveredFrom, coveredUntil: periods[periods.length - 1].until, provisionalFrom };
  }
  return { version: data.version, source: data.source, regions };
}
