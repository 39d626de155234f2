/**
 * Exports the Temporal SDK's own metrics (temporal_* : task slots, poll latencies, workflow and
 * activity task outcomes, sticky cache) from the worker's Rust core on a Prometheus endpoint.
 * Must run before the worker's first connection: the SDK runtime is created once per process.
 */
import { Runtime } from '@temporalio/worker';

/** `bindAddress` is host:port; bind it to loopback unless a scraper elsewhere must reach it. */
export function installTemporalMetrics(bindAddress: string): void {
  if (!/^[^:\s]+:\d{1,5}$/.test(bindAddress)) throw new Error(`TEMPORAL_METRICS_BIND must be host:port, got "${bindAddress}"`);
  Runtime.install({
    telemetryOptions: {
      metrics: {
        metricPrefix: 'temporal_',
        prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
      },
    },
  });
}
