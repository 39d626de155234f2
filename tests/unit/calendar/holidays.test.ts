import { describe, expect, it } from 'vitest';
import {
  CalendarDataError,
  CalendarInputError,
  createLegalCalendar,
  holidaysOf,
  isWorkingDay,
} from '../../../domain/calendar';
import decrees from '../../../domain/calendar/data/royal-decrees.json';
import { calendar } from './support';

const datesOf = (year: number) => holidaysOf(year, calendar).map((holiday) => `${holiday.date} ${holiday.id}`);

describe('recognised holidays (art. 3 Atw)', () => {
  it('lists 2026 completely, including the decree days', () => {
    expect(datesOf(2026)).toEqual([
      '2026-01-01 new-years-day',
      '2026-01-02 royal-decree',
      '2026-04-03 good-friday',
      '2026-04-06 easter-monday',
      '2026-04-27 kings-day',
      '2026-05-05 liberation-day',
      '2026-05-14 ascension-day',
      '2026-05-15 royal-decree',
      '2026-05-25 whit-monday',
      '2026-12-25 christmas-day',
      '2026-12-26 boxing-day',
    ]);
  });

  it("moves King's Day to 26 April when 27 April is a Sunday (2025, 2031, 2036)", () => {
    for (const year of [2025, 2031, 2036]) {
      const kingsDay = holidaysOf(year, calendar).find((holiday) => holiday.id === 'kings-day');
      expect(kingsDay?.date).toBe(`${year}-04-26`);
    }
    expect(isWorkingDay('2025-04-26', calendar)).toBe(false); // a Saturday and King's Day
    expect(holidaysOf(2027, calendar).find((holiday) => holiday.id === 'kings-day')?.date).toBe('2027-04-27');
  });

  it('has every decree day of 2023–2028 as a non-working day', () => {
    for (const day of ['2023-04-28', '2023-05-19', '2024-05-10', '2024-12-27', '2025-05-30', '2026-01-02', '2026-05-15', '2027-05-07', '2028-04-28', '2028-05-26']) {
      expect(isWorkingDay(day, calendar), day).toBe(false);
      expect(holidaysOf(Number(day.slice(0, 4)), calendar).some((h) => h.date === day && h.id === 'royal-decree')).toBe(true);
    }
  });

  it('knows that a year without a decree is not covered (results become provisional)', () => {
    expect(calendar.hasDecreeFor(2026)).toBe(true);
    expect(calendar.hasDecreeFor(2023)).toBe(true);
    expect(calendar.hasDecreeFor(2022)).toBe(false);
    expect(calendar.hasDecreeFor(2029)).toBe(false);
    // The Friday after Ascension 2029 is an ordinary working day until a decree says otherwise.
    expect(isWorkingDay('2029-05-11', calendar)).toBe(true);
  });

  it('keeps two holidays on one day apart (Ascension Day on 5 May 2016)', () => {
    expect(datesOf(2016).filter((entry) => entry.startsWith('2016-05-05'))).toEqual([
      '2016-05-05 liberation-day',
      '2016-05-05 ascension-day',
    ]);
  });

  it('treats weekends and holidays as non-working days, other days (also carnival) as working days', () => {
    expect(isWorkingDay('2026-04-28', calendar)).toBe(true);
    expect(isWorkingDay('2026-04-27', calendar)).toBe(false);
    expect(isWorkingDay('2026-05-02', calendar)).toBe(false); // Saturday
    expect(isWorkingDay('2026-05-03', calendar)).toBe(false); // Sunday
    expect(isWorkingDay('2026-02-16', calendar)).toBe(true); // carnival Monday: a local closing day, not an Atw holiday
    expect(isWorkingDay('2026-12-31', calendar)).toBe(true);
  });

  it('rejects impossible dates with a field name', () => {
    expect(() => isWorkingDay('2026-02-30', calendar)).toThrow(CalendarInputError);
    expect(() => isWorkingDay('26-02-2026', calendar)).toThrow(/YYYY-MM-DD/);
  });

  it('reads the decree data as data: a calendar without decrees has no equated days, and bad data is refused', () => {
    const bare = createLegalCalendar({ royalDecrees: { version: 'none', source: 'test', decrees: [] } });
    expect(isWorkingDay('2026-05-15', bare)).toBe(true);
    expect(bare.hasDecreeFor(2026)).toBe(false);
    expect(bare.version).toContain('royal-decrees@none');
    expect(calendar.version).toContain(`royal-decrees@${decrees.version}`);
    expect(() =>
      createLegalCalendar({
        royalDecrees: { version: 'x', source: 'x', decrees: [{ title: 't', fromYear: 2026, untilYear: 2028, days: ['2029-01-02'] }] },
      }),
    ).toThrow(CalendarDataError);
  });
});
