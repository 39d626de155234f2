/**
 * The public intake contract: what a complaint must contain and how each field is checked.
 * Pure: `today` is passed in so the same input always gives the same answer.
 */
import type { FieldError } from '../contracts/fieldError';

export const COMPLAINANT_ROLES = ['pupil', 'parent', 'staff', 'other'] as const;
export type ComplainantRole = (typeof COMPLAINANT_ROLES)[number];

/** Intake categories (policy data; the Dutch slugs are the public contract). */
export const COMPLAINT_CATEGORIES = [
  'pesten',
  'seksuele-intimidatie',
  'discriminatie',
  'geweld',
  'radicalisering',
  'begeleiding',
  'onderwijs-en-toetsing',
  'overig',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const SECTORS = ['primary', 'secondary', 'vocational', 'special'] as const;
export type Sector = (typeof SECTORS)[number];

export interface ContactPerson {
  name: string;
  email: string;
  phone?: string;
}

export interface Complainant extends ContactPerson {
  role: ComplainantRole;
}

export interface Representative extends ContactPerson {
  /** e.g. "ouder", "advocaat", "vertrouwenspersoon" — free text, how they relate to the complainant. */
  relation?: string;
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
  representative?: Representative;
  school: SchoolRef;
  category: ComplaintCategory;
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
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
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
    const email = this.text(obj, 'email', `${path}.email`, { required: true, max: EMAIL_MAX });
    if (email !== undefined && !EMAIL.test(email)) this.fail(`${path}.email`, 'must be an e-mail address');
    const phone = this.text(obj, 'phone', `${path}.phone`, { required: false, max: PHONE_MAX });
    if (phone !== undefined && !PHONE.test(phone)) this.fail(`${path}.phone`, 'must be a phone number (8 to 20 digits, spaces, +, -)');
    if (name === undefined || email === undefined) return undefined;
    return { name, email: email.toLowerCase(), ...(phone ? { phone } : {}), raw: obj };
  }
}

/**
 * Validates a complaint as received over HTTP (or from the web form). `today` is the receipt date
 * (Europe/Amsterdam) as YYYY-MM-DD; an incident cannot lie after it.
 */
export function validateComplaint(body: unknown, today: string): IntakeResult {
  const c = new Checker();
  if (!isRecord(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }

  const complainantContact = c.contact(body.complainant, 'complainant', true);
  const role = isRecord(body.complainant)
    ? c.oneOf(body.complainant, 'role', 'complainant.role', COMPLAINANT_ROLES, true)
    : undefined;

  const repContact = c.contact(body.representative, 'representative', false);
  const relation = repContact ? c.text(repContact.raw, 'relation', 'representative.relation', { required: false, max: 100 }) : undefined;

  let school: SchoolRef | undefined;
  if (!isRecord(body.school)) {
    c.fail('school', body.school === undefined ? 'is required' : 'must be an object');
  } else {
    const brinRaw = c.text(body.school, 'brin', 'school.brin', { required: false, max: BRIN_MAX });
    const brin = brinRaw?.toUpperCase();
    if (brin !== undefined && !BRIN.test(brin)) c.fail('school.brin', 'must be a BRIN code: two digits and two letters, e.g. 12AB');
    const name = c.text(body.school, 'name', 'school.name', { required: true, max: NAME_MAX });
    const place = c.text(body.school, 'place', 'school.place', { required: false, max: PLACE_MAX });
    const sector = c.oneOf(body.school, 'sector', 'school.sector', SECTORS, false);
    if (name) school = { ...(brin ? { brin } : {}), name, ...(place ? { place } : {}), ...(sector ? { sector } : {}) };
  }

  const category = c.oneOf(body, 'category', 'category', COMPLAINT_CATEGORIES, true);
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

  if (c.errors.length > 0 || !complainantContact || !role || !school || !category || !description || !occurredOn || typeof raised !== 'boolean') {
    return { ok: false, errors: c.errors };
  }
  const { raw: _complainantRaw, ...complainant } = complainantContact;
  const value: ComplaintInput = {
    complainant: { ...complainant, role },
    school,
    category,
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
