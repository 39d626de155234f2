/**
 * New calendar data in the console (issue: running cases survive change). Each open case computes its
 * terms with the calendar release it was filed under; this page lists, for the release this tree ships,
 * the open cases still on an older one with the running terms it would move (old and new last day), and
 * lets the chair apply it per case or to all listed. Applying is the `applyCalendarRelease` update on
 * each of the case's running workflows (api/services/calendarReleases.ts): recorded on the case as
 * `calendar.release-applied`. Secretaries and administrators see the list; panel members see nothing.
 */
import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { isCaseNumber } from '../../../domain/caseNumber';
import { ActionRefused } from '../../errors';
import { applyCalendarRelease, calendarReleases, pendingCalendarChanges } from '../../services/calendarReleases';
import { consoleUser, type ConsoleUser } from '../console/access';
import { PageNotFound } from '../errors';
import { translate } from '../i18n';
import { isoToDutch } from '../intakeForm';
import { renderPage } from '../render';
import { refusalText } from '../../../contracts/refusalTexts';

/** A suspended term has no last day while it is suspended. */
const dutchOrDash = (iso: string | null) => (iso ? isoToDutch(iso) : '—');

/** How many cases one page (and one "apply to all") handles; the rest follow on the next visit. */
const PAGE_SIZE = 200;

export function calendarReleaseRoutes(deps: { db: Knex; temporal: Client }): Router {
  const router = Router();

  async function staff(req: Request): Promise<ConsoleUser> {
    const user = await consoleUser(deps.db, req);
    if (!user || user.scope === 'panel') throw new PageNotFound();
    return user;
  }

  router.get('/medewerkers/kalender', async (req, res) => {
    const user = await staff(req);
    const lang = req.portal.lang;
    const { current } = calendarReleases();
    const pending = await pendingCalendarChanges(deps.db, deps.temporal, current, PAGE_SIZE);
    const applied = typeof req.query.toegepast === 'string' && /^\d{1,4}$/.test(req.query.toegepast) ? Number(req.query.toegepast) : undefined;
    renderPage(req, res, 'console-calendar', {
      titleKey: 'calendar.title',
      current,
      canApply: user.actor?.role === 'chair',
      notice: applied === undefined ? undefined : translate(lang, applied === 1 ? 'calendar.applied.one' : 'calendar.applied.many', { count: applied }),
      cases: pending.map((c) => ({
        caseNumber: c.caseNumber,
        calendarVersion: c.calendarVersion,
        changes: c.changes.map((ch) => ({ label: ch.label[lang], oldDue: dutchOrDash(ch.oldDue), newDue: dutchOrDash(ch.newDue) })),
      })),
    });
  });

  router.post('/medewerkers/kalender/toepassen', async (req, res) => {
    const user = await staff(req);
    if (user.actor?.role !== 'chair') throw new PageNotFound();
    const lang = req.portal.lang;
    const { current } = calendarReleases();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const only = typeof body.caseNumber === 'string' && isCaseNumber(body.caseNumber) ? body.caseNumber : undefined;
    if (body.version !== current || (body.caseNumber !== undefined && !only)) {
      // The page was made for another release (a deployment in between) or the form was altered.
      return res.redirect(303, '/medewerkers/kalender');
    }
    const caseNumbers = only ? [only] : (await pendingCalendarChanges(deps.db, deps.temporal, current, PAGE_SIZE)).map((c) => c.caseNumber);
    const failures: string[] = [];
    let applied = 0;
    for (const caseNumber of caseNumbers) {
      try {
        await applyCalendarRelease(deps.temporal, caseNumber, current, user.actor);
        applied++;
      } catch (err) {
        if (!(err instanceof ActionRefused)) throw err;
        failures.push(`${caseNumber}: ${err.refusals.map((r) => refusalText(lang, r)).join(' ')}`);
      }
    }
    if (!failures.length) return res.redirect(303, `/medewerkers/kalender?toegepast=${applied}`);
    renderPage(req, res, 'console-calendar', { titleKey: 'calendar.title', current, canApply: true, failures, cases: [] }, 409);
  });

  return router;
}
