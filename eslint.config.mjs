// Lint runs inside `npm test`. Type-aware rules stay off to keep the run fast on 2 cores;
// `tsc --noEmit` (also in `npm test`) covers typing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // Workflow code is replayed: it must not reach for the clock, randomness or I/O directly.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['knex', 'pg', 'fs', 'node:*', 'express', 'handlebars', '../activities', '../activities/*', '../platform/*'],
            allowTypeImports: true,
            message: 'Workflows run deterministically in a sandbox; do I/O in activities (type imports are fine).' },
        ],
      }],
    },
  },
  {
    // domain/ is pure: no I/O, no clock. Everything it needs is passed in.
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['knex', 'pg', 'fs', 'node:fs', 'node:net', 'node:http', 'express', '@temporalio/*', '../activities/*', '../api/*', '../platform/*', '../workflows/*'],
            message: 'domain/ is pure and deterministic; it imports nothing with I/O.' },
        ],
      }],
    },
  },
  {
    // Tests read JSON answers of the API as loosely typed data on purpose.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
