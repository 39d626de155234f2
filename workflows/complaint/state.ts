/**
 * The complaint workflow's state: its input, the phases of the main loop, the snapshot (plain data,
 * carried through continue-as-new) and the inbox (what people did, waiting for the loop).
 */
import type { CaseStatus, ClosedOutcome } from '../../domain/caseStatus';
import type { PolicyVersion } from '../../domain/policy';
import type { LetterKind } from '../../domain/letterKinds';
import { flaggedAtIntake } from '../../domain/reportingDuty';
import type { TermLedger } from '../../domain/termLedger';
import type { RespondentStatementState } from './handlers/respondentStatement';
import type {
  AdmissibilityDecision,
  CaseStateView,
  HearingResult,
  IssueAdviceInput,
  MediationOutcomeInput,
  ReferralReportInput,
  SchoolAnswerInput,
} from '../../contracts/messages';

export interface ComplaintWorkflowInput {
  caseNumber: string;
  receivedOn: string;
  policyVersion: string;
  /** The policy version valid on the filing day, as stored (issue 13); absent in cases started before snapshots. */
  policy?: PolicyVersion;
  /** The calendar release the case is pinned to (domain/calendar/releases); absent: the first release. */
  calendarVersion?: string;
  /** The intake category: one of the case's policy version (issue 13), so a string. */
  category?: string;
  schoolBrin?: string;
  schoolName?: string;
  /** Set when intake flagged the complaint as filed after the one-year term: the term's last day. */
  lateFiling?: { filingTermEnd: string };
  /** How many persons complained about the complaint named at filing (respondent:1 …); absent: none. */
  respondents?: number;
  /** Set when the workflow continues as new: where the case stands. */
  resume?: ComplaintSnapshot;
  /** Set when the workflow continues as new (since 0.5.0): what people did that the loop has not yet taken up. */
  inbox?: Inbox;
  /** Continue-as-new after this many history events (tests set it low). */
  maxHistoryEvents?: number;
}

export type Phase =
  | 'acknowledge'
  | 'admissibility'
  | 'awaiting-completion'
  | 'referral'
  | 'mediation'
  | 'defence'
  | 'reply-decision'
  | 'reply'
  | 'rejoinder'
  | 'hearing'
  | 'deliberation'
  | 'advice-approval'
  | 'school-answer'
  | 'compliance'
  | 'closing';

export interface PendingApproval {
  letterId: string;
  kind: LetterKind;
  draftedBy: string;
}

type ReportingDutyStatus = CaseStateView['reportingDuty']['status'];

/** Everything the workflow knows: plain data, carried through continue-as-new. */
export interface ComplaintSnapshot extends RespondentStatementState {
  status: CaseStatus;
  phase: Phase;
  /** Where a mediation that fails returns to. */
  phaseBeforeMediation: Phase | null;
  ledger: TermLedger;
  pendingApprovals: PendingApproval[];
  reportingDuty: ReportingDutyStatus;
  outcome: ClosedOutcome | null;
  defenceReceived: boolean;
  hearing: HearingResult | null;
  advice: Omit<IssueAdviceInput, 'by'> | null;
  adviceIssuedOn: string | null;
  /**
   * What each party handed in, to release with the step that forwards it (hoor en wederhoor): the
   * uploaded documents' ids. Absent in snapshots of cases that continued as new before it existed.
   */
  submitted?: Partial<Record<'defence' | 'reply' | 'rejoinder', string[]>>;
  /** Set when the defence opened the reply round itself (turns-reply-round): one forwarding, with releases. */
  forwardWithReply?: boolean;
  /** Whether any letter told the school board of the complaint (a withdrawal is confirmed to it only then). */
  schoolInformed?: boolean;
  /** Persons complained about added after filing (addRespondent): they number on from the input's. */
  respondentsAdded?: number;
  /** Counts occasions, so that a step repeated later (a second completion request) gets its own key. */
  occasion: number;
}

export function initialSnapshot(input: ComplaintWorkflowInput): ComplaintSnapshot {
  return {
    status: 'received',
    phase: 'acknowledge',
    phaseBeforeMediation: null,
    ledger: {},
    pendingApprovals: [],
    reportingDuty: input.category && flaggedAtIntake(input.category) ? 'awaiting-confirmation' : 'not-applicable',
    outcome: null,
    defenceReceived: false,
    hearing: null,
    advice: null,
    adviceIssuedOn: null,
    submitted: {},
    schoolInformed: false,
    occasion: 0,
  };
}

/**
 * What people did, waiting for the main loop to act on it. Carried across continue-as-new (since
 * 0.5.0): an action can finish while a phase's letters go out at the boundary, before the next phase
 * takes it up, and some entries stay as marks of what was received (a reply, the board's answer).
 */
export interface Inbox {
  completionRequested?: string[];
  completed?: boolean;
  admissibility?: AdmissibilityDecision;
  referToSchool?: boolean;
  referralReport?: ReferralReportInput;
  resumeReferral?: boolean;
  mediation?: { mediator?: string };
  mediationOutcome?: MediationOutcomeInput;
  replyRound?: boolean;
  replyReceived?: boolean;
  rejoinderReceived?: boolean;
  advice?: IssueAdviceInput;
  answer?: SchoolAnswerInput;
  withdrawal?: { reason?: string; requestedBy: string };
}
