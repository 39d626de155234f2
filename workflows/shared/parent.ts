/**
 * A child workflow's side of the parent/child contract: the case's status lives in the complaint
 * workflow, so a child tells it where the case stands (childProgressSignal) after each step that
 * moves it. Started on its own (as tests do), a child has no parent and tells nobody.
 */
import { getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseStatus } from '../../domain/caseStatus';
import { cancelChildSignal, childProgressSignal } from '../../contracts/messages';

export async function tellParent(progress: { status: CaseStatus; nextDeadline: string | null }): Promise<void> {
  const parent = workflowInfo().parent;
  if (!parent) return;
  try {
    await getExternalWorkflowHandle(parent.workflowId).signal(childProgressSignal, progress);
  } catch {
    // The parent is gone (closed meanwhile): nobody is left to tell.
  }
}

/** The parent cancels a child when the case is withdrawn; `onCancel` gets the reason (never empty). */
export function handleCancelChild(onCancel: (reason: string) => void): void {
  setHandler(cancelChildSignal, (req) => onCancel(typeof req?.reason === 'string' ? req.reason : 'cancelled'));
}
