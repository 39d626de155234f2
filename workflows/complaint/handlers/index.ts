/**
 * Every query, update and signal of the complaint workflow, registered before the main loop starts.
 * The order below is the order of registration since 0.1.0 (updates buffered before registration
 * are dispatched in it); a new group goes at the end.
 */
import { setHandler } from '@temporalio/workflow';
import { caseStateQuery, childProgressSignal } from '../../../contracts/messages';
import type { ComplaintContext } from '../context';
import { registerAdviceHandlers } from './advice';
import { registerIntakeHandlers } from './intake';
import { registerMediationHandlers } from './mediation';
import { registerReportingDutyHandlers } from './reportingDuty';
import { registerRespondentStatementHandlers } from './respondentStatement';
import { registerCalendarHandlers, registerTermHandlers } from './terms';
import { registerWrittenRoundHandlers } from './writtenRound';

export function registerHandlers(c: ComplaintContext): void {
  setHandler(caseStateQuery, c.view);
  registerCalendarHandlers(c);
  registerIntakeHandlers(c);
  registerMediationHandlers(c);
  registerWrittenRoundHandlers(c);
  registerTermHandlers(c);
  registerAdviceHandlers(c);
  registerReportingDutyHandlers(c);
  registerChildHandlers(c);
  registerRespondentStatementHandlers(c);
}

/** A child (hearing, compliance) tells where the case stands; its steps may have stored letters. */
function registerChildHandlers(c: ComplaintContext): void {
  setHandler(childProgressSignal, ({ status, nextDeadline: deadline }) => {
    if (!c.closed() && !c.withdrawn()) {
      c.s.status = status;
      c.childDeadline = deadline;
      c.publishSearchAttributes();
      // A child's step may have stored letters: send them.
      c.requestDelivery();
    }
  });
}
