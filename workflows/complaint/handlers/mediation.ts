/** Updates of mediation: starting it (from admissibility or the written round) and its outcome. */
import { condition, setHandler } from '@temporalio/workflow';
import { recordMediationOutcomeUpdate, startMediationUpdate } from '../../../contracts/messages';
import { validateAction } from '../../validation';
import type { ComplaintContext } from '../context';

export function registerMediationHandlers(c: ComplaintContext): void {
  const { s, inbox } = c;

  setHandler(
    startMediationUpdate,
    async (req) => {
      inbox.mediation = { mediator: req.mediator };
      await condition(() => s.status === 'mediation' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('admissibility', 'defence', 'reply-decision', 'reply');
        validateAction('startMediation', req);
      },
    },
  );

  setHandler(
    recordMediationOutcomeUpdate,
    async (req) => {
      inbox.mediationOutcome = req;
      await condition(() => s.status !== 'mediation' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('mediation');
        validateAction('recordMediationOutcome', req);
      },
    },
  );
}
