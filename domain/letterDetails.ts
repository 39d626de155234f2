/**
 * What each letter kind says beyond the case itself: the per-kind `details` a workflow step passes
 * with a letter. Checked here, before anything is stored, so a bad step fails with a message that
 * names the field instead of a template error or a letter with a hole in it.
 */
import type { LetterKind } from './letterKinds';

export type Finding = 'gegrond' | 'deels-gegrond' | 'ongegrond' | 'niet-ontvankelijk';

/** A panel member as a letter names them; `email` only where the letter is sent to the panel. */
export interface PanelMember {
  name: string;
  role: 'chair' | 'member';
  email?: string;
}

export interface LetterDetailsByKind {
  ontvangstbevestiging: Record<string, never>;
  'verzoek-om-aanvulling': { missing: string[] };
  'beslissing-niet-ontvankelijk': {
    reasons: string;
    decidedBy: 'chair' | 'committee';
    objectionPossible: boolean;
    /** A complaint filed after the one-year term: whether the lateness is excused, and why. */
    lateFiling?: { excused: boolean; reason: string; filingTermEnd: string };
  };
  'beslissing-ontvankelijk': Record<string, never>;
  /** `expired`: the school's term ended without news; the complainant may still resume (the term given). */
  terugverwijzing: { expired?: boolean };
  'uitnodiging-bemiddeling': { mediator?: string };
  'bevestiging-schikking': { summary: string };
  /** `respondentLink`: set by the letter step for a person complained about (their personal page and code). */
  'kennisgeving-klacht': { complaintText: string; occurredOn: string; respondentLink?: { url: string; code: string } };
  'herinnering-verweer': Record<string, never>;
  'toezending-verweer': { replyRound: boolean };
  'toezending-reactie': Record<string, never>;
  'verzoek-beschikbaarheid': { candidateDates: string[] };
  'uitnodiging-hoorzitting': { hearingDate: string; startTime: string; location: string; videoLink?: string; panel: PanelMember[] };
  'bevestiging-uitstel': { requestedBy: string; reason: string; oldDate: string; newDate?: string };
  'verdaging-advies': { reason: string };
  'wijziging-termijn': { changes: Array<{ label: string; oldDate: string; newDate: string }> };
  advies: {
    finding: Finding;
    reasons: string;
    recommendations?: string;
    binding: boolean;
    /** The regime the advice falls under (policy), cited in the letter; absent in letters drafted before it was recorded. */
    regime?: { kind: 'advisory' | 'binding'; effectiveFrom: string; legalBasis: string; legalBasisEn: string };
    measures: Array<{ id: string; description: string; due: string }>;
  };
  'doorzending-reactie-advies': { acceptsFinding: boolean; plan: string };
  'herinnering-reactie': Record<string, never>;
  'herinnering-naleving': { measures: Array<{ description: string; due: string }> };
  'bevestiging-naleving': { measures: Array<{ description: string; verifiedOn: string }> };
  'melding-niet-naleving': { measures: Array<{ description: string; due: string; status: string }> };
  'kennisgeving-meldplicht': { category: string };
  'melding-inspectie': { category: string; noticeSentOn: string; confirmationDue: string };
  'melding-advies-onbeantwoord': { adviceSentOn: string; answerDue: string; remindedOn: string; graceDue: string };
  'bevestiging-intrekking': { reason?: string };
  afsluiting: { outcome: string };
}

export type LetterDetails<K extends LetterKind = LetterKind> = LetterDetailsByKind[K];

/** Also accepted in `details` of any kind: the panel a letter to the `panel` group goes to. */
// A type alias, not an interface: details must stay assignable to `Record<string, unknown>`.
export type PanelAddressees = {
  panel?: Array<{ name: string; email: string; role: 'chair' | 'member' }>;
};

export class LetterDetailsError extends Error {
  constructor(
    readonly kind: string,
    readonly problems: string[],
  ) {
    super(`letter "${kind}": ${problems.join('; ')}`);
    this.name = 'LetterDetailsError';
  }
}

type Check = (value: unknown, field: string, problems: string[]) => void;

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const TEXT_MAX = 20_000;

const text = (optional = false): Check => (value, field, problems) => {
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} must be non-empty text`);
  else if (value.length > TEXT_MAX) problems.push(`${field} must be at most ${TEXT_MAX} characters`);
};
const date = (optional = false): Check => (value, field, problems) => {
  if (value === undefined && optional) return;
  if (typeof value !== 'string' || !ISO_DATE.test(value)) problems.push(`${field} must be a date YYYY-MM-DD`);
};
const time: Check = (value, field, problems) => {
  if (typeof value !== 'string' || !TIME.test(value)) problems.push(`${field} must be a time HH:MM`);
};
const bool: Check = (value, field, problems) => {
  if (typeof value !== 'boolean') problems.push(`${field} must be true or false`);
};
const oneOf = (...allowed: string[]): Check => (value, field, problems) => {
  if (typeof value !== 'string' || !allowed.includes(value)) problems.push(`${field} must be one of ${allowed.join(', ')}`);
};
const list = (item: Check, opts: { min?: number; optional?: boolean } = {}): Check => (value, field, problems) => {
  if (value === undefined && opts.optional) return;
  if (!Array.isArray(value)) {
    problems.push(`${field} must be a list`);
    return;
  }
  if (value.length < (opts.min ?? 0)) problems.push(`${field} must have at least ${opts.min} item(s)`);
  value.forEach((v, i) => item(v, `${field}[${i}]`, problems));
};
const object = (shape: Record<string, Check>): Check => (value, field, problems) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${field} must be an object`);
    return;
  }
  for (const [key, check] of Object.entries(shape)) check((value as Record<string, unknown>)[key], field ? `${field}.${key}` : key, problems);
};

const optional = (check: Check): Check => (value, field, problems) => {
  if (value !== undefined) check(value, field, problems);
};
const optionalObject = (shape: Record<string, Check>): Check => (value, field, problems) => {
  if (value !== undefined) object(shape)(value, field, problems);
};

const panelMember: Check = object({ name: text(), role: oneOf('chair', 'member'), email: text(true) });

const SHAPES: Record<LetterKind, Record<string, Check>> = {
  ontvangstbevestiging: {},
  'verzoek-om-aanvulling': { missing: list(text(), { min: 1 }) },
  'beslissing-niet-ontvankelijk': {
    reasons: text(),
    decidedBy: oneOf('chair', 'committee'),
    objectionPossible: bool,
    lateFiling: optional(object({ excused: bool, reason: text(), filingTermEnd: date() })),
  },
  'beslissing-ontvankelijk': {},
  terugverwijzing: { expired: (value, field, problems) => value === undefined || bool(value, field, problems) },
  'uitnodiging-bemiddeling': { mediator: text(true) },
  'bevestiging-schikking': { summary: text() },
  'kennisgeving-klacht': { complaintText: text(), occurredOn: date() },
  'herinnering-verweer': {},
  'toezending-verweer': { replyRound: bool },
  'toezending-reactie': {},
  'verzoek-beschikbaarheid': { candidateDates: list(date(), { min: 1 }) },
  'uitnodiging-hoorzitting': { hearingDate: date(), startTime: time, location: text(), videoLink: text(true), panel: list(panelMember, { min: 1 }) },
  'bevestiging-uitstel': { requestedBy: text(), reason: text(), oldDate: date(), newDate: date(true) },
  'verdaging-advies': { reason: text() },
  'wijziging-termijn': { changes: list(object({ label: text(), oldDate: date(), newDate: date() }), { min: 1 }) },
  advies: {
    finding: oneOf('gegrond', 'deels-gegrond', 'ongegrond', 'niet-ontvankelijk'),
    reasons: text(),
    recommendations: text(true),
    binding: bool,
    regime: optionalObject({ kind: oneOf('advisory', 'binding'), effectiveFrom: date(), legalBasis: text(), legalBasisEn: text() }),
    measures: list(object({ id: text(), description: text(), due: date() })),
  },
  'doorzending-reactie-advies': { acceptsFinding: bool, plan: text() },
  'herinnering-reactie': {},
  'herinnering-naleving': { measures: list(object({ description: text(), due: date() }), { min: 1 }) },
  'bevestiging-naleving': { measures: list(object({ description: text(), verifiedOn: date() }), { min: 1 }) },
  'melding-niet-naleving': { measures: list(object({ description: text(), due: date(), status: text() }), { min: 1 }) },
  'kennisgeving-meldplicht': { category: text() },
  'melding-inspectie': { category: text(), noticeSentOn: date(), confirmationDue: date() },
  'melding-advies-onbeantwoord': { adviceSentOn: date(), answerDue: date(), remindedOn: date(), graceDue: date() },
  'bevestiging-intrekking': { reason: text(true) },
  afsluiting: { outcome: text() },
};

/**
 * Checks `details` for `kind` and returns them typed. Fields a kind does not define are refused
 * (a typo would otherwise vanish silently), except `panel`, which names a letter's addressees.
 */
export function validateLetterDetails<K extends LetterKind>(kind: K, details: unknown): LetterDetails<K> & PanelAddressees {
  const value = details ?? {};
  const problems: string[] = [];
  const shape = SHAPES[kind];
  if (!shape) throw new LetterDetailsError(kind, ['unknown letter kind']);
  object(shape)(value, '', problems);
  if (problems.length === 0) {
    for (const key of Object.keys(value as object)) {
      if (!(key in shape) && key !== 'panel') problems.push(`${key} is not a detail of this letter kind`);
    }
    if ('panel' in (value as object) && !('panel' in shape)) list(panelMember)((value as PanelAddressees).panel, 'panel', problems);
  }
  if (kind === 'advies' && problems.length === 0) {
    const advice = value as LetterDetailsByKind['advies'];
    if (advice.binding && advice.measures.length === 0 && advice.finding !== 'ongegrond' && advice.finding !== 'niet-ontvankelijk') {
      problems.push('measures: a binding advice on a (partly) well-founded complaint names at least one measure');
    }
  }
  if (problems.length) throw new LetterDetailsError(kind, problems);
  return value as LetterDetails<K> & PanelAddressees;
}
