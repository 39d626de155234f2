/**
 * Where each process of `npm run start:cluster` listens and writes, derived from a few settings so
 * that a test can move the whole cluster onto free ports: PORT (first API; the second is PORT+1,
 * the workers' health ports PORT+10, +11 and the letter worker's +12, their Temporal SDK metrics
 * PORT+20, +21, +22) and
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
  /** Letter delivery only, on the letter queue (scripts/worker.ts --letters). */
  letterWorker: { name: string; healthPort: number; metricsPort: number };
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
    // Case workers run every workflow and activity; the letter worker prints and sends.
    workers: [1, 2].map((i) => ({ name: `worker-${i}`, healthPort: config.port + 9 + i, metricsPort: config.port + 19 + i })),
    letterWorker: { name: 'letter-worker', healthPort: config.port + 12, metricsPort: config.port + 22 },
    apis: [1, 2].map((i) => ({ name: `api-${i}`, port: config.port + i - 1 })),
  };
}

/**
 * One klachtflow process of the cluster: the entry script (scripts/<script>.ts here,
 * dist/scripts/<script>.js in the image), its arguments, the variables that differ per process,
 * and where it answers when up. docker-compose.yml has a service of the same name running the same
 * script and arguments with the same variables (its test compares them).
 */
export interface AppProcess {
  name: string;
  script: 'api' | 'worker';
  args: string[];
  env: Record<string, string>;
  healthUrl: string;
}

/** Workers first (they poll), then the APIs (they accept work); `start:cluster` starts them in this order. */
export function appProcesses(layout: ClusterLayout, config: Pick<Config, 'pdf'>): AppProcess[] {
  const worker = (w: ClusterLayout['workers'][number], args: string[], env: Record<string, string> = {}): AppProcess => ({
    name: w.name,
    script: 'worker',
    args,
    env: { WORKER_HEALTH_PORT: String(w.healthPort), TEMPORAL_METRICS_BIND: `127.0.0.1:${w.metricsPort}`, ...env },
    healthUrl: `http://127.0.0.1:${w.healthPort}/health`,
  });
  return [
    ...layout.workers.map((w) => worker(w, [])),
    worker(layout.letterWorker, ['--letters'], { PDF_RENDER_CONCURRENCY: String(config.pdf.renderConcurrency) }),
    ...layout.apis.map((a) => ({ name: a.name, script: 'api' as const, args: [], env: { PORT: String(a.port), API_HOST: '127.0.0.1' }, healthUrl: `http://127.0.0.1:${a.port}/health` })),
  ];
}

/** The variables every klachtflow process of the cluster gets (compose: the `x-app` environment). */
export const SHARED_APP_VARIABLES = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'KLACHTFLOW_SECRET', 'PUBLIC_BASE_URL', 'MALLOC_ARENA_MAX'] as const;
