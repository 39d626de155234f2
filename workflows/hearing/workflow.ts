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
 * Updates (handlers/*.ts) change the state at once (before any await) and then write their own
 * audit step, so two updates never both pass a validator for one state; the main loop owns the
 * timers (phases/*.ts): panel formation, availability expiry, the end of the postponement window and
 * the reminder 2 days before the hearing. Every write is an idempotent activity with a step key
 * unique per occasion.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { HearingResult } from '../../contracts/messages';
import { continueWith, historyIsLong } from '../shared/continueAsNew';
import { HearingContext } from './context';
import { registerHandlers } from './handlers';
import { collectAvailability, scheduled } from './phases/dates';
import { cancel, watchHearingTerm } from './phases/ending';
import { formPanel } from './phases/panel';
import type { HearingInput } from './state';

const DEFAULT_MAX_HISTORY_EVENTS = 5_000;

export async function hearingWorkflow(input: HearingInput): Promise<HearingResult> {
  const c = new HearingContext(input);
  const { s, terms } = c;
  registerHandlers(c);

  if (!terms.get('hearingWithin')) terms.start('hearingWithin', 'sluiting van de schriftelijke ronde', { trigger: input.defenceRoundClosedOn });
  if (s.revision === 0) await c.save();
  void watchHearingTerm(c);
  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;

  while (!c.finished()) {
    if (c.cancelling()) {
      await cancel(c);
      break;
    }
    switch (s.status) {
      case 'forming-panel':
        await formPanel(c);
        break;
      case 'collecting-availability':
        await collectAvailability(c);
        break;
      case 'awaiting-date':
        await condition(() => s.status !== 'awaiting-date' || c.cancelling());
        break;
      case 'scheduled':
        await scheduled(c);
        break;
    }
    // Long-running hearings (many answers, retries) start a fresh history between phases.
    if (!c.finished() && !c.cancelling() && historyIsLong(maxEvents)) {
      await condition(() => allHandlersFinished() && !c.backgroundBusy);
      if (!c.finished() && !c.cancelling()) {
        await continueWith<typeof hearingWorkflow>(input, terms, { ledger: undefined, resume: { ...s, ledger: terms.ledger } });
      }
    }
  }

  await condition(() => allHandlersFinished() && !c.backgroundBusy);
  return s.result!;
}
