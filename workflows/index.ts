// The workflow bundle's entry point: every workflow type the worker runs.
export { complaintWorkflow } from './complaint';
