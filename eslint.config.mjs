// Lint runs inside `npm test`. Type-aware rules stay off to keep the run fast on 2 cores;
// `tsc --noEmit` (also in `npm test`) covers typing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A relative import into one of these top-level folders, from any depth. */
const into = (...layers) => `^(\\.\\./)+(${layers.join('|')})(/|$)`;
const IO_MODULES = ['knex', 'pg', 'fs', 'node:*', 'express', 'handlebars', 'playwright-core', 'nodemailer'];

function zone(files, { layers, typeLayers = [], modules = [], why, ignores = [] }) {
  const patterns = [
    ...(layers.length ? [{ regex: into(...layers), message: why }] : []),
    ...(typeLayers.length ? [{ regex: into(...typeLayers), allowTypeImports: true, message: why }] : []),
    ...(modules.length ? [{ group: modules, message: why }] : []),
  ];
  return { files, ignores, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } };
}

function layerZones() {
  const pure = 'is pure and deterministic: it imports no layer with I/O (docs/architecture.md).';
  return [
    zone(['domain/**/*.ts'], {
      layers: ['workflows', 'activities', 'platform', 'api', 'scripts', 'migrations'],
      modules: [...IO_MODULES, '@temporalio/*'], why: `domain/ ${pure}`,
    }),
    zone(['contracts/**/*.ts'], {
      layers: ['workflows', 'activities', 'platform', 'api', 'scripts', 'migrations'],
      modules: IO_MODULES, why: `contracts/ ${pure}`,
    }),
    zone(['workflows/**/*.ts'], {
      layers: ['platform', 'api', 'scripts', 'migrations'], typeLayers: ['activities'], modules: IO_MODULES,
      why: 'Workflows run deterministically in a sandbox; do I/O in activities (type imports of activities are fine).',
    }),
    zone(['activities/**/*.ts'], {
      layers: ['workflows', 'api', 'scripts'],
      why: 'Activities do I/O through platform/; what they share with workflows lives in contracts/.',
    }),
    zone(['platform/**/*.ts'], {
      ignores: ['platform/services.ts', 'platform/worker.ts'],
      layers: ['workflows', 'activities', 'api', 'scripts'],
      why: 'platform/ is infrastructure; only its composition root (services.ts, worker.ts) wires the layers above it.',
    }),
    zone(['api/**/*.ts'], {
      layers: ['activities', 'scripts', 'migrations'], typeLayers: ['workflows'],
      why: 'The API talks to workflows through contracts/messages.ts and to infrastructure through platform/.',
    }),
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  // Import zones: each layer may import only the layers below it (docs/architecture.md).
  //   contracts, domain   pure; nothing with I/O
  //   workflows           domain, contracts; activities as types only (proxyActivities)
  //   activities          domain, contracts, platform
  //   platform            domain, contracts; its composition root (services.ts, worker.ts) wires all
  //   api                 domain, contracts, platform; workflows as types only (the start input)
  //   scripts, tests      anything
  ...layerZones(),
  {
    // Tests read JSON answers of the API as loosely typed data on purpose.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
