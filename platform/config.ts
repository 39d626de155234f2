/** Runtime settings, read once from the environment; every default suits `npm start` on a laptop. */
import path from 'node:path';
import { parseTrustProxy, type TrustProxy } from './trustProxy';

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
  secret?: string;
  workerHealthPort?: number;
  /** How many cases' workflows a worker keeps in memory; the rest wait in Temporal and replay on demand. */
  workerMaxCachedWorkflows: number;
  /** Reverse proxies whose X-Forwarded-For is believed (rate limits key on the client's address). */
  trustProxy: TrustProxy;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number, got "${raw}"`);
  }
  return n;
}

// The source tree runs from the project root (tsx); the build runs from dist/ beside templates/.
const parentOfThisDir = path.resolve(__dirname, '..');
export const PROJECT_ROOT = path.basename(parentOfThisDir) === 'dist' ? path.dirname(parentOfThisDir) : parentOfThisDir;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFromEnv(env, 'PORT', 3000),
    dataDir: path.resolve(env.KLACHTFLOW_DATA_DIR || path.join(PROJECT_ROOT, '.data')),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAdminUrl: env.DATABASE_ADMIN_URL || undefined,
    embeddedPostgresPort: intFromEnv(env, 'EMBEDDED_PG_PORT', 54329),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalTaskQueue: env.TEMPORAL_TASK_QUEUE || 'klachtflow',
    temporalDevPort: intFromEnv(env, 'TEMPORAL_DEV_PORT', 7233),
    temporalUiPort: intFromEnv(env, 'TEMPORAL_UI_PORT', 8233),
    secret: env.KLACHTFLOW_SECRET || undefined,
    workerHealthPort: env.WORKER_HEALTH_PORT ? intFromEnv(env, 'WORKER_HEALTH_PORT', 3001) : undefined,
    // ~0.75 MB per cached case (npm run bench): 1000 keeps the worker well under 1 GiB.
    workerMaxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS ? Number(env.WORKER_MAX_CACHED_WORKFLOWS) : 1000,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
