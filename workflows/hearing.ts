/**
 * The hearing child workflow (process.md steps 8–11), ID `hearing-<caseNumber>`: the complaint
 * workflow starts it after the defence/reply round and waits for its HearingResult.
 *
 *   forming-panel → collecting-availability → awaiting-date → scheduled → held
 *        ↑ retryPanel          (all answered / term expired)   ↓ requestPostponement (once per party)
 *                                               awaiting-date ←┘
 *   any open state → cancelled (cancelChild signal from the parent: the case was withdrawn)
 *
 * Terms (CaseTerms, from the case's policy version): `hearingWithin` from the close of the written
 * round (extendable once: extendHearingTerm; suspended while a postponed hearing waits for a new
 * date), `availability` for the answers, `postponementRequest` counted back from the hearing date.
 * The notice period (`hearingNotice`, counted back) is a validator rule: a date is refused when its
 * invitation would be late.
 *
 * Updates change the state at once (before any await) and then write their own audit step, so two
 * updates never both pass a validator for one state; the main loop owns the timers: panel
 * formation, availability expiry, the end of the postponement window and the reminder 2 days before
 * the hearing. Every write is an idempotent activity with a step key unique per occasion.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseStepInput } from '../activities';
import type { Postponement } from '../activities/hearings';
import { isWorkingDay } from '../domain/calendar';
import type { CaseStatus } from '../domain/caseStatus';
import { addDays, startOfAmsterdamDay } from '../domain/clock';
import {
  candidateDates,
  earliestHearingDate,
  firstWorkingDayFrom,
  invitationDeadline,
  postponementDeadline,
  proposeDates,
} from '../domain/hearing';
import type { TermLedger, TermState } from '../domain/termLedger';
import { ACTIONS, AVAILABILITY_ROLES, POSTPONEMENT_ROLES } from '../contracts/actions';
import { HEARING_PARTIES } from '../contracts/actors';
import { PANEL_UNAVAILABLE } from '../contracts/failureTypes';
import { refuse } from '../contracts/refusals';
import { activities } from './activityProxies';
import { CaseTerms, today } from './caseTerms';
import type { PolicyVersion } from '../domain/policy';
import { requireActor, validateAction, validateInput } from './validation';
import {
  cancelChildSignal,
  childProgressSignal,
  extendHearingTermUpdate,
  hearingStateQuery,
  recordHearingUpdate,
  requestPostponementUpdate,
  retryPanelUpdate,
  scheduleHearingUpdate,
  submitAvailabilityUpdate,
  type HearingParty,
  type HearingResult,
  type HearingSchedule,
  type HearingView,
  type PanelMember,
} from '../contracts/messages';
import { handleCalendarReleases } from './calendarRelease';

export interface HearingInput {
  caseNumber: string;
  policyVersion: string;
  /** The policy version valid on the filing day, as stored (issue 13); absent in cases started before snapshots. */
  policy?: PolicyVersion;
  schoolBrin: string;
  schoolName: string;
  /** The calendar release the case is pinned to (domain/calendar/releases); absent: the first release. */
  calendarVersion?: string;
  /** The day the written round (defence, reply, rejoinder) closed: the term for the hearing runs from it. */
  defenceRoundClosedOn: string;
  /** Terms carried over (continue-as-new). */
  ledger?: TermLedger;
  /** The whole state, when the workflow continues as new. */
  resume?: HearingSnapshot;
  /** Continue-as-new after this many history events (tests set it low). */
  maxHistoryEvents?: number;
}

type HearingStatus = HearingView['status'];

/** Everything the workflow knows: plain data, carried through continue-as-new. */
export interface HearingSnapshot {
  status: HearingStatus;
  panel: PanelMember[];
  panelProblem: string | null;
  availability: Record<string, string[]>;
  candidateDates: string[];
  schedule: HearingSchedule | null;
  /** How often a date was set; the reminder and the step keys of one date go by it. */
  scheduleCount: number;
  remindedFor: number;
  postponements: Postponement[];
  result: HearingResult | null;
  cancelRequested: { reason: string } | null;
  ledger: TermLedger;
  /** Counts occasions, so every step key is unique per case. */
  occasion: number;
  /** Counts read-model writes; the table keeps the newest. */
  revision: number;
}

const DEFAULT_MAX_HISTORY_EVENTS = 5_000;
const PARTIES: readonly HearingParty[] = HEARING_PARTIES;
const PARTY_NL: Record<HearingParty, string> = { complainant: 'de klager', school: 'het bevoegd gezag' };
/** The hearing reminder goes out this many days before the hearing (an event; no letter kind exists). */
const REMINDER_DAYS_BEFORE = 2;

export async function hearingWorkflow(input: HearingInput): Promise<HearingResult> {
  const { caseNumber } = input;
  const s: HearingSnapshot = input.resume ?? {
    status: 'forming-panel',
    panel: [],
    panelProblem: null,
    availability: {},
    candidateDates: [],
    schedule: null,
    scheduleCount: 0,
    remindedFor: 0,
    postponements: [],
    result: null,
    cancelRequested: null,
    ledger: input.ledger ?? {},
    occasion: 0,
    revision: 0,
  };
  const terms = new CaseTerms(input.policy ?? input.policyVersion, s.ledger, input.calendarVersion);
  const calendar = terms.calendar;
  let retryRequested = false;
  let panelAttempts = 0;
  let backgroundBusy = false;

  // ------------------------------------------------------------------ helpers

  const finished = () => s.status === 'held' || s.status === 'cancelled';
  const cancelling = () => s.cancelRequested !== null;

  async function step(name: string, spec: Omit<CaseStepInput, 'caseNumber' | 'step'>): Promise<void> {
    await activities.applyCaseStep({ caseNumber, step: `hearing/${name}-${++s.occasion}`, ...spec });
  }

  async function save(): Promise<void> {
    const revision = ++s.revision;
    await activities.saveHearing({
      caseNumber,
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

  /** The case's status lives in the parent: tell it (and skip when started on its own, as in tests). */
  async function tellParent(status: CaseStatus, nextDeadline: string | null): Promise<void> {
    const parent = workflowInfo().parent;
    if (!parent) return;
    try {
      await getExternalWorkflowHandle(parent.workflowId).signal(childProgressSignal, { status, nextDeadline });
    } catch {
      // The parent is gone (closed); nobody is left to tell.
    }
  }

  function letterTerm(term: TermState | { due: string | null; explanation: { nl: string } } | undefined) {
    return term && term.due ? { ...('id' in term ? { termId: term.id } : {}), due: term.due, explanation: term.explanation.nl } : null;
  }

  /** The panel as letters name it: with e-mail only in letters to the panel itself. */
  function panelForLetter(withEmail: boolean) {
    return s.panel.map((m) => (withEmail ? { name: m.name, role: m.role, email: m.email } : { name: m.name, role: m.role }));
  }

  function runningTerm(id: string): TermState | undefined {
    const term = terms.get(id);
    return term && term.status === 'running' ? term : undefined;
  }

  /** The last day the hearing may be held: the end of the running term for the hearing, if known. */
  function latestHearingDate(): string | null {
    return runningTerm('hearingWithin')?.due ?? null;
  }

  function earliestDate(): string {
    return firstWorkingDayFrom(earliestHearingDate(today(), terms.policy, calendar), calendar);
  }

  const proposed = () => proposeDates(s.availability, { earliest: earliestDate(), latest: latestHearingDate(), calendar });

  const respondents = () => ['complainant', 'school', ...s.panel.map((m) => m.memberId)];

  function postponementOpen(): boolean {
    return s.status === 'scheduled' && s.schedule !== null && today() <= postponementDeadline(s.schedule.date, terms.policy, calendar).due;
  }

  function canExtend(): boolean {
    return terms.extensionRefusal('hearingWithin') === undefined;
  }

  function allowedActions(): string[] {
    if (finished() || cancelling()) return [];
    const actions: string[] = [];
    if (s.status === 'forming-panel' && s.panelProblem) actions.push('retryPanel');
    if (s.status === 'collecting-availability' || s.status === 'awaiting-date') actions.push('submitAvailability', 'scheduleHearing');
    if (s.status === 'scheduled' && s.schedule) {
      const used = s.postponements.map((p) => p.party);
      if (postponementOpen() && PARTIES.some((p) => !used.includes(p))) actions.push('requestPostponement');
      if (today() >= s.schedule.date) actions.push('recordHearing');
    }
    if (canExtend()) actions.push('extendHearingTerm');
    return actions;
  }

  const view = (): HearingView => ({
    caseNumber,
    status: s.status,
    panel: s.panel,
    availability: s.availability,
    schedule: s.schedule,
    proposedDates: s.status === 'collecting-availability' || s.status === 'awaiting-date' ? proposed() : [],
    postponementsUsed: s.postponements.map((p) => p.party),
    terms: terms.running(),
    allowedActions: allowedActions(),
    panelProblem: s.panelProblem,
  });

  // ------------------------------------------------------------------ validation

  function requireOpen(): void {
    if (cancelling() || s.status === 'cancelled') refuse('hearing-cancelled', 'action', { caseNumber });
    if (s.status === 'held') refuse('hearing-recorded', 'action', { caseNumber });
  }
  function requireStatus(...allowed: HearingStatus[]): void {
    requireOpen();
    if (!allowed.includes(s.status)) refuse('wrong-hearing-status', 'action', { status: s.status, allowed: allowed.join(', ') });
  }

  // ------------------------------------------------------------------ queries, updates, signal

  setHandler(hearingStateQuery, view);
  handleCalendarReleases(terms, {
    isOpen: () => !finished() && !cancelling(),
    onApplied: async ({ from, to, changes, by }) => {
      await step('calendar-release-applied', { actor: by.userId, events: [{ type: 'calendar.release-applied', data: { workflow: 'hearing', from, to, changes } }], termsMoved: changes });
    },
  });

  setHandler(cancelChildSignal, (req) => {
    if (!finished() && !cancelling()) s.cancelRequested = { reason: typeof req?.reason === 'string' ? req.reason : 'cancelled' };
  });

  setHandler(
    retryPanelUpdate,
    async () => {
      const before = panelAttempts;
      retryRequested = true;
      await condition(() => panelAttempts > before || cancelling());
      return view();
    },
    {
      validator: (req) => {
        requireStatus('forming-panel');
        validateAction('retryPanel', req);
        if (!s.panelProblem || retryRequested) refuse('panel-being-formed');
      },
    },
  );

  setHandler(
    submitAvailabilityUpdate,
    async (req) => {
      const dates = [...new Set(req.dates)].sort();
      s.availability = { ...s.availability, [req.respondent]: dates };
      await step('availability-submitted', { actor: req.by.userId, events: [{ type: 'hearing.availability-submitted', data: { respondent: req.respondent, dates } }] });
      await save();
      return view();
    },
    {
      validator: (req) => {
        requireStatus('collecting-availability', 'awaiting-date');
        const known = respondents();
        if (typeof req?.respondent !== 'string' || !known.includes(req.respondent)) {
          refuse('unknown-respondent', 'respondent', { respondent: String(req?.respondent), members: s.panel.map((m) => m.memberId).join(', ') });
        }
        const respondent: string = req.respondent;
        const roles = respondent === 'complainant' || respondent === 'school' ? AVAILABILITY_ROLES[respondent] : AVAILABILITY_ROLES.panel;
        validateAction('submitAvailability', req, roles);
        const now = today();
        const earliest = earliestHearingDate(now, terms.policy, calendar);
        (req.dates as string[]).forEach((d, i) => {
          if (d < now) refuse('date-in-past', `dates[${i}]`, { date: d });
          if (d < earliest) refuse('within-notice', `dates[${i}]`, { date: d, earliest });
        });
      },
    },
  );

  setHandler(
    scheduleHearingUpdate,
    async (req) => {
      const schedule: HearingSchedule = { date: req.date, startTime: req.startTime, location: req.location.trim(), ...(req.videoLink ? { videoLink: req.videoLink.trim() } : {}) };
      const lastPostponement = s.status === 'awaiting-date' && s.postponements.length > 0 && s.scheduleCount === s.postponements.length ? s.postponements[s.postponements.length - 1] : null;
      s.schedule = schedule;
      s.scheduleCount++;
      s.status = 'scheduled';
      if (runningTerm('availability')) terms.close('availability', 'cancelled');
      const within = runningTerm('hearingWithin');
      if (within && within.suspensions.some((x) => x.until === undefined)) terms.resume('hearingWithin');
      const hearingDue = runningTerm('hearingWithin')?.due ?? terms.get('hearingWithin')?.due ?? null;
      const window = terms.start('postponementRequest', 'de hoorzitting', { trigger: schedule.date });
      const notice = invitationDeadline(schedule.date, terms.policy, calendar);
      const invitation = { hearingDate: schedule.date, startTime: schedule.startTime, location: schedule.location, ...(schedule.videoLink ? { videoLink: schedule.videoLink } : {}) };
      const letters: CaseStepInput['letters'] = [
        { kind: 'uitnodiging-hoorzitting', to: 'all-parties', term: letterTerm(window), details: { ...invitation, panel: panelForLetter(false) } },
        { kind: 'uitnodiging-hoorzitting', to: 'panel', term: letterTerm(window), details: { ...invitation, panel: panelForLetter(true) } },
      ];
      if (lastPostponement) {
        // After a postponement: the confirmation names the new date (the template expects it).
        const details = { requestedBy: PARTY_NL[lastPostponement.party], reason: lastPostponement.reason, oldDate: lastPostponement.oldDate, newDate: schedule.date };
        letters.push({ kind: 'bevestiging-uitstel', to: 'all-parties', details }, { kind: 'bevestiging-uitstel', to: 'panel', details: { ...details, panel: panelForLetter(true) } });
      }
      await step('invitation', {
        actor: req.by.userId,
        status: 'hearing-scheduled',
        nextDeadline: schedule.date,
        events: [
          {
            type: 'hearing.scheduled',
            data: { ...schedule, occasion: s.scheduleCount, invitationDue: notice.due, postponementRequestDue: window.due, hearingDue, withinTerm: hearingDue === null || schedule.date <= hearingDue },
          },
        ],
        letters,
      });
      await tellParent('hearing-scheduled', schedule.date);
      await save();
      return view();
    },
    {
      validator: (req) => {
        requireStatus('collecting-availability', 'awaiting-date');
        validateAction('scheduleHearing', req);
        const now = today();
        if (req.date < now) refuse('date-in-past', 'date', { date: req.date });
        if (!isWorkingDay(req.date, calendar)) refuse('not-working-day', 'date', { date: req.date });
        const notice = invitationDeadline(req.date, terms.policy, calendar);
        if (notice.due < now) refuse('too-soon', 'date', { date: req.date, due: notice.due, today: now, earliest: earliestDate() });
      },
    },
  );

  setHandler(
    requestPostponementUpdate,
    async (req) => {
      const oldDate = s.schedule!.date;
      const postponement: Postponement = { party: req.party, reason: req.reason.trim(), requestedOn: today(), oldDate, by: req.by.userId };
      s.postponements = [...s.postponements, postponement];
      s.schedule = null;
      s.status = 'awaiting-date';
      terms.close('postponementRequest', 'met');
      // A postponement at a party's request stops the clock of the term for the hearing until a new date is set.
      const within = runningTerm('hearingWithin');
      if (within && !within.suspensions.some((x) => x.until === undefined)) terms.suspend('hearingWithin', 'postponement');
      const details = { requestedBy: PARTY_NL[req.party], reason: postponement.reason, oldDate };
      await step('postponed', {
        actor: req.by.userId,
        status: 'hearing-scheduling',
        nextDeadline: terms.nextDeadline(),
        events: [{ type: 'hearing.postponed', data: { party: req.party, reason: postponement.reason, oldDate } }],
        letters: [
          { kind: 'bevestiging-uitstel', to: 'all-parties', details },
          { kind: 'bevestiging-uitstel', to: 'panel', details: { ...details, panel: panelForLetter(true) } },
        ],
      });
      await tellParent('hearing-scheduling', terms.nextDeadline());
      await save();
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        if (!PARTIES.includes(req?.party as HearingParty)) refuse('not-party', 'party');
        validateAction('requestPostponement', req, POSTPONEMENT_ROLES[req.party as HearingParty]);
        if (s.postponements.some((p) => p.party === req.party)) refuse('postponement-used', 'party', { party: req.party });
        if (s.status !== 'scheduled' || !s.schedule) refuse('nothing-scheduled');
        const last = postponementDeadline(s.schedule.date, terms.policy, calendar);
        if (today() > last.due) refuse('postponement-too-late', 'action', { date: s.schedule.date, due: last.due });
      },
    },
  );

  setHandler(
    recordHearingUpdate,
    async (req) => {
      const absentParties = [...new Set(req.absentParties)];
      const heldOn = s.schedule!.date;
      const outcome: HearingResult['outcome'] = absentParties.length > 0 ? 'party-absent' : 'held';
      s.result = { outcome, heldOn, panel: s.panel, absentParties };
      s.status = 'held';
      if (runningTerm('postponementRequest')) terms.close('postponementRequest', 'expired');
      const within = runningTerm('hearingWithin');
      if (within) terms.close('hearingWithin', within.due !== null && heldOn <= within.due ? 'met' : 'expired');
      await step('recorded', {
        actor: req.by.userId,
        events: [
          {
            type: outcome === 'held' ? 'hearing.held' : 'hearing.party-absent',
            data: { heldOn, held: req.held, absentParties, minutes: req.minutes, decideOnFile: absentParties.length > 0 },
          },
        ],
      });
      await save();
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        if (s.status !== 'scheduled' || !s.schedule) refuse('nothing-scheduled');
        requireActor(req?.by, ACTIONS.recordHearing.roles);
        const now = today();
        if (now < s.schedule.date) refuse('hearing-not-yet', 'action', { date: s.schedule.date, today: now });
        validateInput('recordHearing', req);
      },
    },
  );

  setHandler(
    extendHearingTermUpdate,
    async (req) => {
      const term = terms.extend('hearingWithin', req.reason.trim());
      await step('term-extended', { actor: req.by.userId, events: [{ type: 'term.extended', data: { termId: 'hearingWithin', due: term.due, reason: req.reason.trim() } }] });
      return view();
    },
    {
      validator: (req) => {
        requireOpen();
        validateAction('extendHearingTerm', req);
        const refusal = terms.extensionRefusal('hearingWithin');
        if (refusal) refuse(refusal.code, 'action', refusal.params);
      },
    },
  );

  // ------------------------------------------------------------------ phases

  /** Waits until `at` (epoch ms) or until `stop()` holds; answers whether it stopped early. */
  async function sleepUntil(at: number, stop: () => boolean): Promise<boolean> {
    const ms = at - Date.now();
    if (ms > 0) await condition(stop, ms);
    return stop();
  }

  async function formPanel(): Promise<void> {
    for (;;) {
      try {
        const panel = await activities.selectPanel({ caseNumber, schoolBrin: input.schoolBrin, schoolName: input.schoolName });
        s.panel = panel;
        s.panelProblem = null;
        break;
      } catch (err) {
        if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === PANEL_UNAVAILABLE)) throw err;
        s.panelProblem = err.cause.message;
        await step('panel-unavailable', { events: [{ type: 'hearing.panel-unavailable', data: { problem: s.panelProblem, to: ['secretary'] } }] });
        await save();
        panelAttempts++;
        await condition(() => retryRequested || cancelling());
        retryRequested = false;
        if (cancelling()) return;
      }
    }
    if (cancelling()) return;

    const candidates = candidateDates(earliestDate(), latestHearingDate(), calendar);
    s.candidateDates = candidates;
    const term = terms.start('availability', 'verzoek om beschikbaarheid');
    await step('availability-requested', {
      status: 'hearing-scheduling',
      nextDeadline: terms.nextDeadline(),
      events: [
        { type: 'hearing.panel-formed', data: { panel: s.panel.map((m) => ({ memberId: m.memberId, name: m.name, role: m.role })) } },
        { type: 'hearing.availability-requested', data: { due: term.due, candidateDates: candidates } },
      ],
      letters: [
        { kind: 'verzoek-beschikbaarheid', to: 'all-parties', term: letterTerm(term), details: { candidateDates: candidates } },
        { kind: 'verzoek-beschikbaarheid', to: 'panel', term: letterTerm(term), details: { candidateDates: candidates, panel: panelForLetter(true) } },
      ],
    });
    // Collecting from the moment the requests are on file.
    s.status = 'collecting-availability';
    await tellParent('hearing-scheduling', terms.nextDeadline());
    await save();
    panelAttempts++;
  }

  async function collectAvailability(): Promise<void> {
    const allAnswered = () => respondents().every((r) => s.availability[r] !== undefined);
    const left = () => cancelling() || s.status !== 'collecting-availability';
    const outcome = await terms.wait('availability', () => allAnswered() || left());
    if (left()) return;
    const term = terms.get('availability');
    s.status = 'awaiting-date';
    if (allAnswered()) {
      terms.close('availability', 'met');
      await step('availability-complete', { events: [{ type: 'hearing.availability-complete', data: { proposedDates: proposed() } }] });
    } else {
      // At expiry the secretary picks a date anyway (process.md step 8): a reminder on the record.
      if (outcome === 'expired') terms.close('availability', 'expired');
      const missing = respondents().filter((r) => s.availability[r] === undefined);
      await step('availability-reminder', {
        events: [{ type: 'hearing.availability-reminder', data: { due: term?.due ?? null, missing, proposedDates: proposed(), to: ['secretary'] } }],
      });
    }
    await save();
  }

  async function scheduled(): Promise<void> {
    const occasion = s.scheduleCount;
    const changed = () => cancelling() || s.status !== 'scheduled' || s.scheduleCount !== occasion;
    if (runningTerm('postponementRequest')) {
      const outcome = await terms.wait('postponementRequest', changed);
      if (changed()) return;
      // The window for a postponement has closed; the term simply ends.
      if (outcome === 'expired') terms.close('postponementRequest', 'expired');
    }
    if (s.remindedFor !== occasion && s.schedule) {
      const schedule = s.schedule;
      if (await sleepUntil(startOfAmsterdamDay(addDays(schedule.date, -REMINDER_DAYS_BEFORE)), changed)) return;
      s.remindedFor = occasion;
      await step('reminder', {
        events: [{ type: 'hearing.reminder', data: { hearingDate: schedule.date, startTime: schedule.startTime, location: schedule.location, to: ['all-parties', 'panel'] } }],
      });
    }
    // Wake on the day itself, so that the state (recordHearing now allowed) reads right from then on.
    if (s.schedule && (await sleepUntil(startOfAmsterdamDay(s.schedule.date), changed))) return;
    await condition(changed);
  }

  async function cancel(): Promise<void> {
    const reason = s.cancelRequested?.reason ?? 'cancelled';
    terms.closeAll('cancelled');
    s.status = 'cancelled';
    s.result = { outcome: 'cancelled', heldOn: null, panel: s.panel, absentParties: [] };
    await step('cancelled', { events: [{ type: 'hearing.cancelled', data: { reason } }] });
    await save();
  }

  /** Beside the phases: when the term for the hearing runs out, the secretary and chair are told. */
  async function watchHearingTerm(): Promise<void> {
    if (!runningTerm('hearingWithin')) return;
    const outcome = await terms.wait('hearingWithin', () => finished() || cancelling());
    if (outcome !== 'expired' || finished() || cancelling()) return;
    const due = terms.get('hearingWithin')?.due ?? null;
    terms.close('hearingWithin', 'expired');
    backgroundBusy = true;
    try {
      await step('term-expired', { events: [{ type: 'hearing.term-expired', data: { termId: 'hearingWithin', due, to: ['secretary', 'chair'] } }] });
    } finally {
      backgroundBusy = false;
    }
  }

  // ------------------------------------------------------------------ main loop

  if (!terms.get('hearingWithin')) terms.start('hearingWithin', 'sluiting van de schriftelijke ronde', { trigger: input.defenceRoundClosedOn });
  if (s.revision === 0) await save();
  void watchHearingTerm();
  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;

  while (!finished()) {
    if (cancelling()) {
      await cancel();
      break;
    }
    switch (s.status) {
      case 'forming-panel':
        await formPanel();
        break;
      case 'collecting-availability':
        await collectAvailability();
        break;
      case 'awaiting-date':
        await condition(() => s.status !== 'awaiting-date' || cancelling());
        break;
      case 'scheduled':
        await scheduled();
        break;
    }
    // Long-running hearings (many answers, retries) start a fresh history between phases.
    const info = workflowInfo();
    if (!finished() && !cancelling() && (info.continueAsNewSuggested || info.historyLength > maxEvents)) {
      await condition(() => allHandlersFinished() && !backgroundBusy);
      if (!finished() && !cancelling()) {
        await continueAsNew<typeof hearingWorkflow>({ ...input, calendarVersion: terms.pinnedCalendarVersion, ledger: undefined, resume: { ...s, ledger: terms.ledger } });
      }
    }
  }

  await condition(() => allHandlersFinished() && !backgroundBusy);
  return s.result!;
}
