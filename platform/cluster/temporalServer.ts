/**
 * The real Temporal server (go.temporal.io/server, built by scripts/provision-temporal-server.sh)
 * on PostgreSQL: its two databases and schemas (temporal-sql-tool), its four services as separate
 * processes from the config template beside this file, and the app's namespace with its search
 * attributes.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { PROJECT_ROOT } from '../config';
import { ensureDatabase, withDatabase } from '../db';
import { registerSearchAttributes } from '../searchAttributes';
import type { ProcessSpec } from './supervisor';

const run = promisify(execFile);

export const TEMPORAL_SERVER_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal-server');
export const TEMPORAL_CONFIG_TEMPLATE = path.join(PROJECT_ROOT, 'platform', 'cluster', 'temporal-server.yaml');
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

/** Start order: history owns the shards the others route to; the worker service needs a frontend. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** Builds the server if it is not there yet (idempotent; minutes the first time). */
export function provisionTemporalServer(log: (line: string) => void): { server: string; sqlTool: string; schemaDir: string } {
  const script = path.join(PROJECT_ROOT, 'scripts', 'provision-temporal-server.sh');
  try {
    execFileSync('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .forEach(log);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`could not build the Temporal server (${script}): ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
  return {
    server: path.join(TEMPORAL_SERVER_DIR, 'bin', 'temporal-server'),
    sqlTool: path.join(TEMPORAL_SERVER_DIR, 'bin', 'temporal-sql-tool'),
    schemaDir: path.join(TEMPORAL_SERVER_DIR, 'schema', 'postgresql', 'v12'),
  };
}

export interface TemporalDb {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function temporalDbFromUrl(url: string): TemporalDb {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/**
 * Creates Temporal's databases when missing and brings both schemas to the version the built server
 * ships: what the compose `temporal-schema` job does, and how a Temporal upgrade migrates.
 */
export async function setupTemporalSchemas(opts: { sqlTool: string; schemaDir: string; adminUrl: string; log: (line: string) => void }): Promise<void> {
  const db = temporalDbFromUrl(opts.adminUrl);
  for (const [database, dir] of [
    [TEMPORAL_DATABASES.default, 'temporal'],
    [TEMPORAL_DATABASES.visibility, 'visibility'],
  ] as const) {
    await ensureDatabase(withDatabase(opts.adminUrl, 'postgres'), database);
    // The password goes through the environment, not the command line (visible in `ps`).
    const env = { ...process.env, SQL_PLUGIN: 'postgres12', SQL_HOST: db.host, SQL_PORT: String(db.port), SQL_USER: db.user, SQL_PASSWORD: db.password, SQL_DATABASE: database };
    for (const args of [['setup-schema', '-v', '0.0'], ['update-schema', '-d', path.join(opts.schemaDir, dir, 'versioned')]]) {
      try {
        await run(opts.sqlTool, args, { env });
      } catch (err) {
        const e = err as { stderr?: string; stdout?: string; message: string };
        throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-3).join(' ')}`);
      }
    }
    opts.log(`Temporal schema ${database} up to date`);
  }
}

export interface TemporalPorts {
  frontendGrpc: number;
  frontendHttp: number;
  grpc: Record<Exclude<TemporalService, 'frontend'>, number>;
  membership: Record<TemporalService, number>;
  /** Prometheus endpoint of each service process. */
  metrics: Record<TemporalService, number>;
}

/**
 * Every port of the four services, derived from the frontend's gRPC port, and the membership
 * (ringpop) ports from their own base: the server stores those in a PostgreSQL smallint column,
 * so they must stay below 32768.
 */
export function temporalPorts(frontendGrpc: number, membershipBase = 6933): TemporalPorts {
  return {
    frontendGrpc,
    frontendHttp: frontendGrpc + 10,
    grpc: { history: frontendGrpc + 1, matching: frontendGrpc + 2, worker: frontendGrpc + 6 },
    membership: { frontend: membershipBase, history: membershipBase + 1, matching: membershipBase + 2, worker: membershipBase + 6 },
    metrics: { frontend: frontendGrpc + 200, history: frontendGrpc + 201, matching: frontendGrpc + 202, worker: frontendGrpc + 206 },
  };
}

/** The environment the config template reads, for one service process on loopback. */
export function temporalServiceEnv(service: TemporalService, db: TemporalDb, ports: TemporalPorts): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TEMPORAL_DB_HOST: db.host,
    TEMPORAL_DB_PORT: String(db.port),
    TEMPORAL_DB_USER: db.user,
    TEMPORAL_DB_PASSWORD: db.password,
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_FRONTEND_GRPC_PORT: String(ports.frontendGrpc),
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    TEMPORAL_HISTORY_GRPC_PORT: String(ports.grpc.history),
    TEMPORAL_MATCHING_GRPC_PORT: String(ports.grpc.matching),
    TEMPORAL_WORKER_GRPC_PORT: String(ports.grpc.worker),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.membership.frontend),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.membership.history),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.membership.matching),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.membership.worker),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${ports.metrics[service]}`,
  };
}

/** How the supervisor runs one service: the exact command line a container would run. */
export function temporalServiceSpec(service: TemporalService, binary: string, db: TemporalDb, ports: TemporalPorts): ProcessSpec {
  return {
    name: `temporal-${service}`,
    command: binary,
    args: ['--config-file', TEMPORAL_CONFIG_TEMPLATE, '--allow-no-auth', 'start', '--service', service],
    env: temporalServiceEnv(service, db, ports),
    // Each service is up once its Prometheus endpoint answers: the server opens it after the
    // service's dependencies (persistence, membership) are in place.
    ready: async () => {
      const res = await fetch(`http://127.0.0.1:${ports.metrics[service]}/metrics`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) throw new Error(`metrics answered ${res.status}`);
      if (service === 'frontend') await probeFrontend(`127.0.0.1:${ports.frontendGrpc}`);
    },
    readyTimeoutMs: 120_000,
  };
}

async function probeFrontend(address: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}

/**
 * Registers the namespace (a fresh cluster has none, not even `default`) and klachtflow's search
 * attributes on it. Idempotent. Retries while the services finish joining the ring.
 */
export async function ensureNamespace(address: string, namespace: string, retentionDays: number, timeoutMs = 90_000): Promise<void> {
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const retention = msToTs(`${retentionDays} days`);
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention }).catch(async (err: Error) => {
          if (!/already exists|already registered/i.test(err.message)) throw err;
          // Re-running applies a changed retention.
          await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } });
        });
        // A new namespace reaches the frontend's cache after a few seconds; until then this fails.
        await registerSearchAttributes(connection, namespace);
        await connection.operatorService.listSearchAttributes({ namespace });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`namespace ${namespace} could not be set up on ${address}: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  } finally {
    await connection.close();
  }
}

export function serverBinaryPresent(): boolean {
  return fs.existsSync(path.join(TEMPORAL_SERVER_DIR, 'bin', 'temporal-server'));
}
