// The baseline of the intake benchmark: start a workflow, run one activity, complete.
import { proxyActivities } from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(n: number): Promise<number> }>({ startToCloseTimeout: '10 seconds' });

export async function trivialWorkflow(n: number): Promise<number> {
  return touch(n);
}
