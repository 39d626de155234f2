import { describe, expect, it } from 'vitest';
import { POLICY_2026_1, POLICY_VERSIONS, policyValidOn, policyVersion } from '../../domain/policy';

describe('policy versions', () => {
  it('gives a case the version valid on its filing date, and none before the first', () => {
    expect(policyValidOn(POLICY_2026_1.validFrom).version).toBe(POLICY_2026_1.version);
    expect(policyValidOn('2030-06-01').version).toBe(POLICY_VERSIONS[POLICY_VERSIONS.length - 1].version);
    expect(() => policyValidOn('2025-12-31')).toThrow(/no policy valid on 2025-12-31/);
  });

  it('finds a version by name, and names an unknown one', () => {
    expect(policyVersion(POLICY_2026_1.version)).toBe(POLICY_2026_1);
    expect(() => policyVersion('1999.9')).toThrow(/unknown policy version 1999.9/);
  });

  it('states a legal basis for every term of every version', () => {
    for (const version of POLICY_VERSIONS) {
      for (const [key, term] of Object.entries(version.terms)) expect(term.legalBasis, `${version.version} ${key}`).toMatch(/\S{3,}/);
    }
  });
});
