/**
 * Every message of klachtflow's workflows, defined once: the API sends them, the workflows handle
 * them. Actions that need an answer are updates with validators, so a refused action is answered
 * with its reason and writes nothing. Queries give the state, open terms and allowed actions.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type * as c from './actions';
import type { Actor, HearingParty, PostponingParty } from './actors';
import type { CaseStatus } from '../domain/caseStatus';
import type { TermChange, TermState } from '../domain/termLedger';

// ---------------------------------------------------------------- complaint workflow

export interface CaseStateView {
  caseNumber: string;
  status: CaseStatus;
  closed: boolean;
  policyVersion: string;
  /** Running terms with due date and explanation. */
  terms: TermState[];
  nextDeadline: string | null;
  /** The updates this state accepts right now, by name. */
  allowedActions: string[];
  /** `possiblyReportable`: the category is, or may be, about a serious incident (domain/reportingDuty.ts); absent in older views. */
  reportingDuty: {
    /** 'not-reportable-claimed': the school says it need not report, the secretary has yet to review it; 'not-reportable': accepted. */
    status: 'not-applicable' | 'awaiting-confirmation' | 'not-reportable-claimed' | 'not-reportable' | 'confirmed' | 'escalated';
    possiblyReportable?: boolean;
  };
  /** Letters drafted and waiting for a second person's approval (four-eyes). */
  awaitingApproval: string[];
}

export type { Actor, HearingParty, PostponingParty } from './actors';
export type { Finding, MeasureInput } from './actions';

/** An action's input: its schema's type (contracts/actions.ts), with who acts, added by the API. */
type Input<S extends z.ZodType> = z.infer<S> & { by: Actor };

export type WithdrawInput = z.infer<typeof c.withdrawSchema>;
export type RequestCompletionInput = Input<typeof c.requestCompletionSchema>;
export type CompleteComplaintInput = Input<typeof c.completeComplaintSchema>;
export type AdmissibilityDecision = Input<typeof c.decideAdmissibilitySchema>;
export type ReferToSchoolInput = Input<typeof c.referToSchoolSchema>;
export type ReferralReportInput = Input<typeof c.reportReferralSchema>;
export type ResumeAfterReferralInput = Input<typeof c.resumeAfterReferralSchema>;
export type StartMediationInput = Input<typeof c.startMediationSchema>;
export type MediationOutcomeInput = Input<typeof c.recordMediationOutcomeSchema>;
export type SubmitDocumentInput = Input<typeof c.submitDocumentSchema>;
export type ExtendTermInput = Input<typeof c.extendTermSchema>;
export type SuspendTermInput = Input<typeof c.suspendTermSchema>;
export type ResumeTermInput = Input<typeof c.resumeTermSchema>;
export type ReplyRoundInput = Input<typeof c.decideReplyRoundSchema>;
export type IssueAdviceInput = Input<typeof c.issueAdviceSchema>;
export type SchoolAnswerInput = Input<typeof c.answerAdviceSchema>;
export type ApproveLetterInput = Input<typeof c.approveLetterSchema>;
export type ReportingDutyConfirmation = Input<typeof c.confirmReportingDutySchema>;
export type FlagReportingDutyInput = Input<typeof c.flagReportingDutySchema>;
export type DeclareNotReportableInput = Input<typeof c.declareNotReportableSchema>;
export type ReviewNotReportableInput = Input<typeof c.reviewNotReportableSchema>;
export type AddRespondentInput = Input<typeof c.addRespondentSchema>;
export type RespondentStatementInput = Input<typeof c.submitRespondentStatementSchema>;

export const caseStateQuery = defineQuery<CaseStateView>('caseState');
export const withdrawUpdate = defineUpdate<CaseStateView, [WithdrawInput]>('withdraw');
export const requestCompletionUpdate = defineUpdate<CaseStateView, [RequestCompletionInput]>('requestCompletion');
export const completeComplaintUpdate = defineUpdate<CaseStateView, [CompleteComplaintInput]>('completeComplaint');
export const decideAdmissibilityUpdate = defineUpdate<CaseStateView, [AdmissibilityDecision]>('decideAdmissibility');
export const referToSchoolUpdate = defineUpdate<CaseStateView, [ReferToSchoolInput]>('referToSchool');
export const reportReferralUpdate = defineUpdate<CaseStateView, [ReferralReportInput]>('reportReferral');
export const resumeAfterReferralUpdate = defineUpdate<CaseStateView, [ResumeAfterReferralInput]>('resumeAfterReferral');
export const startMediationUpdate = defineUpdate<CaseStateView, [StartMediationInput]>('startMediation');
export const recordMediationOutcomeUpdate = defineUpdate<CaseStateView, [MediationOutcomeInput]>('recordMediationOutcome');
export const submitDefenceUpdate = defineUpdate<CaseStateView, [SubmitDocumentInput]>('submitDefence');
export const submitRespondentStatementUpdate = defineUpdate<CaseStateView, [RespondentStatementInput]>('submitRespondentStatement');
export const decideReplyRoundUpdate = defineUpdate<CaseStateView, [ReplyRoundInput]>('decideReplyRound');
export const submitReplyUpdate = defineUpdate<CaseStateView, [SubmitDocumentInput]>('submitReply');
export const submitRejoinderUpdate = defineUpdate<CaseStateView, [SubmitDocumentInput]>('submitRejoinder');
export const extendTermUpdate = defineUpdate<CaseStateView, [ExtendTermInput]>('extendTerm');
export const suspendTermUpdate = defineUpdate<CaseStateView, [SuspendTermInput]>('suspendTerm');
export const resumeTermUpdate = defineUpdate<CaseStateView, [ResumeTermInput]>('resumeTerm');
export const issueAdviceUpdate = defineUpdate<CaseStateView, [IssueAdviceInput]>('issueAdvice');
export const answerAdviceUpdate = defineUpdate<CaseStateView, [SchoolAnswerInput]>('answerAdvice');
export const approveLetterUpdate = defineUpdate<CaseStateView, [ApproveLetterInput]>('approveLetter');
export const confirmReportingDutyUpdate = defineUpdate<CaseStateView, [ReportingDutyConfirmation]>('confirmReportingDuty');
/** The secretary's judgement that a complaint describes a serious incident (meldplicht), beyond its category. */
export const flagReportingDutyUpdate = defineUpdate<CaseStateView, [FlagReportingDutyInput]>('flagReportingDuty');
/** The school board: the incident is not reportable, because … (the secretary reviews it). */
export const declareNotReportableUpdate = defineUpdate<CaseStateView, [DeclareNotReportableInput]>('declareNotReportable');
/** The secretary accepts the board's "not reportable", or rejects it (the report is asked again). */
export const reviewNotReportableUpdate = defineUpdate<CaseStateView, [ReviewNotReportableInput]>('reviewNotReportable');
/** The secretary adds a person complained about; told of the complaint at once when the school already was. */
export const addRespondentUpdate = defineUpdate<CaseStateView, [AddRespondentInput]>('addRespondent');

// ---------------------------------------------------------------- hearing workflow (child)

export interface PanelMember {
  memberId: string;
  name: string;
  email: string;
  role: 'chair' | 'member';
}

export interface HearingSchedule {
  date: string;
  startTime: string;
  location: string;
  videoLink?: string;
}

export interface HearingView {
  caseNumber: string;
  status: 'forming-panel' | 'collecting-availability' | 'awaiting-date' | 'scheduled' | 'held' | 'cancelled';
  panel: PanelMember[];
  /** Dates each party or panel member can attend, keyed by 'complainant', 'school' or a member id. */
  availability: Record<string, string[]>;
  schedule: HearingSchedule | null;
  /** Dates proposed from the availability answers: days everyone can attend, after the notice period. */
  proposedDates: string[];
  postponementsUsed: PostponingParty[];
  terms: TermState[];
  allowedActions: string[];
  /** While 'forming-panel' waits for the secretary: why no conflict-free panel could be formed. */
  panelProblem?: string | null;
}

export type SubmitAvailabilityInput = Input<typeof c.submitAvailabilitySchema>;
export type ScheduleHearingInput = Input<typeof c.hearingScheduleSchema>;
export type RequestPostponementInput = Input<typeof c.requestPostponementSchema>;
export type RecordHearingInput = Input<typeof c.recordHearingSchema>;
export type RetryPanelInput = Input<typeof c.retryPanelSchema>;
export type ExtendHearingTermInput = Input<typeof c.extendHearingTermSchema>;

export interface HearingResult {
  outcome: 'held' | 'party-absent' | 'cancelled';
  heldOn: string | null;
  panel: PanelMember[];
  absentParties: HearingParty[];
}

export const hearingStateQuery = defineQuery<HearingView>('hearingState');
export const submitAvailabilityUpdate = defineUpdate<HearingView, [SubmitAvailabilityInput]>('submitAvailability');
export const scheduleHearingUpdate = defineUpdate<HearingView, [ScheduleHearingInput]>('scheduleHearing');
export const requestPostponementUpdate = defineUpdate<HearingView, [RequestPostponementInput]>('requestPostponement');
export const recordHearingUpdate = defineUpdate<HearingView, [RecordHearingInput]>('recordHearing');
/** After 'forming-panel' failed (no conflict-free panel): the secretary has fixed the committee's list; form it again. */
export const retryPanelUpdate = defineUpdate<HearingView, [RetryPanelInput]>('retryPanel');
/** Extends the term for the hearing (hearingWithin) once, with a reason, as the policy allows. */
export const extendHearingTermUpdate = defineUpdate<HearingView, [ExtendHearingTermInput]>('extendHearingTerm');
/** Sent by the parent when the case ends early (withdrawal): the child wraps up and returns 'cancelled'. */
export const cancelChildSignal = defineSignal<[{ reason: string }]>('cancelChild');

// ---------------------------------------------------------------- compliance workflow (child)

export interface MeasureState {
  id: string;
  description: string;
  due: string | null;
  status: 'open' | 'reported' | 'verified' | 'rejected' | 'not-complied';
  reports: Array<{ at: string; evidence: string; documentIds: string[] }>;
  rejections: Array<{ at: string; reason: string }>;
  /** The day the secretary accepted a report (set with status 'verified'). */
  verifiedOn?: string;
}

export interface ComplianceView {
  caseNumber: string;
  status: 'running' | 'grace' | 'awaiting-escalation-approval' | 'done' | 'cancelled';
  measures: MeasureState[];
  terms: TermState[];
  allowedActions: string[];
}

export type ReportMeasureInput = Input<typeof c.reportMeasureSchema>;
export type VerifyMeasureInput = Input<typeof c.verifyMeasureSchema>;

export interface ComplianceResult {
  outcome: 'advised-complied' | 'advised-partly-complied' | 'advised-not-complied' | 'cancelled';
  measures: MeasureState[];
}

export const complianceStateQuery = defineQuery<ComplianceView>('complianceState');
export const reportMeasureUpdate = defineUpdate<ComplianceView, [ReportMeasureInput]>('reportMeasure');
export const verifyMeasureUpdate = defineUpdate<ComplianceView, [VerifyMeasureInput]>('verifyMeasure');
export const approveEscalationUpdate = defineUpdate<ComplianceView, [ApproveLetterInput]>('approveEscalation');

// ---------------------------------------------------------------- child → parent

/** A child workflow tells its parent the case's status and next deadline as they change. */
export const childProgressSignal = defineSignal<[{ status: CaseStatus; nextDeadline: string | null }]>('childProgress');

// ---------------------------------------------------------------- calendar releases (all three workflows)

export interface CalendarReleaseChanges {
  /** The release the workflow computes its terms with now. */
  calendarVersion: string;
  /** The running terms the asked-for release would move (the query), or moved (the update). */
  changes: TermChange[];
}

export interface ApplyCalendarReleaseInput {
  version: string;
  by: Actor;
}

/** What applying another calendar release would change; changes nothing. */
export const calendarChangesQuery = defineQuery<CalendarReleaseChanges, [string]>('calendarChanges');
/** A chair applies another calendar release to the running terms of one workflow of a case. */
export const applyCalendarReleaseUpdate = defineUpdate<CalendarReleaseChanges, [ApplyCalendarReleaseInput]>('applyCalendarRelease');
