/**
 * A report to the Inspectorate (process.md: the reporting duty, step 14's unanswered advice and
 * step 16's non-compliance), written one way by every workflow: one step with its audit event and
 * one decision letter addressed to the Inspectorate (the addressee group adds the copies), drafted by
 * the system and sent only once a chair approves it, delivered once through the outbox like every
 * letter. The complaint workflow keeps the draft among its pending approvals (approveLetter); the
 * compliance workflow among its own (approveEscalation).
 */
import type { CaseStepInput } from '../../activities';

type Letter = NonNullable<CaseStepInput['letters']>[number];
type Event = NonNullable<CaseStepInput['events']>[number];

/** Who drafts a report to the Inspectorate: nobody in person; a chair approves it (contracts/actions.ts, DECIDERS). */
export const SYSTEM_DRAFTER = 'system';

export type InspectorateLetterKind = 'melding-inspectie' | 'melding-niet-naleving' | 'melding-advies-onbeantwoord';

export interface InspectorateReport {
  /** The step's key: a report is written once per case and occasion. */
  step: string;
  event: Event;
  letter: Letter & { kind: InspectorateLetterKind; to: 'inspectorate' | 'inspectorate-school' };
}

/** The report as the step that drafts it. */
export function inspectorateStep(report: InspectorateReport): Omit<CaseStepInput, 'caseNumber'> & { actor: string } {
  return { step: report.step, actor: SYSTEM_DRAFTER, events: [report.event], letters: [report.letter] };
}
