/** The Express application: routes, JSON parsing and the mapping of errors onto HTTP answers. */
import express, { type ErrorRequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { ConflictError, NotFoundError, UnauthorizedError, unreadableRequest, ValidationError } from './errors';
import { complaintsRouter } from './routes/complaints';
import { loadMailConfig } from '../platform/mail/config';
import { cases } from './routes/cases';
import { devMailboxRouter } from './routes/devMailbox';
import { deadlinesRouter } from './routes/deadlines';
import { healthRouter } from './routes/health';
import { openApiRouter } from './routes/openapi';
import { schoolLinksRouter } from './routes/schoolLinks';
import { refuseDeepJson } from './middleware/jsonDepth';
import { portal } from './web';
import type { StaffRole } from './portal/users';
import { noStore, securityHeaders } from './web/securityHeaders';
import { TooManyRequests } from './web/errors';
import type { TrustProxy } from '../platform/trustProxy';
import { createAppMetrics } from '../platform/metrics/appMetrics';

export interface AppDeps {
  db: Knex;
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
  /** Staff roles that must log in with a second factor; defaults to STAFF_2FA_ROLES (admin and chair). */
  twoFactorRoles?: readonly StaffRole[];
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders);
  const metrics = createAppMetrics({ db: deps.db, token: deps.metricsToken ?? (process.env.METRICS_TOKEN || undefined), now: deps.now });
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
  app.use('/api', openApiRouter());
  if (loadMailConfig().capture) app.use('/api/dev/mailbox', devMailboxRouter(deps));

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such endpoint' });
  });
  // The portal's pages (complainant, school, staff login); they render their own error pages.
  app.use(portal(deps));
  app.use(errorHandler);
  return app;
}

const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof ValidationError) {
    res.status(400).json({ errors: err.errors });
  } else if (err instanceof NotFoundError) {
    res.status(404).json({ error: 'not found' });
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
    console.error('unhandled error', err);
    res.status(500).json({ error: 'internal error' });
  }
};
