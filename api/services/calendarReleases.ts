/**
 * New calendar data reaching running cases, as a chair decides it (issue: running cases survive
 * change). A case computes its terms with the calendar release it was filed under; when a newer
 * release exists, the chair sees per case which running terms it would move (old and new end) and
 * applies it per case or to all. Applying is an update on each of the case's running workflows
 * (complaint, and the hearing or compliance procedure when one runs), each recorded as a
 * `calendar.release-applied` event with the moved terms.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { FIRST_CALENDAR_RELEASE, currentCalendarRelease, isReleasedCalendarVersion, releasedCalendarVersions } from '../../domain/calendar';
import { complaintWorkflowId, complianceWorkflowId, hearingWorkflowId } from '../../domain/caseNumber';
import { openCasesNotOnCalendar } from '../../platform/store/calendarReleases';
import type { TermChange } from '../../domain/termLedger';
import { applyCalendarReleaseUpdate, calendarChangesQuery, type Actor } from '../../contracts/messages';
import { refusalsOf } from '../../contracts/refusals';
import { ActionRefused, ValidationError } from '../errors';

const WORKFLOWS = [
  ['complaint', complaintWorkflowId],
  ['hearing', hearingWorkflowId],
  ['compliance', complianceWorkflowId],
] as const;

export type CaseWorkflow = (typeof WORKFLOWS)[number][0];

export interface CaseCalendarChanges {
  caseNumber: string;
  calendarVersion: string;
  changes: Array<TermChange & { workflow: CaseWorkflow }>;
}

export function calendarReleases(): { current: string; released: string[] } {
  return { current: currentCalendarRelease(), released: releasedCalendarVersions() };
}

export function checkedVersion(version: unknown): string {
  if (typeof version !== 'string' || !isReleasedCalendarVersion(version)) {
    throw new ValidationError([{ field: 'version', message: `must be a released calendar version: ${releasedCalendarVersions().join(', ')}` }]);
  }
  return version;
}

async function runningHandles(temporal: Client, caseNumber: string) {
  const found = await Promise.all(
    WORKFLOWS.map(async ([workflow, idOf]) => {
      const handle = temporal.workflow.getHandle(idOf(caseNumber));
      try {
        return (await handle.describe()).status.name === 'RUNNING' ? { workflow, handle } : undefined;
      } catch {
        return undefined; // never started (no hearing yet, no compliance yet)
      }
    }),
  );
  return found.filter((f): f is NonNullable<typeof f> => f !== undefined);
}

/** What `version` would move in one case's running terms; changes nothing. */
export async function caseCalendarChanges(temporal: Client, caseNumber: string, version: string): Promise<CaseCalendarChanges> {
  const results = await Promise.all((await runningHandles(temporal, caseNumber)).map(async ({ workflow, handle }) => ({ workflow, result: await handle.query(calendarChangesQuery, version) })));
  return {
    caseNumber,
    calendarVersion: results.find((r) => r.workflow === 'complaint')?.result.calendarVersion ?? results[0]?.result.calendarVersion ?? FIRST_CALENDAR_RELEASE,
    changes: results.flatMap(({ workflow, result }) => result.changes.map((c) => ({ ...c, workflow }))),
  };
}

/** The open cases not yet on `version`, each with the terms it would move (cases with none included, so a chair can still move them on). */
export async function pendingCalendarChanges(db: Knex, temporal: Client, version: string, limit = 200): Promise<CaseCalendarChanges[]> {
  const rows = await openCasesNotOnCalendar(db, version, limit);
  const out: CaseCalendarChanges[] = [];
  for (const row of rows) out.push(await caseCalendarChanges(temporal, row.case_number, version));
  return out;
}

/**
 * A chair applies `version` to every running workflow of one case; answers what moved. Each
 * workflow's validator decides (chair only, a released version, not applied yet); a workflow that
 * already computes with `version` is skipped, so applying twice, or after a partial failure, is safe.
 */
export async function applyCalendarRelease(temporal: Client, caseNumber: string, version: string, actor: Actor): Promise<CaseCalendarChanges> {
  if (actor.role !== 'chair') throw new ActionRefused([{ code: 'action-not-for-role', field: 'action', params: { role: actor.role, action: 'applyCalendarRelease' } }], 403);
  const running = await runningHandles(temporal, caseNumber);
  if (!running.length) throw new ActionRefused([{ code: 'no-running-procedure', field: 'action', params: { procedure: 'calendar', action: 'applyCalendarRelease' } }], 409);
  const changes: CaseCalendarChanges['changes'] = [];
  for (const { workflow, handle } of running) {
    try {
      const applied = await handle.executeUpdate(applyCalendarReleaseUpdate, { args: [{ version, by: actor }] });
      changes.push(...applied.changes.map((c) => ({ ...c, workflow })));
    } catch (err) {
      if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      const refusals = refusalsOf(err.cause);
      if (refusals?.every((r) => r.code === 'calendar-release-applied')) continue;
      throw refusals ? new ActionRefused(refusals) : new ActionRefused([{ code: 'action-failed', field: 'action', params: { reason: (err.cause as Error | undefined)?.message ?? err.message } }]);
    }
  }
  return { caseNumber, calendarVersion: version, changes };
}
