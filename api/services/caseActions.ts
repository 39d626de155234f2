/**
 * The actions people take on a case, each a workflow update with a validator. One table says which
 * workflow handles an action and who may take it; the routes only authenticate and forward. A
 * refused action comes back with the workflow's reason and has written nothing.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { complaintWorkflowId, complianceWorkflowId, hearingWorkflowId } from '../../domain/caseNumber';
import * as m from '../../workflows/messages';
import { ConflictError, NotFoundError, ValidationError } from '../errors';

type Role = m.Actor['role'];
type WorkflowKind = 'complaint' | 'hearing' | 'compliance';

interface ActionSpec {
  workflow: WorkflowKind;
  // Updates differ in input and result; the table is checked by name, the workflow checks the input.
  update: UpdateDefinition<unknown, [never]>;
  roles: readonly Role[];
}

const STAFF: readonly Role[] = ['secretary', 'chair'];

function action<Ret, Arg>(workflow: WorkflowKind, update: UpdateDefinition<Ret, [Arg]>, roles: readonly Role[]): ActionSpec {
  return { workflow, update: update as unknown as UpdateDefinition<unknown, [never]>, roles };
}

export const CASE_ACTIONS: Record<string, ActionSpec> = {
  withdraw: action('complaint', m.withdrawUpdate, ['complainant', 'secretary']),
  requestCompletion: action('complaint', m.requestCompletionUpdate, ['secretary']),
  completeComplaint: action('complaint', m.completeComplaintUpdate, ['complainant', 'secretary']),
  decideAdmissibility: action('complaint', m.decideAdmissibilityUpdate, STAFF),
  referToSchool: action('complaint', m.referToSchoolUpdate, ['secretary']),
  reportReferral: action('complaint', m.reportReferralUpdate, ['school', 'secretary']),
  resumeAfterReferral: action('complaint', m.resumeAfterReferralUpdate, ['complainant', 'secretary']),
  startMediation: action('complaint', m.startMediationUpdate, ['secretary']),
  recordMediationOutcome: action('complaint', m.recordMediationOutcomeUpdate, ['secretary']),
  submitDefence: action('complaint', m.submitDefenceUpdate, ['school', 'secretary']),
  decideReplyRound: action('complaint', m.decideReplyRoundUpdate, ['secretary']),
  submitReply: action('complaint', m.submitReplyUpdate, ['complainant', 'secretary']),
  submitRejoinder: action('complaint', m.submitRejoinderUpdate, ['school', 'secretary']),
  extendTerm: action('complaint', m.extendTermUpdate, STAFF),
  suspendTerm: action('complaint', m.suspendTermUpdate, ['secretary']),
  resumeTerm: action('complaint', m.resumeTermUpdate, ['secretary']),
  issueAdvice: action('complaint', m.issueAdviceUpdate, ['chair', 'member', 'secretary']),
  answerAdvice: action('complaint', m.answerAdviceUpdate, ['school', 'secretary']),
  approveLetter: action('complaint', m.approveLetterUpdate, STAFF),
  flagReportingDuty: action('complaint', m.flagReportingDutyUpdate, ['secretary']),
  confirmReportingDuty: action('complaint', m.confirmReportingDutyUpdate, ['school', 'secretary']),
  submitAvailability: action('hearing', m.submitAvailabilityUpdate, ['complainant', 'school', 'secretary', 'chair', 'member']),
  scheduleHearing: action('hearing', m.scheduleHearingUpdate, STAFF),
  requestPostponement: action('hearing', m.requestPostponementUpdate, ['complainant', 'school', 'secretary']),
  recordHearing: action('hearing', m.recordHearingUpdate, ['chair', 'secretary']),
  retryPanel: action('hearing', m.retryPanelUpdate, ['secretary']),
  extendHearingTerm: action('hearing', m.extendHearingTermUpdate, STAFF),
  reportMeasure: action('compliance', m.reportMeasureUpdate, ['school', 'secretary']),
  verifyMeasure: action('compliance', m.verifyMeasureUpdate, ['secretary']),
  approveEscalation: action('compliance', m.approveEscalationUpdate, STAFF),
};

function workflowIdOf(kind: WorkflowKind, caseNumber: string): string {
  return kind === 'complaint' ? complaintWorkflowId(caseNumber) : kind === 'hearing' ? hearingWorkflowId(caseNumber) : complianceWorkflowId(caseNumber);
}

/** Validators throw "field: message"; anything else concerns the action as a whole. */
function refusal(message: string): { field: string; message: string } {
  const match = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(message);
  return match ? { field: match[1], message: match[2] } : { field: 'action', message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function runCaseAction(temporal: Client, caseNumber: string, name: string, body: unknown, actor: m.Actor): Promise<unknown> {
  const spec = Object.prototype.hasOwnProperty.call(CASE_ACTIONS, name) ? CASE_ACTIONS[name] : undefined;
  if (!spec) throw new NotFoundError(`unknown action ${name}`);
  if (!spec.roles.includes(actor.role)) throw new ConflictError(`a ${actor.role} may not take the action ${name}`, 'action', 403);
  if (body !== undefined && !isRecord(body)) throw new ValidationError([{ field: 'body', message: 'must be a JSON object' }]);
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
  {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as Error | undefined;
      return new ConflictError(cause?.message ?? err.message, undefined, 409, [refusal(cause?.message ?? err.message)]);
    }
    if (err instanceof WorkflowNotFoundError || (err as Error).name === 'WorkflowNotFoundError') {
      return new ConflictError(`this case has no running ${spec.workflow} procedure; the action ${name} is not possible now`, 'action', 409);
    }
    return err;
  }
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
