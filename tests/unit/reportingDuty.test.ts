/** Which complaints are, or may be, about an incident the school board must report (meldplicht). */
import { describe, expect, it } from 'vitest';
import { COMPLAINT_CATEGORIES } from '../../domain/intake';
import { flaggedAtIntake, possiblyReportable } from '../../domain/reportingDuty';

describe('reporting duty by category', () => {
  it('flags sexual harassment, sexual abuse, violence and radicalisation at intake; serious bullying and threats are possibly reportable, for the secretary to judge', () => {
    expect(COMPLAINT_CATEGORIES.filter(flaggedAtIntake)).toEqual(['seksuele-intimidatie', 'geweld', 'radicalisering', 'seksueel-misbruik']);
    expect(COMPLAINT_CATEGORIES.filter(possiblyReportable)).toEqual(['pesten', 'seksuele-intimidatie', 'geweld', 'radicalisering', 'bedreiging', 'seksueel-misbruik']);
    expect(flaggedAtIntake('bedreiging')).toBe(false);
    expect(possiblyReportable('communicatie')).toBe(false);
    expect(flaggedAtIntake('pesten')).toBe(false);
    expect(possiblyReportable('onderwijs-en-toetsing')).toBe(false);
  });
});
