/**
 * The shape of a policy version as data (issue 13): the one zod schema that the policy in code, the
 * versions stored in the database and the admin pages' form are all checked against. Pure (zod
 * only), so the workflow sandbox can load it too.
 *
 * Issue messages are codes (`admin.policyErr.<code>` words them on the pages), never prose.
 */
import { z } from 'zod';
import { TERM_UNITS } from './calendar/types';
import { SECTORS } from './intake';
import type { PolicyVersion, TermKey } from './policy';

export const TERM_KEYS: readonly TermKey[] = [
  'filing',
  'completion',
  'admissibility',
  'referralReport',
  'referralResume',
  'mediation',
  'defence',
  'reply',
  'rejoinder',
  'availability',
  'hearingWithin',
  'hearingNotice',
  'postponementRequest',
  'advice',
  'schoolAnswer',
  'schoolAnswerGrace',
  'compliance',
  'complianceGrace',
  'reportingDuty',
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const isoDate = z.string('date').refine(isRealDate, 'date');

/** A label in both languages: the pages and letters show one of them. */
const label = z.strictObject({ nl: z.string('label').trim().min(1, 'label').max(200, 'label'), en: z.string('label').trim().min(1, 'label').max(200, 'label') });

const count = (min: number, max: number) => z.number('whole-number').int('whole-number').min(min, 'whole-number').max(max, 'whole-number');
const unit = z.enum(TERM_UNITS as [string, ...string[]], 'unit') as z.ZodType<(typeof TERM_UNITS)[number]>;
const duration = z.strictObject({ amount: count(1, 120), unit });

const term = z
  .strictObject({
    label,
    amount: count(1, 120),
    unit,
    direction: z.enum(['forward', 'backward'], 'direction').optional(),
    statutory: z.boolean(),
    applyAtw: z.boolean(),
    maxExtensions: count(0, 5),
    extension: duration.optional(),
    reminderBefore: duration.optional(),
    pauseDuringSchoolHolidays: z.boolean(),
    legalBasis: z.string('label').trim().min(1, 'label').max(500, 'label'),
    source: z.enum(['confirmed', 'default'], 'source'),
  })
  // A term that may be extended says by how much.
  .refine((t) => t.maxExtensions === 0 || t.extension !== undefined, { message: 'extension-needed', path: ['extension', 'amount'] });

/** Slugs are the public contract of the intake API: lower case, digits and hyphens. */
const slug = z.string('slug').regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug').max(60, 'slug');

const uniqueKeys = <T extends { key: string }>(items: readonly T[]) => new Set(items.map((i) => i.key)).size === items.length;

const category = z.strictObject({
  key: slug,
  label,
  /** A complaint in this category records its ground (discrimination: origin, religion…). */
  asksGround: z.boolean(),
});
const ground = z.strictObject({ key: slug, label });
const sector = z.strictObject({ key: z.enum(SECTORS, 'sector'), label });

const adviceRegime = z.strictObject({
  kind: z.enum(['advisory', 'binding'], 'regime'),
  effectiveFrom: isoDate.nullable(),
  legalBasis: label,
});

export const policyVersionSchema = z.strictObject({
  version: z.string('version').regex(/^\d{4}\.\d{1,3}$/, 'version'),
  validFrom: isoDate,
  terms: z.strictObject(Object.fromEntries(TERM_KEYS.map((k) => [k, term])) as Record<TermKey, typeof term>),
  adviceRegimes: z.array(adviceRegime).min(1, 'list-empty').max(10, 'list-long'),
  categories: z.array(category).min(1, 'list-empty').max(60, 'list-long').refine(uniqueKeys, 'duplicate-key'),
  grounds: z.array(ground).max(60, 'list-long').refine(uniqueKeys, 'duplicate-key'),
  sectors: z.array(sector).min(1, 'list-empty').refine(uniqueKeys, 'duplicate-key'),
});

export interface PolicyIssue {
  /** The dotted path of the value: terms.defence.amount, categories.3.key, validFrom. */
  path: string;
  /** A code: whole-number, unit, date, label, slug, duplicate-key, list-empty, extension-needed, … */
  code: string;
}

/** Checks a policy version; on failure every issue with its path and code. */
export function checkPolicyVersion(value: unknown): { ok: true; value: PolicyVersion } | { ok: false; issues: PolicyIssue[] } {
  const result = policyVersionSchema.safeParse(value);
  if (result.success) return { ok: true, value: result.data as PolicyVersion };
  return { ok: false, issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: /^[a-z-]+$/.test(i.message) ? i.message : 'invalid' })) };
}

/** A stored or bundled version, trusted only after the schema accepted it. */
export function parsePolicyVersion(value: unknown): PolicyVersion {
  const checked = checkPolicyVersion(value);
  if (!checked.ok) throw new Error(`invalid policy version: ${checked.issues.map((i) => `${i.path || 'body'} ${i.code}`).join('; ')}`);
  return checked.value;
}

export interface PolicyChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

function leaves(value: unknown, prefix: string, out: Map<string, string>): Map<string, string> {
  if (Array.isArray(value)) {
    // List items by their key where they have one, so that an inserted category is one change.
    value.forEach((item, i) => {
      const id = item && typeof item === 'object' && 'key' in item ? String((item as { key: unknown }).key) : 'kind' in (item ?? {}) ? String((item as { kind: unknown }).kind) : String(i);
      leaves(item, `${prefix}.${id}`, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, String(value));
  }
  return out;
}

/** What a version changes against the one before it, leaf by leaf (the version number itself left out). */
export function policyDiff(before: PolicyVersion, after: PolicyVersion): PolicyChange[] {
  const a = leaves({ ...before, version: undefined }, '', new Map());
  const b = leaves({ ...after, version: undefined }, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, before: a.get(p), after: b.get(p) }));
}
