/**
 * The one-year filing term (LKC regulation art. 4(2)(b)): a complaint about facts more than a year
 * before filing is flagged at intake; the chair's admissibility decision says whether the lateness
 * is excused and why. The Atw does not apply (a term longer than three months, art. 4), so the year
 * ends on the same date a year later, or on the last day of the month (29 February → 28 February).
 */

/** The last day of the filing term for facts of `occurredOn` (YYYY-MM-DD). */
export function filingTermEnd(occurredOn: string): string {
  const [y, m, d] = occurredOn.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whether a complaint received on `receivedOn` about facts of `occurredOn` was filed after the term. */
export function isLateFiling(occurredOn: string, receivedOn: string): boolean {
  return receivedOn > filingTermEnd(occurredOn);
}
