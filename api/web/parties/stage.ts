/**
 * The stage bar and "your next step" of a party page, in the page's language: the domain says which
 * stage and which task (domain/caseStage.ts), this module says it in words — the task with its due
 * date written out with its weekday, and the term's legal explanation to fold away.
 */
import { longDate } from '../../../domain/calendar/words';
import { caseStage, type StageInput, type StageRole, type StageTerm } from '../../../domain/caseStage';
import type { CaseStatus } from '../../../domain/caseStatus';
import type { TermState } from '../../../domain/termLedger';
import { isMessageKey, messageKey, translate, type Lang } from '../i18n';
import type { ProcedureStates } from './actionForms';

export interface StageView {
  stage: string;
  steps: Array<{ key: string; label: string; state: string; stateLabel: string; current: boolean }>;
  task: { kind: string; text: string; due: string | null; explanation: string | null };
}

const asTerm = (t: TermState): StageTerm => ({ id: t.id, key: t.key, due: t.due });

/** The domain's input, from the workflows' views (absent views: the stored status only). */
export function stageInput(states: ProcedureStates, fallbackStatus: CaseStatus, panelMemberId?: string, respondentStatementIn?: boolean): StageInput {
  const c = states.complaint;
  const h = states.hearing;
  const m = states.compliance;
  return {
    status: c?.status ?? fallbackStatus,
    allowedActions: c?.allowedActions ?? [],
    terms: (c?.terms ?? []).map(asTerm),
    awaitingApproval: c?.awaitingApproval.length ?? 0,
    hearing: h ? { status: h.status, allowedActions: h.allowedActions, terms: h.terms.map(asTerm), availability: h.availability, schedule: h.schedule, postponementsUsed: h.postponementsUsed } : null,
    compliance: m ? { allowedActions: m.allowedActions, terms: m.terms.map(asTerm), measures: m.measures } : null,
    panelMemberId,
    respondentStatementIn,
  };
}

export function stageView(lang: Lang, role: StageRole, states: ProcedureStates, fallbackStatus: CaseStatus, panelMemberId?: string, respondentStatementIn?: boolean): StageView {
  const input = stageInput(states, fallbackStatus, panelMemberId, respondentStatementIn);
  const { stage, steps, task } = caseStage(input, role);
  const allTerms = [...(states.complaint?.terms ?? []), ...(states.hearing?.terms ?? []), ...(states.compliance?.terms ?? [])];
  const term = task.termId ? allTerms.find((t) => t.id === task.termId) : undefined;
  const open = `task.${task.kind}.open`;
  const key = task.due === null && isMessageKey(open) ? open : `task.${task.kind}`;
  const text = translate(lang, messageKey(key), {
    date: task.due ? longDate(task.due, lang) : '',
    hearingDate: task.hearingDate ? longDate(task.hearingDate, lang) : '',
    time: task.hearingTime ?? '',
  });
  return {
    stage,
    steps: steps.map((s) => ({
      key: s.stage,
      label: translate(lang, messageKey(`stage.${s.stage}`)),
      state: s.state,
      stateLabel: translate(lang, messageKey(`stage.${s.state}`)),
      current: s.state === 'current',
    })),
    task: { kind: task.kind, text, due: task.due, explanation: term && term.due === task.due ? term.explanation[lang] : null },
  };
}
