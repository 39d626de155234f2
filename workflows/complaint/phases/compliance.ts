/**
 * Compliance with the advice's measures (process.md steps 15–16) runs as a child workflow; its
 * outcome is the case's.
 */
import { complianceWorkflowId } from '../../../domain/caseNumber';
import type { ComplianceResult } from '../../../contracts/messages';
import { today } from '../../caseTerms';
import type { ComplianceInput } from '../../compliance/state';
import { runChild } from '../../shared/children';
import type { ComplaintContext } from '../context';
import type { Phase } from '../state';

export async function compliance(c: ComplaintContext): Promise<Phase> {
  const { s, input, caseNumber } = c;
  await c.step({ step: 'compliance', status: 'compliance' });
  const childInput: ComplianceInput = {
    caseNumber,
    policyVersion: input.policyVersion,
    ...(input.policy ? { policy: input.policy } : {}),
    calendarVersion: c.terms.pinnedCalendarVersion,
    adviceIssuedOn: s.adviceIssuedOn ?? today(),
    measures: (s.advice?.measures ?? []).map((m, i) => ({ id: `m${i + 1}`, description: m.description, ...(m.termWeeks ? { termWeeks: m.termWeeks } : {}) })),
  };
  const { result, cancelled } = await runChild<ComplianceResult>('complianceWorkflow', complianceWorkflowId(caseNumber), childInput, c.withdrawn);
  if (cancelled) return 'closing';
  s.outcome = result && result.outcome !== 'cancelled' ? result.outcome : 'advised-not-complied';
  return 'closing';
}
