/**
 * Long procedures start a fresh history now and then (continue-as-new), carrying their state as
 * plain data in the workflow's own input. What every workflow does the same way lives here: when a
 * history counts as long, and that the pinned calendar release always travels along.
 */
import { continueAsNew, workflowInfo, type Workflow } from '@temporalio/workflow';
import type { CaseTerms } from '../caseTerms';

/** Temporal suggests it, or the history passed the workflow's own limit (tests set it low). */
export function historyIsLong(maxEvents: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > maxEvents;
}

/** Continues as new with the same input plus the calendar release the case is pinned to and `carried`. */
export function continueWith<W extends Workflow>(input: Parameters<W>[0], terms: CaseTerms, carried: Partial<Parameters<W>[0]>): Promise<never> {
  return continueAsNew<W>(...([{ ...input, calendarVersion: terms.pinnedCalendarVersion, ...carried }] as Parameters<W>));
}
