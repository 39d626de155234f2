/**
 * Redaction proposals for the published version of an advice (issue 17): which pieces of the text
 * would let a reader recognise a child, a parent, a teacher or the school. Pure and deterministic;
 * the secretary reviews every proposal and edits the result before a chair approves it.
 *
 * Proposed:
 * - the names of the case's parties (complainant, representative, others the case names), in full
 *   and by each part of the name (a surname alone is as telling as the whole name);
 * - people named in the text after a title or form of address ("meester Pietersen", "mevrouw Bakker",
 *   "de heer Van Dam"), and every later mention of the name found that way;
 * - the school (its names as the case and the register know them) and the place(s) where it is;
 * - dates, reduced to month and year ("maandag 12 maart 2026" and "2026-03-12" become "maart 2026";
 *   a day and month without a year become the month).
 */

export type RedactionKind = 'party' | 'person' | 'school' | 'place' | 'date';

export interface RedactionContext {
  /** The case's people, each with the placeholder that replaces them ("[klager]"). */
  parties: ReadonlyArray<{ name: string; placeholder: string }>;
  /** The school's names (as filed, as in the register). */
  schools: readonly string[];
  /** The places of the school and its board. */
  places: readonly string[];
}

export interface Redaction {
  start: number;
  end: number;
  original: string;
  replacement: string;
  kind: RedactionKind;
}

export const PLACEHOLDERS = { person: '[naam]', school: '[school]', place: '[plaats]' } as const;

export const MONTHS_NL = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'] as const;
const WEEKDAYS_NL = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];

/** Parts of Dutch surnames that identify nobody on their own. */
const NAME_PARTICLES = new Set(['van', 'de', 'der', 'den', 'het', "'t", 'ter', 'ten', 'te', 'in', 'op', 'la', 'le', 'du', 'di', 'da', 'von']);
/** Titles and forms of address after which a name follows. */
const TITLES = ['meester', 'juffrouw', 'juf', 'mevrouw', 'meneer', 'de heer', 'mevr.', 'mw.', 'dhr.', 'mr.', 'dr.', 'drs.', 'ir.', 'leraar', 'lerares', 'docent', 'docente', 'mentor', 'directeur', 'directrice', 'intern begeleider'];

const LETTER = '[\\p{L}\\p{N}]';
const bounded = (source: string) => `(?<!${LETTER})(?:${source})(?!${LETTER})`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A title as written in a sentence or at its start ("meester", "Meester"); names stay case-sensitive. */
const titleSource = (title: string) => `[${title[0]}${title[0].toUpperCase()}]${escapeRegExp(title.slice(1))}`;

/** A capitalised word of a name, or a particle inside one ("Van der Berg", "de Vries"). */
const NAME_WORD = "\\p{Lu}[\\p{L}'’-]+";
const PARTICLE = "(?:van|de|der|den|ter|ten|te|'t|het|Van|De|Der|Den|Ter|Ten|Te)";
const NAME = `${NAME_WORD}(?:\\s+(?:${PARTICLE}\\s+)*${NAME_WORD})?|(?:${PARTICLE}\\s+)+${NAME_WORD}`;

/** The full name and its telling parts ("Anna de Vries": also "de Vries", "Vries", "Anna"), longest first; titles are no part of a name. */
function namesOf(name: string): string[] {
  const words = name.trim().split(/\s+/).filter((w) => w && !w.endsWith('.') && !TITLES.includes(w.toLowerCase()));
  if (!words.length) return [];
  const forms = [words.join(' ')];
  words.forEach((w, i) => {
    if (NAME_PARTICLES.has(w.toLowerCase())) return;
    forms.push(w, ...(w.includes('-') ? w.split('-') : []));
    // The surname with the particles before it, as it is written after a title.
    let j = i;
    while (j > 0 && NAME_PARTICLES.has(words[j - 1].toLowerCase())) j--;
    if (j < i) forms.push(words.slice(j, i + 1).join(' '));
  });
  const telling = forms.filter((f) => f.length >= 2 && /\p{Lu}/u.test(f));
  return [...new Set(telling)].sort((a, b) => b.length - a.length);
}

function findAll(text: string, source: string, flags: string, make: (m: RegExpExecArray) => Omit<Redaction, 'start' | 'end' | 'original'> & { start?: number; end?: number }): Redaction[] {
  const out: Redaction[] = [];
  const re = new RegExp(source, `g${flags}`);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const r = make(m);
    const start = r.start ?? m.index;
    const end = r.end ?? m.index + m[0].length;
    out.push({ start, end, original: text.slice(start, end), replacement: r.replacement, kind: r.kind });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function dateProposals(text: string): Redaction[] {
  const months = MONTHS_NL.join('|');
  const weekday = `(?:(?:${WEEKDAYS_NL.join('|')})\\s+)?`;
  const monthYear = (month: number, year: string) => `${MONTHS_NL[month - 1]} ${year}`;
  const validMonth = (m: number) => m >= 1 && m <= 12;
  return [
    // "(maandag) 12 maart 2026" → "maart 2026"; "12 maart" → "maart"
    ...findAll(text, bounded(`${weekday}(\\d{1,2})\\s+(${months})(?:\\s+(\\d{4}))?`), 'iu', (m) => ({
      kind: 'date',
      replacement: m[3] ? `${m[2].toLowerCase()} ${m[3]}` : m[2].toLowerCase(),
    })),
    // "2026-03-12" → "maart 2026"
    ...findAll(text, bounded('(\\d{4})-(\\d{2})-(\\d{2})'), 'u', (m) =>
      validMonth(Number(m[2])) ? { kind: 'date', replacement: monthYear(Number(m[2]), m[1]) } : { kind: 'date', replacement: m[0] },
    ).filter((r) => r.replacement !== r.original),
    // "12-03-2026", "12/3/2026", "12.03.2026" → "maart 2026"
    ...findAll(text, bounded('(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})'), 'u', (m) =>
      validMonth(Number(m[2])) ? { kind: 'date', replacement: monthYear(Number(m[2]), m[3]) } : { kind: 'date', replacement: m[0] },
    ).filter((r) => r.replacement !== r.original),
  ];
}

/** Every proposal, in text order, without overlaps (where two overlap, the longer one, then the earlier one, wins). */
export function proposeRedactions(text: string, context: RedactionContext): Redaction[] {
  const candidates: Redaction[] = [];
  for (const party of context.parties) {
    for (const name of namesOf(party.name)) {
      candidates.push(...findAll(text, bounded(escapeRegExp(name)), 'u', () => ({ kind: 'party', replacement: party.placeholder })));
    }
  }
  // People named after a title: the name is replaced, the title stays ("meester [naam]").
  const titled = findAll(text, `(?<!${LETTER})((?:${TITLES.map(titleSource).join('|')})\\s+)(${NAME})(?!${LETTER})`, 'u', (m) => ({
    kind: 'person',
    replacement: PLACEHOLDERS.person,
    start: m.index + m[1].length,
    end: m.index + m[0].length,
  }));
  candidates.push(...titled);
  // A name found after a title is as telling where it stands alone.
  for (const name of new Set(titled.map((r) => r.original))) {
    for (const part of namesOf(name)) {
      candidates.push(...findAll(text, bounded(escapeRegExp(part)), 'u', () => ({ kind: 'person', replacement: PLACEHOLDERS.person })));
    }
  }
  for (const school of context.schools.filter((s) => s.trim())) {
    candidates.push(...findAll(text, bounded(escapeRegExp(school.trim()).replace(/\s+/g, '\\s+')), 'iu', () => ({ kind: 'school', replacement: PLACEHOLDERS.school })));
  }
  for (const place of context.places.filter((p) => p.trim())) {
    candidates.push(...findAll(text, bounded(escapeRegExp(place.trim()).replace(/\s+/g, '\\s+')), 'iu', () => ({ kind: 'place', replacement: PLACEHOLDERS.place })));
  }
  candidates.push(...dateProposals(text));

  const ordered = candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Redaction[] = [];
  for (const c of ordered) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The text with the proposals applied. */
export function applyRedactions(text: string, redactions: readonly Redaction[]): string {
  let out = '';
  let at = 0;
  for (const r of [...redactions].sort((a, b) => a.start - b.start)) {
    if (r.start < at) continue;
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return out + text.slice(at);
}
