/** Who gets the letters of a case with several parties, and how each is addressed. */
import { describe, expect, it } from 'vitest';
import { TemplateStore } from '../../../activities/letters/templateStore';
import { addresseesOf, buildLetterSnapshot, type Addressee } from '../../../domain/letters';
import type { ComplaintInput } from '../../../domain/intake';
import { sampleComplaint } from '../../helpers/fixtures';
import { addresseeContext } from '../../helpers/letters';

const store = new TemplateStore();

const complaint: ComplaintInput = sampleComplaint({
  complainant: { name: 'Sem Bakker', role: 'pupil', minor: true, email: 'sem@example.nl' },
  coComplainants: [{ name: 'Jan Bakker', role: 'parent', postalAddress: 'Lindelaan 4\n3511 AB Utrecht' }],
  representatives: [
    { name: 'Petra Bakker', relation: 'parent-or-guardian', email: 'petra@example.nl' },
    { name: 'mr. K. Visser', relation: 'lawyer', email: 'k.visser@advocaat.example.nl', forComplainant: 2 },
    { name: 'L. de Boer', relation: 'confidential-counsellor', email: 'l.deboer@example.nl' },
    { name: 'A. Kok', relation: 'confidential-counsellor', email: 'a.kok@example.nl', keepInformed: true },
  ],
  respondents: [
    { name: 'T. Jansen', role: 'teacher' },
    { name: 'R. Smit', role: 'management', email: 'r.smit@delinde.example.nl' },
  ],
});

function render(kind: string, addressee: Addressee, details: Record<string, unknown> = {}): string {
  const template = store.resolve(kind, 'nl', '2026-12-03');
  return template.render(
    buildLetterSnapshot({ caseNumber: '2026-000042', complaint, receivedOn: '2026-12-01', letterDate: '2026-12-03', subject: template.subject, addressee, kind: kind as never, details: details as never }),
  );
}

describe('letters to several parties', () => {
  const ctx = addresseeContext({ complaint });
  const all = addresseesOf('all-parties', ctx);

  it('writes to the minor through the parent, to the co-complainant by post, to the lawyer, to a counsellor only when kept informed, and to each person complained about', () => {
    expect(all.map((a) => [a.key, a.name, a.email, a.postalAddress, a.onBehalfOf, a.parentOfPupil])).toEqual([
      ['complainant:2', 'Jan Bakker', null, 'Lindelaan 4\n3511 AB Utrecht', null, false],
      ['representative:1', 'Petra Bakker', 'petra@example.nl', null, 'Sem Bakker', true],
      ['representative:2', 'mr. K. Visser', 'k.visser@advocaat.example.nl', null, 'Jan Bakker', false],
      ['representative:4', 'A. Kok', 'a.kok@example.nl', null, 'Sem Bakker', false],
      ['school-board', 'Stichting Openbaar Onderwijs De Linde', 'bestuur@delinde.example.nl', 'Postbus 123\n3500 AA Utrecht', null, false],
      // Without own contact details: care of the school board.
      ['respondent:1', 'T. Jansen', 'bestuur@delinde.example.nl', 'p/a Stichting Openbaar Onderwijs De Linde\nPostbus 123\n3500 AA Utrecht', null, false],
      ['respondent:2', 'R. Smit', 'r.smit@delinde.example.nl', null, null, false],
    ]);
  });

  it('sends the pupil their own letters only by choice', () => {
    const chosen = addresseesOf('complainant-side', addresseeContext({ complaint: { ...complaint, complainant: { ...complaint.complainant, lettersToSelf: true } } }));
    expect(chosen.map((a) => a.key)).toEqual(['complainant', 'complainant:2', 'representative:1', 'representative:2', 'representative:4']);
  });

  it('speaks to each representative in their role', () => {
    const byKey = Object.fromEntries(all.map((a) => [a.key, a]));
    const parent = render('ontvangstbevestiging', byKey['representative:1']);
    expect(parent).toContain('ouder of voogd van Sem Bakker');
    expect(parent).toContain('de klacht van uw kind Sem Bakker');
    const lawyer = render('ontvangstbevestiging', byKey['representative:2']);
    expect(lawyer).toContain('advocaat van Jan Bakker');
    expect(lawyer).toContain('de klacht van uw cliënt Sem Bakker');
    expect(lawyer).toContain('Geachte mr. K. Visser,');
    expect(render('ontvangstbevestiging', byKey['representative:4'])).toContain('vertrouwenspersoon van Sem Bakker');
    const teacher = render('kennisgeving-klacht', byKey['respondent:1'], { complaintText: complaint.description, occurredOn: complaint.occurredOn });
    expect(teacher).toContain('p/a Stichting Openbaar Onderwijs De Linde<br>Postbus 123<br>3500 AA Utrecht');
    expect(teacher).toContain('De klacht is (mede) tegen u gericht.');
  });
});
