import { describe, expect, it } from 'vitest';
import { defaultLegalCalendar } from '../../domain/calendar';
import { complianceOutcome, startTermOfWeeks } from '../../domain/compliance';
import { POLICY_2026_1 } from '../../domain/policy';
import { startTerm, type TermLedger } from '../../domain/termLedger';

const ctx = { policy: POLICY_2026_1, calendar: defaultLegalCalendar(), today: '2026-12-01' };

describe('complianceOutcome', () => {
  it('is complied, partly complied or not complied by how many measures were verified', () => {
    expect(complianceOutcome(['verified', 'verified'])).toBe('advised-complied');
    expect(complianceOutcome(['verified', 'not-complied'])).toBe('advised-partly-complied');
    expect(complianceOutcome(['not-complied', 'not-complied'])).toBe('advised-not-complied');
  });

  it('refuses while a measure is unsettled', () => {
    expect(() => complianceOutcome(['verified', 'reported'])).toThrow(/not every measure is settled/);
    expect(() => complianceOutcome(['rejected'])).toThrow(/not every measure is settled/);
  });
});

describe('startTermOfWeeks', () => {
  it('with the policy’s own weeks equals the policy term', () => {
    const ledger: TermLedger = {};
    const policy = startTerm(ledger, 'compliance:a', 'compliance', '2028-03-03', 'advies', ctx);
    const own = startTermOfWeeks(ledger, 'compliance:b', 'compliance', 8, '2028-03-03', 'advies', ctx);
    expect({ ...own, id: policy.id }).toEqual(policy);
    expect(own).toMatchObject({ due: '2028-05-01', remindOn: '2028-04-17', status: 'running' });
    expect(ledger['compliance:b']).toBe(own);
  });

  it('counts the advice’s weeks with the Atw and explains it', () => {
    const term = startTermOfWeeks({}, 'compliance:m2', 'compliance', 12, '2028-03-03', 'advies', ctx);
    // Friday 26 May 2028 is equated with a holiday (royal decree 2026–2028): Monday 29 May.
    expect(term).toMatchObject({ due: '2028-05-29', remindOn: '2028-05-15', key: 'compliance' });
    expect(term.explanation.nl).toMatch(/twaalf weken/);
    expect(term.explanation.nl).toMatch(/Algemene termijnenwet/);
  });

  it('gives a term too short for its reminder none', () => {
    expect(startTermOfWeeks({}, 'x', 'compliance', 2, '2028-03-03', 'advies', ctx).remindOn).toBeNull();
    expect(startTermOfWeeks({}, 'x', 'compliance', 3, '2028-03-03', 'advies', ctx).remindOn).toBe('2028-03-10');
  });

  it('refuses a number of weeks that is not a whole positive number', () => {
    expect(() => startTermOfWeeks({}, 'x', 'compliance', 0, '2028-03-03', 'advies', ctx)).toThrow(RangeError);
    expect(() => startTermOfWeeks({}, 'x', 'compliance', 2.5, '2028-03-03', 'advies', ctx)).toThrow(RangeError);
  });
});
