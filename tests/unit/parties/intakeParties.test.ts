/** Intake of several complainants, representatives with a relation and the persons complained about. */
import { describe, expect, it } from 'vitest';
import { validateComplaint, validateRespondent } from '../../../domain/intake';
import { filingTermEnd, isLateFiling } from '../../../domain/filingTerm';
import { sampleComplaintBody } from '../../helpers/fixtures';

const TODAY = '2026-11-28';

describe('validateComplaint: parties', () => {
  it('accepts respondents, representatives with a relation, a co-complainant and a postal address instead of e-mail', () => {
    const result = validateComplaint(
      sampleComplaintBody({
        complainant: { name: 'Sem Bakker', role: 'pupil', minor: true, postalAddress: 'Lindelaan 4\n3511 AB  Utrecht' },
        coComplainants: [{ name: 'Jan Bakker', role: 'parent', email: 'Jan.Bakker@example.nl' }],
        representatives: [
          { name: 'Petra Bakker', relation: 'parent-or-guardian', postalAddress: 'Lindelaan 4\n3511 AB Utrecht' },
          { name: 'mr. K. Visser', relation: 'lawyer', email: 'k.visser@advocaat.example.nl', forComplainant: 2 },
          { name: 'L. de Boer', relation: 'confidential-counsellor', email: 'l.deboer@example.nl', keepInformed: true },
        ],
        respondents: [{ name: 'T. Jansen', role: 'teacher' }, { name: 'R. Smit', role: 'management', email: 'r.smit@delinde.example.nl' }],
      }),
      TODAY,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.complainant).toEqual({ name: 'Sem Bakker', role: 'pupil', minor: true, postalAddress: 'Lindelaan 4\n3511 AB  Utrecht' });
    expect(result.value.coComplainants).toEqual([{ name: 'Jan Bakker', role: 'parent', email: 'jan.bakker@example.nl' }]);
    expect(result.value.representatives).toEqual([
      { name: 'Petra Bakker', relation: 'parent-or-guardian', postalAddress: 'Lindelaan 4\n3511 AB Utrecht' },
      { name: 'mr. K. Visser', relation: 'lawyer', email: 'k.visser@advocaat.example.nl', forComplainant: 2 },
      { name: 'L. de Boer', relation: 'confidential-counsellor', email: 'l.deboer@example.nl', keepInformed: true },
    ]);
    expect(result.value.respondents).toEqual([{ name: 'T. Jansen', role: 'teacher' }, { name: 'R. Smit', role: 'management', email: 'r.smit@delinde.example.nl' }]);
  });

  it('names each bad party field', () => {
    const result = validateComplaint(
      sampleComplaintBody({
        complainant: { name: 'Sem Bakker', role: 'pupil', minor: true },
        coComplainants: [{ name: 'Jan', role: 'uncle', email: 'jan@example.nl' }],
        representatives: [{ name: 'X', relation: 'neighbour', email: 'x@example.nl', forComplainant: 5 }, 'nobody'],
        respondents: [{ role: 'headmaster' }, { name: 'T. Jansen', role: 'teacher', postalAddress: 'one line only' }],
      }),
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'complainant.email', message: 'is required (or a postalAddress, for letters by post)' },
      { field: 'coComplainants[0].role', message: 'must be one of: pupil, parent, staff, other' },
      { field: 'representatives[0].relation', message: 'must be one of: parent-or-guardian, confidential-counsellor, lawyer, other-authorised' },
      { field: 'representatives[0].forComplainant', message: "must be a complainant's number, 1 to 2" },
      { field: 'representatives[1]', message: 'must be an object' },
      { field: 'respondents[0].name', message: 'is required' },
      { field: 'respondents[0].role', message: 'must be one of: teacher, staff, management, pupil, other' },
      { field: 'respondents[1].postalAddress', message: 'must be 2 to 6 lines: street and number, postcode and place' },
    ]);
  });

  it('asks a parent or guardian for a minor complainant', () => {
    const result = validateComplaint(
      sampleComplaintBody({ complainant: { name: 'Sem Bakker', role: 'pupil', minor: true, email: 'sem@example.nl' }, representatives: [{ name: 'mr. K. Visser', relation: 'lawyer', email: 'k.visser@example.nl' }] }),
      TODAY,
    );
    expect(result).toEqual({ ok: false, errors: [{ field: 'complainant.minor', message: 'a minor complainant needs a representative with relation parent-or-guardian' }] });
  });

  it('refuses the single representative and the list together, and lists that are not lists', () => {
    const result = validateComplaint(
      sampleComplaintBody({ representative: { name: 'B', email: 'b@example.nl' }, representatives: [{ name: 'C', relation: 'lawyer', email: 'c@example.nl' }], respondents: 'T. Jansen' }),
      TODAY,
    );
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['representative', 'respondents']);
  });

  it('checks a respondent the secretary adds with the same rules', () => {
    expect(validateRespondent({ name: 'T. Jansen', role: 'teacher' })).toEqual({ ok: true, value: { name: 'T. Jansen', role: 'teacher' } });
    expect(validateRespondent({ role: 'x', email: 'nope' })).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'is required' },
        { field: 'role', message: 'must be one of: teacher, staff, management, pupil, other' },
        { field: 'email', message: 'must be an e-mail address' },
      ],
    });
  });
});

describe('the one-year filing term', () => {
  it('ends on the same date a year later, or on the last day of the month', () => {
    expect(filingTermEnd('2025-11-28')).toBe('2026-11-28');
    expect(filingTermEnd('2024-02-29')).toBe('2025-02-28');
    expect(filingTermEnd('2025-12-31')).toBe('2026-12-31');
  });

  it('flags a complaint filed after the term, not one filed on its last day', () => {
    expect(isLateFiling('2025-11-28', '2026-11-28')).toBe(false);
    expect(isLateFiling('2025-11-27', '2026-11-28')).toBe(true);
    expect(isLateFiling('2024-02-29', '2025-03-01')).toBe(true);
    expect(isLateFiling('2024-02-29', '2025-02-28')).toBe(false);
  });
});
