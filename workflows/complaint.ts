/**
 * The complaint workflow: one per case, ID `complaint-<caseNumber>`. It holds the process state and
 * drives every step; each step's writes go through the `applyCaseStep` activity.
 */
import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities, CaseStepInput } from '../activities';
import { isClosed, type CaseStatus } from '../domain/caseStatus';
import { caseStateQuery, withdrawUpdate, type CaseStateView, type WithdrawInput } from './messages';
import { CaseStatusKey } from './searchAttributes';

export interface ComplaintWorkflowInput {
  caseNumber: string;
  receivedOn: string;
  policyVersion: string;
}

const { applyCaseStep } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<CaseStatus> {
  let status: CaseStatus = 'received';

  const allowedActions = (): string[] => (isClosed(status) ? [] : ['withdraw']);
  const view = (): CaseStateView => ({ caseNumber: input.caseNumber, status, closed: isClosed(status), allowedActions: allowedActions() });

  async function step(spec: Omit<CaseStepInput, 'caseNumber'>): Promise<void> {
    await applyCaseStep({ caseNumber: input.caseNumber, ...spec });
    // A step that was under way when the case closed (e.g. withdrawn meanwhile) never reopens it.
    if (spec.status && !(isClosed(status) && !isClosed(spec.status))) {
      status = spec.status;
      upsertSearchAttributes([{ key: CaseStatusKey, value: status }]);
    }
  }

  setHandler(caseStateQuery, view);
  setHandler(
    withdrawUpdate,
    async (req: WithdrawInput) => {
      await step({
        step: 'withdrawn',
        actor: req.requestedBy,
        status: 'withdrawn',
        nextDeadline: null,
        events: [{ type: 'complaint.withdrawn', data: { reason: req.reason ?? null, requestedBy: req.requestedBy } }],
      });
      return view();
    },
    {
      validator: (req: WithdrawInput) => {
        if (isClosed(status)) throw new Error(`case ${input.caseNumber} is closed (${status}); it can no longer be withdrawn`);
        if (req?.requestedBy !== 'complainant' && req?.requestedBy !== 'secretary') {
          throw new Error('requestedBy: only the complainant, or a secretary recording it, can withdraw a complaint');
        }
        if (req.reason !== undefined && (typeof req.reason !== 'string' || req.reason.length > 2000)) {
          throw new Error('reason: must be text of at most 2000 characters');
        }
      },
    },
  );

  await step({
    step: 'acknowledged',
    status: 'admissibility',
    events: [{ type: 'complaint.acknowledged', data: { policyVersion: input.policyVersion } }],
    letters: [{ kind: 'ontvangstbevestiging', to: 'complainant-side' }],
  });

  await condition(() => isClosed(status));
  await condition(allHandlersFinished);
  return status;
}
