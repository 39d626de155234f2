// The complaint workflow (workflow.ts) and the types its starters use.
export { complaintWorkflow } from './workflow';
export type { ComplaintSnapshot, ComplaintWorkflowInput } from './state';
