/**
 * The Temporal SDK's runtime, created once per process before the first connection: its logger
 * (the worker's, the activities' Context.log and the workflows' log sink, and the Rust core's
 * forwarded lines) writes into pino, and, given a bind address, it exports the SDK's own metrics
 * (temporal_* : task slots, poll latencies, workflow and activity task outcomes, sticky cache) on
 * a Prometheus endpoint.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { LogLevel as PinoLevel } from '../config';
import type { Logger } from '../log';

const TEMPORAL_LEVEL: Record<PinoLevel, LogLevel> = { fatal: 'ERROR', error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', trace: 'TRACE', silent: 'ERROR' };
const PINO_LEVEL: Record<LogLevel, 'error' | 'warn' | 'info' | 'debug' | 'trace'> = { ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug', TRACE: 'trace' };

/** A Temporal logger that writes each entry, with its metadata (workflow id, activity type…), to `log`. */
export function temporalLogger(log: Logger, level: PinoLevel): DefaultLogger {
  const temporal = log.child({ component: 'temporal' });
  return new DefaultLogger(TEMPORAL_LEVEL[level], (entry) => temporal[PINO_LEVEL[entry.level]]({ ...entry.meta }, entry.message));
}

/** `metricsBind` is host:port; bind it to loopback unless a scraper elsewhere must reach it. */
export function installTemporalRuntime(opts: { logger: Logger; level: PinoLevel; metricsBind?: string }): void {
  Runtime.install({
    logger: temporalLogger(opts.logger, opts.level),
    telemetryOptions: opts.metricsBind
      ? {
          metrics: {
            metricPrefix: 'temporal_',
            prometheus: { bindAddress: opts.metricsBind, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
          },
        }
      : undefined,
  });
}
