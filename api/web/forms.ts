/**
 * Form components as data: each field knows its id, label, hint, value and error, so every template
 * renders labels, hints and errors the same accessible way (label for=, aria-describedby pointing at
 * hint and error, aria-invalid, an error summary whose links reach the field).
 */
import type { FieldError } from '../../contracts/fieldError';
import { messageKey, translate, type Lang } from './i18n';

export type { FieldError };

export interface Option {
  value: string;
  label: string;
  id: string;
  checked: boolean;
}

export interface FormField {
  name: string;
  id: string;
  kind: 'text' | 'email' | 'tel' | 'password' | 'textarea' | 'radios' | 'select' | 'file';
  label: string;
  hint?: string;
  hintId?: string;
  value: string;
  error?: string;
  errorId?: string;
  describedBy?: string;
  optional: boolean;
  autocomplete?: string;
  options?: Option[];
  /** Where the error summary links to: the input, or a group's first option. */
  anchor: string;
  multiple?: boolean;
  accept?: string;
  inputmode?: string;
  rows?: number;
}

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export interface FieldSpec {
  name: string;
  kind: FormField['kind'];
  /** The label's message key; or `label`, a text already in the page's language (a measure's own words). */
  labelKey?: string;
  label?: string;
  hintKey?: string;
  optional?: boolean;
  autocomplete?: string;
  options?: Array<{ value: string; labelKey?: string; label?: string }>;
  multiple?: boolean;
  accept?: string;
  inputmode?: string;
  rows?: number;
}

export function buildField(lang: Lang, spec: FieldSpec, values: Record<string, string>, errors: FieldError[]): FormField {
  const id = fieldId(spec.name);
  const value = values[spec.name] ?? '';
  const error = errors.find((e) => e.field === spec.name)?.message;
  const hint = spec.hintKey ? translate(lang, messageKey(spec.hintKey)) : undefined;
  const options = spec.options?.map((o, i) => ({ value: o.value, label: o.label ?? translate(lang, messageKey(o.labelKey ?? '')), id: i === 0 ? id : `${id}-${o.value || 'none'}`, checked: value === o.value }));
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    name: spec.name,
    id,
    kind: spec.kind,
    label: spec.label ?? translate(lang, messageKey(spec.labelKey ?? '')),
    hint,
    hintId,
    value,
    error,
    errorId,
    describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined,
    optional: spec.optional ?? false,
    autocomplete: spec.autocomplete,
    options,
    anchor: id,
    multiple: spec.multiple,
    accept: spec.accept,
    inputmode: spec.inputmode,
    rows: spec.rows,
  };
}

/** The error summary at the top of a form: each message links to its field. */
export function errorSummary(fields: FormField[], extra: FieldError[] = []): Array<{ href: string; message: string }> {
  const fromFields = fields.filter((f) => f.error).map((f) => ({ href: `#${f.anchor}`, message: f.error! }));
  return [...fromFields, ...extra.map((e) => ({ href: `#${fieldId(e.field)}`, message: e.message }))];
}

/**
 * A form field as text: a JSON body may carry any value, and `String()` of an object whose `toString`
 * is no function throws; anything that is not a string reads as `fallback`.
 */
export function fieldText(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
