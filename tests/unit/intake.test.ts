import { describe, expect, it } from 'vitest';
import { isValidIsoDate, validateComplaint } from '../../domain/intake';
import { sampleComplaintBody } from '../helpers/fixtures';

const TODAY = '2026-11-28';

function fieldsOf(body: unknown): string[] {
  const result = validateComplaint(body, TODAY);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('validateComplaint', () => {
  it('accepts a complete complaint and normalises it', () => {
    const result = validateComplaint(sampleComplaintBody({ school: { brin: '12ab', name: ' OBS De Linde ' } }), TODAY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.school).toEqual({ brin: '12AB', name: 'OBS De Linde' });
    expect(result.value.complainant.email).toBe('anna.devries@example.nl');
    expect(result.value.raisedWithSchool).toBe(true);
  });

  it('names every bad field at once', () => {
    expect(
      fieldsOf({
        complainant: { name: '', email: 'not-an-email', role: 'teacher' },
        school: { brin: 'ABCD' },
        category: 'gossip',
        description: 'too short',
        occurredOn: '2026-02-30',
        raisedWithSchool: 'yes',
      }),
    ).toEqual([
      'complainant.name',
      'complainant.email',
      'complainant.role',
      'school.brin',
      'school.name',
      'category',
      'description',
      'occurredOn',
      'raisedWithSchool',
    ]);
  });

  it('requires the object parts and refuses non-objects', () => {
    expect(fieldsOf(null)).toEqual(['body']);
    expect(fieldsOf([])).toEqual(['body']);
    expect(fieldsOf({})).toEqual(['complainant', 'school', 'category', 'description', 'occurredOn', 'raisedWithSchool']);
  });

  it('refuses an incident date in the future but accepts today', () => {
    expect(fieldsOf(sampleComplaintBody({ occurredOn: '2026-11-29' }))).toEqual(['occurredOn']);
    expect(fieldsOf(sampleComplaintBody({ occurredOn: TODAY }))).toEqual([]);
  });

  it('checks an optional representative when given', () => {
    expect(fieldsOf(sampleComplaintBody({ representative: { name: 'Mr. B. Jansen', email: 'b@' } }))).toEqual(['representative.email']);
    const ok = validateComplaint(sampleComplaintBody({ representative: { name: 'Mr. B. Jansen', email: 'b@jansen.nl', relation: 'advocaat' } }), TODAY);
    expect(ok.ok && ok.value.representative).toEqual({ name: 'Mr. B. Jansen', email: 'b@jansen.nl', relation: 'advocaat' });
  });

  it('validates optional enums: sector and language', () => {
    expect(fieldsOf(sampleComplaintBody({ school: { brin: '12AB', name: 'X', sector: 'university' }, language: 'de' }))).toEqual(['school.sector', 'language']);
  });
});

describe('isValidIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['26-12-31', false],
    ['2026-1-01', false],
  ])('%s → %s', (value, expected) => {
    expect(isValidIsoDate(value)).toBe(expected);
  });
});
