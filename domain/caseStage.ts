/**
 * Where a case stands and what each person has to do next, from the states of its workflows: the
 * stage bar every party page shows (received → admissibility → defence → reply round → hearing →
 * advice → compliance → closed) and, per role, the one open task with the date it is due. Pure:
 * the pages turn the task into words (api/web/parties/stage.ts).
 */
import { isClosed, type CaseStatus } from './caseStatus';

export const STAGES = ['received', 'admissibility', 'defence', 'reply-round', 'hearing', 'advice', 'compliance', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export type StageRole = 'complainant' | 'school' | 'respondent' | 'panel' | 'secretary';

/** A running term as the workflows report it (only what the stage needs). */
export interface StageTerm {
  id: string;
  key: string;
  due: string | null;
}

/** What the stage is computed from: the workflows' own views, reduced to plain data. */
export interface StageInput {
  status: CaseStatus;
  /** The complaint workflow's allowed actions and running terms. */
  allowedActions: readonly string[];
  terms: readonly StageTerm[];
  awaitingApproval: number;
  hearing?: {
    status: 'forming-panel' | 'collecting-availability' | 'awaiting-date' | 'scheduled' | 'held' | 'cancelled';
    allowedActions: readonly string[];
    terms: readonly StageTerm[];
    availability: Readonly<Record<string, readonly string[]>>;
    schedule: { date: string; startTime: string; location: string } | null;
    postponementsUsed: readonly string[];
  } | null;
  compliance?: { allowedActions: readonly string[]; terms: readonly StageTerm[]; measures: ReadonlyArray<{ status: string }> } | null;
  /** For the panel: the member's key in the hearing's availability (their member id). */
  panelMemberId?: string;
  /** For a person complained about: whether their written statement is in. */
  respondentStatementIn?: boolean;
}

export type TaskKind =
  | 'complete-complaint'
  | 'resume-after-referral'
  | 'report-referral'
  | 'defence'
  | 'respondent-statement'
  | 'reply'
  | 'rejoinder'
  | 'availability'
  | 'attend-hearing'
  | 'answer-advice'
  | 'report-measures'
  | 'confirm-reporting-duty'
  | 'draft-advice'
  | 'approve'
  | 'decide-admissibility'
  | 'follow-reply-round'
  | 'form-panel'
  | 'schedule-hearing'
  | 'record-hearing'
  | 'verify-measures'
  | 'review-not-reportable'
  | 'wait';

export interface OpenTask {
  kind: TaskKind;
  /** The last day to act, as the workflow computed it (null: no term, e.g. waiting on others). */
  due: string | null;
  /** The term the due date comes from, whose explanation the page folds away. */
  termId: string | null;
  /** The hearing date, for tasks about the hearing. */
  hearingDate?: string;
  hearingTime?: string;
}

export interface CaseStage {
  stage: Stage;
  steps: Array<{ stage: Stage; state: 'done' | 'current' | 'upcoming' }>;
  task: OpenTask;
}

/** The stage of a case status: several states of process.md share one stage of the bar. */
export function stageOfStatus(status: CaseStatus): Stage {
  if (isClosed(status)) return 'closed';
  switch (status) {
    case 'received':
      return 'received';
    case 'awaiting-completion':
    case 'admissibility':
    case 'referred-to-school':
    case 'mediation':
      return 'admissibility';
    case 'defence':
      return 'defence';
    case 'reply-round':
      return 'reply-round';
    case 'hearing-scheduling':
    case 'hearing-scheduled':
      return 'hearing';
    case 'deliberation':
    case 'advice-issued':
      return 'advice';
    case 'compliance':
      return 'compliance';
  }
}

function term(terms: readonly StageTerm[] | undefined, key: string): StageTerm | undefined {
  return (terms ?? []).find((t) => t.key === key || t.id === key);
}

function task(kind: TaskKind, t?: StageTerm, extra: Partial<OpenTask> = {}): OpenTask {
  return { kind, due: t?.due ?? null, termId: t?.id ?? null, ...extra };
}

/** The earliest-due running term whose key is `key` (compliance has one per measure). */
function earliest(terms: readonly StageTerm[] | undefined, key: string): StageTerm | undefined {
  return [...(terms ?? [])].filter((t) => t.key === key && t.due).sort((a, b) => (a.due! < b.due! ? -1 : 1))[0];
}

/** `mayPostpone`: a party may ask once for a postponement; a panel member may not (process.md step 10). */
function hearingTask(input: StageInput, party: string, mayPostpone = true): OpenTask | undefined {
  const h = input.hearing;
  if (!h) return undefined;
  if (h.status === 'collecting-availability' && !(h.availability[party]?.length)) return task('availability', term(h.terms, 'availability'));
  if (h.status === 'scheduled' && h.schedule) {
    // The invitation's postponement deadline is the term that still runs for the party.
    const postpone = mayPostpone && !h.postponementsUsed.includes(party) ? term(h.terms, 'postponementRequest') : undefined;
    return task('attend-hearing', postpone, { hearingDate: h.schedule.date, hearingTime: h.schedule.startTime });
  }
  return undefined;
}

function complainantTask(input: StageInput): OpenTask {
  const a = input.allowedActions;
  if (a.includes('completeComplaint')) return task('complete-complaint', term(input.terms, 'completion'));
  if (a.includes('submitReply')) return task('reply', term(input.terms, 'reply'));
  if (a.includes('resumeAfterReferral') && term(input.terms, 'referralResume')) return task('resume-after-referral', term(input.terms, 'referralResume'));
  return hearingTask(input, 'complainant') ?? task('wait');
}

function schoolTask(input: StageInput): OpenTask {
  const a = input.allowedActions;
  if (a.includes('submitDefence')) return task('defence', term(input.terms, 'defence'));
  if (a.includes('submitRejoinder')) return task('rejoinder', term(input.terms, 'rejoinder'));
  if (a.includes('reportReferral')) return task('report-referral', term(input.terms, 'referralReport'));
  // After the reminder, the grace period is the answer's last day (process.md step 14).
  if (a.includes('answerAdvice')) return task('answer-advice', term(input.terms, 'schoolAnswer') ?? term(input.terms, 'schoolAnswerGrace'));
  if (input.compliance?.allowedActions.includes('reportMeasure')) return task('report-measures', earliest(input.compliance.terms, 'compliance'));
  const hearing = hearingTask(input, 'school');
  if (hearing) return hearing;
  if (a.includes('confirmReportingDuty')) return task('confirm-reporting-duty', term(input.terms, 'reportingDuty'));
  return task('wait');
}

/**
 * A person complained about: their written statement while the defence term runs, then the hearing
 * (they are invited; the hearing's availability and postponements are the two parties').
 */
function respondentTask(input: StageInput): OpenTask {
  if (input.allowedActions.includes('submitRespondentStatement') && !input.respondentStatementIn) return task('respondent-statement', term(input.terms, 'defence'));
  const h = input.hearing;
  if (h?.status === 'scheduled' && h.schedule) return task('attend-hearing', undefined, { hearingDate: h.schedule.date, hearingTime: h.schedule.startTime });
  return task('wait');
}

function panelTask(input: StageInput): OpenTask {
  if (input.allowedActions.includes('issueAdvice')) return task('draft-advice', term(input.terms, 'advice'));
  if (input.awaitingApproval > 0 && input.status === 'deliberation') return task('approve');
  return (input.panelMemberId ? hearingTask(input, input.panelMemberId, false) : undefined) ?? task('wait');
}

function secretaryTask(input: StageInput): OpenTask {
  const a = input.allowedActions;
  const h = input.hearing;
  if (input.awaitingApproval > 0) return task('approve');
  if (a.includes('decideAdmissibility')) return task('decide-admissibility', term(input.terms, 'admissibility'));
  // The board says the incident is not reportable: the reporting term runs on until this is reviewed.
  if (a.includes('reviewNotReportable')) return task('review-not-reportable', term(input.terms, 'reportingDuty'));
  if (a.includes('submitReply') || a.includes('submitRejoinder')) return task('follow-reply-round', term(input.terms, a.includes('submitReply') ? 'reply' : 'rejoinder'));
  if (a.includes('decideReplyRound')) return task('follow-reply-round');
  if (h?.status === 'forming-panel') return task('form-panel', term(h.terms, 'hearingWithin'));
  if (h && (h.status === 'collecting-availability' || h.status === 'awaiting-date')) return task('schedule-hearing', term(h.terms, 'hearingWithin'));
  if (h?.status === 'scheduled' && h.schedule) return task('record-hearing', undefined, { due: h.schedule.date, hearingDate: h.schedule.date, hearingTime: h.schedule.startTime });
  if (input.compliance?.allowedActions.includes('verifyMeasure') && input.compliance.measures.some((m) => m.status === 'reported')) return task('verify-measures');
  return task('wait');
}

/** The stage bar and the open task of `role`, from the case's workflow states. */
export function caseStage(input: StageInput, role: StageRole): CaseStage {
  const stage = stageOfStatus(input.status);
  const at = STAGES.indexOf(stage);
  const steps = STAGES.map((s, i) => ({ stage: s, state: (i < at || stage === 'closed' ? 'done' : i === at ? 'current' : 'upcoming') as 'done' | 'current' | 'upcoming' }));
  if (stage === 'closed') steps[steps.length - 1].state = 'current';
  const closed = isClosed(input.status);
  const open: OpenTask = closed
    ? task('wait')
    : role === 'complainant'
      ? complainantTask(input)
      : role === 'school'
        ? schoolTask(input)
        : role === 'respondent'
          ? respondentTask(input)
        : role === 'panel'
          ? panelTask(input)
          : secretaryTask(input);
  return { stage, steps, task: open };
}
