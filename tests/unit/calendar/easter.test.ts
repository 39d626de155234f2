import { describe, expect, it } from 'vitest';
import { CalendarRangeError, easterSunday, holidaysOf } from '../../../domain/calendar';
import { addDays, calendar, weekday } from './support';

/**
 * A second, independent Easter computation: Oudin's algorithm (1940) as given in Tøndering's
 * calendar FAQ. The engine uses the Meeus/Jones/Butcher algorithm; agreeing on every supported
 * year is strong evidence both are right.
 */
function oudinEaster(year: number): string {
  const g = year % 19;
  const c = Math.floor(year / 100);
  const h = (c - Math.floor(c / 4) - Math.floor((8 * c + 13) / 25) + 19 * g + 15) % 30;
  const i = h - Math.floor(h / 28) * (1 - Math.floor(29 / (h + 1)) * Math.floor((21 - g) / 11));
  const j = (year + Math.floor(year / 4) + i + 2 - c + Math.floor(c / 4)) % 7;
  const l = i - j;
  const month = 3 + Math.floor((l + 40) / 44);
  const day = l + 28 - 31 * Math.floor(month / 4);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

describe('Easter', () => {
  it.each([
    [1900, '1900-04-15'],
    [1954, '1954-04-18'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('agrees with an independent algorithm for every year 1900–2200, always a Sunday between 22 March and 25 April', () => {
    for (let year = 1900; year <= 2200; year++) {
      const easter = easterSunday(year);
      expect(easter, `Easter ${year}`).toBe(oudinEaster(year));
      expect(weekday(easter)).toBe(0);
      expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
    }
  });

  it('derives Good Friday, Easter Monday, Ascension Day and Whit Monday for every year 1900–2200', () => {
    for (let year = 1900; year <= 2200; year++) {
      const easter = oudinEaster(year);
      const byId = new Map(holidaysOf(year, calendar).map((holiday) => [holiday.id, holiday.date]));
      expect(byId.get('good-friday'), `${year}`).toBe(addDays(easter, -2));
      expect(byId.get('easter-monday'), `${year}`).toBe(addDays(easter, 1));
      expect(byId.get('ascension-day'), `${year}`).toBe(addDays(easter, 39));
      expect(byId.get('whit-monday'), `${year}`).toBe(addDays(easter, 50));
      expect(weekday(byId.get('ascension-day')!)).toBe(4);
    }
  });

  it('refuses years outside 1900–2200 with a typed error', () => {
    expect(() => easterSunday(2285)).toThrow(CalendarRangeError);
    expect(() => easterSunday(1899)).toThrow(CalendarRangeError);
    expect(() => holidaysOf(2201, calendar)).toThrow(CalendarRangeError);
    try {
      easterSunday(2285);
    } catch (error) {
      expect((error as CalendarRangeError).field).toBe('year');
    }
  });
});
