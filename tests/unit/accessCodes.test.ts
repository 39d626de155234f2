import { describe, expect, it } from 'vitest';
import { accessCodeMatches, derivedAccessCode, hashAccessCode, randomAccessCode } from '../../api/services/accessCodes';
import { TEST_SECRET } from '../helpers/fixtures';

describe('access codes', () => {
  it('have 12 unambiguous characters in three groups', () => {
    const code = randomAccessCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(randomAccessCode()).not.toBe(code);
  });

  it('match only their own case, in any spelling', () => {
    const code = randomAccessCode();
    const hash = hashAccessCode(TEST_SECRET, '2026-000001', code);
    expect(accessCodeMatches(TEST_SECRET, '2026-000001', code.toLowerCase().replace(/-/g, ' '), hash)).toBe(true);
    expect(accessCodeMatches(TEST_SECRET, '2026-000002', code, hash)).toBe(false);
    expect(accessCodeMatches('another-secret-another-secret-xx', '2026-000001', code, hash)).toBe(false);
    expect(accessCodeMatches(TEST_SECRET, '2026-000001', randomAccessCode(), hash)).toBe(false);
  });

  it('derive the same code for a retried intake, and another for another key', () => {
    const a = derivedAccessCode(TEST_SECRET, 'key-12345678', '2026-000001');
    expect(derivedAccessCode(TEST_SECRET, 'key-12345678', '2026-000001')).toBe(a);
    expect(derivedAccessCode(TEST_SECRET, 'key-87654321', '2026-000001')).not.toBe(a);
  });
});
