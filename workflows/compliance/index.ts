// The compliance workflow (workflow.ts) and the types and term ids its starters and tests use.
export { complianceWorkflow } from './workflow';
export { complianceTermId, graceTermId, type ComplianceInput } from './state';
