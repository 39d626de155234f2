/**
 * Applying a newer calendar release to a running case: a chair's decision, never automatic. Each of
 * the case's workflows (complaint, hearing, compliance) owns its terms, so each registers these
 * handlers over its own CaseTerms: a query that lists what the release would move, and an update
 * that applies it and lets the workflow record the step (audit event, read model).
 *
 * New handlers add no command to histories that never call them, so running cases replay unchanged.
 */
import { setHandler } from '@temporalio/workflow';
import { isReleasedCalendarVersion, releasedCalendarVersions } from '../domain/calendar';
import { refuse } from '../contracts/refusals';
import { requireActor } from './validation';
import type { TermChange } from '../domain/termLedger';
import type { CaseTerms } from './caseTerms';
import { applyCalendarReleaseUpdate, calendarChangesQuery, type Actor } from '../contracts/messages';

export interface AppliedCalendarRelease {
  from: string;
  to: string;
  changes: TermChange[];
  by: Actor;
}

export function handleCalendarReleases(terms: CaseTerms, opts: { isOpen: () => boolean; onApplied: (applied: AppliedCalendarRelease) => Promise<void> }): void {
  setHandler(calendarChangesQuery, (version) => ({
    calendarVersion: terms.calendarVersion,
    changes: isReleasedCalendarVersion(version) && version !== terms.calendarVersion ? terms.calendarChanges(version) : [],
  }));
  setHandler(
    applyCalendarReleaseUpdate,
    async (req) => {
      const from = terms.calendarVersion;
      const changes = terms.applyCalendarRelease(req.version);
      await opts.onApplied({ from, to: req.version, changes, by: req.by });
      return { calendarVersion: terms.calendarVersion, changes };
    },
    {
      validator: (req) => {
        if (!opts.isOpen()) refuse('no-running-procedure', 'action', { procedure: 'calendar', action: 'applyCalendarRelease' });
        requireActor(req?.by, ['chair']);
        if (typeof req.version !== 'string' || !isReleasedCalendarVersion(req.version)) refuse('not-calendar-release', 'version', { released: releasedCalendarVersions().join(', ') });
        if (req.version === terms.calendarVersion) refuse('calendar-release-applied', 'version', { version: req.version });
      },
    },
  );
}
