/** The Express application: routes, JSON parsing and the mapping of errors onto HTTP answers. */
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { refusalText, type RefusalLang } from '../contracts/refusalTexts';
import { ActionRefused, ConflictError, NotFoundError, UnauthorizedError, unreadableRequest, ValidationError } from './errors';
import { complaintsRouter } from './routes/complaints';
import { currentConfig } from '../platform/config';
import { cases } from './routes/cases';
import { devMailboxRouter } from './routes/devMailbox';
import { deadlinesRouter } from './routes/deadlines';
import { calendarRouter } from './routes/calendar';
import { healthRouter } from './routes/health';
import { openApiRouter } from './routes/openapi';
import { registerRouter } from './routes/register';
import { schoolLinksRouter } from './routes/schoolLinks';
import { refuseDeepJson } from './middleware/jsonDepth';
import { portal } from './web';
import type { StaffRole } from './portal/users';
import { noStore, securityHeaders } from './web/securityHeaders';
import { TooManyRequests } from './web/errors';
import type { TrustProxy } from '../platform/trustProxy';
import { createAppMetrics } from '../platform/metrics/appMetrics';
import { logger, type Logger } from '../platform/log';
import { requestLog } from './middleware/requestLog';

export interface AppDeps {
  db: Knex;
  /** Where a new access code is mailed (POST /api/complaints/access-code-requests, /zaak/code-kwijt); SMTP_URL by default. */
  mail?: { smtpUrl: string; from: string };
  temporal: Client;
  taskQueue: string;
  secret: string;
  now?: () => Date;
  /** How /health asks Temporal; defaults to a call on the API's own client. */
  temporalProbe?: () => Promise<unknown>;
  /** Which reverse proxies' X-Forwarded-For names the client (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** Bearer token that may read /metrics; without one /metrics is 404. Defaults to METRICS_TOKEN. */
  metricsToken?: string;
  /** The Temporal SDK's metrics endpoint this process exports, served with /metrics; defaults to TEMPORAL_METRICS_BIND's. */
  sdkMetricsUrl?: string;
  /** Where request lines go; the process's logger by default. */
  logger?: Logger;
  /** Staff roles that must log in with a second factor; defaults to STAFF_2FA_ROLES (admin and chair). */
  twoFactorRoles?: readonly StaffRole[];
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLog(deps.logger ?? logger()));
  app.use(securityHeaders);
  const sdkBind = currentConfig().temporalMetricsBind;
  const sdkMetricsUrl = deps.sdkMetricsUrl ?? (sdkBind ? `http://${sdkBind}/metrics` : undefined);
  const metrics = createAppMetrics({ db: deps.db, token: deps.metricsToken ?? currentConfig().metricsToken, now: deps.now, sdkMetricsUrl });
  app.use(metrics.httpTimer);
  app.get('/metrics', metrics.endpoint);
  app.use(express.json({ limit: '256kb' }));
  app.use(refuseDeepJson);

  app.use('/health', healthRouter(deps));
  app.use(['/api/complaints', '/api/cases'], noStore);
  app.use('/api/complaints', complaintsRouter(deps));
  app.use('/api/cases', schoolLinksRouter(deps));
  app.use('/api/cases', cases(deps));
  app.use('/api/deadlines', deadlinesRouter());
  app.use('/api/calendar', noStore, calendarRouter(deps));
  app.use('/api/register', registerRouter(deps));
  app.use('/api', openApiRouter());
  if (currentConfig().mail.capture) app.use('/api/dev/mailbox', devMailboxRouter(deps));

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such endpoint' });
  });
  // The portal's pages (complainant, school, staff login); they render their own error pages.
  app.use(portal(deps));
  app.use(errorHandler);
  return app;
}

/** The language of a JSON refusal: ?lang=nl|en first, else the client's Accept-Language, else Dutch. */
function refusalLanguage(req: Request): RefusalLang {
  if (req.query.lang === 'en' || req.query.lang === 'nl') return req.query.lang;
  return req.acceptsLanguages('nl', 'en') === 'en' ? 'en' : 'nl';
}

const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof ValidationError) {
    res.status(400).json({ errors: err.errors });
  } else if (err instanceof NotFoundError) {
    res.status(404).json({ error: 'not found' });
  } else if (err instanceof ActionRefused) {
    // Coded refusals, worded in the request's language (?lang=en, or Accept-Language; Dutch by default).
    const lang = refusalLanguage(req);
    res.status(err.status).json({ errors: err.refusals.map((r) => ({ code: r.code, field: r.field, message: refusalText(lang, r) })) });
  } else if (err instanceof ConflictError) {
    res.status(err.status).json({ errors: err.errors });
  } else if (err instanceof UnauthorizedError) {
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: err.message });
  } else if (err instanceof TooManyRequests) {
    res.status(429).set('Retry-After', String(err.retryAfter)).json({ errors: [{ field: err.field, message: `${err.reason}; try again in ${err.retryAfter} seconds` }] });
  } else if (unreadableRequest(err)) {
    const { status, error } = unreadableRequest(err)!;
    res.status(status).json({ errors: [error] });
  } else {
    req.log.error({ err }, 'unhandled error');
    res.status(500).json({ error: 'internal error' });
  }
};
