/**
 * Runtime settings: every environment variable klachtflow reads, parsed in this one place with one
 * zod schema; the rest of the code receives the typed Config. Every default suits `npm start` on a
 * laptop. A bad value ends the start with one sentence per variable naming what it must be.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_COMMITTEE } from '../domain/committee';
import { StartupError } from './startupError';
import { parseTrustProxy, type TrustProxy } from './trustProxy';

// The source tree runs from the project root (tsx); the build runs from dist/ beside templates/.
const parentOfThisDir = path.resolve(__dirname, '..');
export const PROJECT_ROOT = path.basename(parentOfThisDir) === 'dist' ? path.dirname(parentOfThisDir) : parentOfThisDir;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface MailConfig {
  smtpUrl: string;
  /** True when no SMTP_URL is set: `npm start` must run the capture server on `capturePort`. */
  capture: boolean;
  capturePort: number;
  /** The From header of every letter. */
  from: string;
}

export interface Config {
  port: number;
  dataDir: string;
  /** External PostgreSQL; when absent, embedded PostgreSQL runs under dataDir. */
  databaseUrl?: string;
  /** The schema owner's URL for migrations; DATABASE_URL is then the app's least-privileged role. */
  databaseAdminUrl?: string;
  embeddedPostgresPort: number;
  /** External Temporal; when absent, the Temporal CLI dev server runs under dataDir. */
  temporalAddress?: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
  temporalDevPort: number;
  temporalUiPort: number;
  /** The Temporal Web UI the console links each case to, without a trailing slash. */
  temporalUiUrl: string;
  secret?: string;
  workerHealthPort?: number;
  /** How many cases' workflows a worker keeps in memory; the rest wait in Temporal and replay on demand. */
  workerMaxCachedWorkflows: number;
  /** Reverse proxies whose X-Forwarded-For is believed (rate limits key on the client's address). */
  trustProxy: TrustProxy;
  /** NODE_ENV=production: cookies are always Secure and HSTS is sent. */
  production: boolean;
  /** Base of the school links; without it they take the request's own address (not in production). */
  publicBaseUrl?: string;
  /** Bearer token that may read /metrics; without one /metrics is 404. */
  metricsToken?: string;
  /** The address scripts/api.ts listens on; all interfaces when absent. */
  apiHost?: string;
  /** host:port where a worker exports the Temporal SDK's metrics. */
  temporalMetricsBind?: string;
  /** A prebuilt workflow bundle for the case worker (start:cluster builds one for all); the worker bundles workflows/ otherwise. */
  workflowBundlePath?: string;
  temporalBinaries: { cliPath?: string; testServerPath?: string; venv: string };
  mail: MailConfig;
  pdf: { chromiumPath: string; renderConcurrency: number };
  log: { level: LogLevel; format?: 'json' | 'pretty' };
  /** `npm run start:cluster` only. */
  cluster: { frontendPort: number; membershipPort: number; retentionDays: number; temporalDbUrl?: string };
  /** create-user's password (else read from stdin). */
  newUserPassword?: string;
  /** Counts from 1 below this leave statistics exports and the annual report withheld. */
  statsSuppressionThreshold: number;
  /** STAFF_2FA_ROLES as given (api/portal parses it: admin,chair by default). */
  staffTwoFactorRoles?: string;
  /**
   * Where letters to the Inspectorate (escalations, reporting-duty reports) are e-mailed; without it
   * they go by post to its postal address (domain/committee.ts), marked for the day's print batch.
   */
  inspectorateEmail?: string;
}

/** Variables whose values are never echoed in an error (they hold passwords or keys). */
const SECRET_VARIABLES = new Set(['KLACHTFLOW_SECRET', 'DATABASE_URL', 'DATABASE_ADMIN_URL', 'TEMPORAL_DB_URL', 'SMTP_URL', 'METRICS_TOKEN', 'KLACHTFLOW_PASSWORD']);

/** Unset and empty are the same: the default applies (docker compose and tests pass "" to clear). */
const text = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

function wholeNumber(name: string, min: number, max: number, fallback: number | undefined, why = '') {
  const must = `${name} must be a whole number between ${min} and ${max}${why}`;
  return text().superRefine((raw, ctx) => {
    if (raw === undefined) return;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) ctx.addIssue({ code: 'custom', message: must });
  }).transform((raw) => (raw === undefined ? fallback : Number(raw)));
}

const port = (name: string, fallback?: number) => wholeNumber(name, 1, 65535, fallback);

function matching(name: string, pattern: RegExp, must: string) {
  return text().refine((raw) => raw === undefined || pattern.test(raw), { message: `${name} must be ${must}` });
}

function smtpUrlProblem(raw: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return 'SMTP_URL must be a URL such as smtp://user:pass@host:587 or smtps://host:465';
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') return `SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`;
  if (!parsed.hostname) return 'SMTP_URL must name a host, as in smtp://user:pass@host:587';
  return undefined;
}

const envSchema = z.object({
  PORT: port('PORT', 3000),
  KLACHTFLOW_DATA_DIR: text(),
  DATABASE_URL: text(),
  DATABASE_ADMIN_URL: text(),
  EMBEDDED_PG_PORT: port('EMBEDDED_PG_PORT', 54329),
  TEMPORAL_ADDRESS: text(),
  TEMPORAL_NAMESPACE: text(),
  TEMPORAL_TASK_QUEUE: text(),
  TEMPORAL_DEV_PORT: port('TEMPORAL_DEV_PORT', 7233),
  TEMPORAL_UI_PORT: port('TEMPORAL_UI_PORT', 8233),
  TEMPORAL_UI_URL: matching('TEMPORAL_UI_URL', /^https?:\/\/[^/\s]+/, 'an http(s) address such as http://localhost:8233'),
  KLACHTFLOW_SECRET: text(),
  WORKER_HEALTH_PORT: port('WORKER_HEALTH_PORT'),
  // ~0.75 MB per cached case (npm run bench): 1000 keeps the worker well under 1 GiB.
  WORKER_MAX_CACHED_WORKFLOWS: wholeNumber('WORKER_MAX_CACHED_WORKFLOWS', 0, 1_000_000, 1000),
  TRUST_PROXY: text().superRefine((raw, ctx) => {
    try {
      parseTrustProxy(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  NODE_ENV: text(),
  // The shape only: scripts/api.ts requires it in production (platform/productionSettings.ts).
  PUBLIC_BASE_URL: text(),
  METRICS_TOKEN: text(),
  API_HOST: text(),
  TEMPORAL_METRICS_BIND: matching('TEMPORAL_METRICS_BIND', /^[^:\s]+:\d{1,5}$/, 'host:port, such as 127.0.0.1:9464'),
  WORKFLOW_BUNDLE_PATH: text(),
  TEMPORAL_CLI_PATH: text(),
  TEMPORAL_TEST_SERVER_PATH: text(),
  KLACHTFLOW_TEMPORAL_VENV: text(),
  SMTP_URL: text().superRefine((raw, ctx) => {
    const problem = raw === undefined ? undefined : smtpUrlProblem(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  MAIL_CAPTURE_PORT: port('MAIL_CAPTURE_PORT', 2525),
  MAIL_FROM: text(),
  CHROMIUM_PATH: text(),
  PDF_RENDER_CONCURRENCY: wholeNumber('PDF_RENDER_CONCURRENCY', 1, 64, 2),
  LOG_LEVEL: text().refine((raw) => raw === undefined || (LOG_LEVELS as readonly string[]).includes(raw), { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }),
  LOG_FORMAT: text().refine((raw) => raw === undefined || raw === 'json' || raw === 'pretty', { message: 'LOG_FORMAT must be json or pretty' }),
  // The frontend's neighbours sit up to 206 above it; Temporal stores membership ports as a smallint.
  TEMPORAL_CLUSTER_PORT: wholeNumber('TEMPORAL_CLUSTER_PORT', 1, 65535 - 206, 7233, ' (the other Temporal services listen up to 206 above it)'),
  TEMPORAL_MEMBERSHIP_PORT: wholeNumber('TEMPORAL_MEMBERSHIP_PORT', 1, 32767 - 6, 6933, ' (Temporal stores it as a smallint)'),
  TEMPORAL_RETENTION_DAYS: wholeNumber('TEMPORAL_RETENTION_DAYS', 1, 36500, 30, ' (days)'),
  TEMPORAL_DB_URL: text(),
  KLACHTFLOW_PASSWORD: z.string().optional(),
  STAFF_2FA_ROLES: text(),
  STATS_SUPPRESSION_THRESHOLD: wholeNumber('STATS_SUPPRESSION_THRESHOLD', 1, 100, 5),
  INSPECTORATE_EMAIL: matching('INSPECTORATE_EMAIL', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address such as meldingen@inspectie.example.nl'),
});

/** The names of every environment variable klachtflow reads (README's tables list them all). */
export const ENVIRONMENT_VARIABLES = Object.keys(envSchema.shape) as Array<keyof typeof envSchema.shape>;

/** Bad settings, one sentence each (`PORT must be a whole number between 1 and 65535, got "http".`). */
export class ConfigError extends StartupError {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

function problemsOf(error: z.ZodError, env: NodeJS.ProcessEnv): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(name) ? '' : `, got "${env[name]}"`;
    return `${issue.message}${shown}.`;
  });
}

/** Parses `env` (process.env by default); throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error, env));
  const e = parsed.data;
  const capturePort = e.MAIL_CAPTURE_PORT!;
  return {
    port: e.PORT!,
    dataDir: path.resolve(e.KLACHTFLOW_DATA_DIR ?? path.join(PROJECT_ROOT, '.data')),
    databaseUrl: e.DATABASE_URL,
    databaseAdminUrl: e.DATABASE_ADMIN_URL,
    embeddedPostgresPort: e.EMBEDDED_PG_PORT!,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE ?? 'default',
    temporalTaskQueue: e.TEMPORAL_TASK_QUEUE ?? 'klachtflow',
    temporalDevPort: e.TEMPORAL_DEV_PORT!,
    temporalUiPort: e.TEMPORAL_UI_PORT!,
    // The dev server's Web UI listens on TEMPORAL_UI_PORT, so the default link follows that port.
    temporalUiUrl: (e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT!}`).replace(/\/+$/, ''),
    secret: e.KLACHTFLOW_SECRET,
    workerHealthPort: e.WORKER_HEALTH_PORT,
    workerMaxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS!,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    production: e.NODE_ENV === 'production',
    publicBaseUrl: e.PUBLIC_BASE_URL,
    metricsToken: e.METRICS_TOKEN,
    apiHost: e.API_HOST,
    temporalMetricsBind: e.TEMPORAL_METRICS_BIND,
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    temporalBinaries: { cliPath: e.TEMPORAL_CLI_PATH, testServerPath: e.TEMPORAL_TEST_SERVER_PATH, venv: path.resolve(PROJECT_ROOT, e.KLACHTFLOW_TEMPORAL_VENV ?? path.join('.tools', 'temporal-venv')) },
    mail: {
      // Without SMTP_URL, mail goes to the capture `npm start` runs on loopback (platform/mail/captureServer.ts).
      smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${capturePort}`,
      capture: e.SMTP_URL === undefined,
      capturePort,
      from: e.MAIL_FROM ?? `"${DEFAULT_COMMITTEE.name}" <${DEFAULT_COMMITTEE.email}>`,
    },
    pdf: { chromiumPath: e.CHROMIUM_PATH ?? '/usr/bin/chromium', renderConcurrency: e.PDF_RENDER_CONCURRENCY! },
    log: { level: (e.LOG_LEVEL as LogLevel | undefined) ?? 'info', format: e.LOG_FORMAT as 'json' | 'pretty' | undefined },
    cluster: { frontendPort: e.TEMPORAL_CLUSTER_PORT!, membershipPort: e.TEMPORAL_MEMBERSHIP_PORT!, retentionDays: e.TEMPORAL_RETENTION_DAYS!, temporalDbUrl: e.TEMPORAL_DB_URL },
    newUserPassword: e.KLACHTFLOW_PASSWORD,
    statsSuppressionThreshold: e.STATS_SUPPRESSION_THRESHOLD!,
    staffTwoFactorRoles: e.STAFF_2FA_ROLES,
    inspectorateEmail: e.INSPECTORATE_EMAIL,
  };
}

let cached: { key: string; config: Config } | undefined;

/**
 * This process's settings, for modules below the entry points (routes, activities). Parsed once;
 * parsed again only when one of the variables changed (a test harness or bench sets SMTP_URL
 * after the first read).
 */
export function currentConfig(): Config {
  const key = ENVIRONMENT_VARIABLES.map((name) => process.env[name] ?? '').join('\u0000');
  if (cached?.key !== key) cached = { key, config: loadConfig(process.env) };
  return cached.config;
}
