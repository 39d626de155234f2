/**
 * Every letter of the procedure (process.md, "Letters") exists as a kind and as a template in Dutch
 * and English; re-rendering a stored snapshot with its stored version is byte-identical.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateStore } from '../../../activities/letters/templateStore';
import { LETTER_KINDS, type LetterKind } from '../../../domain/letterKinds';
import { PROJECT_ROOT } from '../../../platform/config';
import { goldenSnapshot } from '../../helpers/letters';

/** The "Letters" table of process.md, transcribed: its first column → the kinds it names. */
const PROCESS_LETTERS: Record<string, LetterKind[]> = {
  ontvangstbevestiging: ['ontvangstbevestiging'],
  'verzoek om aanvulling': ['verzoek-om-aanvulling'],
  'beslissing niet-ontvankelijk': ['beslissing-niet-ontvankelijk'],
  terugverwijzing: ['terugverwijzing'],
  'uitnodiging bemiddeling / bevestiging schikking': ['uitnodiging-bemiddeling', 'bevestiging-schikking'],
  'kennisgeving klacht en verzoek om verweer': ['kennisgeving-klacht'],
  'herinnering verweer': ['herinnering-verweer'],
  'toezending verweer': ['toezending-verweer'],
  'toezending reactie': ['toezending-reactie'],
  'verzoek beschikbaarheid': ['verzoek-beschikbaarheid'],
  'uitnodiging hoorzitting': ['uitnodiging-hoorzitting'],
  'bevestiging uitstel': ['bevestiging-uitstel'],
  'verdaging advies': ['verdaging-advies'],
  '(bindend) advies': ['advies'],
  'herinnering reactie / naleving': ['herinnering-reactie', 'herinnering-naleving'],
  'bevestiging naleving': ['bevestiging-naleving'],
  'melding niet-naleving': ['melding-niet-naleving'],
  'kennisgeving meldplicht': ['kennisgeving-meldplicht'],
  'melding aan de Inspectie': ['melding-inspectie'],
  'doorzending reactie op advies': ['doorzending-reactie-advies'],
  'bevestiging intrekking': ['bevestiging-intrekking'],
  afsluiting: ['afsluiting'],
};

/** shared/docs/process.md sits beside the repository (also in CI); when it is there, the transcription must match it. */
function processMdLetterNames(): string[] | null {
  const candidates = [path.resolve(PROJECT_ROOT, '..', 'shared', 'docs', 'process.md'), '/work/shared/docs/process.md'];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) return null;
  const doc = fs.readFileSync(file, 'utf8');
  const section = doc.slice(doc.indexOf('## Letters'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('|')));
  return table
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| letter') && !line.startsWith('|---'))
    .map((line) => line.split('|')[1].replace(/\s*\([^)]*\)\s*$/, '').trim());
}

const store = new TemplateStore();
const today = new Date().toISOString().slice(0, 10);

/** Letters process.md names that klachtflow does not produce yet (none now; a new row of process.md's table without a kind shows here). */
const NOT_YET_BUILT: string[] = [];

/**
 * Kinds beyond process.md's table: the complainant hears that the complaint was admitted (issue 14); a told last day moved by new
 * calendar data (issue 13); an advice left unanswered reported to the Inspectorate (step 14's "then escalation", issue 12).
 */
const BEYOND_PROCESS_MD: LetterKind[] = ['beslissing-ontvankelijk', 'wijziging-termijn', 'melding-advies-onbeantwoord'];

describe('letter registry', () => {
  it('the transcription of process.md\'s letters table is current', () => {
    const names = processMdLetterNames();
    if (names) expect(names).toEqual(Object.keys(PROCESS_LETTERS));
    expect(Object.keys(PROCESS_LETTERS)).toHaveLength(22);
  });

  it('names exactly the letters of process.md that have no kind yet', () => {
    expect(Object.entries(PROCESS_LETTERS).filter(([, kinds]) => kinds.length === 0).map(([name]) => name)).toEqual(NOT_YET_BUILT);
  });

  it('has exactly the kinds process.md names, and the ones beyond it', () => {
    expect([...Object.values(PROCESS_LETTERS).flat(), ...BEYOND_PROCESS_MD].sort()).toEqual(Object.keys(LETTER_KINDS).sort());
  });

  it.each(Object.keys(LETTER_KINDS) as LetterKind[])('%s has a template in Dutch and in English, valid today', (kind) => {
    for (const language of ['nl', 'en'] as const) {
      const template = store.resolve(kind, language, today);
      expect(template.language).toBe(language);
      expect(template.subject.length).toBeGreaterThan(5);
      expect(template.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('marks exactly the five decisions for four-eyes approval', () => {
    const decisions = Object.entries(LETTER_KINDS).filter(([, k]) => k.decision).map(([kind]) => kind).sort();
    expect(decisions).toEqual(['advies', 'beslissing-niet-ontvankelijk', 'melding-advies-onbeantwoord', 'melding-inspectie', 'melding-niet-naleving']);
  });

  it('picks the version valid on the letter date; an old letter re-renders byte-identical with its version', () => {
    const before = store.resolve('ontvangstbevestiging', 'nl', '2026-11-28');
    const after = store.resolve('ontvangstbevestiging', 'nl', '2026-11-29');
    expect([before.version, before.partials]).toEqual([1, '2026-01']);
    expect([after.version, after.partials]).toEqual([2, '2026-11']);
    expect(before.hash).not.toBe(after.hash);

    const snapshot = JSON.parse(JSON.stringify(goldenSnapshot('ontvangstbevestiging', 'nl', before.subject)));
    const original = before.render(snapshot);
    const again = new TemplateStore().exact('ontvangstbevestiging', 'nl', 1).render(snapshot);
    expect(again).toBe(original);
    expect(original).toContain('Geachte Anna de Vries');
  });

  it('refuses an unknown kind or a date before any version', () => {
    expect(() => store.resolve('brief-die-niet-bestaat', 'nl', today)).toThrow(/no template for letter kind "brief-die-niet-bestaat"/);
    expect(() => store.resolve('advies', 'nl', '2020-01-01')).toThrow(/valid on 2020-01-01/);
  });
});
