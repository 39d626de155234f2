// The hearing workflow (workflow.ts) and the types its starters use.
export { hearingWorkflow } from './workflow';
export type { HearingInput, HearingSnapshot } from './state';
