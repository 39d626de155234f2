/** The compliance workflow's input, its term ids and the check of its input. */
import type { PolicyVersion } from '../../domain/policy';
import { ApplicationFailure } from '@temporalio/workflow';
import type { TermLedger } from '../../domain/termLedger';
import { MEASURE_TERM_WEEKS } from '../../contracts/limits';
import type { MeasureState } from '../../contracts/messages';

export interface ComplianceInput {
  caseNumber: string;
  policyVersion: string;
  /** The policy version valid on the filing day, as stored (issue 13); absent in cases started before snapshots. */
  policy?: PolicyVersion;
  /** The calendar release the case is pinned to (domain/calendar/releases); absent: the first release. */
  calendarVersion?: string;
  /** The day the advice was issued: every measure's term counts from the day after. */
  adviceIssuedOn: string;
  measures: Array<{ id: string; description: string; termWeeks?: number }>;
  /** Set when the workflow continues as new: the running terms. */
  ledger?: TermLedger;
  /** Set when the workflow continues as new: where each measure stands. */
  measureStates?: MeasureState[];
  /** Set when the workflow continues as new: the read model's write counter. */
  revision?: number;
  /** Continue-as-new after this many history events (default 2,000; tests set it low). */
  maxHistoryEvents?: number;
}

export const complianceTermId = (measureId: string) => `compliance:${measureId}`;
export const graceTermId = (measureId: string) => `grace:${measureId}`;

export function assertValidInput(input: ComplianceInput): void {
  const problems: string[] = [];
  if (!Array.isArray(input.measures) || input.measures.length === 0) problems.push('measures: at least one measure is required');
  const ids = new Set<string>();
  for (const m of input.measures ?? []) {
    if (typeof m.id !== 'string' || !m.id) problems.push('measures: every measure needs an id');
    else if (ids.has(m.id)) problems.push(`measures: duplicate id ${m.id}`);
    else ids.add(m.id);
    if (typeof m.description !== 'string' || !m.description.trim()) problems.push(`measures: measure ${m.id} needs a description`);
    const weeks = MEASURE_TERM_WEEKS;
    if (m.termWeeks !== undefined && (!Number.isInteger(m.termWeeks) || m.termWeeks < weeks.min || m.termWeeks > weeks.max)) problems.push(`measures: measure ${m.id} has an invalid termWeeks`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.adviceIssuedOn ?? '')) problems.push('adviceIssuedOn: must be a date YYYY-MM-DD');
  if (problems.length) throw ApplicationFailure.nonRetryable(problems.join('; '), 'InvalidComplianceInput');
}
