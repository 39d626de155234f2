import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TermSpec, TermUnit, isWorkingDay } from '../../../domain/calendar';
import { addDays, calendar, compute, daysBetween, step, weekday } from './support';

// Triggers between 1901 and 2198, so that even long terms stay inside the supported years.
const trigger = fc.integer({ min: 0, max: 108_000 }).map((offset) => addDays('1901-01-01', offset));

/** Art. 4: beyond these lengths the Atw does not apply, so the due date may jump back at the boundary. */
const ATW_LIMIT: Record<TermUnit, number> = { days: 90, weeks: 12, months: 3, 'working-days': 60 };

const unit = fc.constantFrom<TermUnit>('days', 'weeks', 'months', 'working-days');
const calendarUnit = fc.constantFrom<TermUnit>('days', 'weeks', 'months');

const term = fc
  .record({ unit, fraction: fc.double({ min: 0, max: 1, noNaN: true }), applyAtw: fc.boolean() })
  .map(({ unit, fraction, applyAtw }): TermSpec => ({ unit, amount: 1 + Math.floor(fraction * (ATW_LIMIT[unit] * 1.5)), applyAtw }));

function atwApplies(spec: TermSpec): boolean {
  return spec.applyAtw !== false && spec.direction !== 'backward' && (spec.unit === 'working-days' || spec.amount <= ATW_LIMIT[spec.unit]);
}

describe('properties', () => {
  it('the due date is never before the trigger (forward) and never after it (backward)', () => {
    fc.assert(
      fc.property(trigger, term, (from, spec) => {
        expect(compute(from, spec).due! > from).toBe(true);
        expect(compute(from, { ...spec, direction: 'backward' }).due! < from).toBe(true);
      }),
    );
  });

  it('with the Atw, the due date is a working day; without it, the term ends where it ends', () => {
    fc.assert(
      fc.property(trigger, term, (from, spec) => {
        const result = compute(from, spec);
        const due = result.due!;
        if (atwApplies(spec)) {
          expect(isWorkingDay(due, calendar)).toBe(true);
          expect([0, 6]).not.toContain(weekday(due));
        } else if (spec.unit !== 'working-days') {
          expect(due).toBe(step(result, 'term')!.end);
        }
      }),
    );
  });

  it('is monotone in the length of the term (within one Atw regime)', () => {
    fc.assert(
      fc.property(trigger, unit, fc.boolean(), fc.nat(), fc.nat(), fc.boolean(), (from, u, longTerms, x, y, applyAtw) => {
        // Either both terms are within the art. 4 limit, or both beyond it.
        const limit = ATW_LIMIT[u];
        const pick = (n: number) => (longTerms && u !== 'working-days' ? limit + 1 + (n % (2 * limit)) : 1 + (n % limit));
        const [shorter, longer] = [pick(x), pick(y)].sort((a, b) => a - b);
        const dueShort = compute(from, { amount: shorter, unit: u, applyAtw }).due!;
        const dueLong = compute(from, { amount: longer, unit: u, applyAtw }).due!;
        expect(dueShort <= dueLong).toBe(true);
      }),
    );
  });

  it('a suspension inside the term moves its end, before the Atw, by exactly its length', () => {
    fc.assert(
      fc.property(
        trigger,
        calendarUnit,
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (from, u, amount, a, b, applyAtw) => {
          const spec: TermSpec = { amount, unit: u, applyAtw };
          const nominalEnd = step(compute(from, spec), 'term')!.end;
          const length = daysBetween(from, nominalEnd);
          const [first, last] = [1 + (a % length), 1 + (b % length)].sort((p, q) => p - q);
          const suspension = { from: addDays(from, first), until: addDays(from, last), reason: 'mediation' as const };
          const result = compute(from, spec, { suspensions: [suspension] });
          expect(step(result, 'due')!.endBeforeAtw).toBe(addDays(nominalEnd, last - first + 1));
          expect(step(result, 'pause')!.days).toBe(last - first + 1);
        },
      ),
    );
  });

  it('a school-holiday pause moves the end by the paused days and never ends inside a holiday', () => {
    const covered = fc.integer({ min: 0, max: 1_350 }).map((offset) => addDays('2024-07-01', offset));
    fc.assert(
      fc.property(covered, fc.integer({ min: 1, max: 8 }), fc.constantFrom('noord', 'midden', 'zuid' as const), (from, weeks, region) => {
        const result = compute(from, { amount: weeks, unit: 'weeks', pauseDuringSchoolHolidaysOf: region });
        const pause = step(result, 'pause')!;
        const endBeforeAtw = step(result, 'due')!.endBeforeAtw;
        expect(daysBetween(from, endBeforeAtw) - pause.days).toBe(7 * weeks);
        for (const period of pause.schoolHolidays!.periods) {
          expect(endBeforeAtw >= period.from && endBeforeAtw <= period.until).toBe(false);
        }
      }),
    );
  });

  it('is deterministic: the same input gives the same result, explanation included', () => {
    fc.assert(
      fc.property(trigger, term, (from, spec) => {
        const first = compute(from, spec);
        const second = compute(from, spec);
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
      { numRuns: 30 },
    );
  });
});
