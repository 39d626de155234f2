// Lint runs inside `npm test`. Type-aware rules stay off to keep the run fast on 2 cores;
// `tsc --noEmit` (also in `npm test`) covers typing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A relative import into one of these top-level folders, from any depth. */
const into = (...layers) => `^(\\.\\./)+(${layers.join('|')})(/|$)`;
const IO_MODULES = ['knex', 'pg', 'fs', 'node:*', 'express', 'handlebars', 'playwright-core', 'nodemailer'];

function zone(files, { layers, typeLayers = [], typePaths = [], modules = [], typeModules = [], why, ignores = [] }) {
  const patterns = [
    ...(layers.length ? [{ regex: into(...layers), message: why }] : []),
    ...(typeLayers.length ? [{ regex: into(...typeLayers), allowTypeImports: true, message: why }] : []),
    ...typePaths.map(({ regex, why: pathWhy }) => ({ regex, allowTypeImports: true, message: pathWhy })),
    ...(modules.length ? [{ group: modules, message: why }] : []),
    ...(typeModules.length ? [{ group: typeModules, allowTypeImports: true, message: why }] : []),
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
      // Every module a workflow imports is evaluated again for each workflow: the schemas stay out of
      // a waiting case's memory, loaded by the first validation (workflows/validation.ts).
      typeModules: ['zod'],
      typePaths: [{ regex: '^(\\.\\./)+contracts/actions$', why: 'The action table with its zod schemas is loaded lazily by workflows/validation.ts (actionRoles, validateAction); import its types only.' }],
    }),
    zone(['activities/**/*.ts'], {
      layers: ['workflows', 'api', 'scripts'], typeModules: ['knex'],
      why: `Activities do I/O through platform/; what they share with workflows lives in contracts/. ${SQL_HOME}`,
    }),
    zone(['platform/**/*.ts'], {
      ignores: ['platform/services.ts', 'platform/worker.ts', ...SQL_FILES],
      layers: ['workflows', 'activities', 'api', 'scripts'], typeModules: ['knex'],
      why: `platform/ is infrastructure; only its composition root (services.ts, worker.ts) wires the layers above it. ${SQL_HOME}`,
    }),
    zone(SQL_FILES, {
      layers: ['workflows', 'activities', 'api', 'scripts'],
      why: 'platform/ is infrastructure; only its composition root (services.ts, worker.ts) wires the layers above it.',
    }),
    zone(['api/**/*.ts'], {
      layers: ['activities', 'scripts', 'migrations'], typeLayers: ['workflows'], typeModules: ['knex'],
      why: `The API talks to workflows through contracts/messages.ts and to infrastructure through platform/. ${SQL_HOME}`,
    }),
  ];
}

// ---------------------------------------------------------------- SQL lives in platform/store/
// Routes, pages, services and activities call repository functions in platform/store/ (grouped by
// table or aggregate); they take a `Knex` (or a transaction) as a type only. Outside the store,
// lint refuses a value import of knex and the calls that build or run SQL on a connection:
// `db('table')`, `trx('table')`, `deps.db('table')`, `.raw(...)`, `.whereRaw(...)` and friends,
// and `.fn.now()`. Opening a transaction (`db.transaction(...)`) stays allowed, so a caller can
// run several repository functions atomically. migrations/, scripts/ and tests/ may hold SQL.
const SQL_HOME = 'SQL belongs in a repository function in platform/store/ (docs/architecture.md, "Where a change goes").';
/** Where SQL may be written: the repositories, the connection and migrations runner, the database roles. */
const SQL_FILES = ['platform/store/**/*.ts', 'platform/db.ts', 'platform/dbRoles.ts', 'platform/postgres.ts'];
const SQL_CALL = "CallExpression[callee.type='Identifier'][callee.name=/^(db|trx|tx|knex)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]";
const SQL_MEMBER_CALL = "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(db|trx|knex)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]";
const RAW_SQL = "CallExpression[callee.property.name=/^(raw|whereRaw|orWhereRaw|andWhereRaw|havingRaw|orderByRaw|joinRaw|groupByRaw|selectRaw)$/]";
const SQL_NOW = "MemberExpression[object.property.name='fn'][property.name='now']";

function sqlZone() {
  const message = `No SQL here: ${SQL_HOME}`;
  return {
    files: ['activities/**/*.ts', 'api/**/*.ts', 'platform/**/*.ts', 'workflows/**/*.ts', 'domain/**/*.ts', 'contracts/**/*.ts'],
    ignores: SQL_FILES,
    rules: {
      'no-restricted-syntax': ['error', ...[SQL_CALL, SQL_MEMBER_CALL, RAW_SQL, SQL_NOW].map((selector) => ({ selector, message }))],
    },
  };
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
  sqlZone(),
  {
    // Tests read JSON answers of the API as loosely typed data on purpose.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
