import { describe, expect, it } from 'vitest';
import { adviceRegimeOn, POLICY_2026_1, POLICY_VERSIONS, policyValidOn, policyVersion, type PolicyVersion } from '../../domain/policy';

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

  it('says an advice is not binding until the bill is law, citing the complaint article of each sector', () => {
    const cite = (sector: string | null) => adviceRegimeOn(POLICY_2026_1, '2027-03-02', sector).legalBasis.nl.replace(/^.*\(/, '(');
    expect(adviceRegimeOn(POLICY_2026_1, '2027-03-02', 'primary')).toMatchObject({ kind: 'advisory', binding: false, effectiveFrom: '2026-01-01' });
    expect([cite('primary'), cite('secondary'), cite('special')]).toEqual(['(art. 14 WPO)', '(art. 3.35 WVO 2020)', '(art. 23 WEC)']);
    expect(adviceRegimeOn(POLICY_2026_1, '2027-03-02', null).legalBasis.nl).not.toContain('(');
    // No term cites the repealed WVO art. 24b any more.
    expect(JSON.stringify(POLICY_2026_1)).not.toContain('24b');
  });

  it('applies a binding regime from the day its law takes effect, never before', () => {
    const enacted: PolicyVersion = { ...POLICY_2026_1, adviceRegimes: [POLICY_2026_1.adviceRegimes[0], { ...POLICY_2026_1.adviceRegimes[1], effectiveFrom: '2028-08-01' }] };
    expect(adviceRegimeOn(enacted, '2028-07-31', 'secondary').binding).toBe(false);
    expect(adviceRegimeOn(enacted, '2028-08-01', 'secondary')).toMatchObject({ kind: 'binding', binding: true, effectiveFrom: '2028-08-01' });
    expect(() => adviceRegimeOn(POLICY_2026_1, '2025-12-31', 'primary')).toThrow('policy 2026.1 has no advice regime in force on 2025-12-31');
  });
});
