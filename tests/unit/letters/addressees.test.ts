/** Who gets a letter, how each is addressed, and what a bad letter spec is told. */
import { describe, expect, it } from 'vitest';
import { TemplateStore } from '../../../activities/letters/templateStore';
import { validateLetterDetails } from '../../../domain/letterDetails';
import { addresseesOf } from '../../../domain/letters';
import { sampleComplaint } from '../../helpers/fixtures';
import { addresseeContext, goldenSnapshot } from '../../helpers/letters';

const store = new TemplateStore();

describe('addressee groups', () => {
  const withEverything = addresseeContext({
    complaint: { ...sampleComplaint({ representative: { name: 'M. de Vries', email: 'm.devries@example.nl' }, language: 'en' }), respondent: { name: 'J. Smit', email: 'j.smit@delinde.example.nl' } },
  });

  it('expands every group', () => {
    const keys = (group: Parameters<typeof addresseesOf>[0]) => addresseesOf(group, withEverything).map((a) => a.key);
    expect(keys('complainant-side')).toEqual(['complainant', 'representative']);
    expect(keys('school-board')).toEqual(['school-board']);
    expect(keys('school-side')).toEqual(['school-board', 'respondent']);
    expect(keys('all-parties')).toEqual(['complainant', 'representative', 'school-board', 'respondent']);
    expect(keys('inspectorate')).toEqual(['inspectorate', 'school-board:copy', 'complainant:copy']);
    expect(keys('panel')).toEqual(['panel-member:1', 'panel-member:2', 'panel-member:3']);
  });

  it('writes to the complainant side in its language, to everyone else in Dutch', () => {
    const byKey = Object.fromEntries(addresseesOf('all-parties', withEverything).map((a) => [a.key, a.language]));
    expect(byKey).toEqual({ complainant: 'en', representative: 'en', 'school-board': 'nl', respondent: 'nl' });
  });

  it('addresses an unknown school board by the school name, for print', () => {
    const [board] = addresseesOf('school-board', addresseeContext({ schoolBoard: null }));
    expect(board).toMatchObject({ name: 'Het bevoegd gezag van OBS De Linde', email: null, postalAddress: null });
  });

  it('sends the Inspectorate its letter by post, and copies to school board and complainant', () => {
    const [inspectorate, board, complainant] = addresseesOf('inspectorate', addresseeContext());
    expect(inspectorate).toMatchObject({ role: 'inspectorate', email: null, copyOf: null });
    expect(inspectorate.postalAddress).toContain('Postbus 2730');
    expect(board).toMatchObject({ role: 'school-board', copyOf: inspectorate.name, email: 'bestuur@delinde.example.nl' });
    expect(complainant).toMatchObject({ role: 'complainant', copyOf: inspectorate.name });
  });

  it('refuses the panel group without a panel', () => {
    expect(() => addresseesOf('panel', addresseeContext({ panel: undefined }))).toThrow(/details.panel/);
  });
});

describe('letters to a pupil\'s parent speak to the parent', () => {
  const complaint = sampleComplaint({ complainant: { name: 'Sem Jansen', email: 'sem@example.nl', role: 'pupil' }, representative: { name: 'Ilse Jansen', email: 'ilse@example.nl' } });
  const ctx = addresseeContext({ complaint });

  it.each([
    ['nl', 'de klacht van uw kind Sem Jansen', 'namens Sem Jansen'],
    ['en', 'the complaint of your child Sem Jansen', 'on behalf of Sem Jansen'],
  ] as const)('in %s', (language, phrase, onBehalf) => {
    const parent = { ...addresseesOf('complainant-side', ctx)[1], language };
    const pupil = { ...addresseesOf('complainant-side', ctx)[0], language };
    const template = store.resolve('toezending-verweer', language, '2026-12-01');
    const toParent = template.render(goldenSnapshot('toezending-verweer', language, template.subject, parent, complaint));
    const toPupil = template.render(goldenSnapshot('toezending-verweer', language, template.subject, pupil, complaint));
    expect(toParent).toContain(phrase);
    expect(toParent).toContain(onBehalf);
    expect(toParent).toContain(language === 'nl' ? 'Geachte Ilse Jansen' : 'Dear Ilse Jansen');
    expect(toPupil).not.toContain(phrase);
    expect(toPupil).toContain(language === 'nl' ? 'uw klacht' : 'your complaint');
  });

  it('a non-pupil\'s representative is not told about "your child"', () => {
    const rep = addresseesOf('complainant-side', addresseeContext({ complaint: sampleComplaint({ representative: { name: 'mr. K. Advocaat', email: 'k@advocaat.example.nl' } }) }))[1];
    const template = store.resolve('toezending-verweer', 'nl', '2026-12-01');
    const html = template.render(goldenSnapshot('toezending-verweer', 'nl', template.subject, rep));
    expect(html).toContain('de klacht van Anna de Vries');
    expect(html).not.toContain('uw kind');
  });
});

describe('letter details', () => {
  it('accepts the sample details of every kind', () => {
    expect(validateLetterDetails('advies', { finding: 'ongegrond', reasons: 'Niet aannemelijk geworden.', binding: false, measures: [] })).toMatchObject({ finding: 'ongegrond' });
  });

  it('names every bad field', () => {
    expect(() => validateLetterDetails('uitnodiging-hoorzitting', { hearingDate: '14-01-2027', startTime: '25:00', location: '', panel: [] })).toThrow(
      'letter "uitnodiging-hoorzitting": hearingDate must be a date YYYY-MM-DD; startTime must be a time HH:MM; location must be non-empty text; panel must have at least 1 item(s)',
    );
    expect(() => validateLetterDetails('verzoek-om-aanvulling', { missing: ['x'], mising: ['typo'] })).toThrow('mising is not a detail of this letter kind');
    expect(() => validateLetterDetails('advies', { finding: 'gegrond', reasons: 'Zie hierboven.', binding: true, measures: [] })).toThrow(/binding advice .* at least one measure/);
    expect(() => validateLetterDetails('beslissing-niet-ontvankelijk', undefined)).toThrow(/reasons must be non-empty text; decidedBy must be one of chair, committee/);
  });
});
