/**
 * The daily retention run (issue 17), started by the Temporal Schedule `klachtflow-retention`
 * (platform/retentionSchedule.ts): finds the closed cases past their retention period and anonymises
 * them one by one (activities/retention.ts). Each anonymisation is one transaction and skips a case
 * that got a legal hold meanwhile, so a retried or overlapping run is harmless.
 */
import { activities } from './activityProxies';

export interface RetentionRunResult {
  anonymised: string[];
  skipped: Array<{ caseNumber: string; reason: string }>;
}

export async function retentionWorkflow(): Promise<RetentionRunResult> {
  const result: RetentionRunResult = { anonymised: [], skipped: [] };
  for (const caseNumber of await activities.findRetentionDue()) {
    const r = await activities.anonymiseCase(caseNumber);
    if (r.anonymised) result.anonymised.push(caseNumber);
    else result.skipped.push({ caseNumber, reason: r.skipped ?? 'unknown' });
  }
  return result;
}
