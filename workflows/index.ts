// The workflow bundle's entry point: every workflow type the worker runs.
export { complaintWorkflow } from './complaint';
export { complianceWorkflow } from './compliance';
export { hearingWorkflow } from './hearing';
export { retentionWorkflow } from './retention';
