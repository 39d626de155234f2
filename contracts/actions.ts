/**
 * One schema per message: every case action's input, who may take it, which workflow handles it and
 * the refusal codes it can answer with. The API's action table and the OpenAPI document read this;
 * the workflows' update validators parse with the same schemas (zod is pure, so it runs in the
 * workflow sandbox), and contracts/messages.ts types the updates from them.
 *
 * A schema names the refusal code of a problem as the issue's message (see parseInput); problems
 * that depend on where the case stands are the validators' own refusals.
 */
import { z } from 'zod';
import { SUSPENSION_REASONS } from '../domain/calendar/types';
import { isIsoDate, isTimeOfDay } from '../domain/hearing';
import { RESPONDENT_ROLES } from '../domain/intake';
import { HEARING_PARTIES, isPostponingParty, type Role } from './actors';
import { MEASURE_TERM_WEEKS } from './limits';
import type { RefusalCode } from './refusals';

// ---------------------------------------------------------------- building blocks

// A NUL character cannot be stored in PostgreSQL text: refused here, before a workflow would retry writing it forever.
const noNul = (s: string) => !s.includes('\0');
/** Text that is not blank, of at most `max` characters. */
const text = (max = 20_000) => z.string({ error: 'required' }).regex(/\S/, { error: 'required' }).max(max, { error: 'too-long' }).refine(noNul, { error: 'not-text' });
const optionalText = (max: number) => z.string({ error: 'not-text' }).max(max, { error: 'too-long' }).refine(noNul, { error: 'not-text' }).optional();
const bool = () => z.boolean({ error: 'not-boolean' });
/** A YYYY-MM-DD date that exists. */
const isoDate = () => z.string({ error: 'not-date' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'not-date' }).refine(isIsoDate, { error: 'not-date' });
const documentIds = () => z.array(z.string().min(1), { error: 'not-document-ids' }).optional();
const id = () => z.string({ error: 'required' }).min(1, { error: 'required' });

export const FINDINGS = ['gegrond', 'deels-gegrond', 'ongegrond', 'niet-ontvankelijk'] as const;
export type Finding = (typeof FINDINGS)[number];

export const measureInputSchema = z.object({
  description: text(5000),
  /** Weeks the school gets for this measure; the policy's compliance term when absent. */
  termWeeks: z
    .number({ error: 'weeks-out-of-range' })
    .int({ error: 'weeks-out-of-range' })
    .min(MEASURE_TERM_WEEKS.min, { error: 'weeks-out-of-range' })
    .max(MEASURE_TERM_WEEKS.max, { error: 'weeks-out-of-range' })
    .optional(),
});

const submission = z.object({
  /** The text, or for uploads a description of the files. */
  text: text(200_000),
  documentIds: documentIds(),
  /** The text only describes the uploaded files (nothing was typed): it is not kept as the party's statement. */
  describesFiles: z.boolean({ error: 'not-boolean' }).optional(),
});

// ---------------------------------------------------------------- the schemas, one per action

/** Who may withdraw a complaint: the complainant, or a secretary recording it. */
const WITHDRAW_ROLES = ['complainant', 'secretary'] as const satisfies readonly Role[];
export const withdrawSchema = z.object({
  reason: optionalText(2000),
  /** Who asks: set by the API from who is logged in. */
  requestedBy: z.enum(WITHDRAW_ROLES, { error: 'withdraw-requester' }),
});
export const requestCompletionSchema = z.object({
  missing: z.array(z.string().regex(/\S/, { error: 'no-missing-items' }), { error: 'no-missing-items' }).min(1, { error: 'no-missing-items' }),
});
export const completeComplaintSchema = z.object({ supplied: text() });
/**
 * The one-year filing term (process.md step 1): for a complaint flagged `lateFiling` at intake the
 * decision states whether the lateness is excused and why (required then; see the validator).
 */
export const lateFilingDecisionSchema = z.object({ excused: bool(), reason: text(5000) });
export const decideAdmissibilitySchema = z.discriminatedUnion(
  'admissible',
  [
    z.object({ admissible: z.literal(true), lateAccepted: z.string().optional(), lateFiling: lateFilingDecisionSchema.optional() }),
    // A clearly inadmissible complaint is decided by the chair alone (regulation art. 11(1)(b)).
    z.object({ admissible: z.literal(false), reasons: text(), decidedBy: z.enum(['chair', 'committee'], { error: 'not-decided-by' }), lateFiling: lateFilingDecisionSchema.optional() }),
  ],
  { error: 'not-boolean' },
);
/** The secretary adds a person complained about (unknown at intake, or named later). */
export const addRespondentSchema = z.object({
  name: text(200),
  role: z.enum(RESPONDENT_ROLES, { error: 'not-respondent-role' }),
  email: z.string({ error: 'not-email' }).max(320, { error: 'too-long' }).regex(/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/, { error: 'not-email' }).optional(),
  postalAddress: z
    .string({ error: 'not-postal-address' })
    .max(500, { error: 'too-long' })
    .refine(noNul, { error: 'not-text' })
    .refine((v) => { const n = v.split(/\r?\n/).filter((l) => /\S/.test(l)).length; return n >= 2 && n <= 6; }, { error: 'not-postal-address' })
    .optional(),
});
export const referToSchoolSchema = z.object({ complainantConsents: z.literal(true, { error: 'referral-needs-consent' }) });
export const reportReferralSchema = z.object({ resolved: bool(), summary: text() });
export const resumeAfterReferralSchema = z.object({ reason: text() });
export const startMediationSchema = z.object({ bothPartiesAgree: z.literal(true, { error: 'mediation-needs-agreement' }), mediator: z.string().optional() });
export const recordMediationOutcomeSchema = z.object({ settled: bool(), summary: text() });
export const submitDocumentSchema = submission;
/**
 * A person complained about answers the complaint in writing (process.md step 6: the notice goes to
 * the school board and the respondent). `respondent` is their number in the case's respondents list
 * (1-based); their own page sets it from their link, a secretary names it.
 */
export const submitRespondentStatementSchema = submission.extend({
  respondent: z.number({ error: 'not-respondent-number' }).int({ error: 'not-respondent-number' }).min(1, { error: 'not-respondent-number' }).max(50, { error: 'not-respondent-number' }),
});
export const decideReplyRoundSchema = z.object({ hold: bool() });
export const extendTermSchema = z.object({ termId: id(), reason: text(2000) });
export const suspendTermSchema = z.object({ termId: id(), reason: z.enum(SUSPENSION_REASONS, { error: 'not-suspension-reason' }) });
export const resumeTermSchema = z.object({ termId: id() });
export const issueAdviceSchema = z
  .object({
    finding: z.enum(FINDINGS, { error: 'not-finding' }),
    reasons: text(100_000),
    recommendations: z.string().optional(),
    measures: z.array(measureInputSchema, { error: 'not-list' }),
  })
  .refine((a) => !((a.finding === 'ongegrond' || a.finding === 'niet-ontvankelijk') && a.measures.length > 0), { error: 'no-measures-when-unfounded', path: ['measures'] });
export const answerAdviceSchema = z.object({
  acceptsFinding: bool(),
  /** How the board will carry out the binding measures (or, today, which measures it takes). */
  plan: text(),
});
export const approveLetterSchema = z.object({ letterId: id() });
export const flagReportingDutySchema = z.object({ reason: text(2000) });
export const confirmReportingDutySchema = z.object({
  reportedOn: z.string({ error: 'not-date' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'not-date' }),
  reference: z.string().optional(),
});
/** The school board's answer that the incident is not reportable, with its reasons: reviewed by the secretary. */
export const declareNotReportableSchema = z.object({ reason: text(5000) });
/** The secretary's review of that answer: accepted ends the duty; rejected asks the report again. */
export const reviewNotReportableSchema = z.object({ accepted: bool(), note: optionalText(2000) });

export const submitAvailabilitySchema = z.object({
  /** 'complainant', 'school', 'respondent:<n>' (a person complained about), or a panel member's id. */
  respondent: id(),
  dates: z.array(isoDate(), { error: 'no-dates' }).min(1, { error: 'no-dates' }).max(100, { error: 'too-many-dates' }),
});
export const hearingScheduleSchema = z.object({
  date: isoDate(),
  startTime: z.string({ error: 'not-time' }).regex(/^\d{2}:\d{2}$/, { error: 'not-time' }).refine(isTimeOfDay, { error: 'not-time' }),
  location: text(500),
  /** An https:// link; empty or null for none. */
  videoLink: z
    .string({ error: 'not-https-link' })
    .regex(/^\s*(https:\/\/\S+)?\s*$/, { error: 'not-https-link' })
    .nullable()
    .optional(),
});
/** party: 'complainant', 'school' or 'respondent:<n>' (a person complained about, issue 12). */
export const requestPostponementSchema = z.object({ party: z.string({ error: 'not-party' }).refine(isPostponingParty, { error: 'not-party' }), reason: text(5000) });
export const recordHearingSchema = z
  .object({ held: bool(), absentParties: z.array(z.enum(HEARING_PARTIES), { error: 'not-parties' }), minutes: text(100_000) })
  .refine((r) => r.held || r.absentParties.length > 0, { error: 'absent-party-required', path: ['absentParties'] });
export const retryPanelSchema = z.object({});
export const extendHearingTermSchema = z.object({ reason: text(5000) });

export const reportMeasureSchema = z.object({ measureId: id(), evidence: text(), documentIds: documentIds() });
export const verifyMeasureSchema = z
  .object({ measureId: id(), accepted: bool(), reason: z.string({ error: 'required' }).optional() })
  .superRefine((v, ctx) => {
    if (v.accepted) return;
    if (v.reason === undefined || !/\S/.test(v.reason)) ctx.addIssue({ code: 'custom', message: 'required', path: ['reason'] });
    else if (v.reason.length > 2000) ctx.addIssue({ code: 'custom', message: 'too-long', path: ['reason'], params: { max: 2000 } });
  });

// ---------------------------------------------------------------- the action table

export type WorkflowKind = 'complaint' | 'hearing' | 'compliance';

export interface ActionContract {
  workflow: WorkflowKind;
  /** The input the workflow's validator checks (the client's body, with `by` added by the API). */
  input: z.ZodType;
  /** Fields the API sets itself: left out of the request body the OpenAPI document describes. */
  setByApi?: string[];
  roles: readonly Role[];
  /** Every code this action can be refused with (the OpenAPI document lists them). */
  refusals: readonly RefusalCode[];
}

const STAFF = ['secretary', 'chair'] as const satisfies readonly Role[];
/**
 * Who decides (process.md, "Who decides"): admissibility, the approval of the panel's advice and of
 * an escalation to the Inspectorate are the chair's (a deputy chair acts as chair). A secretary
 * prepares, and can neither decide nor approve.
 */
export const DECIDERS = ['chair'] as const satisfies readonly Role[];
/** The advice is drafted by the panel: its chair or a member, never a secretary. */
export const PANEL = ['chair', 'member'] as const satisfies readonly Role[];

/** Refused by the API before the workflow sees it, or by the validator's common checks. */
const ALWAYS: RefusalCode[] = ['not-object', 'action-not-for-role', 'no-running-procedure', 'action-failed', 'actor-required', 'role-not-allowed'];
const CASE_OPEN: RefusalCode[] = [...ALWAYS, 'case-closed'];
const IN_PHASE: RefusalCode[] = [...CASE_OPEN, 'wrong-phase'];
const HEARING_OPEN: RefusalCode[] = [...ALWAYS, 'hearing-cancelled', 'hearing-recorded'];
const HEARING_STATUS: RefusalCode[] = [...HEARING_OPEN, 'wrong-hearing-status'];
const COMPLIANCE_OPEN: RefusalCode[] = [...ALWAYS, 'compliance-ended'];
const TEXT: RefusalCode[] = ['required', 'too-long'];

const a = (workflow: WorkflowKind, input: z.ZodType, roles: readonly Role[], refusals: RefusalCode[], setByApi?: string[]): ActionContract => ({
  workflow,
  input,
  roles,
  refusals: [...new Set(refusals)],
  ...(setByApi ? { setByApi } : {}),
});

export const ACTIONS = {
  withdraw: a('complaint', withdrawSchema, WITHDRAW_ROLES, [...CASE_OPEN, 'withdraw-requester', 'not-text', 'too-long'], ['requestedBy']),
  requestCompletion: a('complaint', requestCompletionSchema, ['secretary'], [...IN_PHASE, 'no-missing-items']),
  completeComplaint: a('complaint', completeComplaintSchema, ['complainant', 'secretary'], [...IN_PHASE, ...TEXT]),
  decideAdmissibility: a('complaint', decideAdmissibilitySchema, DECIDERS, [...IN_PHASE, 'not-boolean', 'not-decided-by', ...TEXT, 'late-filing-unexplained']),
  addRespondent: a('complaint', addRespondentSchema, ['secretary'], [...CASE_OPEN, ...TEXT, 'not-text', 'not-respondent-role', 'not-email', 'not-postal-address']),
  referToSchool: a('complaint', referToSchoolSchema, ['secretary'], [...IN_PHASE, 'referral-needs-consent']),
  reportReferral: a('complaint', reportReferralSchema, ['school', 'secretary'], [...IN_PHASE, 'not-boolean', ...TEXT]),
  resumeAfterReferral: a('complaint', resumeAfterReferralSchema, ['complainant', 'secretary'], [...IN_PHASE, ...TEXT]),
  startMediation: a('complaint', startMediationSchema, ['secretary'], [...IN_PHASE, 'mediation-needs-agreement']),
  recordMediationOutcome: a('complaint', recordMediationOutcomeSchema, ['secretary'], [...IN_PHASE, 'not-boolean', ...TEXT]),
  submitDefence: a('complaint', submitDocumentSchema, ['school', 'secretary'], [...IN_PHASE, ...TEXT, 'not-document-ids']),
  submitRespondentStatement: a('complaint', submitRespondentStatementSchema, ['respondent', 'secretary'], [
    ...CASE_OPEN,
    ...TEXT,
    'not-document-ids',
    'not-respondent-number',
    'respondent-statement-term-over',
    'respondent-statement-received',
  ]),
  decideReplyRound: a('complaint', decideReplyRoundSchema, ['secretary'], [...IN_PHASE, 'not-boolean']),
  submitReply: a('complaint', submitDocumentSchema, ['complainant', 'secretary'], [...IN_PHASE, ...TEXT, 'not-document-ids']),
  submitRejoinder: a('complaint', submitDocumentSchema, ['school', 'secretary'], [...IN_PHASE, ...TEXT, 'not-document-ids']),
  extendTerm: a('complaint', extendTermSchema, STAFF, [...CASE_OPEN, ...TEXT, 'term-not-running', 'term-not-extendable', 'term-extended-already']),
  suspendTerm: a('complaint', suspendTermSchema, ['secretary'], [...CASE_OPEN, 'required', 'not-suspension-reason', 'term-not-running', 'term-suspended']),
  resumeTerm: a('complaint', resumeTermSchema, ['secretary'], [...CASE_OPEN, 'required', 'term-not-running', 'term-not-suspended']),
  issueAdvice: a('complaint', issueAdviceSchema, PANEL, [...IN_PHASE, 'not-finding', ...TEXT, 'not-list', 'weeks-out-of-range', 'no-measures-when-unfounded']),
  answerAdvice: a('complaint', answerAdviceSchema, ['school', 'secretary'], [...IN_PHASE, 'advice-answered', 'not-boolean', ...TEXT]),
  approveLetter: a('complaint', approveLetterSchema, DECIDERS, [...ALWAYS, 'required', 'letter-not-awaiting-approval', 'four-eyes']),
  flagReportingDuty: a('complaint', flagReportingDutySchema, ['secretary'], [...CASE_OPEN, ...TEXT, 'reporting-duty-flagged']),
  confirmReportingDuty: a('complaint', confirmReportingDutySchema, ['school', 'secretary'], [...ALWAYS, 'no-reporting-duty-awaited', 'not-date']),
  declareNotReportable: a('complaint', declareNotReportableSchema, ['school', 'secretary'], [...ALWAYS, 'no-reporting-duty-awaited', ...TEXT, 'not-text']),
  reviewNotReportable: a('complaint', reviewNotReportableSchema, ['secretary'], [...ALWAYS, 'no-not-reportable-claim', 'not-boolean', 'too-long', 'not-text']),
  submitAvailability: a('hearing', submitAvailabilitySchema, ['complainant', 'school', 'respondent', 'secretary', 'chair', 'member'], [
    ...HEARING_STATUS,
    'unknown-respondent',
    'no-dates',
    'too-many-dates',
    'not-date',
    'date-in-past',
    'within-notice',
  ]),
  scheduleHearing: a('hearing', hearingScheduleSchema, STAFF, [...HEARING_STATUS, 'not-date', 'date-in-past', 'not-working-day', 'too-soon', 'not-time', ...TEXT, 'not-https-link']),
  requestPostponement: a('hearing', requestPostponementSchema, ['complainant', 'school', 'respondent', 'secretary'], [
    ...HEARING_OPEN,
    'not-party',
    'postponement-used',
    'nothing-scheduled',
    ...TEXT,
    'postponement-too-late',
  ]),
  recordHearing: a('hearing', recordHearingSchema, ['chair', 'secretary'], [...HEARING_OPEN, 'nothing-scheduled', 'hearing-not-yet', 'not-boolean', 'not-parties', 'absent-party-required', ...TEXT]),
  retryPanel: a('hearing', retryPanelSchema, ['secretary'], [...HEARING_STATUS, 'panel-being-formed']),
  extendHearingTerm: a('hearing', extendHearingTermSchema, STAFF, [...HEARING_OPEN, ...TEXT, 'term-not-running', 'term-not-extendable', 'term-extended-already']),
  reportMeasure: a('compliance', reportMeasureSchema, ['school', 'secretary'], [
    ...COMPLIANCE_OPEN,
    'escalation-awaits-approval',
    'unknown-measure',
    'measure-verified',
    'measure-term-ended',
    ...TEXT,
    'not-document-ids',
  ]),
  verifyMeasure: a('compliance', verifyMeasureSchema, ['secretary'], [...COMPLIANCE_OPEN, 'unknown-measure', 'measure-not-reported', 'not-boolean', ...TEXT]),
  approveEscalation: a('compliance', approveLetterSchema, DECIDERS, [...COMPLIANCE_OPEN, 'required', 'letter-not-awaiting-approval']),
} as const satisfies Record<string, ActionContract>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

// ---------------------------------------------------------------- input types, from the schemas

export type WithdrawFields = z.infer<typeof withdrawSchema>;
export type MeasureInput = z.infer<typeof measureInputSchema>;
