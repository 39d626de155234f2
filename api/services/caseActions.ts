/**
 * The actions people take on a case, each a workflow update with a validator. One table says which
 * workflow handles an action and who may take it; the routes only authenticate and forward. A
 * refused action comes back with the workflow's reason and has written nothing.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { ACTION_NAMES, ACTIONS, type ActionName, type WorkflowKind } from '../../contracts/actions';
import type { Role } from '../../contracts/actors';
import { refusalsOf } from '../../contracts/refusals';
import { complaintWorkflowId, complianceWorkflowId, hearingWorkflowId } from '../../domain/caseNumber';
import * as m from '../../contracts/messages';
import { ActionRefused, NotFoundError } from '../errors';

interface ActionSpec {
  workflow: WorkflowKind;
  // Updates differ in input and result; the table is checked by name, the workflow checks the input.
  update: UpdateDefinition<unknown, [never]>;
  /** Who may take it: the same list the workflow's validator checks (contracts/actions.ts). */
  roles: readonly Role[];
}

const UPDATES: Record<ActionName, UpdateDefinition<unknown, [never]>> = {
  withdraw: erase(m.withdrawUpdate),
  requestCompletion: erase(m.requestCompletionUpdate),
  completeComplaint: erase(m.completeComplaintUpdate),
  decideAdmissibility: erase(m.decideAdmissibilityUpdate),
  addRespondent: erase(m.addRespondentUpdate),
  referToSchool: erase(m.referToSchoolUpdate),
  reportReferral: erase(m.reportReferralUpdate),
  resumeAfterReferral: erase(m.resumeAfterReferralUpdate),
  startMediation: erase(m.startMediationUpdate),
  recordMediationOutcome: erase(m.recordMediationOutcomeUpdate),
  submitDefence: erase(m.submitDefenceUpdate),
  submitRespondentStatement: erase(m.submitRespondentStatementUpdate),
  decideReplyRound: erase(m.decideReplyRoundUpdate),
  submitReply: erase(m.submitReplyUpdate),
  submitRejoinder: erase(m.submitRejoinderUpdate),
  extendTerm: erase(m.extendTermUpdate),
  suspendTerm: erase(m.suspendTermUpdate),
  resumeTerm: erase(m.resumeTermUpdate),
  issueAdvice: erase(m.issueAdviceUpdate),
  answerAdvice: erase(m.answerAdviceUpdate),
  approveLetter: erase(m.approveLetterUpdate),
  flagReportingDuty: erase(m.flagReportingDutyUpdate),
  confirmReportingDuty: erase(m.confirmReportingDutyUpdate),
  declareNotReportable: erase(m.declareNotReportableUpdate),
  reviewNotReportable: erase(m.reviewNotReportableUpdate),
  submitAvailability: erase(m.submitAvailabilityUpdate),
  scheduleHearing: erase(m.scheduleHearingUpdate),
  requestPostponement: erase(m.requestPostponementUpdate),
  recordHearing: erase(m.recordHearingUpdate),
  retryPanel: erase(m.retryPanelUpdate),
  extendHearingTerm: erase(m.extendHearingTermUpdate),
  reportMeasure: erase(m.reportMeasureUpdate),
  verifyMeasure: erase(m.verifyMeasureUpdate),
  approveEscalation: erase(m.approveEscalationUpdate),
};

function erase<Ret, Arg>(update: UpdateDefinition<Ret, [Arg]>): UpdateDefinition<unknown, [never]> {
  return update as unknown as UpdateDefinition<unknown, [never]>;
}

export const CASE_ACTIONS: Record<string, ActionSpec> = Object.fromEntries(
  ACTION_NAMES.map((name) => [name, { workflow: ACTIONS[name].workflow, update: UPDATES[name], roles: ACTIONS[name].roles }]),
);

function workflowIdOf(kind: WorkflowKind, caseNumber: string): string {
  return kind === 'complaint' ? complaintWorkflowId(caseNumber) : kind === 'hearing' ? hearingWorkflowId(caseNumber) : complianceWorkflowId(caseNumber);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function runCaseAction(temporal: Client, caseNumber: string, name: string, body: unknown, actor: m.Actor): Promise<unknown> {
  const spec = Object.prototype.hasOwnProperty.call(CASE_ACTIONS, name) ? CASE_ACTIONS[name] : undefined;
  if (!spec) throw new NotFoundError(`unknown action ${name}`);
  if (!spec.roles.includes(actor.role)) throw new ActionRefused([{ code: 'action-not-for-role', field: 'action', params: { role: actor.role, action: name } }], 403);
  if (body !== undefined && !isRecord(body)) throw new ActionRefused([{ code: 'not-object', field: 'body', params: {} }], 400);
  const input: Record<string, unknown> = { ...(body ?? {}), by: actor };
  // Who withdraws is who is logged in; the body cannot claim otherwise.
  if (name === 'withdraw') input.requestedBy = actor.role === 'complainant' ? 'complainant' : 'secretary';
  const handle = temporal.workflow.getHandle(workflowIdOf(spec.workflow, caseNumber));
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(spec.update, { args: [input as never] });
    } catch (err) {
      // An update that reaches a run just as it continues as new finds it closed; the new run is
      // already there, so try again (a few times, briefly) before calling the procedure gone.
      if (attempt < 4 && !(err instanceof WorkflowUpdateFailedError) && (await isRunning(handle))) {
        await new Promise((r) => setTimeout(r, 100 * attempt));
        continue;
      }
      throw translate(err, spec, name);
    }
  }
}

async function isRunning(handle: { describe(): Promise<{ status: { name: string } }> }): Promise<boolean> {
  try {
    return (await handle.describe()).status.name === 'RUNNING';
  } catch {
    return false;
  }
}

function translate(err: unknown, spec: ActionSpec, name: string): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const refusals = refusalsOf(err.cause);
    // Who acts may not take this action: forbidden, whichever check (table or validator) said so.
    if (refusals) return new ActionRefused(refusals, refusals.some((r) => r.code === 'role-not-allowed') ? 403 : 409);
    // The validator accepted it but the handler failed: said as such, with the cause for the log.
    return new ActionRefused([{ code: 'action-failed', field: 'action', params: { reason: (err.cause as Error | undefined)?.message ?? err.message } }]);
  }
  if (err instanceof WorkflowNotFoundError || (err as Error).name === 'WorkflowNotFoundError') {
    return new ActionRefused([{ code: 'no-running-procedure', field: 'action', params: { procedure: spec.workflow, action: name } }]);
  }
  return err;
}

export async function caseState(temporal: Client, caseNumber: string): Promise<{ complaint?: unknown; hearing?: unknown; compliance?: unknown }> {
  const query = async (kind: WorkflowKind, def: Parameters<ReturnType<Client['workflow']['getHandle']>['query']>[0]) => {
    try {
      return await temporal.workflow.getHandle(workflowIdOf(kind, caseNumber)).query(def);
    } catch {
      return undefined;
    }
  };
  const [complaint, hearing, compliance] = await Promise.all([query('complaint', m.caseStateQuery), query('hearing', m.hearingStateQuery), query('compliance', m.complianceStateQuery)]);
  return { complaint, hearing, compliance };
}
