/**
 * Every message of klachtflow's workflows, defined once: the API sends them, the workflows handle
 * them. Actions that need an answer are updates with validators, so a refused action is answered
 * with its reason and writes nothing. Queries give the state, open terms and allowed actions.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SuspensionReason } from '../domain/calendar';
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
  reportingDuty: { status: 'not-applicable' | 'awaiting-confirmation' | 'confirmed' | 'escalated' };
  /** Letters drafted and waiting for a second person's approval (four-eyes). */
  awaitingApproval: string[];
}

export type Actor = { userId: string; role: 'secretary' | 'chair' | 'member' | 'school' | 'complainant' | 'system' };

export interface WithdrawInput {
  reason?: string;
  /** Who asks: the complainant through the portal, or a secretary recording it. */
  requestedBy: 'complainant' | 'secretary';
}

export interface RequestCompletionInput {
  missing: string[];
  by: Actor;
}

export interface CompleteComplaintInput {
  supplied: string;
  by: Actor;
}

export type AdmissibilityDecision =
  | { admissible: true; lateAccepted?: string; by: Actor }
  | { admissible: false; reasons: string; decidedBy: 'chair' | 'committee'; by: Actor };

export interface ReferToSchoolInput {
  complainantConsents: boolean;
  by: Actor;
}

export interface ReferralReportInput {
  resolved: boolean;
  summary: string;
  by: Actor;
}

export interface ResumeAfterReferralInput {
  reason: string;
  by: Actor;
}

export interface StartMediationInput {
  bothPartiesAgree: boolean;
  mediator?: string;
  by: Actor;
}

export interface MediationOutcomeInput {
  settled: boolean;
  summary: string;
  by: Actor;
}

export interface SubmitDocumentInput {
  /** Document ids in the case's document store, or a plain text for API clients. */
  text: string;
  documentIds?: string[];
  by: Actor;
}

export interface ExtendTermInput {
  termId: string;
  reason: string;
  by: Actor;
}

export interface SuspendTermInput {
  termId: string;
  reason: SuspensionReason;
  by: Actor;
}

export interface ResumeTermInput {
  termId: string;
  by: Actor;
}

export interface ReplyRoundInput {
  hold: boolean;
  by: Actor;
}

export type Finding = 'gegrond' | 'deels-gegrond' | 'ongegrond' | 'niet-ontvankelijk';

export interface MeasureInput {
  description: string;
  /** Weeks the school gets for this measure; the policy's compliance term when absent. */
  termWeeks?: number;
}

export interface IssueAdviceInput {
  finding: Finding;
  reasons: string;
  recommendations?: string;
  measures: MeasureInput[];
  by: Actor;
}

export interface SchoolAnswerInput {
  acceptsFinding: boolean;
  /** How the board will carry out the binding measures (or, today, which measures it takes). */
  plan: string;
  by: Actor;
}

export interface ApproveLetterInput {
  letterId: string;
  by: Actor;
}

export interface ReportingDutyConfirmation {
  reportedOn: string;
  reference?: string;
  by: Actor;
}

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
export const flagReportingDutyUpdate = defineUpdate<CaseStateView, [{ reason: string; by: Actor }]>('flagReportingDuty');

// ---------------------------------------------------------------- hearing workflow (child)

export type HearingParty = 'complainant' | 'school';

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
  postponementsUsed: HearingParty[];
  terms: TermState[];
  allowedActions: string[];
  /** While 'forming-panel' waits for the secretary: why no conflict-free panel could be formed. */
  panelProblem?: string | null;
}

export interface SubmitAvailabilityInput {
  /** 'complainant', 'school', or a panel member's id. */
  respondent: string;
  dates: string[];
  by: Actor;
}

export interface ScheduleHearingInput extends HearingSchedule {
  by: Actor;
}

export interface RequestPostponementInput {
  party: HearingParty;
  reason: string;
  by: Actor;
}

export interface RecordHearingInput {
  held: boolean;
  absentParties: HearingParty[];
  minutes: string;
  by: Actor;
}

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
export const retryPanelUpdate = defineUpdate<HearingView, [{ by: Actor }]>('retryPanel');
/** Extends the term for the hearing (hearingWithin) once, with a reason, as the policy allows. */
export const extendHearingTermUpdate = defineUpdate<HearingView, [{ reason: string; by: Actor }]>('extendHearingTerm');
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

export interface ReportMeasureInput {
  measureId: string;
  evidence: string;
  documentIds?: string[];
  by: Actor;
}

export interface VerifyMeasureInput {
  measureId: string;
  accepted: boolean;
  reason?: string;
  by: Actor;
}

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
