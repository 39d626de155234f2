import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the production topology (tests/cluster/). It starts its own PostgreSQL,
// Temporal cluster, workers and APIs, so none of the default suite's global setup.
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 660_000,
    reporters: ['default'],
  },
});
