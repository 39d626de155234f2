/**
 * Applying a newer calendar release to a running case: a chair's decision, never automatic. Each of
 * the case's workflows (complaint, hearing, compliance) owns its terms, so each registers these
 * handlers over its own CaseTerms: a query that lists what the release would move, and an update
 * that applies it and lets the workflow record the step (audit event, read model).
 *
 * New handlers add no command to histories that never call them, so running cases replay unchanged.
 */
import { setHandler } from '@temporalio/workflow';
import { isReleasedCalendarVersion } from '../domain/calendar';
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
        if (!opts.isOpen()) throw new Error('action: this procedure has ended; its terms no longer run');
        if (!req?.by || typeof req.by.userId !== 'string' || !req.by.userId) throw new Error('by: the acting user is required');
        if (req.by.role !== 'chair') throw new Error('by.role: only chair may do this');
        if (typeof req.version !== 'string' || !isReleasedCalendarVersion(req.version)) throw new Error('version: is not a released calendar version');
        if (req.version === terms.calendarVersion) throw new Error('version: the case already computes its terms with this release');
      },
    },
  );
}
