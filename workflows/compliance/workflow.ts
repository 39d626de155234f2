/**
 * The compliance workflow (process.md steps 15–16): a child of the complaint workflow, ID
 * `compliance-<caseNumber>`, started after the advice. Per measure of the binding advice a term runs
 * (the policy's compliance term, or the weeks the advice set), with a reminder to the school board
 * before it ends. The school reports a measure done with evidence; the secretary verifies it or
 * rejects it with a reason, and the school may report again while the term runs. A measure not
 * verified at its due date gets a grace period; after that it is not complied with.
 *
 * When every measure is settled: all verified → 'advised-complied' and a confirmation to both
 * parties; otherwise the non-compliance is reported to the Inspectorate (a decision letter, sent only
 * after a secretary's or chair's approval) and the outcome is 'advised-partly-complied' or
 * 'advised-not-complied'. A withdrawal (cancelChildSignal) ends it as 'cancelled'.
 *
 * The state is plain data (term ledger + measure states), so the workflow continues as new when its
 * history grows long; compliance can run for months.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import { complianceOutcome, startTermOfWeeks } from '../../domain/compliance';
import type { ComplianceResult } from '../../contracts/messages';
import { today } from '../caseTerms';
import { continueWith, historyIsLong } from '../shared/continueAsNew';
import { ComplianceContext } from './context';
import { cancel, confirmComplied, escalate } from './endings';
import { registerHandlers } from './handlers';
import { runMeasure } from './measures';
import { assertValidInput, complianceTermId, type ComplianceInput } from './state';

const DEFAULT_MAX_HISTORY_EVENTS = 2_000;

export async function complianceWorkflow(input: ComplianceInput): Promise<ComplianceResult> {
  assertValidInput(input);
  const c = new ComplianceContext(input);
  const { terms, measures } = c;
  registerHandlers(c);

  if (!c.resumed) {
    const ctx = () => ({ policy: terms.policy, calendar: terms.calendar, today: today() });
    for (const [i, m] of input.measures.entries()) {
      const id = complianceTermId(m.id);
      const term =
        m.termWeeks === undefined
          ? terms.start('compliance', 'advies', { id, trigger: input.adviceIssuedOn })
          : startTermOfWeeks(terms.ledger, id, 'compliance', m.termWeeks, input.adviceIssuedOn, 'advies', ctx());
      measures[i].due = term.due ?? term.earliestDue;
    }
    await c.step({
      step: 'compliance-started',
      events: [
        {
          type: 'compliance.started',
          data: { adviceIssuedOn: input.adviceIssuedOn, measures: measures.map((m) => ({ id: m.id, description: m.description, due: m.due, explanation: c.termOf(m)?.explanation.nl ?? null })) },
        },
      ],
    });
    await c.publish();
  }

  let allSettled = false;
  const runs = Promise.all(measures.map((m) => runMeasure(c, m))).then(() => {
    allSettled = true;
  });

  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  for (;;) {
    await condition(() => allSettled || c.cancelled !== null || historyIsLong(maxEvents));
    if (allSettled || c.cancelled) break;
    // Months of waiting: start a fresh history, carrying the terms and measures. Only between
    // writes, so no reminder or report is half done.
    await condition(() => allSettled || c.cancelled !== null || (c.inFlight === 0 && allHandlersFinished()));
    if (allSettled || c.cancelled) break;
    await continueWith<typeof complianceWorkflow>(input, terms, { ledger: terms.ledger, measureStates: measures, revision: c.revision });
  }
  await runs;
  if (c.cancelled) return cancel(c, c.cancelled.reason);

  const outcome = complianceOutcome(measures.map((m) => m.status));
  if (outcome === 'advised-complied') {
    await confirmComplied(c);
  } else {
    await escalate(c, outcome);
    await condition(() => c.awaitingLetters.length === 0 || c.cancelled !== null);
    // Read through a call: a cancel signal may have come in while waiting.
    const late = c.cancellation();
    if (late) return cancel(c, late.reason);
  }
  c.status = 'done';
  await c.step({ step: 'compliance-closed', events: [{ type: 'compliance.completed', data: { outcome } }] });
  await c.publish();
  await condition(allHandlersFinished);
  return { outcome, measures };
}
