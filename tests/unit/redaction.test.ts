/** Redaction proposals for a published advice (domain/redaction.ts): literal texts in, literal proposals out. */
import { describe, expect, it } from 'vitest';
import { applyRedactions, proposeRedactions, type RedactionContext } from '../../domain/redaction';

const CONTEXT: RedactionContext = {
  parties: [
    { name: 'Maarten Ouderdijk', placeholder: '[klager]' },
    { name: 'Fleur Testkind-Verhoeven', placeholder: '[leerling]' },
    { name: 'Mr. Anna de Vries', placeholder: '[gemachtigde]' },
  ],
  schools: ['Basisschool De Lindeboom'],
  places: ['Zwolle'],
};

describe('proposeRedactions', () => {
  it('proposes the parties, people after a title, the school, the place and dates reduced to month and year', () => {
    const text =
      'Op maandag 12 maart 2026 meldde Maarten Ouderdijk dat Fleur in de klas van meester Pietersen werd gepest. ' +
      'Basisschool De Lindeboom in Zwolle heeft op 2026-04-03 gereageerd; Pietersen was toen ziek. ' +
      'Mevrouw de Vries sprak namens Ouderdijk met mevrouw Bakker op 3-5-2026 en op 14 mei.';
    const proposals = proposeRedactions(text, CONTEXT);
    expect(proposals.map((p) => [p.original, p.replacement, p.kind])).toEqual([
      ['maandag 12 maart 2026', 'maart 2026', 'date'],
      ['Maarten Ouderdijk', '[klager]', 'party'],
      ['Fleur', '[leerling]', 'party'],
      ['Pietersen', '[naam]', 'person'],
      ['Basisschool De Lindeboom', '[school]', 'school'],
      ['Zwolle', '[plaats]', 'place'],
      ['2026-04-03', 'april 2026', 'date'],
      ['Pietersen', '[naam]', 'person'],
      ['de Vries', '[gemachtigde]', 'party'],
      ['Ouderdijk', '[klager]', 'party'],
      ['Bakker', '[naam]', 'person'],
      ['3-5-2026', 'mei 2026', 'date'],
      ['14 mei', 'mei', 'date'],
    ]);
    expect(applyRedactions(text, proposals)).toBe(
      'Op maart 2026 meldde [klager] dat [leerling] in de klas van meester [naam] werd gepest. ' +
        '[school] in [plaats] heeft op april 2026 gereageerd; [naam] was toen ziek. ' +
        'Mevrouw [gemachtigde] sprak namens [klager] met mevrouw [naam] op mei 2026 en op mei.',
    );
  });

  it('leaves ordinary words, particles and impossible dates alone', () => {
    const text = 'De leraar van de klas gaf de ouders op 2026-13-01 gelijk; de commissie acht de klacht gegrond.';
    expect(proposeRedactions(text, CONTEXT)).toEqual([]);
  });

  it('finds a double surname in parts and a school name across line breaks, whatever its case', () => {
    const text = 'Verhoeven zit op basisschool de\nLindeboom.';
    expect(applyRedactions(text, proposeRedactions(text, CONTEXT))).toBe('[leerling] zit op [school].');
  });
});
