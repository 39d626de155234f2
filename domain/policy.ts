/**
 * Policy versions: every legal term of the procedure is a setting with a default, a legal basis and a
 * version, never a constant in code (process.md, "Step by step"). A case keeps the version it
 * started under; a new version applies to new cases. Pure data plus lookups.
 */
import type { TermSpec, TermUnit } from './calendar';
import { CATEGORY_LABELS } from './committee';
import { COMPLAINT_CATEGORIES, FIRST_VERSION_CATEGORIES, type ComplaintCategory, type Sector } from './intake';

export type TermKey =
  | 'filing'
  | 'completion'
  | 'admissibility'
  | 'referralReport'
  | 'referralResume'
  | 'mediation'
  | 'defence'
  | 'reply'
  | 'rejoinder'
  | 'availability'
  | 'hearingWithin'
  | 'hearingNotice'
  | 'postponementRequest'
  | 'advice'
  | 'schoolAnswer'
  | 'schoolAnswerGrace'
  | 'compliance'
  | 'complianceGrace'
  | 'reportingDuty';

export interface Duration {
  amount: number;
  unit: TermUnit;
}

export interface TermPolicy {
  /** Dutch and English name of the term, as letters and pages show it. */
  label: { nl: string; en: string };
  amount: number;
  unit: TermUnit;
  direction?: 'forward' | 'backward';
  /** Statutory terms are bound by the Atw; regulation terms apply it by policy (`applyAtw`). */
  statutory: boolean;
  applyAtw: boolean;
  /** How often the term may be extended, and by how much each time. */
  maxExtensions: number;
  extension?: Duration;
  /** A reminder this long before the term ends. */
  reminderBefore?: Duration;
  /** Whether the term of a school stops during its region's school holidays (off by default: no source says so). */
  pauseDuringSchoolHolidays: boolean;
  legalBasis: string;
  /** Confirmed from sources, or a default of ours the committee must confirm (process.md). */
  source: 'confirmed' | 'default';
}

/**
 * Whether the committee's advice binds the school board: a regime of the law, with its legal basis
 * and the day it takes effect (process.md, "Who decides": advisory until the bill is law).
 */
export interface AdviceRegimePolicy {
  kind: 'advisory' | 'binding';
  /** The day the regime takes effect; null while the law that brings it is not in force. */
  effectiveFrom: string | null;
  legalBasis: { nl: string; en: string };
}

/** The advice regime a case's advice falls under on a day, with the complaint article of its sector. */
export interface AdviceRegime {
  kind: 'advisory' | 'binding';
  binding: boolean;
  effectiveFrom: string;
  /** The regime's basis and the sector's complaint article, as letters cite them. */
  legalBasis: { nl: string; en: string };
}

/** An intake category; its key (a Dutch slug) is the public contract of the intake API. */
export interface PolicyCategory {
  key: string;
  label: { nl: string; en: string };
  /** Whether a complaint in it records a ground (discrimination: origin, religion or belief, …). */
  asksGround: boolean;
}

export interface PolicyGround {
  key: string;
  label: { nl: string; en: string };
}

export interface PolicySector {
  key: Sector;
  label: { nl: string; en: string };
}

export interface PolicyVersion {
  version: string;
  validFrom: string;
  terms: Record<TermKey, TermPolicy>;
  /** Every regime the version knows, a binding one announced with effectiveFrom null until its law is in force. */
  adviceRegimes: readonly AdviceRegimePolicy[];
  /** The intake categories, the grounds of discrimination and the sectors a complaint may name. */
  categories: readonly PolicyCategory[];
  grounds: readonly PolicyGround[];
  sectors: readonly PolicySector[];
}

/**
 * The complaint article per sector: WPO art. 14 (primary), WVO 2020 art. 3.35 (secondary; it
 * replaced WVO art. 24b), WEC art. 23 (special and special secondary education). Vocational
 * education has no such article naming the committee's advice; its institution's complaints
 * regulation applies.
 */
export const COMPLAINT_ARTICLE_BY_SECTOR: Record<'primary' | 'secondary' | 'special' | 'vocational', { nl: string; en: string }> = {
  primary: { nl: 'art. 14 WPO', en: 'Section 14 WPO (Primary Education Act)' },
  secondary: { nl: 'art. 3.35 WVO 2020', en: 'Section 3.35 WVO 2020 (Secondary Education Act 2020)' },
  special: { nl: 'art. 23 WEC', en: 'Section 23 WEC (Expertise Centres Act)' },
  vocational: { nl: 'de klachtenregeling van de instelling (WEB)', en: 'the institution’s complaints regulation (WEB)' },
};

const REGULATION = 'Reglement Landelijke Klachtencommissie Onderwijs';

export const POLICY_2026_1: PolicyVersion = {
  version: '2026.1',
  validFrom: '2026-01-01',
  terms: {
    filing: { label: { nl: 'klachttermijn', en: 'filing term' }, amount: 12, unit: 'months', statutory: false, applyAtw: false, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, art. 4 lid 2 sub b (één jaar; buiten de Atw, art. 4)`, source: 'confirmed' },
    completion: { label: { nl: 'termijn voor aanvulling', en: 'term to complete the complaint' }, amount: 2, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 1, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, herstel verzuim`, source: 'default' },
    admissibility: { label: { nl: 'termijn voor de beslissing over ontvankelijkheid', en: 'admissibility term' }, amount: 2, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'servicenorm van de commissie', source: 'default' },
    referralReport: { label: { nl: 'termijn voor de terugkoppeling door de school', en: 'term for the school to report back' }, amount: 4, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 2, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, terugverwijzing`, source: 'default' },
    referralResume: { label: { nl: 'termijn om de behandeling te laten hervatten', en: 'term to have the handling resumed' }, amount: 2, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 2, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, terugverwijzing (daarna sluit de zaak als afgehandeld door de school)`, source: 'default' },
    mediation: { label: { nl: 'bemiddelingstermijn', en: 'mediation term' }, amount: 6, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 2, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, bemiddeling`, source: 'default' },
    defence: { label: { nl: 'verweertermijn', en: 'term for the defence' }, amount: 4, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 2, unit: 'weeks' }, reminderBefore: { amount: 1, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, verweer`, source: 'default' },
    reply: { label: { nl: 'termijn voor repliek', en: 'term for the reply' }, amount: 2, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 1, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, hoor en wederhoor`, source: 'default' },
    rejoinder: { label: { nl: 'termijn voor dupliek', en: 'term for the rejoinder' }, amount: 2, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 1, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, hoor en wederhoor`, source: 'default' },
    availability: { label: { nl: 'termijn voor opgave van beschikbaarheid', en: 'term to state availability' }, amount: 1, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, hoorzitting`, source: 'default' },
    hearingWithin: { label: { nl: 'termijn voor de hoorzitting', en: 'term for the hearing' }, amount: 6, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 4, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, hoorzitting`, source: 'default' },
    hearingNotice: { label: { nl: 'oproepingstermijn', en: 'notice period for the hearing' }, amount: 2, unit: 'weeks', direction: 'backward', statutory: false, applyAtw: false, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, oproeping`, source: 'default' },
    postponementRequest: { label: { nl: 'termijn voor een verzoek om uitstel', en: 'term to request postponement' }, amount: 3, unit: 'working-days', direction: 'backward', statutory: false, applyAtw: false, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, uitstel`, source: 'default' },
    advice: { label: { nl: 'adviestermijn', en: 'advice term' }, amount: 4, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 4, unit: 'weeks' }, reminderBefore: { amount: 1, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: `${REGULATION}, advies (vergelijkbare regeling: vier weken, eenmaal te verlengen met vier weken)`, source: 'default' },
    schoolAnswer: { label: { nl: 'termijn voor de reactie van het bevoegd gezag', en: 'term for the school board’s answer' }, amount: 4, unit: 'weeks', statutory: true, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'art. 14 WPO / art. 3.35 WVO 2020 / art. 23 WEC (vier weken)', source: 'confirmed' },
    // Added to 2026.1 itself (no new version): it starts only after the answer term has run out and the
    // reminder went out, a path on which no case has been yet (before this release the case waited there
    // without a term), so no running case was ever told this term or another end of its answer term.
    schoolAnswerGrace: { label: { nl: 'respijttermijn voor de reactie op het advies', en: 'grace period for the answer to the advice' }, amount: 1, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'beleid van de commissie (herinnering na afloop, daarna melding aan de Inspectie; een week respijt als bij de naleving)', source: 'default' },
    compliance: { label: { nl: 'nalevingstermijn', en: 'compliance term' }, amount: 8, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 4, unit: 'weeks' }, reminderBefore: { amount: 2, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: 'wetsvoorstel vrij en veilig onderwijs (Kamerstuk 36 777), bindend advies', source: 'default' },
    complianceGrace: { label: { nl: 'respijttermijn', en: 'grace period' }, amount: 1, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'beleid van de commissie', source: 'default' },
    reportingDuty: { label: { nl: 'termijn voor de bevestiging van de melding', en: 'term to confirm the report' }, amount: 5, unit: 'working-days', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'meldplicht, wetsvoorstel vrij en veilig onderwijs (Kamerstuk 36 777)', source: 'default' },
  },
  adviceRegimes: [
    {
      kind: 'advisory',
      effectiveFrom: '2026-01-01',
      legalBasis: {
        nl: 'advies; het bevoegd gezag deelt binnen vier weken mee of het het oordeel overneemt en welke maatregelen het neemt',
        en: 'advice; the school board says within four weeks whether it accepts the finding and which measures it takes',
      },
    },
    {
      // The bill (Kamerstuk 36 777) is not law yet: a binding regime is announced, without a date.
      kind: 'binding',
      effectiveFrom: null,
      legalBasis: { nl: 'bindend advies, wet vrij en veilig onderwijs (Kamerstuk 36 777)', en: 'binding advice, Free and Safe Education Act (Parliamentary Paper 36 777)' },
    },
  ],
  categories: FIRST_VERSION_CATEGORIES.map((key) => ({ key, label: CATEGORY_LABELS[key], asksGround: key === 'discriminatie' })),
  // process.md, "Categories": for discrimination the ground is recorded.
  grounds: [
    { key: 'afkomst', label: { nl: 'afkomst', en: 'origin' } },
    { key: 'godsdienst-of-levensovertuiging', label: { nl: 'godsdienst of levensovertuiging', en: 'religion or belief' } },
    { key: 'seksuele-gerichtheid', label: { nl: 'seksuele gerichtheid', en: 'sexual orientation' } },
    { key: 'genderidentiteit', label: { nl: 'genderidentiteit', en: 'gender identity' } },
    { key: 'geslacht', label: { nl: 'geslacht', en: 'sex' } },
    { key: 'handicap', label: { nl: 'handicap of chronische ziekte', en: 'disability or chronic illness' } },
    { key: 'anders', label: { nl: 'anders', en: 'other' } },
  ],
  sectors: [
    { key: 'primary', label: { nl: 'basisonderwijs', en: 'primary education' } },
    { key: 'secondary', label: { nl: 'voortgezet onderwijs', en: 'secondary education' } },
    { key: 'vocational', label: { nl: 'middelbaar beroepsonderwijs', en: 'vocational education' } },
    { key: 'special', label: { nl: '(voortgezet) speciaal onderwijs', en: 'special (secondary) education' } },
  ],
};

/** The regime in force on `date` (YYYY-MM-DD) under a policy version, citing the sector's complaint article. */
export function adviceRegimeOn(policy: PolicyVersion, date: string, sector: string | null | undefined): AdviceRegime {
  const inForce = policy.adviceRegimes
    .filter((r): r is AdviceRegimePolicy & { effectiveFrom: string } => r.effectiveFrom !== null && r.effectiveFrom <= date)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
  if (!inForce) throw new Error(`policy ${policy.version} has no advice regime in force on ${date}`);
  const article = sector && sector in COMPLAINT_ARTICLE_BY_SECTOR ? COMPLAINT_ARTICLE_BY_SECTOR[sector as keyof typeof COMPLAINT_ARTICLE_BY_SECTOR] : undefined;
  const cite = (lang: 'nl' | 'en') => (article ? `${inForce.legalBasis[lang]} (${article[lang]})` : inForce.legalBasis[lang]);
  return { kind: inForce.kind, binding: inForce.kind === 'binding', effectiveFrom: inForce.effectiveFrom, legalBasis: { nl: cite('nl'), en: cite('en') } };
}

export const POLICY_VERSIONS: readonly PolicyVersion[] = [POLICY_2026_1];
export const CURRENT_POLICY_VERSION = POLICY_2026_1.version;

/** A category's label: from the case's policy version, else the first version's, else its key. */
export function categoryLabel(policy: Pick<PolicyVersion, 'categories'> | undefined, key: string): { nl: string; en: string } {
  return policy?.categories.find((c) => c.key === key)?.label ?? CATEGORY_LABELS[key as ComplaintCategory] ?? { nl: key, en: key };
}

/**
 * Policy 2026.2 (seeded by migration 20261206_roles12_001_policy_categories): 2026.1 with the
 * categories of process.md "Categories" added, threats and sexual abuse among them. Stored as data
 * like every version; cases filed before keep 2026.1. Not in POLICY_VERSIONS: cases started before
 * snapshots never had it.
 */
export const POLICY_2026_2: PolicyVersion = {
  ...POLICY_2026_1,
  version: '2026.2',
  validFrom: '2026-12-01',
  categories: COMPLAINT_CATEGORIES.map((key) => ({ key, label: CATEGORY_LABELS[key], asksGround: key === 'discriminatie' })),
};

/** The version bundled in code (cases started before snapshots; the seed of the stored versions). */
export function policyVersion(version: string): PolicyVersion {
  const found = POLICY_VERSIONS.find((p) => p.version === version);
  if (!found) throw new Error(`unknown policy version ${version}`);
  return found;
}

/** The policy valid on a date (YYYY-MM-DD): the newest version whose validFrom is not after it. */
export function policyValidOn(date: string): PolicyVersion {
  const valid = POLICY_VERSIONS.filter((p) => p.validFrom <= date).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  if (!valid[0]) throw new Error(`no policy valid on ${date}`);
  return valid[0];
}

/** The calendar engine's term spec for a policy term. */
export function termSpecOf(policy: TermPolicy): TermSpec {
  return {
    amount: policy.amount,
    unit: policy.unit,
    direction: policy.direction ?? 'forward',
    applyAtw: policy.applyAtw,
    statutory: policy.statutory,
    label: policy.label.nl,
  };
}
