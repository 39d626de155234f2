/**
 * What the production API needs before it may start, each missing or unsafe setting as one clear
 * sentence: the external services, a KLACHTFLOW_SECRET long enough that access-code hashes cannot
 * be guessed offline from a database copy, and PUBLIC_BASE_URL (school links must never take their
 * address from a request's Host header).
 */
import type { Config } from './config';
import { secretProblem } from './secret';

export function productionProblems(config: Config): string[] {
  const base = config.publicBaseUrl;
  return [
    !config.databaseUrl && 'DATABASE_URL is required.',
    !config.temporalAddress && 'TEMPORAL_ADDRESS is required.',
    secretProblem(config.secret),
    !base
      ? 'PUBLIC_BASE_URL is required: the address school links point to (e.g. https://klachten.example.nl).'
      : !/^https?:\/\/[^/\s]+/.test(base) && `PUBLIC_BASE_URL must be an http(s) address, got "${base}".`,
  ].filter((p): p is string => typeof p === 'string');
}
