import { describe, expect, it } from 'vitest';
import { CalendarInputError, CalendarRangeError } from '../../../domain/calendar';
import {
  MAX_DAY,
  MIN_DAY,
  addMonths,
  civilOf,
  dayNumberOf,
  formatIsoDate,
  parseIsoDate,
  weekdayOf,
  yearOf,
} from '../../../domain/calendar/localDate';
import { isoFromUtcMs } from './support';

describe('day numbers', () => {
  it('match Date.UTC for every day 1900–2200 (round trip, weekday and year)', () => {
    for (let day = MIN_DAY; day <= MAX_DAY; day++) {
      const iso = formatIsoDate(day);
      if (iso !== isoFromUtcMs(day * 86_400_000)) throw new Error(`day ${day}: ${iso}`);
      if (parseIsoDate(iso, 'd') !== day) throw new Error(`parse ${iso}`);
      if (weekdayOf(day) !== new Date(day * 86_400_000).getUTCDay()) throw new Error(`weekday ${iso}`);
      if (yearOf(day) !== Number(iso.slice(0, 4))) throw new Error(`year ${iso}`);
    }
    expect(formatIsoDate(MIN_DAY)).toBe('1900-01-01');
    expect(formatIsoDate(MAX_DAY)).toBe('2200-12-31');
    expect(civilOf(dayNumberOf(2028, 2, 29))).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '2100-02-29', '2026-4-1', '2026/04/01', '', 'x'])(
    'refuses %j with the field named',
    (text) => {
      expect(() => parseIsoDate(text, 'trigger')).toThrow(CalendarInputError);
      try {
        parseIsoDate(text, 'trigger');
      } catch (error) {
        expect((error as CalendarInputError).field).toBe('trigger');
      }
    },
  );

  it('accepts 29 February in leap years (2000, 2028) and refuses years outside 1900–2200', () => {
    expect(formatIsoDate(parseIsoDate('2000-02-29', 'd'))).toBe('2000-02-29');
    expect(formatIsoDate(parseIsoDate('2028-02-29', 'd'))).toBe('2028-02-29');
    expect(() => parseIsoDate('1899-12-31', 'd')).toThrow(CalendarRangeError);
    expect(() => parseIsoDate('2201-01-01', 'd')).toThrow(CalendarRangeError);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-03-30', 12, '2027-03-30'],
  ])('%s + %i months = %s (same date, or the last day of the month)', (from, months, expected) => {
    expect(formatIsoDate(addMonths(parseIsoDate(from, 'd'), months))).toBe(expected);
  });
});
