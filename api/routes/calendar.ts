/**
 * Calendar releases over the API (staff tokens): which releases exist and which one new cases get,
 * and which running terms of open cases a release would move. Applying one to a case is
 * `POST /api/cases/:caseNumber/calendar-release` (chair only).
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { requireApiToken } from '../middleware/apiToken';
import { calendarReleases, checkedVersion, pendingCalendarChanges } from '../services/calendarReleases';

export function calendarRouter(deps: { db: Knex; temporal: Client }): Router {
  const router = Router();
  router.use(requireApiToken(deps.db, ['secretary', 'chair']));

  router.get('/releases', (_req, res) => {
    res.json(calendarReleases());
  });

  router.get('/changes', async (req, res) => {
    const version = checkedVersion(req.query.version ?? calendarReleases().current);
    res.json({ version, cases: await pendingCalendarChanges(deps.db, deps.temporal, version) });
  });

  return router;
}
