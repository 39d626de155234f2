/**
 * What every handler and phase of the complaint workflow works with: the state, the terms, the
 * inbox and the few operations on them (a step written through the idempotent `applyCaseStep`
 * activity, a decision drafted for four-eyes approval, the validators' guards, the case view).
 *
 * One object per workflow run, created before any handler is registered; handlers
 * (handlers/*.ts, `registerXxxHandlers(ctx)`) and phases (phases/*.ts, `xxx(ctx)`) get it as their
 * only argument.
 */
import { condition, upsertSearchAttributes } from '@temporalio/workflow';
import type { CaseStepInput } from '../../activities';
import { isClosed } from '../../domain/caseStatus';
import { startOfAmsterdamDay } from '../../domain/clock';
import type { LetterKind } from '../../domain/letterKinds';
import { possiblyReportable } from '../../domain/reportingDuty';
import type { TermState } from '../../domain/termLedger';
import type { CaseStateView } from '../../contracts/messages';
import { refuse } from '../../contracts/refusals';
import { CaseStatusKey, NextDeadlineKey } from '../../contracts/searchAttributes';
import { activities, deliver } from '../activityProxies';
import { CaseTerms } from '../caseTerms';
import { withRespondentStatements } from './handlers/respondentStatement';
import { inspectorateStep, type InspectorateReport } from '../shared/inspectorate';
import { initialSnapshot, type ComplaintSnapshot, type ComplaintWorkflowInput, type Inbox, type Phase } from './state';

type SubmissionKind = 'defence' | 'reply' | 'rejoinder';

export class ComplaintContext {
  readonly caseNumber: string;
  readonly s: ComplaintSnapshot;
  readonly terms: CaseTerms;
  readonly inbox: Inbox;
  /** The next deadline of a running child (hearing, compliance), as it last told. */
  childDeadline: string | null = null;
  // Delivery runs beside the procedure: a slow or unreachable SMTP server never holds up a term.
  deliveriesRequested = 0;
  deliveriesDone = 0;

  constructor(readonly input: ComplaintWorkflowInput) {
    this.caseNumber = input.caseNumber;
    this.s = input.resume ?? initialSnapshot(input);
    this.inbox = { ...input.inbox };
    this.terms = new CaseTerms(input.policy ?? input.policyVersion, this.s.ledger, input.calendarVersion);
  }

  // ------------------------------------------------------------------ where the case stands

  readonly closed = (): boolean => isClosed(this.s.status);
  readonly withdrawn = (): boolean => this.inbox.withdrawal !== undefined;
  nextKey(name: string): string {
    return `${name}-${++this.s.occasion}`;
  }

  nextDeadline(): string | null {
    const own = this.terms.nextDeadline();
    const child = this.childDeadline;
    return own && child ? (own < child ? own : child) : (own ?? child);
  }

  remember(kind: SubmissionKind, documentIds: string[] | undefined): void {
    const s = this.s;
    s.submitted = { ...(s.submitted ?? {}), [kind]: [...(s.submitted?.[kind] ?? []), ...(documentIds ?? [])] };
  }

  /** What a party handed in with `kind`, made readable for `to` in the step that forwards it. */
  releaseOf(kind: SubmissionKind, to: Array<'complainant' | 'school' | 'panel'>): CaseStepInput['release'] {
    return withRespondentStatements(this.s, kind, { documentIds: this.s.submitted?.[kind] ?? [], statementSteps: [`${kind}-received`], to });
  }

  // ------------------------------------------------------------------ writing

  requestDelivery(): void {
    this.deliveriesRequested++;
  }

  /** Beside the procedure until the case closes: delivers what the steps stored, one run at a time. */
  async courier(): Promise<void> {
    for (;;) {
      await condition(() => this.deliveriesRequested > this.deliveriesDone || (this.closed() && this.deliveriesRequested === this.deliveriesDone));
      if (this.deliveriesRequested === this.deliveriesDone) return;
      const upTo = this.deliveriesRequested;
      await deliver({ caseNumber: this.caseNumber });
      this.deliveriesDone = upTo;
    }
  }

  publishSearchAttributes(): void {
    const next = this.nextDeadline();
    upsertSearchAttributes([
      { key: CaseStatusKey, value: this.s.status },
      { key: NextDeadlineKey, value: next ? new Date(startOfAmsterdamDay(next)) : null },
    ]);
  }

  async step(spec: Omit<CaseStepInput, 'caseNumber'>): Promise<string[]> {
    const { caseNumber, s } = this;
    // A step that was under way when the case closed (withdrawn meanwhile) never reopens it.
    const status = spec.status && this.closed() && !isClosed(spec.status) ? undefined : spec.status;
    let result;
    try {
      result = await activities.applyCaseStep({ caseNumber, ...spec, status, nextDeadline: spec.nextDeadline === undefined ? this.nextDeadline() : spec.nextDeadline });
    } catch (err) {
      // A case must never end because one step could not be written (a template bug, a refused
      // letter): rethrown as a plain error, the workflow task fails and is retried, so the case
      // waits, visible in the Temporal UI, until a fixed worker is deployed.
      throw new Error(`step ${spec.step} of case ${caseNumber} failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
    }
    if (status) s.status = status;
    if (spec.letters?.some((l) => l.to !== 'complainant-side' && l.to !== 'panel')) s.schoolInformed = true;
    this.publishSearchAttributes();
    if (spec.letters?.length) this.requestDelivery();
    return result.letterIds;
  }

  /** Stores a decision letter as a draft; it goes out only after a second person approves it. */
  async draftDecision(spec: Omit<CaseStepInput, 'caseNumber'> & { drafter: string; kind: LetterKind }): Promise<void> {
    const ids = await this.step({ ...spec, actor: spec.drafter });
    for (const letterId of ids) {
      if (!this.s.pendingApprovals.some((p) => p.letterId === letterId)) this.s.pendingApprovals.push({ letterId, kind: spec.kind, draftedBy: spec.drafter });
    }
  }

  /** A report to the Inspectorate (shared/inspectorate.ts), drafted by the system: it goes out once a chair approves it. */
  async reportToInspectorate(report: InspectorateReport): Promise<void> {
    const { step, actor, events, letters } = inspectorateStep(report);
    await this.draftDecision({ step, drafter: actor, kind: report.letter.kind, events, letters });
  }

  async awaitApprovals(): Promise<void> {
    await condition(() => this.s.pendingApprovals.length === 0 || this.withdrawn());
  }

  /** Runs a phase's wait, and reacts to a withdrawal in any phase. */
  async untilOr(predicate: () => boolean): Promise<void> {
    await condition(() => predicate() || this.withdrawn());
  }

  // ------------------------------------------------------------------ what the pages see

  allowedActions(): string[] {
    const { s, inbox } = this;
    if (this.closed()) return [];
    const actions = ['withdraw', 'extendTerm', 'suspendTerm', 'resumeTerm'];
    const byPhase: Partial<Record<Phase, string[]>> = {
      admissibility: ['requestCompletion', 'decideAdmissibility', 'referToSchool', 'startMediation'],
      'awaiting-completion': ['completeComplaint'],
      referral: ['reportReferral', 'resumeAfterReferral'],
      mediation: ['recordMediationOutcome'],
      defence: ['submitDefence', 'startMediation', 'submitRespondentStatement'],
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

  readonly view = (): CaseStateView => ({
    caseNumber: this.caseNumber,
    status: this.s.status,
    closed: this.closed(),
    policyVersion: this.input.policyVersion,
    terms: this.terms.running(),
    nextDeadline: this.terms.nextDeadline(),
    allowedActions: this.allowedActions(),
    reportingDuty: { status: this.s.reportingDuty, possiblyReportable: this.input.category ? possiblyReportable(this.input.category) : false },
    awaitingApproval: this.s.pendingApprovals.map((p) => p.letterId),
  });

  // ------------------------------------------------------------------ validators' guards

  requireOpen(): void {
    if (this.closed() || this.withdrawn()) refuse('case-closed', 'action', { caseNumber: this.caseNumber, status: this.s.status });
  }

  requirePhase(...phases: Phase[]): void {
    this.requireOpen();
    if (!phases.includes(this.s.phase)) refuse('wrong-phase', 'action', { phase: this.s.phase, allowed: phases.join(', ') });
  }

  requireRunningTerm(termId: string): TermState {
    const term = this.terms.get(termId);
    if (!term || term.status !== 'running') refuse('term-not-running', 'termId', { termId });
    return term;
  }
}
