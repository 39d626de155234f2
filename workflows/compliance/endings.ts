/**
 * How compliance ends: complied (a confirmation to both parties), not (fully) complied (the
 * Inspectorate is told, after a chair's approval), or cancelled by the parent.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { ComplianceOutcome } from '../../domain/compliance';
import type { ComplianceResult, MeasureState } from '../../contracts/messages';
import { today } from '../caseTerms';
import { inspectorateStep } from '../shared/inspectorate';
import type { ComplianceContext } from './context';

export async function confirmComplied(c: ComplianceContext): Promise<void> {
  const { measures } = c;
  const details = { measures: measures.map((m) => ({ description: m.description, verifiedOn: m.verifiedOn ?? today() })) };
  await c.step({
    step: 'compliance-complied',
    events: [{ type: 'compliance.complied', data: { measures: measures.map((m) => m.id) } }],
    letters: [
      { kind: 'bevestiging-naleving', to: 'complainant-side', details },
      { kind: 'bevestiging-naleving', to: 'school-board', details },
    ],
  });
}

/** Non-compliance to the Inspectorate, cc school board and complainant: a decision letter, four-eyes. */
export async function escalate(c: ComplianceContext, outcome: ComplianceOutcome): Promise<void> {
  const { measures } = c;
  const letterIds = await c.step(
    inspectorateStep({
      step: 'compliance-escalation',
      event: { type: 'compliance.escalated', data: { outcome, measures: measures.map((m) => ({ id: m.id, status: m.status })) } },
      letter: {
        kind: 'melding-niet-naleving',
        to: 'inspectorate',
        // The measures not carried out, with where each stands, in the letter's words (Dutch).
        details: { measures: measures.filter((m) => m.status === 'not-complied').map((m) => ({ description: m.description, due: m.due!, status: escalationStatus(m) })) },
      },
    }),
  );
  c.awaitingLetters = letterIds;
  c.status = 'awaiting-escalation-approval';
  await c.publish();
}

export async function cancel(c: ComplianceContext, reason: string): Promise<ComplianceResult> {
  c.terms.closeAll('cancelled');
  c.status = 'cancelled';
  await c.step({ step: 'compliance-cancelled', events: [{ type: 'compliance.cancelled', data: { reason } }] });
  await c.publish();
  await condition(allHandlersFinished);
  return { outcome: 'cancelled', measures: c.measures };
}

/** Where a measure not complied with stands, as the Inspectorate reads it. */
function escalationStatus(m: MeasureState): string {
  const rejection = m.rejections[m.rejections.length - 1];
  if (m.reports.length === 0) return 'niet uitgevoerd; geen melding van uitvoering ontvangen';
  if (rejection) return `uitvoering gemeld maar niet aanvaard: ${rejection.reason}`;
  return 'uitvoering gemeld maar niet aanvaard';
}
