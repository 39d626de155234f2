/** How the committee presents itself on letters and pages (policy data, not code paths). */
import type { ComplaintCategory } from './intake';

export interface CommitteeContact {
  name: string;
  postalAddress: string;
  email: string;
  phone: string;
  secretaryTitle: string;
}

export const DEFAULT_COMMITTEE: CommitteeContact = {
  name: 'Landelijke Klachtencommissie Onderwijs',
  postalAddress: 'Postbus 85191, 3508 AD Utrecht',
  email: 'secretariaat@klachtencommissie-onderwijs.nl',
  phone: '030 280 95 90',
  secretaryTitle: 'Het secretariaat',
};

export const CATEGORY_LABELS: Record<ComplaintCategory, { nl: string; en: string }> = {
  pesten: { nl: 'pesten', en: 'bullying' },
  'seksuele-intimidatie': { nl: 'seksuele intimidatie', en: 'sexual harassment' },
  discriminatie: { nl: 'discriminatie', en: 'discrimination' },
  geweld: { nl: 'geweld', en: 'violence' },
  radicalisering: { nl: 'radicalisering', en: 'radicalisation' },
  begeleiding: { nl: 'begeleiding van de leerling', en: 'guidance of the pupil' },
  'onderwijs-en-toetsing': { nl: 'onderwijs en toetsing', en: 'teaching and assessment' },
  overig: { nl: 'overig', en: 'other' },
  // Added by policy 2026.2 (process.md, "Categories").
  bedreiging: { nl: 'bedreiging', en: 'threats' },
  'seksueel-misbruik': { nl: 'seksueel misbruik', en: 'sexual abuse' },
  communicatie: { nl: 'communicatie', en: 'communication' },
  'pedagogisch-didactische-begeleiding': { nl: 'pedagogische en didactische begeleiding', en: 'pedagogical and didactic guidance' },
  'maatregel-tegen-leerling-of-ouders': { nl: 'maatregel tegen leerling of ouders (bijv. schorsing)', en: 'action against a pupil or parents (e.g. suspension)' },
  schoolorganisatie: { nl: 'schoolorganisatie', en: 'school organisation' },
  klachtbehandeling: { nl: 'klachtbehandeling', en: 'complaint handling' },
  'informatie-gescheiden-ouders': { nl: 'informatie aan gescheiden ouders', en: 'information to separated parents' },
  'schooladvies-en-bevordering': { nl: 'schooladvies en bevordering', en: 'school advice and promotion' },
};

/** A date as it is written in a letter: "29 november 2026" / "29 November 2026". */
export function formatLetterDate(isoDate: string, language: 'nl' | 'en'): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Where escalations under process.md step 16 and the reporting duty go (policy data). */
export interface InspectorateContact {
  name: string;
  /** Address lines, one per line, as printed in the window of an envelope. */
  postalAddress: string;
  /**
   * No e-mail channel for formal escalations has been agreed with the Inspectorate yet, so they go
   * by post (the outbox marks them for print). Set an address here once one is agreed.
   */
  email: string | null;
}

export const INSPECTORATE: InspectorateContact = {
  name: 'Inspectie van het Onderwijs, t.a.v. de vertrouwensinspecteurs',
  postalAddress: 'Postbus 2730\n3500 GS Utrecht',
  email: null,
};

/** The Inspectorate as letters address it: by e-mail at the configured address (INSPECTORATE_EMAIL), else by post. */
export function inspectorateContact(email: string | undefined): InspectorateContact {
  return email ? { ...INSPECTORATE, email } : INSPECTORATE;
}
