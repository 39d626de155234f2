/**
 * The parties and the filing term as the case API, the console and the party pages show them: one
 * builder, so every door says the same. Staff see contact details; parties only names and roles.
 */
import { filingTermEnd } from '../../domain/filingTerm';
import { partiesForParty, representativesOf, respondentsOf } from '../../domain/parties';
import type { CaseEventRow, CaseRow } from '../../platform/store/cases';
import { ActionRefused } from '../errors';

export interface LateFilingView {
  /** Filed more than a year after the facts (flagged at intake). */
  lateFiling: boolean;
  /** The last day of the one-year term. */
  filingTermEnd: string | null;
  /** What the admissibility decision said about the lateness; null until decided (or when not late). */
  lateFilingDecision: { excused: boolean; reason: string } | null;
}

export function lateFilingOf(row: CaseRow, events: Array<Pick<CaseEventRow, 'type' | 'data'>>): LateFilingView {
  const decided = [...events].reverse().find((e) => e.type === 'admissibility.decided' && e.data && typeof e.data.lateFiling === 'object');
  const decision = decided?.data.lateFiling as { excused: boolean; reason: string } | undefined;
  const occurredOn = row.complaint.occurredOn;
  return {
    lateFiling: row.late_filing === true,
    filingTermEnd: /^\d{4}-\d{2}-\d{2}$/.test(occurredOn ?? '') ? filingTermEnd(occurredOn) : null,
    lateFilingDecision: decision ? { excused: decision.excused, reason: decision.reason } : null,
  };
}

/** For committee staff: every party with contact details, and the filing term. */
export function casePartiesForStaff(row: CaseRow, events: Array<Pick<CaseEventRow, 'type' | 'data'>>) {
  return {
    complainants: [row.complaint.complainant, ...(row.complaint.coComplainants ?? [])],
    respondents: respondentsOf(row.complaint),
    representatives: representativesOf(row.complaint),
    ...lateFilingOf(row, events),
  };
}

/** For a party: the others by name and role, and the filing term. */
export function casePartiesForParty(row: CaseRow, events: Array<Pick<CaseEventRow, 'type' | 'data'>>) {
  return { ...partiesForParty(row.complaint), ...lateFilingOf(row, events) };
}

/**
 * A written statement names the person complained about by their number; the workflow does not
 * hold the list, so the case's own list is checked here, before the workflow is asked.
 */
export function assertRespondentOfCase(row: CaseRow, action: string, body: unknown): void {
  if (action !== 'submitRespondentStatement') return;
  const number = (body as { respondent?: unknown } | null | undefined)?.respondent;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 1 && !row.complaint.respondents?.[number - 1]) {
    throw new ActionRefused([{ code: 'not-respondent-number', field: 'respondent', params: {} }]);
  }
}
