/**
 * The publication of an advice (issue 17), the pure parts: the text a publication starts from, whom
 * the redaction proposals stand for, the steps from draft to public, and who may approve.
 *
 *   draft ──submit──▶ awaiting-approval ──approve (a chair who did not prepare, edit or submit it)──▶ published
 *     ▲                      │                                                                  │
 *     └──── send back ───────┘                                               unpublish ──▶ unpublished
 *
 * Only `published` is ever shown on the public pages.
 */
import type { LetterDetailsByKind } from './letterDetails';
import { MONTHS_NL, type RedactionContext } from './redaction';

export const PUBLICATION_STATUSES = ['draft', 'awaiting-approval', 'published', 'unpublished'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export const FINDING_LABELS: Record<string, { nl: string; en: string }> = {
  gegrond: { nl: 'gegrond', en: 'well-founded' },
  'deels-gegrond': { nl: 'deels gegrond', en: 'partly well-founded' },
  ongegrond: { nl: 'ongegrond', en: 'unfounded' },
  'niet-ontvankelijk': { nl: 'niet-ontvankelijk', en: 'inadmissible' },
};

/** The longest published text accepted from the editing form. */
export const MAX_PUBLICATION_LENGTH = 60_000;

/** The advice as the parties received it, as plain text in paragraphs (the original the secretary redacts). */
export function adviceText(details: LetterDetailsByKind['advies']): string {
  const paragraphs = [`Oordeel van de commissie: de klacht is ${FINDING_LABELS[details.finding]?.nl ?? details.finding}.`, 'Overwegingen', details.reasons.trim()];
  if (details.recommendations?.trim()) paragraphs.push('Aanbevelingen', details.recommendations.trim());
  if (details.measures.length) {
    paragraphs.push('Maatregelen', details.measures.map((m, i) => `${i + 1}. ${m.description.trim()} (uiterlijk ${m.due})`).join('\n'));
  }
  return paragraphs.join('\n\n');
}

/** What the case knows about its people and its school, for the redaction proposals. */
export interface CaseParticulars {
  complainant: { name: string; role?: string };
  representative?: { name: string };
  /** The pupil, when the complaint names one apart from the complainant. */
  pupilName?: string;
  schoolNames: readonly string[];
  places: readonly string[];
}

export function redactionContext(c: CaseParticulars): RedactionContext {
  const parties = [{ name: c.complainant.name, placeholder: c.complainant.role === 'pupil' ? '[leerling]' : '[klager]' }];
  if (c.pupilName) parties.push({ name: c.pupilName, placeholder: '[leerling]' });
  if (c.representative?.name) parties.push({ name: c.representative.name, placeholder: '[gemachtigde]' });
  return { parties, schools: c.schoolNames, places: c.places };
}

/** "maart 2026": the only date a publication carries. */
export function monthLabel(year: number, month: number, lang: 'nl' | 'en' = 'nl'): string {
  if (lang === 'en') return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return `${MONTHS_NL[month - 1]} ${year}`;
}

export type PublicationStep = 'edit' | 'submit' | 'sendBack' | 'approve' | 'unpublish';

const FROM: Record<PublicationStep, readonly PublicationStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  sendBack: ['awaiting-approval'],
  approve: ['awaiting-approval'],
  unpublish: ['published'],
};

export const NEXT_STATUS: Record<Exclude<PublicationStep, 'edit'>, PublicationStatus> = {
  submit: 'awaiting-approval',
  sendBack: 'draft',
  approve: 'published',
  unpublish: 'unpublished',
};

/** Why a step may not be taken now (a message key), or undefined when it may. */
export function stepRefusal(
  step: PublicationStep,
  publication: { status: PublicationStatus; editors: readonly string[] },
  by: { userId: string; role: string },
): string | undefined {
  if (!FROM[step].includes(publication.status)) return 'publication.error.state';
  if (step === 'approve') {
    // Four eyes: a chair who had no hand in this version (did not prepare, edit or submit it).
    if (by.role !== 'chair') return 'publication.error.chairOnly';
    if (publication.editors.includes(by.userId)) return 'publication.error.fourEyes';
  }
  return undefined;
}
