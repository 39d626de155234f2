/**
 * Retention of closed cases (issue 17), as policy data: how long after closing a case's personal
 * data, documents and letters are kept, per outcome, with the basis. After that the daily retention
 * run (workflows/retention.ts) anonymises the case; the statistics and the anonymised publication
 * stay. A legal hold on a case stops it. Pure: which cases are due is decided here, on given dates.
 *
 * The periods are PROVISIONAL defaults until the committee confirms them (`provisional: true`).
 */
import type { ClosedOutcome } from './caseStatus';

export interface RetentionRule {
  outcomes: readonly ClosedOutcome[];
  years: number;
  basis: string;
  provisional: boolean;
}

export const RETENTION_POLICY_VERSION = '2026.1-voorlopig';

const AVG = 'AVG art. 5 lid 1 onder e (opslagbeperking)';

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    outcomes: ['withdrawn', 'inadmissible', 'referred', 'settled'],
    years: 2,
    basis: `${AVG}; geen advies uitgebracht: bewaren zolang een nieuwe klacht over hetzelfde feit kan volgen (voorlopig)`,
    provisional: true,
  },
  {
    outcomes: ['advised-complied', 'advised-partly-complied', 'advised-no-measures'],
    years: 5,
    basis: `${AVG}; advies uitgebracht: bewaren voor verantwoording en eventuele vervolgprocedures (voorlopig)`,
    provisional: true,
  },
  {
    outcomes: ['advised-not-complied'],
    years: 7,
    basis: `${AVG}; niet-naleving gemeld aan de Inspectie: bewaren zolang toezicht en vervolg lopen (voorlopig)`,
    provisional: true,
  },
];

export function ruleFor(outcome: string): RetentionRule | undefined {
  return RETENTION_RULES.find((r) => (r.outcomes as readonly string[]).includes(outcome));
}

/** The day a case closed on `closedOn` with `outcome` may be anonymised (closedOn + the rule's years). */
export function retentionEnds(closedOn: string, outcome: string): string | undefined {
  const rule = ruleFor(outcome);
  if (!rule) return undefined;
  const [y, m, d] = closedOn.split('-').map(Number);
  // 29 February plus whole years lands on 28 February when that year has none.
  const last = new Date(Date.UTC(y + rule.years, m, 0)).getUTCDate();
  return `${y + rule.years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface RetentionCandidate {
  caseNumber: string;
  outcome: string;
  closedOn: string;
  legalHold: boolean;
}

export interface RetentionVerdict extends RetentionCandidate {
  endsOn: string;
}

/** Of closed, not yet anonymised cases: which are due on `today`, and which would be but are held. */
export function retentionDue(candidates: readonly RetentionCandidate[], today: string): { due: RetentionVerdict[]; held: RetentionVerdict[] } {
  const due: RetentionVerdict[] = [];
  const held: RetentionVerdict[] = [];
  for (const c of candidates) {
    const endsOn = retentionEnds(c.closedOn, c.outcome);
    if (!endsOn || endsOn > today) continue;
    (c.legalHold ? held : due).push({ ...c, endsOn });
  }
  const order = (a: RetentionVerdict, b: RetentionVerdict) => a.endsOn.localeCompare(b.endsOn) || a.caseNumber.localeCompare(b.caseNumber);
  return { due: due.sort(order), held: held.sort(order) };
}
