/**
 * The form of a new policy version (issue 13): a version as flat form values and back. The form
 * edits what the committee decides on (term lengths and units, extensions, reminders, the binding
 * regime's date, categories, grounds, sectors, the valid-from date); labels, legal bases and the
 * rest carry over from the version it starts from. What comes back is checked by the one schema
 * (domain/policySchema.ts); each issue is reported at the form field it came from.
 */
import { TERM_UNITS } from '../../../domain/calendar/types';
import type { Duration, PolicyVersion, TermPolicy } from '../../../domain/policy';
import { checkPolicyVersion, TERM_KEYS, type PolicyIssue } from '../../../domain/policySchema';
import { parseDutchDate } from '../intakeForm';

export const LIST_FIELDS = ['categories', 'grounds', 'sectors'] as const;
type ListField = (typeof LIST_FIELDS)[number];

/** The marker in a category line that makes it ask for a ground. */
const GROUND_MARK = 'grond';
const SEPARATOR = ';';

const num = (n: number | undefined) => (n === undefined ? '' : String(n));

/** The version as the form shows it. */
export function formValuesOf(policy: PolicyVersion): Record<string, string> {
  const values: Record<string, string> = { validFrom: policy.validFrom };
  for (const key of TERM_KEYS) {
    const t = policy.terms[key];
    values[`terms.${key}.amount`] = num(t.amount);
    values[`terms.${key}.unit`] = t.unit;
    values[`terms.${key}.maxExtensions`] = num(t.maxExtensions);
    values[`terms.${key}.extension.amount`] = num(t.extension?.amount);
    values[`terms.${key}.reminderBefore.amount`] = num(t.reminderBefore?.amount);
  }
  policy.adviceRegimes.forEach((r, i) => (values[`adviceRegimes.${i}.effectiveFrom`] = r.effectiveFrom ?? ''));
  values.categories = policy.categories.map((c) => [c.key, c.label.nl, c.label.en, ...(c.asksGround ? [GROUND_MARK] : [])].join(`${SEPARATOR} `)).join('\n');
  values.grounds = policy.grounds.map((g) => [g.key, g.label.nl, g.label.en].join(`${SEPARATOR} `)).join('\n');
  values.sectors = policy.sectors.map((s) => [s.key, s.label.nl, s.label.en].join(`${SEPARATOR} `)).join('\n');
  return values;
}

/** A whole number as typed, or the text itself so that the schema names it (never NaN). */
function numberOf(text: string | undefined): number | string {
  const t = (text ?? '').trim();
  return /^\d{1,6}$/.test(t) ? Number(t) : t;
}

function durationOf(text: string | undefined, unit: Duration['unit']): Duration | undefined {
  if (!(text ?? '').trim()) return undefined;
  return { amount: numberOf(text) as number, unit };
}

/** Lines "key; Dutch label; English label[; grond]"; a line that is not that is an issue of its field. */
function linesOf(text: string | undefined, field: ListField, issues: PolicyIssue[]): Array<{ key: string; nl: string; en: string; mark: string }> {
  const lines = (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.flatMap((line) => {
    const parts = line.split(SEPARATOR).map((p) => p.trim());
    const extra = parts.slice(3).filter(Boolean);
    if (parts.length < 3 || extra.length > (field === 'categories' ? 1 : 0) || (extra[0] !== undefined && extra[0] !== GROUND_MARK)) {
      issues.push({ path: field, code: 'line' });
      return [];
    }
    return [{ key: parts[0], nl: parts[1], en: parts[2], mark: extra[0] ?? '' }];
  });
}

/** The form field an issue belongs to (the schema's path, folded onto the fields the form has). */
export function fieldOfIssue(path: string): string {
  const [head, key, ...rest] = path.split('.');
  if ((LIST_FIELDS as readonly string[]).includes(head)) return head;
  if (head === 'adviceRegimes' && key !== undefined) return `adviceRegimes.${key}.effectiveFrom`;
  if (head === 'terms' && key !== undefined) {
    const leaf = rest[0];
    if (leaf === 'extension' || leaf === 'reminderBefore') return `terms.${key}.${leaf}.amount`;
    if (leaf === 'amount' || leaf === 'unit' || leaf === 'maxExtensions') return `terms.${key}.${leaf}`;
    return `terms.${key}.amount`;
  }
  return 'validFrom';
}

/**
 * The version the form describes, built on `base` (the version it starts from), checked by the
 * schema. `version` is the number it will get.
 */
export function policyFromForm(values: Record<string, string>, base: PolicyVersion, version: string): { ok: true; value: PolicyVersion } | { ok: false; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const terms = Object.fromEntries(
    TERM_KEYS.map((key) => {
      const was: TermPolicy = base.terms[key];
      const unit = (values[`terms.${key}.unit`] ?? '') as TermPolicy['unit'];
      const { extension: _e, reminderBefore: _r, ...rest } = was;
      const extension = durationOf(values[`terms.${key}.extension.amount`], was.extension?.unit ?? unit);
      const reminderBefore = durationOf(values[`terms.${key}.reminderBefore.amount`], was.reminderBefore?.unit ?? unit);
      const term = { ...rest, amount: numberOf(values[`terms.${key}.amount`]), unit, maxExtensions: numberOf(values[`terms.${key}.maxExtensions`]), ...(extension ? { extension } : {}), ...(reminderBefore ? { reminderBefore } : {}) };
      return [key, term];
    }),
  );
  const adviceRegimes = base.adviceRegimes.map((r, i) => {
    const typed = parseDutchDate(values[`adviceRegimes.${i}.effectiveFrom`] ?? '');
    return { ...r, effectiveFrom: typed === '' ? null : typed };
  });
  const categories = linesOf(values.categories, 'categories', issues).map((l) => ({ key: l.key, label: { nl: l.nl, en: l.en }, asksGround: l.mark === GROUND_MARK }));
  const grounds = linesOf(values.grounds, 'grounds', issues).map((l) => ({ key: l.key, label: { nl: l.nl, en: l.en } }));
  const sectors = linesOf(values.sectors, 'sectors', issues).map((l) => ({ key: l.key, label: { nl: l.nl, en: l.en } }));
  const checked = checkPolicyVersion({ version, validFrom: parseDutchDate(values.validFrom ?? ''), terms, adviceRegimes, categories, grounds, sectors });
  if (checked.ok && issues.length === 0) return checked;
  return { ok: false, issues: [...issues, ...(checked.ok ? [] : checked.issues)] };
}

export const UNIT_OPTIONS = TERM_UNITS;
