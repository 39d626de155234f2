/** Retention periods as policy data (domain/retention.ts): literal dates in, literal verdicts out. */
import { describe, expect, it } from 'vitest';
import { retentionDue, retentionEnds, RETENTION_RULES } from '../../domain/retention';
import { CLOSED_OUTCOMES } from '../../domain/caseStatus';

describe('retention periods', () => {
  it('has one rule, marked provisional, for every closed outcome', () => {
    expect(CLOSED_OUTCOMES.map((o) => RETENTION_RULES.filter((r) => (r.outcomes as readonly string[]).includes(o)).length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(RETENTION_RULES.every((r) => r.provisional)).toBe(true);
  });

  it('ends whole years after closing, 29 February on 28 February', () => {
    expect(retentionEnds('2024-02-29', 'withdrawn')).toBe('2026-02-28');
    expect(retentionEnds('2020-06-15', 'advised-complied')).toBe('2025-06-15');
    expect(retentionEnds('2020-06-15', 'advised-not-complied')).toBe('2027-06-15');
    expect(retentionEnds('2020-06-15', 'deliberation')).toBeUndefined();
  });

  it('lists the cases due on a day, those under legal hold apart, by end date', () => {
    const verdict = retentionDue(
      [
        { caseNumber: '2020-000002', outcome: 'settled', closedOn: '2020-03-01', legalHold: false },
        { caseNumber: '2020-000001', outcome: 'withdrawn', closedOn: '2020-01-10', legalHold: false },
        { caseNumber: '2020-000003', outcome: 'referred', closedOn: '2020-02-01', legalHold: true },
        { caseNumber: '2021-000001', outcome: 'settled', closedOn: '2021-01-01', legalHold: false },
        { caseNumber: '2020-000004', outcome: 'advised-complied', closedOn: '2020-01-01', legalHold: false },
      ],
      '2022-03-01',
    );
    expect(verdict).toEqual({
      due: [
        { caseNumber: '2020-000001', outcome: 'withdrawn', closedOn: '2020-01-10', legalHold: false, endsOn: '2022-01-10' },
        { caseNumber: '2020-000002', outcome: 'settled', closedOn: '2020-03-01', legalHold: false, endsOn: '2022-03-01' },
      ],
      held: [{ caseNumber: '2020-000003', outcome: 'referred', closedOn: '2020-02-01', legalHold: true, endsOn: '2022-02-01' }],
    });
  });
});
