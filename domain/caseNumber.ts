/** Case numbers (zaaknummers) are public references: `YYYY-NNNNNN`, numbered per year of receipt. */

const CASE_NUMBER = /^(\d{4})-(\d{6})$/;

export function formatCaseNumber(year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) {
    throw new RangeError(`case sequence out of range: ${sequence}`);
  }
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

export function isCaseNumber(value: string): boolean {
  return CASE_NUMBER.test(value);
}

/** The complaint workflow's ID. Derived, so the API, the worker and an operator all find it from the case number. */
export function complaintWorkflowId(caseNumber: string): string {
  return `complaint-${caseNumber}`;
}

/** The hearing child workflow of a case. */
export function hearingWorkflowId(caseNumber: string): string {
  return `hearing-${caseNumber}`;
}

/** The compliance child workflow of a case. */
export function complianceWorkflowId(caseNumber: string): string {
  return `compliance-${caseNumber}`;
}
