import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The production-topology test starts a whole cluster: `npm run test:cluster` runs it.
    exclude: ['**/node_modules/**', 'tests/cluster/**'],
    // One PostgreSQL server, one Temporal dev server and one workflow bundle serve every test file.
    globalSetup: ['tests/setup/global.ts'],
    setupFiles: ['tests/setup/quietTemporal.ts'],
    pool: 'forks',
    // Two cores: two test files at a time keeps Temporal and PostgreSQL responsive.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
