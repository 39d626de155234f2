/**
 * The API's Prometheus metrics (prom-client): HTTP latency per route, and figures from the read
 * model — cases per status, terms due and overdue, the letter outbox — computed when scraped with
 * a handful of aggregate queries on indexed columns, so a scrape costs the database little.
 */
import crypto from 'node:crypto';
import { logger } from '../log';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CLOSED_OUTCOMES } from '../../domain/caseStatus';
import { countCasesPerStatus, countTermsDue } from '../store/cases';
import { countOutboxPerStatus, oldestUnsent } from '../store/outbox';

/** Days ahead a term counts as "due soon". */
export const TERM_DUE_DAYS = 7;

export interface AppMetrics {
  registry: Registry;
  /** Times every request; mount before the routes. */
  httpTimer: RequestHandler;
  /** GET /metrics, only with the metrics token. */
  endpoint: RequestHandler;
}

/**
 * The Temporal SDK's own metrics of this process (its runtime's Prometheus exporter,
 * TEMPORAL_METRICS_BIND), fetched on each scrape and served after the app's, so one scrape of
 * /metrics has both.
 */
async function sdkMetrics(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

export function createAppMetrics(deps: { db: Knex; token?: string; now?: () => Date; sdkMetricsUrl?: string }): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'klachtflow_process_' });
  const now = deps.now ?? (() => new Date());
  const db = deps.db;

  const httpDuration = new Histogram({
    name: 'klachtflow_http_request_duration_seconds',
    help: 'Latency of HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'klachtflow_cases',
    help: 'Cases per status (read model)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await countCasesPerStatus(db);
      this.reset();
      for (const r of rows) this.set({ status: r.status }, Number(r.count));
    },
  });

  new Gauge({
    name: 'klachtflow_terms',
    help: `Open cases by their next term: overdue (before today), due (today up to ${TERM_DUE_DAYS} days ahead)`,
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const today = now().toISOString().slice(0, 10);
      const row = await countTermsDue(db, CLOSED_OUTCOMES, today, TERM_DUE_DAYS);
      this.set({ state: 'overdue' }, Number(row.overdue));
      this.set({ state: 'due' }, Number(row.due));
    },
  });

  new Gauge({
    name: 'klachtflow_outbox_letters',
    help: 'Letters in the outbox per status (pending and sending are the backlog, failed are failures)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await countOutboxPerStatus(db);
      this.reset();
      for (const status of ['pending', 'sending', 'sent', 'print', 'failed']) this.set({ status }, 0);
      for (const r of rows) this.set({ status: r.status }, Number(r.count));
    },
  });

  new Gauge({
    name: 'klachtflow_outbox_lag_seconds',
    help: 'Age of the oldest letter not yet sent (pending or sending); 0 when the backlog is empty',
    registers: [registry],
    async collect() {
      const row = await oldestUnsent(db);
      this.set(row?.oldest ? Math.max(0, (now().getTime() - new Date(row.oldest).getTime()) / 1000) : 0);
    },
  });

  const scrapeErrors = new Counter({ name: 'klachtflow_metrics_scrape_errors_total', help: 'Scrapes of /metrics that failed', registers: [registry] });

  const httpTimer: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const end = httpDuration.startTimer();
    res.once('finish', () => {
      // The route pattern (not the URL) keeps case numbers and tokens out of the labels.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  const expected = deps.token ? crypto.createHash('sha256').update(deps.token).digest() : undefined;
  const endpoint: RequestHandler = (req, res) => {
    // Without a configured token the endpoint does not exist; with one, only its bearer may read.
    if (!expected) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'metrics token required' });
      return;
    }
    const fail = (err: unknown) => {
      scrapeErrors.inc();
      logger().error({ err }, 'metrics scrape failed');
    };
    // The SDK's part first: when it is unreachable, the app's part (with the error counted) still answers.
    const sdk = deps.sdkMetricsUrl ? sdkMetrics(deps.sdkMetricsUrl).catch((err: unknown) => (fail(err), '')) : Promise.resolve('');
    sdk
      .then(async (temporal) => `${await registry.metrics()}${temporal}`)
      .then(
        (body) => res.type(registry.contentType).send(body),
        (err: unknown) => {
          fail(err);
          res.status(500).json({ error: 'metrics unavailable' });
        },
      );
  };
  return { registry, httpTimer, endpoint };
}
