/**
 * Refusals as codes. A workflow's update validator (or the API in front of it) refuses an action
 * with a code, the field it concerns and the values the reason needs; the pages and the JSON API
 * word it from the code in the reader's language (refusalTexts.ts). Nothing parses a message back.
 *
 * Pure TypeScript on @temporalio/common and zod, so it runs inside the workflow sandbox.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { MEASURE_TERM_WEEKS } from './limits';

export const REFUSAL_CODES = [
  // The shape of the input (from the action's schema).
  'required',
  'too-long',
  'not-text',
  'not-boolean',
  'not-list',
  'not-date',
  'not-time',
  'not-https-link',
  'not-document-ids',
  'not-finding',
  'not-decided-by',
  'not-party',
  'not-parties',
  'not-suspension-reason',
  'weeks-out-of-range',
  'no-missing-items',
  'no-dates',
  'too-many-dates',
  'not-object',
  'not-respondent-role',
  'not-email',
  'not-postal-address',
  // The action could not be carried out (a failure after the validator accepted it).
  'action-failed',
  // Who acts.
  'actor-required',
  'role-not-allowed',
  'action-not-for-role',
  'withdraw-requester',
  'four-eyes',
  // Where the procedure stands.
  'case-closed',
  'wrong-phase',
  'no-running-procedure',
  'letter-not-awaiting-approval',
  'mediation-needs-agreement',
  'referral-needs-consent',
  'no-measures-when-unfounded',
  'advice-answered',
  'reporting-duty-flagged',
  'no-reporting-duty-awaited',
  'no-not-reportable-claim',
  'term-not-running',
  'term-suspended',
  'term-not-suspended',
  'term-not-extendable',
  'term-extended-already',
  'late-filing-unexplained',
  // The written statement of a person complained about.
  'not-respondent-number',
  'respondent-statement-term-over',
  'respondent-statement-received',
  // The hearing.
  'hearing-cancelled',
  'hearing-recorded',
  'wrong-hearing-status',
  'unknown-respondent',
  'date-in-past',
  'not-working-day',
  'within-notice',
  'too-soon',
  'nothing-scheduled',
  'hearing-not-yet',
  'absent-party-required',
  'postponement-used',
  'postponement-too-late',
  'panel-being-formed',
  // Compliance.
  'compliance-ended',
  'escalation-awaits-approval',
  'unknown-measure',
  'measure-verified',
  'measure-not-reported',
  'measure-term-ended',
  // Calendar releases (domain/calendar/releases.ts).
  'not-calendar-release',
  'calendar-release-applied',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];
export type RefusalParams = Record<string, string | number>;

/** One reason an action is refused: what, at which input field ('action' for the action as a whole), with which values. */
export interface Refusal {
  code: RefusalCode;
  field: string;
  params: RefusalParams;
}

/** The ApplicationFailure type of a refusal; its details are the Refusal objects. */
export const REFUSAL_TYPE = 'Refusal';

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && (REFUSAL_CODES as readonly string[]).includes(value);
}

/** A non-retryable failure carrying the refusals as details; its message is for logs and the Temporal UI. */
export function refusalFailure(refusals: Refusal[]): ApplicationFailure {
  const message = refusals.map((r) => `${r.field}: ${r.code}${Object.keys(r.params).length ? ` ${JSON.stringify(r.params)}` : ''}`).join('; ');
  return ApplicationFailure.create({ message, type: REFUSAL_TYPE, nonRetryable: true, details: refusals });
}

/** Refuses the action: throws the typed failure (an update validator's rejection). */
export function refuse(code: RefusalCode, field = 'action', params: RefusalParams = {}): never {
  throw refusalFailure([{ code, field, params }]);
}

/** The refusals a failure carries, or undefined when it is not a refusal. */
export function refusalsOf(err: unknown): Refusal[] | undefined {
  if (!(err instanceof ApplicationFailure) || err.type !== REFUSAL_TYPE) return undefined;
  const details = (err.details ?? []) as unknown[];
  const refusals = details.filter((d): d is Refusal => typeof d === 'object' && d !== null && isRefusalCode((d as Refusal).code) && typeof (d as Refusal).field === 'string');
  return refusals.length ? refusals.map((r) => ({ code: r.code, field: r.field, params: r.params ?? {} })) : undefined;
}

/** The input path as the validators name fields: measures[0].description. */
function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || 'body';
}

/** A schema's issue as a refusal: the schema names the code as the issue's message, or the issue's kind decides. */
function refusalOfIssue(issue: z.core.$ZodIssue): Refusal {
  const field = fieldOf(issue.path);
  const params: RefusalParams = {};
  if (issue.code === 'too_big') params.max = Number(issue.maximum);
  if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
  if (issue.message === 'weeks-out-of-range') return { code: issue.message, field, params: { ...MEASURE_TERM_WEEKS } };
  if (isRefusalCode(issue.message)) return { code: issue.message, field, params };
  if (issue.code === 'too_big' && issue.origin === 'string') return { code: 'too-long', field, params };
  if (issue.code === 'invalid_type' && issue.expected === 'boolean') return { code: 'not-boolean', field, params: {} };
  if (issue.code === 'invalid_type' && issue.expected === 'array') return { code: 'not-list', field, params: {} };
  if (issue.code === 'invalid_type' && issue.expected === 'object' && issue.path.length === 0) return { code: 'not-object', field: 'body', params: {} };
  return { code: 'required', field, params: {} };
}

/**
 * Checks an action's input against its schema; refuses with every bad field (the first problem of
 * each), or answers the parsed input.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const refusals: Refusal[] = [];
  for (const issue of result.error.issues) {
    const refusal = refusalOfIssue(issue);
    if (seen.has(refusal.field)) continue;
    seen.add(refusal.field);
    refusals.push(refusal);
  }
  throw refusalFailure(refusals);
}
