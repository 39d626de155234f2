import { describe, expect, it } from 'vitest';
import { complaintWorkflowId, formatCaseNumber, isCaseNumber } from '../../domain/caseNumber';
import { amsterdamDate } from '../../domain/clock';

describe('case numbers', () => {
  it('are year and six-digit sequence', () => {
    expect(formatCaseNumber(2026, 123)).toBe('2026-000123');
    expect(isCaseNumber('2026-000123')).toBe(true);
    expect(isCaseNumber('2026-123')).toBe(false);
    expect(() => formatCaseNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatCaseNumber(2026, 1_000_000)).toThrow(RangeError);
  });

  it('derive the workflow ID', () => {
    expect(complaintWorkflowId('2026-000123')).toBe('complaint-2026-000123');
  });
});

describe('amsterdamDate', () => {
  it('uses the Dutch calendar date, not UTC', () => {
    expect(amsterdamDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01'); // CET, UTC+1
    expect(amsterdamDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // CEST, UTC+2
    expect(amsterdamDate(new Date('2026-06-30T21:30:00Z'))).toBe('2026-06-30');
  });
});
