/**
 * Where each process of `npm run start:cluster` listens and writes, derived from a few settings so
 * that a test can move the whole cluster onto free ports: PORT (first API; the second is PORT+1,
 * the workers' health ports PORT+10.., their Temporal SDK metrics PORT+20..) and
 * TEMPORAL_CLUSTER_PORT (the frontend; the other services sit at fixed offsets from it).
 */
import path from 'node:path';
import type { Config } from '../config';
import { temporalPorts, type TemporalPorts } from './temporalServer';

export interface ClusterLayout {
  dir: string;
  postgresDir: string;
  logDir: string;
  temporal: TemporalPorts;
  temporalAddress: string;
  retentionDays: number;
  workers: Array<{ name: string; healthPort: number; metricsPort: number }>;
  apis: Array<{ name: string; port: number }>;
}

export function clusterLayout(config: Config, env: NodeJS.ProcessEnv): ClusterLayout {
  const frontend = env.TEMPORAL_CLUSTER_PORT ? Number(env.TEMPORAL_CLUSTER_PORT) : 7233;
  if (!Number.isInteger(frontend) || frontend < 1 || frontend > 65535 - 206) throw new Error(`TEMPORAL_CLUSTER_PORT must be a port number below 65329, got "${env.TEMPORAL_CLUSTER_PORT}"`);
  const membership = env.TEMPORAL_MEMBERSHIP_PORT ? Number(env.TEMPORAL_MEMBERSHIP_PORT) : 6933;
  if (!Number.isInteger(membership) || membership < 1 || membership > 32767 - 6) throw new Error(`TEMPORAL_MEMBERSHIP_PORT must be a port number below 32761 (Temporal stores it as a smallint), got "${env.TEMPORAL_MEMBERSHIP_PORT}"`);
  const retentionDays = env.TEMPORAL_RETENTION_DAYS ? Number(env.TEMPORAL_RETENTION_DAYS) : 30;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`TEMPORAL_RETENTION_DAYS must be a whole number of days, got "${env.TEMPORAL_RETENTION_DAYS}"`);
  const dir = path.join(config.dataDir, 'cluster');
  return {
    dir,
    postgresDir: path.join(dir, 'postgres'),
    logDir: path.join(dir, 'logs'),
    temporal: temporalPorts(frontend, membership),
    temporalAddress: `127.0.0.1:${frontend}`,
    retentionDays,
    // One kind of worker: it runs every workflow and activity, letters included.
    workers: [1, 2].map((i) => ({ name: `worker-${i}`, healthPort: config.port + 9 + i, metricsPort: config.port + 19 + i })),
    apis: [1, 2].map((i) => ({ name: `api-${i}`, port: config.port + i - 1 })),
  };
}
