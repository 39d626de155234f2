/**
 * What every handler and phase of the hearing workflow works with: the state, the terms, the
 * calendar, and the operations on them (an audit step, a read-model write, the dates the panel
 * may choose from, the validators' guards, the view). Handlers (handlers/*.ts) and phases
 * (phases/*.ts) get it as their only argument.
 */
import type { CaseStepInput } from '../../activities';
import type { LegalCalendar } from '../../domain/calendar';
import { earliestHearingDate, firstWorkingDayFrom, postponementDeadline, proposeDates } from '../../domain/hearing';
import type { TermState } from '../../domain/termLedger';
import type { HearingView } from '../../contracts/messages';
import type { PostponingParty, RespondentParty } from '../../contracts/actors';
import { refuse } from '../../contracts/refusals';
import { activities } from '../activityProxies';
import { CaseTerms, today } from '../caseTerms';
import { initialSnapshot, PARTIES, type HearingInput, type HearingSnapshot, type HearingStatus } from './state';

export class HearingContext {
  readonly caseNumber: string;
  readonly s: HearingSnapshot;
  readonly terms: CaseTerms;
  readonly calendar: LegalCalendar;
  /** A secretary asked to try forming the panel again. */
  retryRequested = false;
  /** How often the panel was tried: retryPanel answers once the next attempt is on file. */
  panelAttempts = 0;
  /** The term watcher is writing: continue-as-new and the end wait for it. */
  backgroundBusy = false;

  constructor(readonly input: HearingInput) {
    this.caseNumber = input.caseNumber;
    this.s = input.resume ?? initialSnapshot(input);
    this.terms = new CaseTerms(input.policy ?? input.policyVersion, this.s.ledger, input.calendarVersion);
    this.calendar = this.terms.calendar;
  }

  readonly finished = (): boolean => this.s.status === 'held' || this.s.status === 'cancelled';
  readonly cancelling = (): boolean => this.s.cancelRequested !== null;

  async step(name: string, spec: Omit<CaseStepInput, 'caseNumber' | 'step'>): Promise<void> {
    await activities.applyCaseStep({ caseNumber: this.caseNumber, step: `hearing/${name}-${++this.s.occasion}`, ...spec });
  }

  async save(): Promise<void> {
    const s = this.s;
    const revision = ++s.revision;
    await activities.saveHearing({
      caseNumber: this.caseNumber,
      revision,
      status: s.status,
      panel: s.panel,
      schedule: s.schedule,
      postponements: s.postponements,
      availability: s.availability,
      panelProblem: s.panelProblem,
      result: s.result,
    });
  }

  /** The panel as letters name it: with e-mail only in letters to the panel itself. */
  panelForLetter(withEmail: boolean) {
    return this.s.panel.map((m) => (withEmail ? { name: m.name, role: m.role, email: m.email } : { name: m.name, role: m.role }));
  }

  runningTerm(id: string): TermState | undefined {
    const term = this.terms.get(id);
    return term && term.status === 'running' ? term : undefined;
  }

  /** The last day the hearing may be held: the end of the running term for the hearing, if known. */
  latestHearingDate(): string | null {
    return this.runningTerm('hearingWithin')?.due ?? null;
  }

  earliestDate(): string {
    return firstWorkingDayFrom(earliestHearingDate(today(), this.terms.policy, this.calendar), this.calendar);
  }

  proposed(): string[] {
    return proposeDates(this.s.availability, { earliest: this.earliestDate(), latest: this.latestHearingDate(), calendar: this.calendar });
  }

  /** Whose availability the dates wait for: the two parties and the panel. */
  respondents(): string[] {
    return ['complainant', 'school', ...this.s.panel.map((m) => m.memberId)];
  }

  /**
   * The persons complained about (respondent:1 …, from the input): each may give availability and
   * ask a postponement, but the dates do not wait for them (issue 12).
   */
  respondentParties(): RespondentParty[] {
    return Array.from({ length: this.input.respondents ?? 0 }, (_, i): RespondentParty => `respondent:${i + 1}`);
  }

  /** Who may ask a postponement, once each. */
  postponingParties(): PostponingParty[] {
    return [...PARTIES, ...this.respondentParties()];
  }

  postponementOpen(): boolean {
    const s = this.s;
    return s.status === 'scheduled' && s.schedule !== null && today() <= postponementDeadline(s.schedule.date, this.terms.policy, this.calendar).due;
  }

  allowedActions(): string[] {
    const s = this.s;
    if (this.finished() || this.cancelling()) return [];
    const actions: string[] = [];
    if (s.status === 'forming-panel' && s.panelProblem) actions.push('retryPanel');
    if (s.status === 'collecting-availability' || s.status === 'awaiting-date') actions.push('submitAvailability', 'scheduleHearing');
    if (s.status === 'scheduled' && s.schedule) {
      const used = s.postponements.map((p) => p.party);
      if (this.postponementOpen() && this.postponingParties().some((p) => !used.includes(p))) actions.push('requestPostponement');
      if (today() >= s.schedule.date) actions.push('recordHearing');
    }
    if (this.terms.extensionRefusal('hearingWithin') === undefined) actions.push('extendHearingTerm');
    return actions;
  }

  readonly view = (): HearingView => {
    const s = this.s;
    return {
      caseNumber: this.caseNumber,
      status: s.status,
      panel: s.panel,
      availability: s.availability,
      schedule: s.schedule,
      proposedDates: s.status === 'collecting-availability' || s.status === 'awaiting-date' ? this.proposed() : [],
      postponementsUsed: s.postponements.map((p) => p.party),
      terms: this.terms.running(),
      allowedActions: this.allowedActions(),
      panelProblem: s.panelProblem,
    };
  };

  // ------------------------------------------------------------------ validators' guards

  requireOpen(): void {
    if (this.cancelling() || this.s.status === 'cancelled') refuse('hearing-cancelled', 'action', { caseNumber: this.caseNumber });
    if (this.s.status === 'held') refuse('hearing-recorded', 'action', { caseNumber: this.caseNumber });
  }

  requireStatus(...allowed: HearingStatus[]): void {
    this.requireOpen();
    if (!allowed.includes(this.s.status)) refuse('wrong-hearing-status', 'action', { status: this.s.status, allowed: allowed.join(', ') });
  }
}
