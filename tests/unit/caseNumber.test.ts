import { describe, expect, it } from 'vitest';
import { complaintWorkflowId, formatCaseNumber, isCaseNumber } from '../../domain/caseNumber';
import { addDays, amsterdamDate, endOfAmsterdamDay, startOfAmsterdamDay } from '../../domain/clock';

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

describe('Amsterdam day boundaries', () => {
  it('start at local midnight in winter and summer, and across the switches', () => {
    expect(new Date(startOfAmsterdamDay('2026-01-15')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(new Date(startOfAmsterdamDay('2026-07-15')).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // 29 March 2026 is the last Sunday of March: the day starts in winter time.
    expect(new Date(startOfAmsterdamDay('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfAmsterdamDay('2026-03-30')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // 25 October 2026 is the last Sunday of October: the day starts in summer time.
    expect(new Date(startOfAmsterdamDay('2026-10-25')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(new Date(endOfAmsterdamDay('2026-10-25')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('agree with the IANA zone for every hour of a year', async () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 2); t += 3_600_000) {
      expect(amsterdamDate(new Date(t))).toBe(fmt.format(new Date(t)));
    }
  });
});
