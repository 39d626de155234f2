/**
 * One-shot: registers the namespace (TEMPORAL_NAMESPACE) on the Temporal cluster at
 * TEMPORAL_ADDRESS with TEMPORAL_RETENTION_DAYS of history, and klachtflow's search attributes.
 * Idempotent. The compose `temporal-namespace` job; `npm run start:cluster` calls the same function.
 */
import { loadConfig } from '../platform/config';
import { ensureNamespace } from '../platform/cluster/temporalServer';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.temporalAddress) {
    console.error('temporal-namespace: TEMPORAL_ADDRESS is required');
    process.exit(2);
  }
  await ensureNamespace(config.temporalAddress, config.temporalNamespace, config.cluster.retentionDays);
  console.log(`namespace ${config.temporalNamespace} ready on ${config.temporalAddress}`);
}

main().catch((err) => {
  console.error(`temporal-namespace failed: ${(err as Error).message}`);
  process.exit(1);
});
