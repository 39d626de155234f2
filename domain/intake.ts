/**
 * The public intake contract: what a complaint must contain and how each field is checked.
 * Pure: `today` is passed in so the same input always gives the same answer.
 */
import type { FieldError } from '../contracts/fieldError';

export const COMPLAINANT_ROLES = ['pupil', 'parent', 'staff', 'other'] as const;
export type ComplainantRole = (typeof COMPLAINANT_ROLES)[number];

/** The intake categories of the first policy version, 2026.1 (the Dutch slugs are the public contract). */
export const FIRST_VERSION_CATEGORIES = [
  'pesten',
  'seksuele-intimidatie',
  'discriminatie',
  'geweld',
  'radicalisering',
  'begeleiding',
  'onderwijs-en-toetsing',
  'overig',
] as const;

/**
 * Every category klachtflow knows a label for: the first version's and those policy 2026.2 added
 * (process.md, "Categories": threats and sexual abuse, and the LKC's annual-report groups). Which of
 * them a complaint may name is the policy version's (the intake lists); these are for labels and filters.
 */
export const COMPLAINT_CATEGORIES = [
  ...FIRST_VERSION_CATEGORIES,
  'bedreiging',
  'seksueel-misbruik',
  'communicatie',
  'pedagogisch-didactische-begeleiding',
  'maatregel-tegen-leerling-of-ouders',
  'schoolorganisatie',
  'klachtbehandeling',
  'informatie-gescheiden-ouders',
  'schooladvies-en-bevordering',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const SECTORS = ['primary', 'secondary', 'vocational', 'special'] as const;
export type Sector = (typeof SECTORS)[number];

/** The grounds of discrimination of the first policy version (process.md, "Categories"). */
export const DISCRIMINATION_GROUNDS = ['afkomst', 'godsdienst-of-levensovertuiging', 'seksuele-gerichtheid', 'genderidentiteit', 'geslacht', 'handicap', 'anders'] as const;

/**
 * What a complaint may name, from the policy version valid on the filing day (domain/policy.ts):
 * the stored version's lists at intake; these defaults are the first version's.
 */
export interface IntakeLists {
  categories: ReadonlyArray<{ key: string; asksGround: boolean }>;
  grounds: ReadonlyArray<{ key: string }>;
  sectors: ReadonlyArray<{ key: string }>;
}

export const CODE_INTAKE_LISTS: IntakeLists = {
  categories: FIRST_VERSION_CATEGORIES.map((key) => ({ key, asksGround: key === 'discriminatie' })),
  grounds: DISCRIMINATION_GROUNDS.map((key) => ({ key })),
  sectors: SECTORS.map((key) => ({ key })),
};

export interface ContactPerson {
  name: string;
  /** Absent when the person has no e-mail address: letters then go by post to `postalAddress`. */
  email?: string;
  phone?: string;
  /** Address lines separated by newlines; required when there is no e-mail address. */
  postalAddress?: string;
}

export interface Complainant extends ContactPerson {
  role: ComplainantRole;
  /** A minor's letters go to the parent or guardian (a representative); the pupil's own only by choice. */
  minor?: boolean;
  /** A minor who chose to get the letters too, at their own address. */
  lettersToSelf?: boolean;
}

/**
 * How a representative relates to the complainant: decides how letters address them and whether
 * they get them (a confidential counsellor only when the complainant wants them kept informed).
 */
export const REPRESENTATIVE_RELATIONS = ['parent-or-guardian', 'confidential-counsellor', 'lawyer', 'other-authorised'] as const;
export type RepresentativeRelation = (typeof REPRESENTATIVE_RELATIONS)[number];

/** The single representative of the first intake version (still accepted): free-text relation. */
export interface Representative extends ContactPerson {
  /** e.g. "ouder", "advocaat", "vertrouwenspersoon" — free text, how they relate to the complainant. */
  relation?: string;
}

/** A representative of the `representatives` list: the relation is one of REPRESENTATIVE_RELATIONS. */
export interface CaseRepresentative extends ContactPerson {
  relation: RepresentativeRelation;
  /** Which complainant they act for: 1 is `complainant`, 2 the first co-complainant… (default 1). */
  forComplainant?: number;
  /** A confidential counsellor gets the letters only when the complainant wants that. */
  keepInformed?: boolean;
}

/** What the person complained about is at the school. */
export const RESPONDENT_ROLES = ['teacher', 'staff', 'management', 'pupil', 'other'] as const;
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];

/**
 * The person complained about (aangeklaagde): a party, told of the complaint and invited to the
 * hearing. Without own contact details their letters go to them care of the school board.
 */
export interface CaseRespondent {
  name: string;
  role: RespondentRole;
  email?: string;
  postalAddress?: string;
}

export interface SchoolRef {
  /** Absent when the complainant does not know it: the secretary links the school to the register. */
  brin?: string;
  name: string;
  /** Where the school is: helps the secretary find a school the register search did not. */
  place?: string;
  sector?: Sector;
}

export interface ComplaintInput {
  complainant: Complainant;
  /** More complainants in the same case (e.g. both parents); each gets the complainant's letters. */
  coComplainants?: Complainant[];
  representative?: Representative;
  representatives?: CaseRepresentative[];
  /** The persons complained about, when known at intake; the secretary may add them later. */
  respondents?: CaseRespondent[];
  school: SchoolRef;
  /** One of the categories of the policy version valid on the filing day (ComplaintCategory or a later one). */
  category: string;
  /** For a category that asks for it (discrimination): the ground, from the same policy version. */
  discriminationGround?: string;
  description: string;
  occurredOn: string;
  raisedWithSchool: boolean;
  /** Why the complaint was not raised with the school first (admissibility needs a reason). */
  notRaisedReason?: string;
  /** Language the complainant wants letters in; Dutch unless asked otherwise. */
  language?: 'nl' | 'en';
}

export type { FieldError };

export type IntakeResult = { ok: true; value: ComplaintInput } | { ok: false; errors: FieldError[] };

// Every pattern below is linear: no two adjacent parts can match the same character, so a failed
// match never backtracks (the old e-mail pattern's `[^\s@]+\.[^\s@]+` took quadratic time on
// "a@....@" and froze the event loop). And no pattern runs on a value over its length limit.
// E-mail: a local part, "@", then dot-separated labels (at least two).
/** An e-mail address as every form of klachtflow accepts it: something@domain.tld, no spaces. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const EMAIL_MAX = 320;
// BRIN: two digits and two letters or digits, as issued by DUO (e.g. 12AB, 04NE).
const BRIN = /^[0-9]{2}[A-Z0-9]{2}$/;
const PHONE = /^\+?[0-9 ()-]{8,20}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DESCRIPTION_MIN = 20;
const DESCRIPTION_MAX = 20_000;
const NAME_MAX = 200;
const PHONE_MAX = 40;
const BRIN_MAX = 10;
const PLACE_MAX = 100;
const DATE_MAX = 40;
const POSTAL_MAX = 500;

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects every problem instead of stopping at the first, so a form can mark all fields at once. */
class Checker {
  readonly errors: FieldError[] = [];

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  text(obj: Record<string, unknown>, key: string, path: string, opts: { required: boolean; max: number; min?: number }): string | undefined {
    const raw = obj[key];
    if (raw === undefined || raw === null || raw === '') {
      if (opts.required) this.fail(path, 'is required');
      return undefined;
    }
    if (typeof raw !== 'string') {
      this.fail(path, 'must be a string');
      return undefined;
    }
    const value = raw.trim();
    if (opts.required && value.length === 0) {
      this.fail(path, 'is required');
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) this.fail(path, `must be at least ${opts.min} characters`);
    if (value.length > opts.max) {
      // Too long is the only error: the value goes no further (no pattern sees it).
      this.fail(path, `must be at most ${opts.max} characters`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, key: string, path: string, allowed: readonly T[], required: boolean): T | undefined {
    const raw = obj[key];
    if (raw === undefined || raw === null || raw === '') {
      if (required) this.fail(path, `is required (one of: ${allowed.join(', ')})`);
      return undefined;
    }
    if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
      this.fail(path, `must be one of: ${allowed.join(', ')}`);
      return undefined;
    }
    return raw as T;
  }

  contact(obj: unknown, path: string, required: boolean): (ContactPerson & { raw: Record<string, unknown> }) | undefined {
    if (obj === undefined || obj === null) {
      if (required) this.fail(path, 'is required');
      return undefined;
    }
    if (!isRecord(obj)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    const name = this.text(obj, 'name', `${path}.name`, { required: true, max: NAME_MAX });
    // Letters go by e-mail, or by post to whoever has no e-mail address: one of the two is needed.
    const postalAddress = this.postalAddress(obj, path);
    const email = this.text(obj, 'email', `${path}.email`, { required: false, max: EMAIL_MAX });
    if (email === undefined && postalAddress === undefined && !this.errors.some((e) => e.field === `${path}.email` || e.field === `${path}.postalAddress`)) {
      this.fail(`${path}.email`, 'is required (or a postalAddress, for letters by post)');
    }
    if (email !== undefined && !EMAIL_ADDRESS.test(email)) this.fail(`${path}.email`, 'must be an e-mail address');
    const phone = this.text(obj, 'phone', `${path}.phone`, { required: false, max: PHONE_MAX });
    if (phone !== undefined && !PHONE.test(phone)) this.fail(`${path}.phone`, 'must be a phone number (8 to 20 digits, spaces, +, -)');
    if (name === undefined || (email === undefined && postalAddress === undefined)) return undefined;
    return { name, ...(email ? { email: email.toLowerCase() } : {}), ...(phone ? { phone } : {}), ...(postalAddress ? { postalAddress } : {}), raw: obj };
  }

  /** A postal address: two to six lines (street and number, postcode and place). */
  postalAddress(obj: Record<string, unknown>, path: string): string | undefined {
    const value = this.text(obj, 'postalAddress', `${path}.postalAddress`, { required: false, max: POSTAL_MAX });
    if (value === undefined) return undefined;
    const lines = value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length < 2 || lines.length > 6) {
      this.fail(`${path}.postalAddress`, 'must be 2 to 6 lines: street and number, postcode and place');
      return undefined;
    }
    return lines.join('\n');
  }

  flag(obj: Record<string, unknown>, key: string, path: string): boolean | undefined {
    const raw = obj[key];
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'boolean') {
      this.fail(path, 'must be true or false');
      return undefined;
    }
    return raw;
  }

  list(obj: Record<string, unknown>, key: string, max: number): unknown[] {
    const raw = obj[key];
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) {
      this.fail(key, 'must be a list');
      return [];
    }
    if (raw.length > max) {
      this.fail(key, `must have at most ${max} entries`);
      return [];
    }
    return raw;
  }

  complainant(obj: unknown, path: string, required: boolean): Complainant | undefined {
    const contact = this.contact(obj, path, required);
    const role = isRecord(obj) ? this.oneOf(obj, 'role', `${path}.role`, COMPLAINANT_ROLES, true) : undefined;
    const minor = isRecord(obj) ? this.flag(obj, 'minor', `${path}.minor`) : undefined;
    const lettersToSelf = isRecord(obj) ? this.flag(obj, 'lettersToSelf', `${path}.lettersToSelf`) : undefined;
    if (!contact || !role) return undefined;
    const { raw: _raw, ...person } = contact;
    return { ...person, role, ...(minor ? { minor } : {}), ...(minor && lettersToSelf ? { lettersToSelf } : {}) };
  }

  representative(obj: unknown, path: string, complainants: number): CaseRepresentative | undefined {
    const contact = this.contact(obj, path, true);
    if (!isRecord(obj)) return undefined;
    const relation = this.oneOf(obj, 'relation', `${path}.relation`, REPRESENTATIVE_RELATIONS, true);
    let forComplainant: number | undefined;
    if (obj.forComplainant !== undefined && obj.forComplainant !== null) {
      const n = obj.forComplainant;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > complainants) this.fail(`${path}.forComplainant`, `must be a complainant's number, 1 to ${complainants}`);
      else forComplainant = n;
    }
    const keepInformed = this.flag(obj, 'keepInformed', `${path}.keepInformed`);
    if (!contact || !relation) return undefined;
    const { raw: _raw, ...person } = contact;
    return { ...person, relation, ...(forComplainant && forComplainant > 1 ? { forComplainant } : {}), ...(keepInformed !== undefined ? { keepInformed } : {}) };
  }

  respondent(obj: unknown, path: string): CaseRespondent | undefined {
    if (!isRecord(obj)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    const name = this.text(obj, 'name', `${path}.name`, { required: true, max: NAME_MAX });
    const role = this.oneOf(obj, 'role', `${path}.role`, RESPONDENT_ROLES, true);
    const email = this.text(obj, 'email', `${path}.email`, { required: false, max: EMAIL_MAX });
    if (email !== undefined && !EMAIL_ADDRESS.test(email)) this.fail(`${path}.email`, 'must be an e-mail address');
    const postalAddress = this.postalAddress(obj, path);
    if (!name || !role) return undefined;
    return { name, role, ...(email ? { email: email.toLowerCase() } : {}), ...(postalAddress ? { postalAddress } : {}) };
  }
}

/** At most this many of each kind of party in one complaint. */
export const MAX_PARTIES = 10;

/**
 * Checks one person complained about, as the secretary adds them to a running case (the same rules
 * as at intake, with field names without a prefix).
 */
export function validateRespondent(body: unknown): { ok: true; value: CaseRespondent } | { ok: false; errors: FieldError[] } {
  const c = new Checker();
  const value = c.respondent(body, 'respondent');
  if (c.errors.length || !value) return { ok: false, errors: c.errors.map((e) => ({ ...e, field: e.field.replace(/^respondent\.?/, '') || 'body' })) };
  return { ok: true, value };
}

/**
 * Validates a complaint as received over HTTP (or from the web form). `today` is the receipt date
 * (Europe/Amsterdam) as YYYY-MM-DD; an incident cannot lie after it.
 */
export function validateComplaint(body: unknown, today: string, lists: IntakeLists = CODE_INTAKE_LISTS): IntakeResult {
  const c = new Checker();
  if (!isRecord(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }

  const complainant = c.complainant(body.complainant, 'complainant', true);
  const coComplainants = c
    .list(body, 'coComplainants', MAX_PARTIES)
    .map((x, i) => c.complainant(x, `coComplainants[${i}]`, true))
    .filter((x): x is Complainant => x !== undefined);
  const complainantCount = 1 + (Array.isArray(body.coComplainants) ? body.coComplainants.length : 0);

  const repContact = c.contact(body.representative, 'representative', false);
  const relation = repContact ? c.text(repContact.raw, 'relation', 'representative.relation', { required: false, max: 100 }) : undefined;
  const representatives = c
    .list(body, 'representatives', MAX_PARTIES)
    .map((x, i) => c.representative(x, `representatives[${i}]`, complainantCount))
    .filter((x): x is CaseRepresentative => x !== undefined);
  if (body.representative !== undefined && body.representative !== null && Array.isArray(body.representatives) && body.representatives.length) {
    c.fail('representative', 'give representatives as the list `representatives` only, not both');
  }
  // A minor's letters go to the parent or guardian: intake needs one for each minor complainant.
  [complainant, ...coComplainants].forEach((person, i) => {
    if (!person?.minor) return;
    const hasGuardian = representatives.some((r) => r.relation === 'parent-or-guardian' && (r.forComplainant ?? 1) === i + 1);
    if (!hasGuardian) c.fail(i === 0 ? 'complainant.minor' : `coComplainants[${i - 1}].minor`, 'a minor complainant needs a representative with relation parent-or-guardian');
  });
  const respondents = c
    .list(body, 'respondents', MAX_PARTIES)
    .map((x, i) => c.respondent(x, `respondents[${i}]`))
    .filter((x): x is CaseRespondent => x !== undefined);

  let school: SchoolRef | undefined;
  if (!isRecord(body.school)) {
    c.fail('school', body.school === undefined ? 'is required' : 'must be an object');
  } else {
    const brinRaw = c.text(body.school, 'brin', 'school.brin', { required: false, max: BRIN_MAX });
    const brin = brinRaw?.toUpperCase();
    if (brin !== undefined && !BRIN.test(brin)) c.fail('school.brin', 'must be a BRIN code: two digits and two letters, e.g. 12AB');
    const name = c.text(body.school, 'name', 'school.name', { required: true, max: NAME_MAX });
    const place = c.text(body.school, 'place', 'school.place', { required: false, max: PLACE_MAX });
    const sector = c.oneOf(body.school, 'sector', 'school.sector', lists.sectors.map((x) => x.key as Sector), false);
    if (name) school = { ...(brin ? { brin } : {}), name, ...(place ? { place } : {}), ...(sector ? { sector } : {}) };
  }

  const category = c.oneOf(
    body,
    'category',
    'category',
    lists.categories.map((x) => x.key),
    true,
  );
  const asksGround = lists.categories.some((x) => x.key === category && x.asksGround);
  const discriminationGround = asksGround
    ? c.oneOf(body, 'discriminationGround', 'discriminationGround', lists.grounds.map((x) => x.key), false)
    : undefined;
  if (!asksGround && body.discriminationGround !== undefined && body.discriminationGround !== null && body.discriminationGround !== '') {
    c.fail('discriminationGround', 'is only given for a category that asks for a ground (discriminatie)');
  }
  const description = c.text(body, 'description', 'description', { required: true, min: DESCRIPTION_MIN, max: DESCRIPTION_MAX });

  const occurredOn = c.text(body, 'occurredOn', 'occurredOn', { required: true, max: DATE_MAX });
  if (occurredOn !== undefined) {
    if (!isValidIsoDate(occurredOn)) c.fail('occurredOn', 'must be a date as YYYY-MM-DD');
    else if (occurredOn > today) c.fail('occurredOn', 'cannot be in the future');
  }

  const raised = body.raisedWithSchool;
  if (raised === undefined || raised === null) c.fail('raisedWithSchool', 'is required (true or false)');
  else if (typeof raised !== 'boolean') c.fail('raisedWithSchool', 'must be true or false');
  const notRaisedReason = c.text(body, 'notRaisedReason', 'notRaisedReason', { required: false, max: 5_000 });

  const language = c.oneOf(body, 'language', 'language', ['nl', 'en'] as const, false);

  if (c.errors.length > 0 || !complainant || !school || !category || !description || !occurredOn || typeof raised !== 'boolean') {
    return { ok: false, errors: c.errors };
  }
  const value: ComplaintInput = {
    complainant,
    ...(coComplainants.length ? { coComplainants } : {}),
    ...(representatives.length ? { representatives } : {}),
    ...(respondents.length ? { respondents } : {}),
    school,
    category,
    ...(discriminationGround ? { discriminationGround } : {}),
    description,
    occurredOn,
    raisedWithSchool: raised,
    ...(notRaisedReason ? { notRaisedReason } : {}),
    ...(language ? { language } : {}),
  };
  if (repContact) {
    const { raw: _repRaw, ...rep } = repContact;
    value.representative = { ...rep, ...(relation ? { relation } : {}) };
  }
  return { ok: true, value };
}
