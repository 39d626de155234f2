/**
 * The complaint workflow: one per case, ID `complaint-<caseNumber>`. It carries the case through
 * the procedure of process.md — completion, admissibility, referral, mediation, defence, reply round,
 * hearing (child workflow), deliberation and advice, the school board's answer, compliance (child
 * workflow) and closure — with every term from the case's policy version, computed by the legal
 * calendar, and every write through the idempotent `applyCaseStep` activity.
 *
 * Shape: a main loop over phases. Updates validate, record what people did and, where the law wants
 * a written trace at once, write it; the loop reacts. The whole state is plain data, so the workflow
 * can continue-as-new at any phase boundary.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseStepInput } from '../activities';
import { sameActor } from '../domain/actors';
import { complianceWorkflowId, hearingWorkflowId } from '../domain/caseNumber';
import { isClosed, type CaseStatus, type ClosedOutcome } from '../domain/caseStatus';
import { startOfAmsterdamDay } from '../domain/clock';
import { categoryLabel } from '../domain/policy';
import { startTermOfWeeks } from '../domain/compliance';
import type { LetterKind } from '../domain/letterKinds';
import { flaggedAtIntake, possiblyReportable } from '../domain/reportingDuty';
import type { TermLedger, TermState } from '../domain/termLedger';
import { refuse } from '../contracts/refusals';
import { activities, deliver } from './activityProxies';
import { CaseTerms, today } from './caseTerms';
import type { PolicyVersion } from '../domain/policy';
import {
  addRespondentUpdate,
  answerAdviceUpdate,
  approveLetterUpdate,
  cancelChildSignal,
  caseStateQuery,
  childProgressSignal,
  completeComplaintUpdate,
  confirmReportingDutyUpdate,
  declareNotReportableUpdate,
  decideAdmissibilityUpdate,
  decideReplyRoundUpdate,
  extendTermUpdate,
  flagReportingDutyUpdate,
  issueAdviceUpdate,
  recordMediationOutcomeUpdate,
  referToSchoolUpdate,
  reportReferralUpdate,
  requestCompletionUpdate,
  resumeAfterReferralUpdate,
  resumeTermUpdate,
  reviewNotReportableUpdate,
  startMediationUpdate,
  submitDefenceUpdate,
  submitRejoinderUpdate,
  submitReplyUpdate,
  suspendTermUpdate,
  withdrawUpdate,
  type AdmissibilityDecision,
  type CaseStateView,
  type ComplianceResult,
  type HearingResult,
  type IssueAdviceInput,
  type MediationOutcomeInput,
  type ReferralReportInput,
  type SchoolAnswerInput,
} from '../contracts/messages';
import { handleCalendarReleases } from './calendarRelease';
import { CaseStatusKey, NextDeadlineKey } from '../contracts/searchAttributes';
import { validateAction, validateInput } from './validation';

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
  /** Set when the workflow continues as new: where the case stands. */
  resume?: ComplaintSnapshot;
  /** Continue-as-new after this many history events (tests set it low). */
  maxHistoryEvents?: number;
}

type Phase =
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

interface PendingApproval {
  letterId: string;
  kind: LetterKind;
  draftedBy: string;
}

type ReportingDutyStatus = CaseStateView['reportingDuty']['status'];

/** Everything the workflow knows: plain data, carried through continue-as-new. */
export interface ComplaintSnapshot {
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
  /** Counts occasions, so that a step repeated later (a second completion request) gets its own key. */
  occasion: number;
}

const DEFAULT_MAX_HISTORY_EVENTS = 5_000;

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<CaseStatus> {
  const { caseNumber } = input;
  const s: ComplaintSnapshot = input.resume ?? {
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
  const terms = new CaseTerms(input.policy ?? input.policyVersion, s.ledger, input.calendarVersion);

  // What people did, waiting for the main loop to act on it. Not carried across continue-as-new:
  // the loop consumes each before the next phase boundary.
  const inbox: {
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
  } = {};
  let hearingFinished = false;
  let complianceResult: ComplianceResult | null = null;
  // Delivery runs beside the procedure: a slow or unreachable SMTP server never holds up a term.
  let deliveriesRequested = 0;
  let deliveriesDone = 0;
  let childDeadline: string | null = null;

  // ------------------------------------------------------------------ helpers

  const closed = () => isClosed(s.status);
  const withdrawn = () => inbox.withdrawal !== undefined;
  const nextKey = (name: string) => `${name}-${++s.occasion}`;

  function nextDeadline(): string | null {
    const own = terms.nextDeadline();
    return own && childDeadline ? (own < childDeadline ? own : childDeadline) : (own ?? childDeadline);
  }

  function remember(kind: 'defence' | 'reply' | 'rejoinder', documentIds: string[] | undefined): void {
    s.submitted = { ...(s.submitted ?? {}), [kind]: [...(s.submitted?.[kind] ?? []), ...(documentIds ?? [])] };
  }

  /** What a party handed in with `kind`, made readable for `to` in the step that forwards it. */
  function releaseOf(kind: 'defence' | 'reply' | 'rejoinder', to: Array<'complainant' | 'school' | 'panel'>): CaseStepInput['release'] {
    return { documentIds: s.submitted?.[kind] ?? [], statementSteps: [`${kind}-received`], to };
  }

  function requestDelivery(): void {
    deliveriesRequested++;
  }

  async function courier(): Promise<void> {
    for (;;) {
      await condition(() => deliveriesRequested > deliveriesDone || (closed() && deliveriesRequested === deliveriesDone));
      if (deliveriesRequested === deliveriesDone) return;
      const upTo = deliveriesRequested;
      await deliver({ caseNumber });
      deliveriesDone = upTo;
    }
  }

  function publishSearchAttributes(): void {
    const next = nextDeadline();
    upsertSearchAttributes([
      { key: CaseStatusKey, value: s.status },
      { key: NextDeadlineKey, value: next ? new Date(startOfAmsterdamDay(next)) : null },
    ]);
  }

  function letterTerm(term: TermState | undefined, language: 'nl' = 'nl') {
    return term && term.due ? { termId: term.id, due: term.due, explanation: term.explanation[language] } : null;
  }

  async function step(spec: Omit<CaseStepInput, 'caseNumber'>): Promise<string[]> {
    // A step that was under way when the case closed (withdrawn meanwhile) never reopens it.
    const status = spec.status && closed() && !isClosed(spec.status) ? undefined : spec.status;
    let result;
    try {
      result = await activities.applyCaseStep({ caseNumber, ...spec, status, nextDeadline: spec.nextDeadline === undefined ? nextDeadline() : spec.nextDeadline });
    } catch (err) {
      // A case must never end because one step could not be written (a template bug, a refused
      // letter): rethrown as a plain error, the workflow task fails and is retried, so the case
      // waits, visible in the Temporal UI, until a fixed worker is deployed.
      throw new Error(`step ${spec.step} of case ${caseNumber} failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
    }
    if (status) s.status = status;
    if (spec.letters?.some((l) => l.to !== 'complainant-side' && l.to !== 'panel')) s.schoolInformed = true;
    publishSearchAttributes();
    if (spec.letters?.length) requestDelivery();
    return result.letterIds;
  }

  /** Stores a decision letter as a draft; it goes out only after a second person approves it. */
  async function draftDecision(spec: Omit<CaseStepInput, 'caseNumber'> & { drafter: string; kind: LetterKind }): Promise<void> {
    const ids = await step({ ...spec, actor: spec.drafter });
    for (const letterId of ids) {
      if (!s.pendingApprovals.some((p) => p.letterId === letterId)) s.pendingApprovals.push({ letterId, kind: spec.kind, draftedBy: spec.drafter });
    }
  }

  async function awaitApprovals(): Promise<void> {
    await condition(() => s.pendingApprovals.length === 0 || withdrawn());
  }

  function allowedActions(): string[] {
    if (closed()) return [];
    const actions = ['withdraw', 'extendTerm', 'suspendTerm', 'resumeTerm'];
    const byPhase: Partial<Record<Phase, string[]>> = {
      admissibility: ['requestCompletion', 'decideAdmissibility', 'referToSchool', 'startMediation'],
      'awaiting-completion': ['completeComplaint'],
      referral: ['reportReferral', 'resumeAfterReferral'],
      mediation: ['recordMediationOutcome'],
      defence: ['submitDefence', 'startMediation'],
      'reply-decision': ['decideReplyRound', 'startMediation'],
      reply: ['submitReply', 'decideReplyRound', 'startMediation'],
      rejoinder: ['submitRejoinder'],
      deliberation: ['issueAdvice'],
    };
    actions.push(...(byPhase[s.phase] ?? []));
    // The board's answer is awaited beside compliance when the advice has measures (as its validator allows).
    if ((s.phase === 'school-answer' || s.phase === 'compliance') && !inbox.answer) actions.push('answerAdvice');
    if (s.pendingApprovals.length) actions.push('approveLetter');
    if (s.reportingDuty === 'awaiting-confirmation') actions.push('confirmReportingDuty', 'declareNotReportable');
    if (s.reportingDuty === 'not-reportable-claimed') actions.push('reviewNotReportable');
    if (s.reportingDuty === 'not-applicable') actions.push('flagReportingDuty');
    return actions;
  }

  const view = (): CaseStateView => ({
    caseNumber,
    status: s.status,
    closed: closed(),
    policyVersion: input.policyVersion,
    terms: terms.running(),
    nextDeadline: terms.nextDeadline(),
    allowedActions: allowedActions(),
    reportingDuty: { status: s.reportingDuty, possiblyReportable: input.category ? possiblyReportable(input.category) : false },
    awaitingApproval: s.pendingApprovals.map((p) => p.letterId),
  });

  function requireOpen(): void {
    if (closed() || withdrawn()) refuse('case-closed', 'action', { caseNumber, status: s.status });
  }
  function requirePhase(...phases: Phase[]): void {
    requireOpen();
    if (!phases.includes(s.phase)) refuse('wrong-phase', 'action', { phase: s.phase, allowed: phases.join(', ') });
  }
  function requireRunningTerm(termId: string): TermState {
    const term = terms.get(termId);
    if (!term || term.status !== 'running') refuse('term-not-running', 'termId', { termId });
    return term;
  }

  // ------------------------------------------------------------------ queries and updates

  setHandler(caseStateQuery, view);
  handleCalendarReleases(terms, {
    isOpen: () => !closed() && !withdrawn(),
    onApplied: async ({ from, to, changes, by }) => {
      await step({ step: nextKey('calendar-release-applied'), actor: by.userId, calendarVersion: to, events: [{ type: 'calendar.release-applied', data: { from, to, changes } }], termsMoved: changes });
    },
  });

  setHandler(
    withdrawUpdate,
    async (req) => {
      inbox.withdrawal = { reason: req.reason, requestedBy: req.requestedBy };
      await condition(closed);
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        // Who withdraws is set by the API from who is logged in; the input says it, no actor is checked.
        validateInput('withdraw', req);
      },
    },
  );

  setHandler(
    requestCompletionUpdate,
    async (req) => {
      inbox.completionRequested = req.missing;
      await condition(() => s.phase === 'awaiting-completion' || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('admissibility');
        validateAction('requestCompletion', req);
      },
    },
  );

  setHandler(
    completeComplaintUpdate,
    async (req) => {
      await step({ step: nextKey('completed'), actor: req.by.userId, events: [{ type: 'complaint.completed', data: { supplied: req.supplied } }] });
      inbox.completed = true;
      return view();
    },
    {
      validator: (req) => {
        requirePhase('awaiting-completion');
        validateAction('completeComplaint', req);
      },
    },
  );

  setHandler(
    decideAdmissibilityUpdate,
    async (req) => {
      inbox.admissibility = req;
      // Answer once the decision has taken effect: the defence requested, or the refusal drafted.
      await condition(() => (inbox.admissibility === undefined && (s.status !== 'admissibility' || s.pendingApprovals.length > 0)) || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('admissibility');
        validateAction('decideAdmissibility', req);
        // A late complaint: the decision says whether the lateness is excused and why.
        if (input.lateFiling && !req.lateFiling) refuse('late-filing-unexplained', 'lateFiling', { termEnd: input.lateFiling.filingTermEnd });
      },
    },
  );

  setHandler(
    addRespondentUpdate,
    async (req) => {
      // Once the school was told of the complaint, the person added is told too, with the defence
      // term still running (they may send a written statement); before that, the notice reaches them with the school's.
      const defence = terms.get('defence');
      const respondent = { name: req.name, role: req.role, ...(req.email ? { email: req.email } : {}), ...(req.postalAddress ? { postalAddress: req.postalAddress } : {}) };
      await step({
        step: nextKey('respondent-added'),
        actor: req.by.userId,
        addRespondent: respondent,
        events: [{ type: 'respondent.added', data: { name: req.name, role: req.role, toldOfComplaint: defence !== undefined } }],
        letters: defence
          ? [{ kind: 'kennisgeving-klacht', to: 'school-side', only: ['added-respondent'], term: defence.status === 'running' ? letterTerm(defence) : null, details: {} }]
          : [],
      });
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        validateAction('addRespondent', req);
      },
    },
  );

  setHandler(
    referToSchoolUpdate,
    async () => {
      inbox.referToSchool = true;
      await condition(() => s.status === 'referred-to-school' || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('admissibility');
        validateAction('referToSchool', req);
      },
    },
  );

  setHandler(
    reportReferralUpdate,
    async (req) => {
      inbox.referralReport = req;
      await condition(() => s.status !== 'referred-to-school' || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('referral');
        validateAction('reportReferral', req);
      },
    },
  );

  setHandler(
    resumeAfterReferralUpdate,
    async () => {
      inbox.resumeReferral = true;
      await condition(() => s.status !== 'referred-to-school' || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('referral');
        validateAction('resumeAfterReferral', req);
      },
    },
  );

  setHandler(
    startMediationUpdate,
    async (req) => {
      inbox.mediation = { mediator: req.mediator };
      await condition(() => s.status === 'mediation' || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('admissibility', 'defence', 'reply-decision', 'reply');
        validateAction('startMediation', req);
      },
    },
  );

  setHandler(
    recordMediationOutcomeUpdate,
    async (req) => {
      inbox.mediationOutcome = req;
      await condition(() => s.status !== 'mediation' || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('mediation');
        validateAction('recordMediationOutcome', req);
      },
    },
  );

  setHandler(
    submitDefenceUpdate,
    async (req) => {
      await step({
        step: 'defence-received',
        actor: req.by.userId,
        events: [{ type: 'defence.received', data: { documentIds: req.documentIds ?? [], length: req.text.length } }],
        statement: req.describesFiles ? undefined : { party: 'school', kind: 'defence', text: req.text, name: 'Toelichting bij het verweer (school).txt' },
      });
      remember('defence', req.documentIds);
      s.defenceReceived = true;
      return view();
    },
    {
      validator: (req) => {
        requirePhase('defence');
        validateAction('submitDefence', req);
      },
    },
  );

  setHandler(
    decideReplyRoundUpdate,
    async (req) => {
      inbox.replyRound = req.hold;
      // Ending a running round answers once the hearing stage has begun, not while the round still shows.
      await condition(() => (req.hold && s.status === 'reply-round') || s.status === 'hearing-scheduling' || s.status === 'hearing-scheduled' || closed());
      return view();
    },
    {
      validator: (req) => {
        // Since the defence opens the reply round itself, the secretary's decision can still end it early.
        requirePhase('reply-decision', 'reply');
        validateAction('decideReplyRound', req);
      },
    },
  );

  setHandler(
    submitReplyUpdate,
    async (req) => {
      await step({
        step: 'reply-received',
        actor: req.by.userId,
        events: [{ type: 'reply.received', data: { documentIds: req.documentIds ?? [] } }],
        statement: req.describesFiles ? undefined : { party: 'complainant', kind: 'reply', text: req.text, name: 'Reactie op het verweer (repliek).txt' },
      });
      remember('reply', req.documentIds);
      inbox.replyReceived = true;
      return view();
    },
    {
      validator: (req) => {
        requirePhase('reply');
        validateAction('submitReply', req);
      },
    },
  );

  setHandler(
    submitRejoinderUpdate,
    async (req) => {
      await step({
        step: 'rejoinder-received',
        actor: req.by.userId,
        events: [{ type: 'rejoinder.received', data: { documentIds: req.documentIds ?? [] } }],
        statement: req.describesFiles ? undefined : { party: 'school', kind: 'rejoinder', text: req.text, name: 'Reactie op de repliek (dupliek, school).txt' },
      });
      remember('rejoinder', req.documentIds);
      inbox.rejoinderReceived = true;
      return view();
    },
    {
      validator: (req) => {
        requirePhase('rejoinder');
        validateAction('submitRejoinder', req);
      },
    },
  );

  setHandler(
    extendTermUpdate,
    async (req) => {
      const term = terms.extend(req.termId, req.reason);
      const letters: CaseStepInput['letters'] =
        term.key === 'advice' ? [{ kind: 'verdaging-advies', to: 'all-parties', term: letterTerm(term), details: { reason: req.reason } }] : [];
      await step({
        step: nextKey(`term-extended-${req.termId}`),
        actor: req.by.userId,
        events: [{ type: 'term.extended', data: { termId: req.termId, reason: req.reason, due: term.due, explanation: term.explanation.nl } }],
        letters,
      });
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        validateAction('extendTerm', req);
        requireRunningTerm(req.termId);
        const refusal = terms.extensionRefusal(req.termId);
        if (refusal) refuse(refusal.code, 'termId', refusal.params);
      },
    },
  );

  setHandler(
    suspendTermUpdate,
    async (req) => {
      const term = terms.suspend(req.termId, req.reason);
      await step({ step: nextKey(`term-suspended-${req.termId}`), actor: req.by.userId, events: [{ type: 'term.suspended', data: { termId: req.termId, reason: req.reason, explanation: term.explanation.nl } }] });
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        validateAction('suspendTerm', req);
        const term = requireRunningTerm(req.termId);
        if (term.suspensions.some((x) => x.until === undefined)) refuse('term-suspended', 'termId', { termId: req.termId });
      },
    },
  );

  setHandler(
    resumeTermUpdate,
    async (req) => {
      const term = terms.resume(req.termId);
      await step({ step: nextKey(`term-resumed-${req.termId}`), actor: req.by.userId, events: [{ type: 'term.resumed', data: { termId: req.termId, due: term.due, explanation: term.explanation.nl } }] });
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        validateAction('resumeTerm', req);
        const term = requireRunningTerm(req.termId);
        if (!term.suspensions.some((x) => x.until === undefined)) refuse('term-not-suspended', 'termId', { termId: req.termId });
      },
    },
  );

  setHandler(
    issueAdviceUpdate,
    async (req) => {
      inbox.advice = req;
      await condition(() => (inbox.advice === undefined && s.pendingApprovals.length > 0) || closed());
      return view();
    },
    {
      validator: (req) => {
        requirePhase('deliberation');
        validateAction('issueAdvice', req);
      },
    },
  );

  setHandler(
    answerAdviceUpdate,
    async (req) => {
      // process.md step 14: the board's answer reaches the complainant and the people complained about.
      // Cases answered before this release wrote only the event.
      const forward = patched('roles-forward-advice-answer');
      await step({
        step: 'advice-answered',
        actor: req.by.userId,
        events: [{ type: 'advice.answered', data: { acceptsFinding: req.acceptsFinding, plan: req.plan } }],
        ...(forward ? { letters: [{ kind: 'doorzending-reactie-advies', to: 'all-but-board', details: { acceptsFinding: req.acceptsFinding, plan: req.plan } }] } : {}),
      });
      inbox.answer = req;
      return view();
    },
    {
      validator: (req) => {
        requirePhase('school-answer', 'compliance');
        if (inbox.answer) refuse('advice-answered');
        validateAction('answerAdvice', req);
      },
    },
  );

  setHandler(
    approveLetterUpdate,
    async (req) => {
      const result = await activities.approveLetter({ letterId: req.letterId, approvedBy: { userId: req.by.userId, role: req.by.role as 'chair' | 'secretary' } });
      // Approving one copy approves the decision: all its copies are queued together.
      const approved = new Set([req.letterId, ...(result?.letterIds ?? [])]);
      s.pendingApprovals = s.pendingApprovals.filter((p) => !approved.has(p.letterId));
      requestDelivery();
      return view();
    },
    {
      validator: (req) => {
        validateAction('approveLetter', req);
        const pending = s.pendingApprovals.find((p) => p.letterId === req.letterId);
        if (!pending) refuse('letter-not-awaiting-approval', 'letterId', { letterId: req.letterId });
        // Four-eyes: whoever drafted a decision cannot also approve it.
        if (sameActor(pending.draftedBy, req.by.userId)) refuse('four-eyes', 'by');
      },
    },
  );

  setHandler(
    flagReportingDutyUpdate,
    async (req) => {
      s.reportingDuty = 'awaiting-confirmation';
      await step({ step: 'reporting-duty-flagged', actor: req.by.userId, events: [{ type: 'reporting-duty.flagged', data: { reason: req.reason } }] });
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        validateAction('flagReportingDuty', req);
        if (s.reportingDuty !== 'not-applicable') refuse('reporting-duty-flagged');
      },
    },
  );

  setHandler(
    confirmReportingDutyUpdate,
    async (req) => {
      terms.close('reportingDuty', 'met');
      s.reportingDuty = 'confirmed';
      await step({ step: 'reporting-duty-confirmed', actor: req.by.userId, events: [{ type: 'reporting-duty.confirmed', data: { reportedOn: req.reportedOn, reference: req.reference ?? null } }] });
      return view();
    },
    {
      validator: (req) => {
        if (s.reportingDuty !== 'awaiting-confirmation') refuse('no-reporting-duty-awaited');
        validateAction('confirmReportingDuty', req);
      },
    },
  );

  /**
   * "Not reportable, because …": the school board's answer instead of a report. The reporting term
   * keeps running while the secretary reviews it: accepted, the duty ends; rejected, the board is
   * asked to report again within the same term (or, if it ran out meanwhile, the case escalates).
   */
  let reviewingNotReportable = false;
  setHandler(
    declareNotReportableUpdate,
    async (req) => {
      s.reportingDuty = 'not-reportable-claimed';
      await step({ step: nextKey('reporting-duty-not-reportable'), actor: req.by.userId, events: [{ type: 'reporting-duty.not-reportable-claimed', data: { reason: req.reason } }] });
      return view();
    },
    {
      validator: (req) => {
        if (s.reportingDuty !== 'awaiting-confirmation') refuse('no-reporting-duty-awaited');
        validateAction('declareNotReportable', req);
      },
    },
  );

  setHandler(
    reviewNotReportableUpdate,
    async (req) => {
      // The review is recorded before the state changes: an escalation a late rejection sets off
      // comes after it in the audit trail, never beside it. Meanwhile a second review is refused.
      reviewingNotReportable = true;
      const type = req.accepted ? 'reporting-duty.not-reportable-accepted' : 'reporting-duty.not-reportable-rejected';
      await step({ step: nextKey('reporting-duty-reviewed'), actor: req.by.userId, events: [{ type, data: { note: req.note ?? null } }] });
      reviewingNotReportable = false;
      if (req.accepted) {
        if (terms.get('reportingDuty')?.status === 'running') terms.close('reportingDuty', 'met');
        s.reportingDuty = 'not-reportable';
      } else {
        s.reportingDuty = 'awaiting-confirmation';
      }
      return view();
    },
    {
      validator: (req) => {
        if (s.reportingDuty !== 'not-reportable-claimed' || reviewingNotReportable) refuse('no-not-reportable-claim');
        validateAction('reviewNotReportable', req);
      },
    },
  );

  setHandler(childProgressSignal, ({ status, nextDeadline: deadline }) => {
    if (!closed() && !withdrawn()) {
      s.status = status;
      childDeadline = deadline;
      publishSearchAttributes();
      // A child's step may have stored letters: send them.
      requestDelivery();
    }
  });

  // ------------------------------------------------------------------ the reporting duty, beside the procedure

  async function trackReportingDuty(): Promise<void> {
    await condition(() => s.reportingDuty === 'awaiting-confirmation' || closed());
    if (closed() || terms.get('reportingDuty')) return;
    const term = terms.start('reportingDuty', 'kennisgeving van de meldplicht');
    await step({
      step: 'reporting-duty-notice',
      events: [{ type: 'reporting-duty.notified', data: { due: term.due } }],
      letters: [{ kind: 'kennisgeving-meldplicht', to: 'school-board', term: letterTerm(term), details: { category: input.category ?? 'overig' } }],
    });
    // A "not reportable" under review is no answer yet (the states only a new release can reach).
    const undecided = () => s.reportingDuty === 'awaiting-confirmation' || s.reportingDuty === 'not-reportable-claimed';
    const outcome = await terms.wait('reportingDuty', () => !undecided() || closed());
    // Ran out while the secretary reviews a "not reportable": the review decides, not the clock.
    if (outcome === 'expired' && s.reportingDuty === 'not-reportable-claimed') await condition(() => s.reportingDuty !== 'not-reportable-claimed' || closed());
    if (outcome === 'expired' && s.reportingDuty === 'awaiting-confirmation') {
      terms.close('reportingDuty', 'expired');
      s.reportingDuty = 'escalated';
      if (!patched('roles-reporting-duty-letter')) {
        // Cases that escalated before: only the event was written.
        await step({ step: 'reporting-duty-escalated', events: [{ type: 'reporting-duty.escalated', data: { to: 'inspectorate' } }] });
        return;
      }
      // A letter to the Inspectorate (copy to the school board), delivered through the outbox like
      // every letter and once: drafted by the system, sent when a chair approves it.
      await draftDecision({
        step: 'reporting-duty-escalated',
        drafter: 'system',
        kind: 'melding-inspectie',
        events: [{ type: 'reporting-duty.escalated', data: { to: 'inspectorate', letter: 'melding-inspectie' } }],
        letters: [
          {
            kind: 'melding-inspectie',
            to: 'inspectorate-school',
            details: { category: categoryLabel(input.policy, input.category ?? 'overig').nl, noticeSentOn: term.trigger, confirmationDue: term.due ?? term.trigger },
          },
        ],
      });
    }
  }

  // ------------------------------------------------------------------ phases

  /** Runs a phase's wait, and reacts to a withdrawal in any phase. */
  async function untilOr(predicate: () => boolean): Promise<void> {
    await condition(() => predicate() || withdrawn());
  }

  async function acknowledge(): Promise<Phase> {
    const term = terms.start('admissibility', 'ontvangst van de klacht', { trigger: input.receivedOn });
    await step({
      step: 'acknowledged',
      status: 'admissibility',
      events: [{ type: 'complaint.acknowledged', data: { policyVersion: input.policyVersion, admissibilityDue: term.due } }],
      letters: [{ kind: 'ontvangstbevestiging', to: 'complainant-side' }],
    });
    return 'admissibility';
  }

  async function admissibility(): Promise<Phase> {
    if (!terms.get('admissibility') || terms.get('admissibility')!.status !== 'running') terms.start('admissibility', 'voltooiing van de klacht');
    let overdueNoted = false;
    for (;;) {
      const acted = () => inbox.admissibility !== undefined || inbox.completionRequested !== undefined || inbox.referToSchool === true || inbox.mediation !== undefined || withdrawn();
      const outcome = overdueNoted ? (await untilOr(acted), 'done') : await terms.wait('admissibility', acted);
      if (outcome === 'expired') {
        // A service norm, not a fatal term: remind the secretary and keep waiting.
        overdueNoted = true;
        await step({ step: nextKey('admissibility-overdue'), events: [{ type: 'admissibility.overdue', data: { due: terms.get('admissibility')?.due } }] });
        continue;
      }
      if (withdrawn()) return 'closing';
      if (inbox.completionRequested) {
        const missing = inbox.completionRequested;
        inbox.completionRequested = undefined;
        const term = terms.start('completion', 'verzoek om aanvulling');
        await step({
          step: nextKey('completion-requested'),
          status: 'awaiting-completion',
          events: [{ type: 'completion.requested', data: { missing, due: term.due } }],
          letters: [{ kind: 'verzoek-om-aanvulling', to: 'complainant-side', term: letterTerm(term), details: { missing } }],
        });
        return 'awaiting-completion';
      }
      if (inbox.referToSchool) {
        inbox.referToSchool = undefined;
        terms.close('admissibility', 'cancelled');
        return 'referral';
      }
      if (inbox.mediation) return startMediation('admissibility');
      const decision = inbox.admissibility!;
      inbox.admissibility = undefined;
      terms.close('admissibility', 'met');
      if (decision.admissible) {
        await step({
          step: 'admissible',
          actor: decision.by.userId,
          events: [{ type: 'admissibility.decided', data: { admissible: true, lateAccepted: decision.lateAccepted ?? null, ...(decision.lateFiling ? { lateFiling: decision.lateFiling } : {}) } }],
          // The complainant hears the outcome, not only the school (issue 14).
          letters: [{ kind: 'beslissing-ontvankelijk', to: 'complainant-side', details: {} }],
        });
        return 'defence';
      }
      await draftDecision({
        step: 'inadmissible',
        drafter: decision.by.userId,
        kind: 'beslissing-niet-ontvankelijk',
        events: [{ type: 'admissibility.decided', data: { admissible: false, reasons: decision.reasons, decidedBy: decision.decidedBy, ...(decision.lateFiling ? { lateFiling: decision.lateFiling } : {}) } }],
        letters: [
          {
            kind: 'beslissing-niet-ontvankelijk',
            to: 'all-parties',
            details: {
              reasons: decision.reasons,
              decidedBy: decision.decidedBy,
              objectionPossible: decision.decidedBy === 'chair',
              ...(decision.lateFiling && input.lateFiling ? { lateFiling: { ...decision.lateFiling, filingTermEnd: input.lateFiling.filingTermEnd } } : {}),
            },
          },
        ],
      });
      s.outcome = 'inadmissible';
      return 'closing';
    }
  }

  async function awaitingCompletion(): Promise<Phase> {
    const outcome = await terms.wait('completion', () => inbox.completed === true || withdrawn());
    if (withdrawn()) return 'closing';
    if (inbox.completed) {
      inbox.completed = undefined;
      terms.close('completion', 'met');
      terms.start('admissibility', 'aanvulling van de klacht');
      await step({ step: nextKey('back-to-admissibility'), status: 'admissibility' });
      return 'admissibility';
    }
    if (outcome === 'expired') {
      terms.close('completion', 'expired');
      await draftDecision({
        step: 'inadmissible-incomplete',
        drafter: 'system',
        kind: 'beslissing-niet-ontvankelijk',
        events: [{ type: 'completion.expired', data: {} }],
        letters: [
          {
            kind: 'beslissing-niet-ontvankelijk',
            to: 'all-parties',
            details: { reasons: 'De klacht is niet binnen de gestelde termijn aangevuld (herstel verzuim).', decidedBy: 'chair', objectionPossible: true },
          },
        ],
      });
      s.outcome = 'inadmissible';
      return 'closing';
    }
    return 'admissibility';
  }

  async function referral(): Promise<Phase> {
    const term = terms.start('referralReport', 'terugverwijzing naar de school');
    await step({
      step: nextKey('referred'),
      status: 'referred-to-school',
      events: [{ type: 'complaint.referred', data: { due: term.due } }],
      letters: [{ kind: 'terugverwijzing', to: 'all-parties', term: letterTerm(term), details: {} }],
    });
    const acted = () => inbox.referralReport !== undefined || inbox.resumeReferral === true || withdrawn();
    const outcome = await terms.wait('referralReport', acted);
    if (outcome === 'expired') {
      terms.close('referralReport', 'expired');
      if (patched('turns-referral-ends')) {
        // The complainant may resume within a term of its own; without news the case closes as
        // handled by the school, so no referral stays open forever.
        const resume = terms.start('referralResume', 'einde van de termijn voor de terugkoppeling');
        await step({
          step: nextKey('referral-expired'),
          events: [{ type: 'referral.term-expired', data: { resumeDue: resume.due } }],
          letters: [{ kind: 'terugverwijzing', to: 'all-parties', term: letterTerm(resume), details: { expired: true } }],
        });
        const resumed = await terms.wait('referralResume', acted);
        if (resumed === 'expired' && !inbox.referralReport && !inbox.resumeReferral && !withdrawn()) {
          terms.close('referralResume', 'expired');
          await step({ step: nextKey('referral-closed'), events: [{ type: 'referral.not-resumed', data: { due: resume.due } }] });
          s.outcome = 'referred';
          return 'closing';
        }
        if (terms.get('referralResume')?.status === 'running') terms.close('referralResume', 'met');
      } else {
        await step({ step: nextKey('referral-expired'), events: [{ type: 'referral.term-expired', data: {} }] });
        // The complainant may now resume the complaint; until then the case rests with the school.
        await untilOr(acted);
      }
    }
    if (withdrawn()) return 'closing';
    terms.close('referralReport', 'met');
    const report = inbox.referralReport;
    inbox.referralReport = undefined;
    if (report?.resolved) {
      await step({ step: 'referral-resolved', actor: report.by.userId, events: [{ type: 'referral.resolved', data: { summary: report.summary } }] });
      s.outcome = 'referred';
      return 'closing';
    }
    inbox.resumeReferral = undefined;
    terms.start('admissibility', 'hervatting na terugverwijzing');
    await step({ step: nextKey('referral-resumed'), status: 'admissibility', events: [{ type: 'referral.resumed', data: { report: report?.summary ?? null } }] });
    return 'admissibility';
  }

  async function startMediation(returnTo: Phase): Promise<Phase> {
    s.phaseBeforeMediation = returnTo;
    return 'mediation';
  }

  async function mediation(): Promise<Phase> {
    const mediator = inbox.mediation?.mediator;
    inbox.mediation = undefined;
    // The defence term, if running, does not run during mediation.
    const defence = terms.get('defence');
    if (defence?.status === 'running' && !defence.suspensions.some((x) => x.until === undefined)) terms.suspend('defence', 'mediation');
    const term = terms.start('mediation', 'aanvang van de bemiddeling');
    await step({
      step: nextKey('mediation-started'),
      status: 'mediation',
      events: [{ type: 'mediation.started', data: { due: term.due, mediator: mediator ?? null } }],
      letters: [{ kind: 'uitnodiging-bemiddeling', to: 'all-parties', term: letterTerm(term), details: mediator ? { mediator } : {} }],
    });
    const outcome = await terms.wait('mediation', () => inbox.mediationOutcome !== undefined || withdrawn());
    if (withdrawn()) return 'closing';
    const result = inbox.mediationOutcome;
    inbox.mediationOutcome = undefined;
    terms.close('mediation', outcome === 'expired' ? 'expired' : 'met');
    if (result?.settled) {
      await step({
        step: 'settled',
        actor: result.by.userId,
        events: [{ type: 'mediation.settled', data: { summary: result.summary } }],
        letters: [{ kind: 'bevestiging-schikking', to: 'all-parties', details: { summary: result.summary } }],
      });
      s.outcome = 'settled';
      return 'closing';
    }
    const back = s.phaseBeforeMediation ?? 'admissibility';
    s.phaseBeforeMediation = null;
    if (terms.get('defence')?.status === 'running' && terms.get('defence')!.suspensions.some((x) => x.until === undefined)) terms.resume('defence');
    const reply = terms.get('reply');
    if (back === 'reply' && reply?.status === 'running' && reply.suspensions.some((x) => x.until === undefined)) terms.resume('reply');
    const status: CaseStatus = back === 'admissibility' ? 'admissibility' : back === 'reply' ? 'reply-round' : 'defence';
    if (back === 'admissibility') terms.start('admissibility', 'einde van de bemiddeling');
    await step({ step: nextKey('mediation-ended'), status, events: [{ type: 'mediation.ended', data: { settled: false, expired: outcome === 'expired', summary: result?.summary ?? null } }] });
    return back;
  }

  async function defence(): Promise<Phase> {
    if (!terms.get('defence')) {
      const term = terms.start('defence', 'kennisgeving van de klacht');
      await step({
        step: 'defence-requested',
        status: 'defence',
        events: [{ type: 'defence.requested', data: { due: term.due } }],
        letters: [{ kind: 'kennisgeving-klacht', to: 'school-side', term: letterTerm(term), details: {} }],
      });
    }
    const remind = async (term: TermState) => {
      await step({ step: nextKey('defence-reminder'), events: [{ type: 'defence.reminder', data: { due: term.due } }], letters: [{ kind: 'herinnering-verweer', to: 'school-board', term: letterTerm(term), details: {} }] });
    };
    const outcome = await terms.wait('defence', () => s.defenceReceived || inbox.mediation !== undefined || withdrawn(), remind);
    if (withdrawn()) return 'closing';
    if (inbox.mediation && !s.defenceReceived) return startMediation('defence');
    if (s.defenceReceived && patched('turns-reply-round')) {
      // The defence goes to the complainant once, with the reply round it opens (replyRound()).
      terms.close('defence', 'met');
      s.forwardWithReply = true;
      return 'reply';
    }
    if (s.defenceReceived) {
      terms.close('defence', 'met');
      await step({ step: 'defence-forwarded', events: [{ type: 'defence.forwarded', data: {} }], letters: [{ kind: 'toezending-verweer', to: 'complainant-side', details: { replyRound: false } }] });
    } else if (outcome === 'expired') {
      // At expiry the procedure continues without a defence (process.md step 6), on the record.
      terms.close('defence', 'expired');
      await step({ step: 'defence-expired', events: [{ type: 'defence.not-received', data: { due: terms.get('defence')?.due } }] });
      // Nothing to forward and nothing to reply to: the hearing comes next.
      if (patched('turns-reply-round')) return 'hearing';
    }
    return 'reply-decision';
  }

  async function replyDecision(): Promise<Phase> {
    await untilOr(() => inbox.replyRound !== undefined || inbox.mediation !== undefined);
    if (withdrawn()) return 'closing';
    if (inbox.mediation) return startMediation('reply-decision');
    const hold = inbox.replyRound!;
    inbox.replyRound = undefined;
    await step({ step: 'reply-round-decided', events: [{ type: 'reply-round.decided', data: { hold } }] });
    return hold ? 'reply' : 'hearing';
  }

  async function replyRound(kind: 'reply' | 'rejoinder'): Promise<Phase> {
    if (s.forwardWithReply) return replyRoundForwarding(kind);
    const term = terms.start(kind, kind === 'reply' ? 'toezending van het verweer' : 'toezending van de repliek');
    await step({
      step: `${kind}-requested`,
      status: 'reply-round',
      events: [{ type: `${kind}.requested`, data: { due: term.due } }],
      letters: kind === 'reply' ? [{ kind: 'toezending-verweer', to: 'complainant-side', term: letterTerm(term), details: { replyRound: true } }] : [],
    });
    const received = () => (kind === 'reply' ? inbox.replyReceived === true : inbox.rejoinderReceived === true) || withdrawn();
    const outcome = await terms.wait(kind, received);
    if (withdrawn()) return 'closing';
    terms.close(kind, outcome === 'expired' ? 'expired' : 'met');
    if (outcome === 'expired') await step({ step: `${kind}-expired`, events: [{ type: `${kind}.not-received`, data: {} }] });
    return kind === 'reply' ? 'rejoinder' : 'hearing';
  }

  /**
   * The reply round as process.md's letters table has it (turns-reply-round): the defence is
   * forwarded once, with the reply term, and released to the complainant and the panel in that same
   * step; a reply goes to the school with its rejoinder term; without a reply no rejoinder is asked.
   * The secretary can end the round early (decideReplyRound, hold: false).
   */
  async function replyRoundForwarding(kind: 'reply' | 'rejoinder'): Promise<Phase> {
    if (!terms.get(kind)) {
      const term = terms.start(kind, kind === 'reply' ? 'toezending van het verweer' : 'toezending van de repliek');
      await step({
        step: `${kind}-requested`,
        status: 'reply-round',
        events: kind === 'reply' ? [{ type: 'defence.forwarded', data: {} }, { type: 'reply.requested', data: { due: term.due } }] : [{ type: 'rejoinder.requested', data: { due: term.due } }],
        letters:
          kind === 'reply'
            ? [{ kind: 'toezending-verweer', to: 'complainant-side', term: letterTerm(term), details: { replyRound: true } }]
            : [{ kind: 'toezending-reactie', to: 'school-board', term: letterTerm(term), details: {} }],
        release: kind === 'reply' ? releaseOf('defence', ['complainant', 'panel']) : releaseOf('reply', ['school', 'panel']),
      });
    }
    const ended = () => inbox.replyRound === false;
    const mediating = () => kind === 'reply' && inbox.mediation !== undefined;
    const received = () => (kind === 'reply' ? inbox.replyReceived === true : inbox.rejoinderReceived === true) || ended() || mediating() || withdrawn();
    await terms.wait(kind, received);
    if (withdrawn()) return 'closing';
    const gotIt = kind === 'reply' ? inbox.replyReceived === true : inbox.rejoinderReceived === true;
    if (mediating() && !gotIt) {
      // The reply term does not run during mediation; a failed mediation comes back here.
      terms.suspend('reply', 'mediation');
      return startMediation('reply');
    }
    if (ended() && !gotIt) {
      inbox.replyRound = undefined;
      terms.close(kind, 'cancelled');
      await step({ step: `${kind}-round-ended`, events: [{ type: 'reply-round.decided', data: { hold: false } }] });
      return 'hearing';
    }
    inbox.replyRound = undefined;
    terms.close(kind, gotIt ? 'met' : 'expired');
    if (!gotIt) {
      // No reply: nothing for the school to answer, so no rejoinder is asked for.
      await step({ step: `${kind}-expired`, events: [{ type: `${kind}.not-received`, data: {} }] });
      return 'hearing';
    }
    if (kind === 'rejoinder') {
      // The rejoinder closes the round: the complainant and the panel can read it.
      await step({ step: 'rejoinder-forwarded', events: [{ type: 'rejoinder.forwarded', data: {} }], release: releaseOf('rejoinder', ['complainant', 'panel']) });
      return 'hearing';
    }
    return 'rejoinder';
  }

  async function hearing(): Promise<Phase> {
    await step({ step: 'hearing-scheduling', status: 'hearing-scheduling' });
    const child = executeChild('hearingWorkflow', {
      workflowId: hearingWorkflowId(caseNumber),
      args: [{ caseNumber, policyVersion: input.policyVersion, ...(input.policy ? { policy: input.policy } : {}), calendarVersion: terms.pinnedCalendarVersion, schoolBrin: input.schoolBrin ?? '', schoolName: input.schoolName ?? '', defenceRoundClosedOn: today() }],
    }) as Promise<HearingResult>;
    let result: HearingResult | undefined;
    void child.then((r) => {
      result = r;
      hearingFinished = true;
    });
    await untilOr(() => hearingFinished);
    if (withdrawn() && !hearingFinished) {
      await getExternalWorkflowHandle(hearingWorkflowId(caseNumber)).signal(cancelChildSignal, { reason: 'withdrawn' });
      await condition(() => hearingFinished);
      return 'closing';
    }
    s.hearing = result ?? null;
    return withdrawn() ? 'closing' : 'deliberation';
  }

  async function deliberation(): Promise<Phase> {
    const heldOn = s.hearing?.heldOn ?? today();
    if (!terms.get('advice')) terms.start('advice', 'hoorzitting', { trigger: heldOn });
    await step({ step: 'deliberation', status: 'deliberation', events: [{ type: 'deliberation.started', data: { hearing: s.hearing?.outcome ?? null, adviceDue: terms.get('advice')?.due } }] });
    const remind = async (term: TermState) => {
      await step({ step: nextKey('advice-reminder'), events: [{ type: 'advice.reminder', data: { due: term.due, to: ['secretary', 'chair'] } }] });
    };
    const outcome = await terms.wait('advice', () => inbox.advice !== undefined || withdrawn(), remind);
    if (outcome === 'expired') {
      // At expiry the committee's chair is alerted; the advice is still awaited.
      await step({ step: 'advice-overdue', events: [{ type: 'advice.overdue', data: { escalatedTo: 'committee-chair' } }] });
      await untilOr(() => inbox.advice !== undefined);
    }
    if (withdrawn()) return 'closing';
    const advice = inbox.advice!;
    inbox.advice = undefined;
    terms.close('advice', 'met');
    s.advice = { finding: advice.finding, reasons: advice.reasons, recommendations: advice.recommendations, measures: advice.measures };
    // The measures' terms run from the advice's date; the letter states each due date, computed as
    // the compliance workflow will compute it from the same date.
    const adviceDate = today();
    const ctx = { policy: terms.policy, calendar: terms.calendar, today: adviceDate };
    const measures = advice.measures.map((m, i) => {
      const weeks = m.termWeeks ?? terms.policy.terms.compliance.amount;
      const due = startTermOfWeeks({}, `m${i + 1}`, 'compliance', weeks, adviceDate, 'advies', ctx).due ?? adviceDate;
      return { id: `m${i + 1}`, description: m.description, due };
    });
    await draftDecision({
      step: 'advice-drafted',
      drafter: advice.by.userId,
      kind: 'advies',
      events: [{ type: 'advice.drafted', data: { finding: advice.finding, measures: advice.measures.length } }],
      letters: [
        {
          kind: 'advies',
          to: 'all-parties',
          details: {
            finding: advice.finding,
            reasons: advice.reasons,
            ...(advice.recommendations ? { recommendations: advice.recommendations } : {}),
            // Whether it binds is the policy's (the activity adds the regime); cases drafted before said so here.
            ...(patched('roles-advice-regime') ? {} : { binding: true }),
            measures,
          },
        },
      ],
    });
    s.adviceIssuedOn = adviceDate;
    return 'advice-approval';
  }

  async function adviceApproval(): Promise<Phase> {
    await awaitApprovals();
    if (withdrawn()) return 'closing';
    // The school board's answer term runs from the day the approved advice goes out.
    const term = terms.start('schoolAnswer', 'ontvangst van het advies', { trigger: today() });
    await step({ step: 'advice-issued', status: 'advice-issued', events: [{ type: 'advice.issued', data: { finding: s.advice?.finding, answerDue: term.due } }] });
    return 'school-answer';
  }

  async function schoolAnswer(): Promise<Phase> {
    const measures = s.advice?.measures ?? [];
    if (measures.length > 0) {
      // Binding measures run from the advice; the board's answer is awaited beside them.
      void awaitSchoolAnswer();
      return 'compliance';
    }
    await awaitSchoolAnswer();
    if (withdrawn()) return 'closing';
    s.outcome = 'advised-no-measures';
    return 'closing';
  }

  async function awaitSchoolAnswer(): Promise<void> {
    const outcome = await terms.wait('schoolAnswer', () => inbox.answer !== undefined || withdrawn() || closed());
    if (outcome === 'expired' && !inbox.answer) {
      terms.close('schoolAnswer', 'expired');
      await step({
        step: 'answer-reminder',
        events: [{ type: 'advice.answer-overdue', data: {} }],
        letters: [{ kind: 'herinnering-reactie', to: 'school-board', term: letterTerm(terms.get('schoolAnswer')), details: {} }],
      });
    } else if (inbox.answer) {
      terms.close('schoolAnswer', 'met');
    }
  }

  async function compliance(): Promise<Phase> {
    await step({ step: 'compliance', status: 'compliance' });
    const child = executeChild('complianceWorkflow', {
      workflowId: complianceWorkflowId(caseNumber),
      args: [
        {
          caseNumber,
          policyVersion: input.policyVersion,
          ...(input.policy ? { policy: input.policy } : {}),
          calendarVersion: terms.pinnedCalendarVersion,
          adviceIssuedOn: s.adviceIssuedOn ?? today(),
          measures: (s.advice?.measures ?? []).map((m, i) => ({ id: `m${i + 1}`, description: m.description, ...(m.termWeeks ? { termWeeks: m.termWeeks } : {}) })),
        },
      ],
    }) as Promise<ComplianceResult>;
    let done = false;
    void child.then((r) => {
      complianceResult = r;
      done = true;
    });
    await untilOr(() => done);
    if (withdrawn() && !done) {
      await getExternalWorkflowHandle(complianceWorkflowId(caseNumber)).signal(cancelChildSignal, { reason: 'withdrawn' });
      await condition(() => done);
      return 'closing';
    }
    const result = complianceResult as ComplianceResult | null;
    s.outcome = result && result.outcome !== 'cancelled' ? result.outcome : 'advised-not-complied';
    return 'closing';
  }

  async function closing(): Promise<void> {
    if (withdrawn()) {
      terms.closeAll('cancelled');
      const w = inbox.withdrawal!;
      await step({
        step: 'withdrawn',
        actor: w.requestedBy,
        status: 'withdrawn',
        nextDeadline: null,
        events: [{ type: 'complaint.withdrawn', data: { reason: w.reason ?? null, requestedBy: w.requestedBy } }],
        // The school board is told only if it was told of the complaint (process.md, "Letters").
        letters: [{ kind: 'bevestiging-intrekking', to: s.schoolInformed === false ? 'complainant-side' : 'all-parties', details: w.reason ? { reason: w.reason } : {} }],
      });
      return;
    }
    // Decisions go out only after four-eyes approval; the case closes when they have.
    await awaitApprovals();
    if (withdrawn()) return closing();
    const outcome = s.outcome ?? 'withdrawn';
    terms.closeAll('cancelled');
    await step({
      step: 'closed',
      status: outcome,
      nextDeadline: null,
      events: [{ type: 'case.closed', data: { outcome } }],
      letters: outcome === 'inadmissible' ? [] : [{ kind: 'afsluiting', to: 'all-parties', details: { outcome } }],
    });
  }

  // ------------------------------------------------------------------ main loop

  void trackReportingDuty();
  const courierDone = courier();
  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;

  while (!closed()) {
    if (withdrawn() && s.phase !== 'closing') s.phase = 'closing';
    switch (s.phase) {
      case 'acknowledge':
        s.phase = await acknowledge();
        break;
      case 'admissibility':
        s.phase = await admissibility();
        break;
      case 'awaiting-completion':
        s.phase = await awaitingCompletion();
        break;
      case 'referral':
        s.phase = await referral();
        break;
      case 'mediation':
        s.phase = await mediation();
        break;
      case 'defence':
        s.phase = await defence();
        break;
      case 'reply-decision':
        s.phase = await replyDecision();
        break;
      case 'reply':
        s.phase = await replyRound('reply');
        break;
      case 'rejoinder':
        s.phase = await replyRound('rejoinder');
        break;
      case 'hearing':
        s.phase = await hearing();
        break;
      case 'deliberation':
        s.phase = await deliberation();
        break;
      case 'advice-approval':
        s.phase = await adviceApproval();
        break;
      case 'school-answer':
        s.phase = await schoolAnswer();
        break;
      case 'compliance':
        s.phase = await compliance();
        break;
      case 'closing':
        await closing();
        break;
    }
    // Long cases stay healthy: start a fresh history at a phase boundary, carrying the state along.
    const info = workflowInfo();
    if (!closed() && s.phase !== 'closing' && (info.continueAsNewSuggested || info.historyLength > maxEvents) && safeToContinue()) {
      await condition(allHandlersFinished);
      await condition(() => deliveriesDone === deliveriesRequested);
      await continueAsNew<typeof complaintWorkflow>({ ...input, calendarVersion: terms.pinnedCalendarVersion, resume: { ...s, ledger: terms.ledger } });
    }
  }

  await courierDone;
  await condition(allHandlersFinished);
  return s.status;

  /** Children and side threads must not be cut off: continue only between them. */
  function safeToContinue(): boolean {
    return s.phase !== 'compliance' && s.phase !== 'hearing' && s.reportingDuty !== 'awaiting-confirmation' && s.reportingDuty !== 'not-reportable-claimed' && terms.get('schoolAnswer')?.status !== 'running';
  }
}
