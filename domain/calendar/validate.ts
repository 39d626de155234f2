/**
 * Checks a DeadlineInput and turns it into day numbers. Every problem is a CalendarInputError naming
 * the field, so the CLI and HTTP layers can point at it.
 */
import { CalendarInputError, ExtensionLimitError } from './errors';
import { DayNumber, parseIsoDate } from './localDate';
import { SchoolRegion, isSchoolRegion } from './schoolHolidays';
import { DeadlineInput, SUSPENSION_REASONS, Suspension, SuspensionReason, TERM_UNITS, TermDirection, TermUnit } from './types';

/** Large enough for any real term, small enough that a walk over working days stays cheap. */
export const MAX_AMOUNT = 100_000;

export interface CheckedSuspension {
  from: DayNumber;
  /** null: open-ended. */
  until: DayNumber | null;
  reason: SuspensionReason;
}

export interface CheckedExtension {
  amount: number;
  unit: TermUnit;
  reason: string;
  legalBasis: string;
}

export interface CheckedInput {
  trigger: DayNumber;
  event: string | null;
  amount: number;
  unit: TermUnit;
  direction: TermDirection;
  applyAtw: boolean;
  statutory: boolean;
  region: SchoolRegion | null;
  label: string | null;
  suspensions: CheckedSuspension[];
  extensions: CheckedExtension[];
  asOf: DayNumber | null;
}

export function checkAmount(amount: unknown, field: string): number {
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT) {
    throw new CalendarInputError(field, `${field} must be a whole number from 1 to ${MAX_AMOUNT}, got ${String(amount)}`);
  }
  return amount;
}

export function checkUnit(unit: unknown, field: string): TermUnit {
  if (!(TERM_UNITS as readonly unknown[]).includes(unit)) {
    throw new CalendarInputError(field, `${field} must be one of ${TERM_UNITS.join(', ')}, got ${String(unit)}`);
  }
  return unit as TermUnit;
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CalendarInputError(field, `${field} must be a non-empty text when given`);
  }
  return value;
}

function requiredText(value: unknown, field: string): string {
  const text = optionalText(value, field);
  if (text === null) throw new CalendarInputError(field, `${field} is required`);
  return text;
}

function checkSuspension(value: Suspension, index: number): CheckedSuspension {
  const field = `suspensions[${index}]`;
  const from = parseIsoDate(value?.from, `${field}.from`);
  const until = value?.until === undefined ? null : parseIsoDate(value.until, `${field}.until`);
  if (until !== null && until < from) {
    throw new CalendarInputError(`${field}.until`, `${field}.until (${value.until}) lies before ${field}.from (${value.from})`);
  }
  if (!(SUSPENSION_REASONS as readonly unknown[]).includes(value?.reason)) {
    throw new CalendarInputError(`${field}.reason`, `${field}.reason must be one of ${SUSPENSION_REASONS.join(', ')}`);
  }
  return { from, until, reason: value.reason };
}

export function checkInput(input: DeadlineInput): CheckedInput {
  if (!input || typeof input !== 'object') throw new CalendarInputError('input', 'input must be an object');
  const trigger = parseIsoDate(input.trigger, 'trigger');
  const term = input.term;
  if (!term || typeof term !== 'object') throw new CalendarInputError('term', 'term is required');
  const amount = checkAmount(term.amount, 'term.amount');
  const unit = checkUnit(term.unit, 'term.unit');
  const direction = term.direction ?? 'forward';
  if (direction !== 'forward' && direction !== 'backward') {
    throw new CalendarInputError('term.direction', `term.direction must be 'forward' or 'backward'`);
  }
  if (term.applyAtw !== undefined && typeof term.applyAtw !== 'boolean') {
    throw new CalendarInputError('term.applyAtw', 'term.applyAtw must be true or false');
  }
  const statutory = term.statutory ?? false;
  if (typeof statutory !== 'boolean') throw new CalendarInputError('term.statutory', 'term.statutory must be true or false');
  if (statutory && term.applyAtw === false) {
    throw new CalendarInputError('term.applyAtw', 'the Algemene termijnenwet binds statutory terms; it cannot be switched off');
  }
  const region = term.pauseDuringSchoolHolidaysOf ?? null;
  if (region !== null && !isSchoolRegion(region)) {
    throw new CalendarInputError('term.pauseDuringSchoolHolidaysOf', `region must be noord, midden or zuid, got ${String(region)}`);
  }

  // Most terms have neither; skip the allocations then (this runs on the hot path).
  const suspensions = input.suspensions?.length ? input.suspensions.map(checkSuspension) : [];
  const extensions = !input.extensions?.length ? [] : input.extensions.map((extension, index): CheckedExtension => {
    const field = `extensions[${index}]`;
    return {
      amount: checkAmount(extension?.amount, `${field}.amount`),
      unit: checkUnit(extension?.unit, `${field}.unit`),
      reason: requiredText(extension?.reason, `${field}.reason`),
      legalBasis: requiredText(extension?.legalBasis, `${field}.legalBasis`),
    };
  });
  const maxExtensions = input.maxExtensions ?? 1;
  if (!Number.isInteger(maxExtensions) || maxExtensions < 0) {
    throw new CalendarInputError('maxExtensions', 'maxExtensions must be a whole number, 0 or more');
  }
  if (extensions.length > maxExtensions) throw new ExtensionLimitError(maxExtensions, extensions.length);

  if (direction === 'backward') {
    // A term counted back from an event ends before that event; pausing or extending it has no clear meaning.
    if (suspensions.length > 0) throw new CalendarInputError('suspensions', 'a term counted backwards cannot be suspended');
    if (extensions.length > 0) throw new CalendarInputError('extensions', 'a term counted backwards cannot be extended');
    if (region !== null) {
      throw new CalendarInputError('term.pauseDuringSchoolHolidaysOf', 'a term counted backwards does not pause for school holidays');
    }
  }

  return {
    trigger,
    event: optionalText(input.triggerEvent, 'triggerEvent'),
    amount,
    unit,
    direction,
    applyAtw: term.applyAtw ?? true,
    statutory,
    region,
    label: optionalText(term.label, 'term.label'),
    suspensions,
    extensions,
    asOf: input.asOf === undefined ? null : parseIsoDate(input.asOf, 'asOf'),
  };
}
