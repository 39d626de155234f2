/**
 * The calendar's data files pass their checks (CI fails on a maintainer's typo), and each check
 * catches the mistake it is for.
 */
import { describe, expect, it } from 'vitest';
import decrees from '../../../domain/calendar/data/royal-decrees.json';
import holidays from '../../../domain/calendar/data/school-holidays.json';
import type { RoyalDecreeData } from '../../../domain/calendar/calendar';
import { checkCalendarData, checkRoyalDecrees, checkSchoolHolidays } from '../../../domain/calendar/dataChecks';
import type { SchoolHolidayData } from '../../../domain/calendar/schoolHolidays';

const committedDecrees = decrees as RoyalDecreeData;
const committedHolidays = holidays as SchoolHolidayData;

describe('calendar data checks', () => {
  it('finds nothing wrong in the committed data', () => {
    expect(checkCalendarData({ royalDecrees: committedDecrees, schoolHolidays: committedHolidays })).toEqual([]);
  });

  it('refuses overlapping decrees, days outside their years, weekend days and doubles', () => {
    const data: RoyalDecreeData = {
      version: 'x',
      source: 'x',
      decrees: [
        { title: 'A', fromYear: 2026, untilYear: 2028, days: ['2026-05-15', '2026-05-15', '2029-05-11', '2026-05-16'] },
        { title: 'B', fromYear: 2028, untilYear: 2030, days: ['2028-13-01'] },
        { title: 'C', fromYear: 2032, untilYear: 2031, days: [] },
      ],
    };
    expect(checkRoyalDecrees(data)).toEqual([
      'decree "A": 2026-05-15 is listed twice',
      'decree "A": 2029-05-11 lies outside its years 2026–2028',
      'decree "A": 2026-05-16 is a weekend day',
      'decree "B": year 2028 is also covered by decree "A"',
      'decree "B": "2028-13-01" is not a date (YYYY-MM-DD)',
      'decree "C": fromYear 2032 must be a year on or before untilYear 2031',
    ]);
  });

  it('refuses two regions with the same summer, a summer of the wrong length and holidays out of order', () => {
    const data: SchoolHolidayData = {
      version: 'x',
      source: 'x',
      coverageFrom: '2026-08-01',
      schoolYears: [
        {
          schoolYear: '2026-2027',
          status: 'provisional',
          holidays: [
            { name: 'kerstvakantie', noord: ['2026-12-19', '2027-01-03'], midden: ['2026-12-19', '2027-01-03'], zuid: ['2027-01-03', '2026-12-19'] },
            { name: 'voorjaarsvakantie', noord: ['2027-01-02', '2027-01-10'] },
            { name: 'zomervakantie', noord: ['2027-07-10', '2027-08-22'], midden: ['2027-07-17', '2027-08-29'], zuid: ['2027-07-17', '2027-08-30'] },
          ],
        },
        {
          schoolYear: '2027-2028',
          status: 'provisional',
          holidays: [{ name: 'zomervakantie', noord: ['2028-07-14', '2028-08-27'], midden: ['2028-07-08', '2028-08-20'] }],
        },
      ],
    };
    expect(checkSchoolHolidays(data)).toEqual([
      '2026-2027 voorjaarsvakantie noord: starts 2027-01-02, before kerstvakantie has ended',
      '2026-2027 kerstvakantie zuid: ends 2026-12-19, before it starts 2027-01-03',
      '2026-2027 zomervakantie zuid: lasts 45 days, not 44 (Saturday to the Sunday six weeks later)',
      '2026-2027 zomervakantie: the regions start on noord 2027-07-10, midden 2027-07-17, zuid 2027-07-17; they must start a week apart, each on its own Saturday',
      '2027-2028 zomervakantie noord: starts 2028-07-14, which is not a Saturday',
      '2027-2028 zomervakantie noord: lasts 45 days, not 44 (Saturday to the Sunday six weeks later)',
      '2027-2028 zomervakantie: region zuid has no dates',
    ]);
  });
});
