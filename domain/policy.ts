/**
 * Policy versions: every legal term of the procedure is a setting with a default, a legal basis and a
 * version, never a constant in code (process.md, "Step by step"). A case keeps the version it
 * started under; a new version applies to new cases. Pure data plus lookups.
 */
import type { TermSpec, TermUnit } from './calendar';

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

export interface PolicyVersion {
  version: string;
  validFrom: string;
  terms: Record<TermKey, TermPolicy>;
}

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
    schoolAnswer: { label: { nl: 'termijn voor de reactie van het bevoegd gezag', en: 'term for the school board’s answer' }, amount: 4, unit: 'weeks', statutory: true, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'art. 14 lid 7 WPO / art. 24b lid 7 WVO (vier weken)', source: 'confirmed' },
    compliance: { label: { nl: 'nalevingstermijn', en: 'compliance term' }, amount: 8, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 1, extension: { amount: 4, unit: 'weeks' }, reminderBefore: { amount: 2, unit: 'weeks' }, pauseDuringSchoolHolidays: false, legalBasis: 'wetsvoorstel vrij en veilig onderwijs (Kamerstuk 36 777), bindend advies', source: 'default' },
    complianceGrace: { label: { nl: 'respijttermijn', en: 'grace period' }, amount: 1, unit: 'weeks', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'beleid van de commissie', source: 'default' },
    reportingDuty: { label: { nl: 'termijn voor de bevestiging van de melding', en: 'term to confirm the report' }, amount: 5, unit: 'working-days', statutory: false, applyAtw: true, maxExtensions: 0, pauseDuringSchoolHolidays: false, legalBasis: 'meldplicht, wetsvoorstel vrij en veilig onderwijs (Kamerstuk 36 777)', source: 'default' },
  },
};

export const POLICY_VERSIONS: readonly PolicyVersion[] = [POLICY_2026_1];
export const CURRENT_POLICY_VERSION = POLICY_2026_1.version;

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
