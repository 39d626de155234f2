/**
 * What every handler and coroutine of the compliance workflow works with: the measures, their
 * terms, where the procedure stands, and the writes (run one after another, in the order asked).
 */
import type { CaseStepInput } from '../../activities';
import { isSettled } from '../../domain/compliance';
import type { TermState } from '../../domain/termLedger';
import type { ComplianceView, MeasureState } from '../../contracts/messages';
import { refuse } from '../../contracts/refusals';
import { activities } from '../activityProxies';
import { CaseTerms } from '../caseTerms';
import { tellParent } from '../shared/parent';
import { complianceTermId, graceTermId, type ComplianceInput } from './state';

type Status = ComplianceView['status'];

export class ComplianceContext {
  readonly caseNumber: string;
  readonly terms: CaseTerms;
  readonly measures: MeasureState[];
  /** Whether the workflow continued as new (the terms are running already). */
  readonly resumed: boolean;
  revision: number;
  status: Exclude<Status, 'grace'> = 'running';
  /** Set by the parent's cancel signal (the case was withdrawn). */
  cancelled: { reason: string } | null = null;
  /** The escalation letters (one per addressee) drafted and waiting for approval. */
  awaitingLetters: string[] = [];
  /** Activities the main coroutines have under way: continue-as-new waits for them. */
  inFlight = 0;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(readonly input: ComplianceInput) {
    this.caseNumber = input.caseNumber;
    this.resumed = input.ledger !== undefined && input.measureStates !== undefined;
    this.terms = new CaseTerms(input.policy ?? input.policyVersion, input.ledger ?? {}, input.calendarVersion);
    this.measures = input.measureStates ?? input.measures.map((m) => ({ id: m.id, description: m.description, due: null, status: 'open', reports: [], rejections: [] }));
    this.revision = input.revision ?? 0;
  }

  find(id: unknown): MeasureState | undefined {
    return this.measures.find((m) => m.id === id);
  }
  termOf(m: MeasureState): TermState | undefined {
    return this.terms.get(complianceTermId(m.id));
  }
  graceOf(m: MeasureState): TermState | undefined {
    return this.terms.get(graceTermId(m.id));
  }
  /** The cancellation, read through a call so that checks after an await are not narrowed away. */
  cancellation(): { reason: string } | null {
    return this.cancelled;
  }
  readonly over = (): boolean => this.status === 'done' || this.status === 'cancelled' || this.cancelled !== null;
  /** The school may (again) report a measure while its term or grace period runs. */
  reportable(m: MeasureState): boolean {
    return !isSettled(m.status) && (termRunning(this.termOf(m)) || termRunning(this.graceOf(m)));
  }

  currentStatus(): Status {
    if (this.status === 'running' && this.measures.some((m) => termRunning(this.graceOf(m)))) return 'grace';
    return this.status;
  }

  allowedActions(): string[] {
    if (this.over()) return [];
    if (this.status === 'awaiting-escalation-approval') return ['approveEscalation'];
    const actions: string[] = [];
    if (this.measures.some((m) => this.reportable(m))) actions.push('reportMeasure');
    if (this.measures.some((m) => m.status === 'reported')) actions.push('verifyMeasure');
    return actions;
  }

  readonly view = (): ComplianceView => ({
    caseNumber: this.caseNumber,
    status: this.currentStatus(),
    measures: this.measures,
    terms: this.terms.running(),
    allowedActions: this.allowedActions(),
  });

  /**
   * Runs the workflow's writes one after another, in the order they were asked for: the audit log
   * and the read model follow the order of the changes (a verification before the closing step),
   * however handlers and the measures' coroutines interleave.
   */
  tracked<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    const run = this.writes.then(work, work);
    const done = run.finally(() => {
      this.inFlight--;
    });
    this.writes = done.catch(() => undefined);
    return done;
  }

  async step(spec: Omit<CaseStepInput, 'caseNumber'>): Promise<string[]> {
    // The case's status and next deadline are the parent's: it hears them through childProgress.
    return this.tracked(async () => (await activities.applyCaseStep({ caseNumber: this.caseNumber, ...spec })).letterIds);
  }

  /** Writes the read model and tells the parent; called after every change of a measure or term. */
  async publish(): Promise<void> {
    await this.tracked(async () => {
      this.revision++;
      await activities.saveMeasures({ caseNumber: this.caseNumber, revision: this.revision, measures: JSON.parse(JSON.stringify(this.measures)) as MeasureState[] });
      await tellParent({ status: 'compliance', nextDeadline: this.terms.nextDeadline() });
    });
  }

  // ------------------------------------------------------------------ validators' guards

  requireNotOver(): void {
    if (this.over()) refuse('compliance-ended', 'action', { caseNumber: this.caseNumber });
  }
  requireOpen(): void {
    this.requireNotOver();
    if (this.status === 'awaiting-escalation-approval') refuse('escalation-awaits-approval');
  }
  requireMeasure(measureId: unknown): MeasureState {
    const m = this.find(measureId);
    if (!m) refuse('unknown-measure', 'measureId', { measureId: String(measureId) });
    return m;
  }
}

export const termRunning = (t: TermState | undefined): boolean => t?.status === 'running';
