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

export function clusterLayout(config: Config): ClusterLayout {
  const { frontendPort: frontend, membershipPort: membership, retentionDays } = config.cluster;
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
