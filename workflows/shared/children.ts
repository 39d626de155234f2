/**
 * The parent's side of the parent/child contract: the complaint workflow starts the hearing and the
 * compliance workflow as children and waits for their result, unless the case is withdrawn
 * meanwhile; then it asks the child to cancel (cancelChildSignal) and waits until it has, so the
 * child writes its own cancellation before the case closes.
 */
import { condition, executeChild, getExternalWorkflowHandle } from '@temporalio/workflow';
import { cancelChildSignal } from '../../contracts/messages';

export interface ChildOutcome<R> {
  /** The child's result; undefined when it never reported one. */
  result: R | undefined;
  /** The case was withdrawn while the child ran: it was cancelled. */
  cancelled: boolean;
}

export async function runChild<R>(workflowType: 'hearingWorkflow' | 'complianceWorkflow', workflowId: string, input: object, withdrawn: () => boolean): Promise<ChildOutcome<R>> {
  const child = executeChild(workflowType, { workflowId, args: [input] }) as Promise<R>;
  let result: R | undefined;
  let finished = false;
  void child.then((r) => {
    result = r;
    finished = true;
  });
  await condition(() => finished || withdrawn());
  if (withdrawn() && !finished) {
    await getExternalWorkflowHandle(workflowId).signal(cancelChildSignal, { reason: 'withdrawn' });
    await condition(() => finished);
    return { result, cancelled: true };
  }
  return { result, cancelled: false };
}
