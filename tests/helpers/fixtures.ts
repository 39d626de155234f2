/** Complaints as people file them, for tests. */
import type { ComplaintInput } from '../../domain/intake';

export function sampleComplaintBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    complainant: { name: 'Anna de Vries', email: 'anna.devries@example.nl', phone: '06 12345678', role: 'parent' },
    school: { brin: '12AB', name: 'OBS De Linde', sector: 'primary' },
    category: 'pesten',
    description: 'Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.',
    occurredOn: '2026-10-01',
    raisedWithSchool: true,
    ...overrides,
  };
}

export function sampleComplaint(overrides: Partial<ComplaintInput> = {}): ComplaintInput {
  return {
    complainant: { name: 'Anna de Vries', email: 'anna.devries@example.nl', role: 'parent' },
    school: { brin: '12AB', name: 'OBS De Linde', sector: 'primary' },
    category: 'pesten',
    description: 'Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.',
    occurredOn: '2026-10-01',
    raisedWithSchool: true,
    ...overrides,
  };
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hmac-keys';
