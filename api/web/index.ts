/**
 * The portal: server-rendered pages for complainants (intake, tracking), school boards (their case
 * link) and staff (login). Works without JavaScript; every POST carries a CSRF token; sessions live
 * in PostgreSQL. Page errors render as pages, never as JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type ErrorRequestHandler } from 'express';
import { PROJECT_ROOT } from '../../platform/config';
import type { IntakeDeps } from '../services/intake';
import type { StaffRole } from '../portal/users';
import { unreadableRequest } from '../errors';
import { portalContext } from './context';
import { csrfProtection } from './csrf';
import { CsrfError, PageNotFound, TooManyRequests, UploadTooLarge } from './errors';
import { messageKey, translate } from './i18n';
import { renderPage } from './render';
import { adminRoutes } from './routes/admin';
import { boardRoutes } from './routes/board';
import { boardLoginLinkRoutes } from './routes/boardLoginLink';
import { boardConsoleRoutes } from './routes/boardConsole';
import { consoleRoutes } from './routes/console';
import { consolePostRoutes } from './routes/consolePost';
import { intakeRoutes } from './routes/intake';
import { panelRoutes } from './routes/panel';
import { registerConsoleRoutes } from './routes/register';
import { schoolRoutes } from './routes/school';
import { respondentRoutes } from './routes/respondent';
import { staffRoutes } from './routes/staff';
import { statisticsRoutes } from './routes/statistics';
import { calendarReleaseRoutes } from './routes/calendarReleases';
import { publicationRoutes } from './routes/publications';
import { rulingsRoutes } from './routes/rulings';
import { retentionRoutes } from './routes/retention';
import { trackRoutes } from './routes/track';
import { lostCodeRoutes } from './routes/lostCode';

const CSS = fs.readFileSync(path.join(PROJECT_ROOT, 'templates', 'assets', 'portal.css'));

export function portal(deps: IntakeDeps & { twoFactorRoles?: readonly StaffRole[] }): Router {
  const router = Router();

  router.get('/assets/portal.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(CSS);
  });

  router.use(portalContext(deps.db));
  // The form of a new policy version has a field per term setting (about a hundred); parsed first, here only.
  router.use('/beheer/beleid/nieuw', express.urlencoded({ extended: false, limit: '300kb', parameterLimit: 200 }));
  router.use(express.urlencoded({ extended: false, limit: '300kb', parameterLimit: 50 }));
  router.use(csrfProtection);

  router.get('/', (req, res) => renderPage(req, res, 'home', { titleKey: 'home.title' }));
  router.use(intakeRoutes(deps));
  // Before the complainant's pages: asking for a new code needs no login.
  router.use(lostCodeRoutes(deps));
  router.use(trackRoutes(deps));
  router.use(schoolRoutes(deps));
  router.use(respondentRoutes(deps));
  // Before boardRoutes: /bestuur/inloggen/link is not a step of the password login.
  router.use(boardLoginLinkRoutes(deps));
  router.use(boardRoutes(deps));
  // Before staffRoutes: the console's dashboard is what /medewerkers shows.
  router.use(consoleRoutes(deps));
  router.use(consolePostRoutes(deps));
  router.use(statisticsRoutes(deps));
  router.use(publicationRoutes(deps));
  router.use(rulingsRoutes(deps));
  router.use(retentionRoutes(deps));
  router.use(registerConsoleRoutes(deps));
  router.use(calendarReleaseRoutes(deps));
  router.use(boardConsoleRoutes(deps));
  router.use(staffRoutes(deps));
  router.use(panelRoutes(deps));
  router.use(adminRoutes(deps));

  router.use((_req, _res, next) => next(new PageNotFound()));
  router.use(pageErrors);
  return router;
}

const pageErrors: ErrorRequestHandler = (err, req, res, _next) => {
  if (!req.portal) req.portal = { lang: 'nl' };
  const lang = req.portal.lang;
  const page = (status: number, headingKey: string, textKey: string, params: Record<string, unknown> = {}) =>
    renderPage(req, res, 'error', { titleKey: headingKey, heading: translate(lang, messageKey(headingKey)), text: translate(lang, messageKey(textKey), params) }, status);
  if (err instanceof PageNotFound) return page(404, 'error.notFound', err.messageKey);
  if (err instanceof CsrfError) return page(403, 'error.csrf', 'error.csrfText');
  if (err instanceof TooManyRequests) {
    res.set('Retry-After', String(err.retryAfter));
    return page(429, 'error.tooMany', 'error.tooManyText', { minutes: Math.ceil(err.retryAfter / 60) });
  }
  if (err instanceof UploadTooLarge || err?.type === 'entity.too.large') return page(413, 'error.tooLarge', 'error.tooLargeText');
  if (err?.type === 'parameters.too.many') return page(400, 'error.server', 'error.serverText');
  // A body or path that cannot be read (broken multipart or JSON, unknown encoding): the request's fault.
  const unreadable = unreadableRequest(err);
  if (unreadable) return page(unreadable.status, 'error.badRequest', 'error.badRequestText');
  req.log.error({ err }, 'portal error');
  page(500, 'error.server', 'error.serverText');
};
