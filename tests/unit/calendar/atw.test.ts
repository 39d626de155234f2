import { describe, expect, it } from 'vitest';
import { compute, dueOf, step } from './support';

describe('counting a term', () => {
  it('starts the day after the trigger: weeks end on the same weekday, days count from the next day', () => {
    expect(dueOf('2026-03-02', { amount: 1, unit: 'weeks' })).toBe('2026-03-09');
    expect(dueOf('2026-03-02', { amount: 10, unit: 'days' })).toBe('2026-03-12');
    expect(step(compute('2026-03-30', { amount: 4, unit: 'weeks' }), 'term')).toMatchObject({ start: '2026-03-31', end: '2026-04-27' });
  });

  it('ends a month term on the same date, or the last day of a shorter month', () => {
    expect(dueOf('2028-01-31', { amount: 1, unit: 'months' })).toBe('2028-02-29'); // a Tuesday
    expect(dueOf('2026-01-31', { amount: 1, unit: 'months', applyAtw: false })).toBe('2026-02-28');
    // 28 February 2026 is a Saturday: with the Atw the term runs to Monday 2 March.
    expect(dueOf('2026-01-31', { amount: 1, unit: 'months' })).toBe('2026-03-02');
    // 28 February 2027 is a Sunday.
    expect(dueOf('2027-01-31', { amount: 1, unit: 'months' })).toBe('2027-03-01');
    expect(dueOf('2026-03-31', { amount: 1, unit: 'months' })).toBe('2026-04-30');
  });

  it('counts working days, skipping weekends, 5 May, Ascension Day, the decree day and Whit Monday', () => {
    expect(dueOf('2026-04-30', { amount: 5, unit: 'working-days' })).toBe('2026-05-08');
    expect(dueOf('2026-05-08', { amount: 10, unit: 'working-days' })).toBe('2026-05-27');
    // Backwards: the 3rd working day before Tuesday 7 April 2026 (Easter Monday and Good Friday skipped).
    expect(dueOf('2026-04-07', { amount: 3, unit: 'working-days', direction: 'backward' })).toBe('2026-03-31');
  });
});

describe('Algemene termijnenwet art. 1: off weekends and holidays', () => {
  it("moves a term ending on King's Day 2026 (Monday 27 April) to Tuesday 28 April", () => {
    const result = compute('2026-03-30', { amount: 4, unit: 'weeks' });
    expect(result.due).toBe('2026-04-28');
    expect(step(result, 'atw-art1')).toMatchObject({ from: '2026-04-27', to: '2026-04-28', rule: 'Atw art. 1 lid 1' });
  });

  it('skips Ascension Day, the equated Friday and the weekend after it (14–17 May 2026)', () => {
    const result = compute('2026-04-16', { amount: 4, unit: 'weeks' });
    expect(result.due).toBe('2026-05-18');
    expect(step(result, 'atw-art1')?.nonWorkingDays).toEqual([
      { date: '2026-05-14', holidays: ['ascension-day'] },
      { date: '2026-05-15', holidays: ['royal-decree'] },
      { date: '2026-05-16', holidays: [] },
      { date: '2026-05-17', holidays: [] },
    ]);
  });

  it('crosses the year end: Christmas, Boxing Day, the weekend, New Year and the decree day 2 January 2026', () => {
    expect(dueOf('2025-11-27', { amount: 4, unit: 'weeks' })).toBe('2025-12-29'); // ends Thu 25 Dec 2025
    expect(dueOf('2025-12-04', { amount: 4, unit: 'weeks' })).toBe('2026-01-05'); // ends Thu 1 Jan 2026
    // 2024: Christmas on Wednesday, decree day Friday 27 December, then the weekend.
    expect(dueOf('2024-11-27', { amount: 4, unit: 'weeks' })).toBe('2024-12-30');
  });

  it("handles King's Day on a Saturday (2025: 27 April is a Sunday, so King's Day is 26 April)", () => {
    const result = compute('2025-03-29', { amount: 4, unit: 'weeks' });
    expect(result.due).toBe('2025-04-28');
    expect(step(result, 'atw-art1')?.nonWorkingDays).toEqual([
      { date: '2025-04-26', holidays: ['kings-day'] },
      { date: '2025-04-27', holidays: [] },
    ]);
  });

  it('skips Good Friday and Easter Monday together with the Easter weekend', () => {
    expect(dueOf('2026-03-06', { amount: 4, unit: 'weeks' })).toBe('2026-04-07'); // ends Good Friday 3 April
  });

  it('leaves a term that ends on a working day alone', () => {
    const result = compute('2026-03-31', { amount: 4, unit: 'weeks' });
    expect(result.due).toBe('2026-04-28');
    expect(step(result, 'atw-art1')).toBeUndefined();
    expect(step(result, 'atw-art2')).toBeUndefined();
  });
});

describe('Algemene termijnenwet art. 2: at least two working days in a term of three days or more', () => {
  it('extends a three-day term from a Friday (Sat, Sun, Mon) to the Tuesday', () => {
    const result = compute('2026-03-06', { amount: 3, unit: 'days', statutory: true });
    expect(result.due).toBe('2026-03-10');
    expect(step(result, 'atw-art1')).toBeUndefined();
    expect(step(result, 'atw-art2')).toMatchObject({ from: '2026-03-09', to: '2026-03-10', workingDaysBefore: 1, rule: 'Atw art. 2' });
  });

  it('applies art. 1 and then art. 2 over Christmas 2026 (Fri 25, Sat 26, Sun 27 December)', () => {
    const result = compute('2026-12-24', { amount: 3, unit: 'days' });
    expect(step(result, 'atw-art1')).toMatchObject({ from: '2026-12-27', to: '2026-12-28' });
    expect(step(result, 'atw-art2')).toMatchObject({ from: '2026-12-28', to: '2026-12-29' });
    expect(result.due).toBe('2026-12-29');
  });

  it('applies art. 2 over Easter: three days from Thursday 2 April 2026 end on Wednesday 8 April', () => {
    expect(dueOf('2026-04-02', { amount: 3, unit: 'days' })).toBe('2026-04-08');
    // From Wednesday 1 April the term already holds Thursday 2 and Tuesday 7 April.
    expect(dueOf('2026-04-01', { amount: 3, unit: 'days' })).toBe('2026-04-07');
  });

  it('does not touch a term of less than three days (art. 1 only)', () => {
    const result = compute('2026-03-06', { amount: 2, unit: 'days' });
    expect(result.due).toBe('2026-03-09');
    expect(step(result, 'atw-art2')).toBeUndefined();
  });

  it('is satisfied when the term already holds two working days', () => {
    expect(dueOf('2026-03-04', { amount: 3, unit: 'days' })).toBe('2026-03-09'); // Thu, Fri in the term; Sat → Mon
  });
});

describe('terms the Atw does not touch', () => {
  it('counted backwards (art. 1 lid 2): a Saturday stays a Saturday', () => {
    const result = compute('2026-06-15', { amount: 9, unit: 'days', direction: 'backward' });
    expect(result.due).toBe('2026-06-06');
    expect(step(result, 'atw-not-applied')).toMatchObject({ because: 'backward', rule: 'Atw art. 1 lid 2' });
  });

  it('longer than 12 weeks, 90 days or three months (art. 4)', () => {
    // 12 weeks ends on Saturday 25 April 2026 and is moved (past King's Day) to Tuesday 28 April …
    expect(dueOf('2026-01-31', { amount: 12, unit: 'weeks' })).toBe('2026-04-28');
    // … 13 weeks ends on Saturday 2 May 2026 and stays there.
    expect(step(compute('2026-01-31', { amount: 13, unit: 'weeks' }), 'atw-not-applied')?.because).toBe('longer-than-atw-limit');
    expect(dueOf('2026-01-31', { amount: 13, unit: 'weeks' })).toBe('2026-05-02');
    expect(dueOf('2026-02-01', { amount: 90, unit: 'days' })).toBe('2026-05-04');
    expect(dueOf('2026-01-31', { amount: 91, unit: 'days' })).toBe('2026-05-02');
    expect(dueOf('2026-02-25', { amount: 3, unit: 'months' })).toBe('2026-05-26'); // Whit Monday → Tuesday
    expect(dueOf('2026-01-25', { amount: 4, unit: 'months' })).toBe('2026-05-25'); // stays on Whit Monday
  });

  it('the one-year filing term ends where it ends, even on Christmas Day', () => {
    expect(dueOf('2025-12-25', { amount: 12, unit: 'months' })).toBe('2026-12-25');
    expect(dueOf('2025-04-26', { amount: 1 * 12, unit: 'months' })).toBe('2026-04-26'); // a Sunday
  });

  it('a regulation term with the Atw switched off by policy', () => {
    const result = compute('2026-03-30', { amount: 4, unit: 'weeks', applyAtw: false });
    expect(result.due).toBe('2026-04-27');
    expect(step(result, 'atw-not-applied')).toMatchObject({ because: 'policy-off' });
  });

  it('records whether the Atw was applied as statute or as policy', () => {
    expect(step(compute('2026-03-30', { amount: 4, unit: 'weeks', statutory: true }), 'atw-applied')?.basis).toBe('statutory');
    expect(step(compute('2026-03-30', { amount: 4, unit: 'weeks' }), 'atw-applied')?.basis).toBe('policy');
  });
});

describe('provisional results (no royal decree for the year yet)', () => {
  it('flags a term running into 2029 and names the year', () => {
    const result = compute('2028-12-10', { amount: 4, unit: 'weeks' });
    expect(result.due).toBe('2029-01-08');
    expect(result.provisional).toBe(true);
    expect(step(result, 'provisional')?.yearsWithoutDecree).toEqual([2029]);
  });

  it('flags years before the first decree data (2022) but not 2023–2028', () => {
    expect(compute('2022-03-01', { amount: 4, unit: 'weeks' }).provisional).toBe(true);
    expect(compute('2026-03-01', { amount: 4, unit: 'weeks' }).provisional).toBe(false);
    expect(compute('2028-11-01', { amount: 4, unit: 'weeks' }).provisional).toBe(false);
  });

  it('does not flag a term that never looks at holidays (Atw off, calendar days)', () => {
    expect(compute('2030-03-01', { amount: 4, unit: 'weeks', applyAtw: false }).provisional).toBe(false);
    expect(compute('2030-03-01', { amount: 2, unit: 'weeks', direction: 'backward' }).provisional).toBe(false);
    expect(compute('2030-03-01', { amount: 10, unit: 'working-days', applyAtw: false }).provisional).toBe(true);
  });
});
