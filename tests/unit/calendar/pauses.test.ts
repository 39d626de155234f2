import { describe, expect, it } from 'vitest';
import { CalendarInputError, CalendarRangeError, ExtensionLimitError } from '../../../domain/calendar';
import { compute, dueOf, step } from './support';

const fourWeeks = { amount: 4, unit: 'weeks' } as const;

describe('suspensions (opschorting)', () => {
  it('a suspension from D1 until D2 stops the clock D2 − D1 + 1 days', () => {
    // 4 weeks from Monday 2 March 2026 end Monday 30 March; 10–16 March is 7 days → Monday 6 April,
    // which is Easter Monday → Tuesday 7 April.
    const result = compute('2026-03-02', fourWeeks, {
      suspensions: [{ from: '2026-03-10', until: '2026-03-16', reason: 'waiting-for-school' }],
    });
    expect(step(result, 'pause')).toMatchObject({ from: '2026-03-30', to: '2026-04-06', days: 7, countedIn: 'calendar-days' });
    expect(step(result, 'due')?.endBeforeAtw).toBe('2026-04-06');
    expect(result.due).toBe('2026-04-07');
  });

  it('a one-day suspension (D1 = D2) moves the end by one day', () => {
    expect(step(compute('2026-03-02', fourWeeks, { suspensions: [{ from: '2026-03-10', until: '2026-03-10', reason: 'postponement' }] }), 'due')?.endBeforeAtw).toBe('2026-03-31');
  });

  it('merges overlapping and touching suspensions so that no day counts twice', () => {
    const overlapping = compute('2026-03-02', fourWeeks, {
      suspensions: [
        { from: '2026-03-14', until: '2026-03-20', reason: 'mediation' },
        { from: '2026-03-10', until: '2026-03-16', reason: 'waiting-for-school' },
      ],
    });
    expect(step(overlapping, 'pause')?.suspensions).toEqual([
      { from: '2026-03-10', until: '2026-03-20', assumedUntil: '2026-03-20', reasons: ['waiting-for-school', 'mediation'], daysInTerm: 11 },
    ]);
    expect(overlapping.due).toBe('2026-04-10');
    const touching = compute('2026-03-02', fourWeeks, {
      suspensions: [
        { from: '2026-03-10', until: '2026-03-12', reason: 'mediation' },
        { from: '2026-03-13', until: '2026-03-15', reason: 'mediation' },
      ],
    });
    expect(step(touching, 'pause')?.days).toBe(6);
    expect(step(touching, 'pause')?.suspensions).toHaveLength(1);
    expect(step(touching, 'due')?.endBeforeAtw).toBe('2026-04-05'); // Easter Sunday → Tuesday 7 April
    expect(touching.due).toBe('2026-04-07');
  });

  it('counts only the suspended days inside the running term', () => {
    const before = compute('2026-03-02', fourWeeks, { suspensions: [{ from: '2026-02-25', until: '2026-03-04', reason: 'waiting-for-school' }] });
    expect(step(before, 'pause')?.days).toBe(2); // 3 and 4 March
    expect(before.due).toBe('2026-04-01');
    const after = compute('2026-03-02', fourWeeks, { suspensions: [{ from: '2026-04-01', until: '2026-04-10', reason: 'waiting-for-school' }] });
    expect(step(after, 'pause')?.suspensions[0].daysInTerm).toBe(0);
    expect(after.due).toBe('2026-03-30');
    // A suspension starting just after the original end still counts once the end has moved into it.
    const chained = compute('2026-03-02', fourWeeks, {
      suspensions: [
        { from: '2026-03-10', until: '2026-03-11', reason: 'waiting-for-school' },
        { from: '2026-03-31', until: '2026-04-02', reason: 'waiting-for-complainant' },
      ],
    });
    expect(step(chained, 'due')?.endBeforeAtw).toBe('2026-04-04'); // 30 Mar + 2 → 1 Apr lies in the 2nd → + 3 more
  });

  it('in working-day terms counts suspended working days only', () => {
    // 10 working days from Wednesday 8 April 2026: 9,10,13–17,20,21,22 → 22 April. Suspending Fri 17 –
    // Mon 20 April (two working days) moves the end two working days, to Friday 24 April.
    const result = compute('2026-04-08', { amount: 10, unit: 'working-days' }, {
      suspensions: [{ from: '2026-04-17', until: '2026-04-20', reason: 'mediation' }],
    });
    expect(step(result, 'pause')).toMatchObject({ days: 2, countedIn: 'working-days', from: '2026-04-22', to: '2026-04-24' });
    expect(result.due).toBe('2026-04-24');
  });

  it('an open-ended suspension: due unknown, earliest date assuming it ends on its first day or on asOf', () => {
    const open = compute('2026-03-02', fourWeeks, { suspensions: [{ from: '2026-03-10', reason: 'waiting-for-complainant' }] });
    expect(open.due).toBeNull();
    expect(open.suspendedOpenEnded).toBe(true);
    expect(open.provisional).toBe(true);
    expect(open.earliestDue).toBe('2026-03-31');
    expect(step(open, 'provisional')?.openSuspensionSince).toBe('2026-03-10');
    expect(step(open, 'pause')?.suspensions[0]).toMatchObject({ until: null, assumedUntil: '2026-03-10' });

    const asOf = compute('2026-03-02', fourWeeks, { suspensions: [{ from: '2026-03-10', reason: 'waiting-for-complainant' }], asOf: '2026-03-20' });
    expect(asOf.earliestDue).toBe('2026-04-10'); // 11 days suspended so far
    expect(asOf.due).toBeNull();
  });

  it('an open-ended suspension that starts after the term ended does not matter', () => {
    const result = compute('2026-03-02', fourWeeks, { suspensions: [{ from: '2026-04-15', reason: 'mediation' }] });
    expect(result.due).toBe('2026-03-30');
    expect(result.suspendedOpenEnded).toBe(false);
    expect(result.provisional).toBe(false);
  });

  it('refuses malformed suspensions with the field named', () => {
    const bad = (suspension: object, field: string) => {
      try {
        compute('2026-03-02', fourWeeks, { suspensions: [suspension as never] });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CalendarInputError);
        expect((error as CalendarInputError).field).toBe(field);
      }
    };
    bad({ from: '2026-03-10', until: '2026-03-09', reason: 'mediation' }, 'suspensions[0].until');
    bad({ from: '2026-02-30', reason: 'mediation' }, 'suspensions[0].from');
    bad({ from: '2026-03-10', reason: 'holiday' }, 'suspensions[0].reason');
  });
});

describe('extensions (verlenging)', () => {
  const extension = { amount: 2, unit: 'weeks', reason: 'verzoek van de school', legalBasis: 'art. 12 reglement' } as const;

  it('adds the extension to the end reached so far, once by default', () => {
    const result = compute('2026-03-30', fourWeeks, { extensions: [extension] });
    expect(step(result, 'extension')).toMatchObject({ from: '2026-04-27', to: '2026-05-11', reason: 'verzoek van de school', legalBasis: 'art. 12 reglement' });
    expect(result.due).toBe('2026-05-11');
  });

  it('allows as many extensions as the policy says, in any unit', () => {
    const result = compute('2026-03-30', fourWeeks, {
      maxExtensions: 2,
      extensions: [extension, { amount: 5, unit: 'working-days', reason: 'ziekte', legalBasis: 'art. 12 reglement' }],
    });
    expect(result.due).toBe('2026-05-20'); // 11 May + 5 working days, skipping 14 and 15 May
  });

  it('refuses more extensions than allowed with a typed error', () => {
    expect(() => compute('2026-03-30', fourWeeks, { extensions: [extension, extension] })).toThrow(ExtensionLimitError);
    expect(() => compute('2026-03-30', fourWeeks, { extensions: [extension], maxExtensions: 0 })).toThrow(ExtensionLimitError);
    try {
      compute('2026-03-30', fourWeeks, { extensions: [extension, extension] });
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarInputError);
      expect(error).toMatchObject({ field: 'extensions', allowed: 1, requested: 2 });
    }
  });

  it('requires a reason and a legal basis', () => {
    expect(() => compute('2026-03-30', fourWeeks, { extensions: [{ ...extension, legalBasis: '' }] })).toThrow(/legalBasis/);
  });
});

describe('school holidays of the school region (policy)', () => {
  it('does not count the autumn holiday of region zuid (11–19 October 2025)', () => {
    const result = compute('2025-10-01', { ...fourWeeks, pauseDuringSchoolHolidaysOf: 'zuid' });
    expect(step(result, 'pause')?.schoolHolidays?.periods).toEqual([
      { name: 'herfstvakantie', from: '2025-10-11', until: '2025-10-19', daysInTerm: 9 },
    ]);
    expect(result.due).toBe('2025-11-07');
    expect(dueOf('2025-10-01', fourWeeks)).toBe('2025-10-29');
  });

  it('repeats until stable when the moved end falls into the holiday', () => {
    // Two weeks from 1 October 2025 end on 15 October, inside the holiday: 11–15 October (5 days) do not
    // count, and neither do 16–19 October, so the end lands on Friday 24 October (not 20 October).
    const result = compute('2025-10-01', { amount: 2, unit: 'weeks', pauseDuringSchoolHolidaysOf: 'zuid' });
    expect(step(result, 'pause')).toMatchObject({ from: '2025-10-15', to: '2025-10-24', days: 9 });
    expect(result.due).toBe('2025-10-24');
  });

  it('uses the holidays of the chosen region only', () => {
    // Region noord has its autumn holiday 18–26 October 2025: 1–15 October is untouched.
    expect(dueOf('2025-10-01', { amount: 2, unit: 'weeks', pauseDuringSchoolHolidaysOf: 'noord' })).toBe('2025-10-15');
  });

  it('counts paused working days for a working-day term', () => {
    expect(dueOf('2025-10-08', { amount: 10, unit: 'working-days', pauseDuringSchoolHolidaysOf: 'zuid' })).toBe('2025-10-29');
    expect(dueOf('2025-10-08', { amount: 10, unit: 'working-days' })).toBe('2025-10-22');
  });

  it('reports school holiday days that are also suspended only once', () => {
    const result = compute('2025-10-01', { ...fourWeeks, pauseDuringSchoolHolidaysOf: 'zuid' }, {
      suspensions: [{ from: '2025-10-08', until: '2025-10-12', reason: 'waiting-for-school' }],
    });
    const pause = step(result, 'pause');
    expect(pause?.suspensions[0].daysInTerm).toBe(5);
    expect(pause?.schoolHolidays?.periods[0].daysInTerm).toBe(7); // 13–19 October
    expect(pause?.days).toBe(12);
  });

  it('refuses dates outside the published school years instead of guessing', () => {
    expect(() => compute('2024-06-01', { ...fourWeeks, pauseDuringSchoolHolidaysOf: 'zuid' })).toThrow(CalendarRangeError);
    try {
      compute('2028-08-20', { ...fourWeeks, pauseDuringSchoolHolidaysOf: 'zuid' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarRangeError);
      expect((error as CalendarRangeError).field).toBe('term.pauseDuringSchoolHolidaysOf');
    }
  });

  it('marks results that use unconfirmed school-holiday data as provisional', () => {
    expect(compute('2025-10-01', { ...fourWeeks, pauseDuringSchoolHolidaysOf: 'zuid' }).provisional).toBe(false);
    const later = compute('2026-09-01', { ...fourWeeks, pauseDuringSchoolHolidaysOf: 'zuid' });
    expect(later.provisional).toBe(true);
    expect(step(later, 'provisional')?.unconfirmedSchoolHolidays).toBe(true);
  });

  it('is off by default', () => {
    expect(step(compute('2025-10-01', fourWeeks), 'pause')).toBeUndefined();
  });
});
