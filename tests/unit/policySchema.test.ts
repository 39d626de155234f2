import { describe, expect, it } from 'vitest';
import { POLICY_2026_1, POLICY_2026_2, type PolicyVersion } from '../../domain/policy';
import { checkPolicyVersion, policyDiff } from '../../domain/policySchema';
import { approvalRefusal, nextVersionNumber, validFromRefusal } from '../../domain/policyApproval';
import { validateComplaint } from '../../domain/intake';
import { sampleComplaint } from '../helpers/fixtures';

const clone = (): PolicyVersion => JSON.parse(JSON.stringify(POLICY_2026_1));

describe('the policy version schema (issue 13)', () => {
  it('accepts the policy in code, the seed of the stored versions', () => {
    const checked = checkPolicyVersion(JSON.parse(JSON.stringify(POLICY_2026_1)));
    expect(checked).toEqual({ ok: true, value: POLICY_2026_1 });
    expect(POLICY_2026_1.categories.map((c) => c.key)).toEqual(['pesten', 'seksuele-intimidatie', 'discriminatie', 'geweld', 'radicalisering', 'begeleiding', 'onderwijs-en-toetsing', 'overig']);
    expect(POLICY_2026_1.categories.filter((c) => c.asksGround).map((c) => c.key)).toEqual(['discriminatie']);
    expect(POLICY_2026_1.grounds.map((g) => g.key)).toEqual(['afkomst', 'godsdienst-of-levensovertuiging', 'seksuele-gerichtheid', 'genderidentiteit', 'geslacht', 'handicap', 'anders']);
    expect(POLICY_2026_1.sectors.map((s) => s.key)).toEqual(['primary', 'secondary', 'vocational', 'special']);
  });

  it('policy 2026.2 adds the categories of process.md (threats, sexual abuse, the LKC groups) and changes nothing else', () => {
    expect(checkPolicyVersion(JSON.parse(JSON.stringify(POLICY_2026_2)))).toEqual({ ok: true, value: POLICY_2026_2 });
    // Only the start date and the nine new categories differ (four leaves each: key, labels, asksGround).
    const changed = policyDiff(POLICY_2026_1, POLICY_2026_2).map((d) => d.path);
    expect(changed.filter((p) => !p.startsWith('categories.'))).toEqual(['validFrom']);
    expect(changed.filter((p) => p.endsWith('.key'))).toEqual([
      'categories.bedreiging.key',
      'categories.seksueel-misbruik.key',
      'categories.communicatie.key',
      'categories.pedagogisch-didactische-begeleiding.key',
      'categories.maatregel-tegen-leerling-of-ouders.key',
      'categories.schoolorganisatie.key',
      'categories.klachtbehandeling.key',
      'categories.informatie-gescheiden-ouders.key',
      'categories.schooladvies-en-bevordering.key',
    ]);
    expect(changed).toHaveLength(1 + 9 * 4);
    expect(POLICY_2026_2.categories.slice(8).map((c) => [c.key, c.label.nl, c.label.en])).toEqual([
      ['bedreiging', 'bedreiging', 'threats'],
      ['seksueel-misbruik', 'seksueel misbruik', 'sexual abuse'],
      ['communicatie', 'communicatie', 'communication'],
      ['pedagogisch-didactische-begeleiding', 'pedagogische en didactische begeleiding', 'pedagogical and didactic guidance'],
      ['maatregel-tegen-leerling-of-ouders', 'maatregel tegen leerling of ouders (bijv. schorsing)', 'action against a pupil or parents (e.g. suspension)'],
      ['schoolorganisatie', 'schoolorganisatie', 'school organisation'],
      ['klachtbehandeling', 'klachtbehandeling', 'complaint handling'],
      ['informatie-gescheiden-ouders', 'informatie aan gescheiden ouders', 'information to separated parents'],
      ['schooladvies-en-bevordering', 'schooladvies en bevordering', 'school advice and promotion'],
    ]);
    expect(POLICY_2026_2.terms).toEqual(POLICY_2026_1.terms);
  });

  it('names every bad value by its path and a code', () => {
    const bad = clone() as unknown as Record<string, any>;
    bad.validFrom = '2027-02-30';
    bad.terms.defence.amount = 0;
    bad.terms.reply.unit = 'fortnights';
    bad.terms.mediation.extension = undefined;
    bad.categories.push({ key: 'pesten', label: { nl: 'dubbel', en: 'double' }, asksGround: false });
    bad.grounds[0].key = 'Afkomst!';
    delete bad.terms.compliance;
    const checked = checkPolicyVersion(bad);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toEqual(
      expect.arrayContaining([
        { path: 'validFrom', code: 'date' },
        { path: 'terms.defence.amount', code: 'whole-number' },
        { path: 'terms.reply.unit', code: 'unit' },
        { path: 'terms.mediation.extension.amount', code: 'extension-needed' },
        { path: 'categories', code: 'duplicate-key' },
        { path: 'grounds.0.key', code: 'slug' },
        { path: 'terms.compliance', code: 'invalid' },
      ]),
    );
    expect(checked.issues).toHaveLength(7);
  });

  it('lists what a version changes against the previous one', () => {
    const next = clone();
    next.version = '2027.1';
    next.validFrom = '2027-08-01';
    next.terms.defence.amount = 6;
    next.categories = [...next.categories, { key: 'bedreiging', label: { nl: 'bedreiging', en: 'threats' }, asksGround: false }];
    expect(policyDiff(POLICY_2026_1, next)).toEqual([
      { path: 'validFrom', before: '2026-01-01', after: '2027-08-01' },
      { path: 'terms.defence.amount', before: '4', after: '6' },
      { path: 'categories.bedreiging.key', before: undefined, after: 'bedreiging' },
      { path: 'categories.bedreiging.label.nl', before: undefined, after: 'bedreiging' },
      { path: 'categories.bedreiging.label.en', before: undefined, after: 'threats' },
      { path: 'categories.bedreiging.asksGround', before: undefined, after: 'false' },
    ]);
  });
});

describe('the rules of a new version', () => {
  it('valid from today or later, and after the version it follows', () => {
    expect(validFromRefusal('2026-11-30', '2026-12-01', '2026-01-01')).toBe('valid-from-past');
    expect(validFromRefusal('2026-12-01', '2026-12-01', '2026-01-01')).toBeUndefined();
    expect(validFromRefusal('2027-03-01', '2026-12-01', '2027-03-01')).toBe('valid-from-order');
  });

  it('numbers versions per valid-from year', () => {
    expect(nextVersionNumber('2027-03-01', ['2026.1'])).toBe('2027.1');
    expect(nextVersionNumber('2026-12-15', ['2026.1', '2027.1'])).toBe('2026.2');
  });

  it('four eyes: the creator never approves', () => {
    expect(approvalRefusal({ status: 'draft', createdBy: '7' }, '7')).toBe('four-eyes');
    expect(approvalRefusal({ status: 'draft', createdBy: '7' }, '8')).toBeUndefined();
    expect(approvalRefusal({ status: 'approved', createdBy: '7' }, '8')).toBe('not-draft');
  });
});

describe('intake against the version valid on the filing day', () => {
  const withThreats = { ...POLICY_2026_1, categories: [...POLICY_2026_1.categories, { key: 'bedreiging', label: { nl: 'bedreiging', en: 'threats' }, asksGround: false }] };

  it('accepts a category only where the version has it', () => {
    expect(validateComplaint({ ...sampleComplaint(), category: 'bedreiging' }, '2026-12-01')).toEqual({ ok: false, errors: [{ field: 'category', message: 'must be one of: pesten, seksuele-intimidatie, discriminatie, geweld, radicalisering, begeleiding, onderwijs-en-toetsing, overig' }] });
    const accepted = validateComplaint({ ...sampleComplaint(), category: 'bedreiging' }, '2026-12-01', withThreats);
    expect(accepted.ok && accepted.value.category).toBe('bedreiging');
  });

  it('records the ground of a discrimination complaint and refuses one elsewhere', () => {
    const ok = validateComplaint({ ...sampleComplaint(), category: 'discriminatie', discriminationGround: 'afkomst' }, '2026-12-01', POLICY_2026_1);
    expect(ok.ok && ok.value.discriminationGround).toBe('afkomst');
    expect(validateComplaint({ ...sampleComplaint(), category: 'discriminatie', discriminationGround: 'haarkleur' }, '2026-12-01', POLICY_2026_1)).toMatchObject({ ok: false, errors: [{ field: 'discriminationGround' }] });
    expect(validateComplaint({ ...sampleComplaint(), category: 'pesten', discriminationGround: 'afkomst' }, '2026-12-01', POLICY_2026_1)).toEqual({
      ok: false,
      errors: [{ field: 'discriminationGround', message: 'is only given for a category that asks for a ground (discriminatie)' }],
    });
  });
});
