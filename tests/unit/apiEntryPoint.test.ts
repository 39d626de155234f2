/**
 * The production entry point (scripts/api.ts) refuses to start on settings that would be unsafe:
 * a short KLACHTFLOW_SECRET (access-code hashes guessable from a database copy) or no
 * PUBLIC_BASE_URL (school links would take their address from the request's Host header). It says
 * which setting is wrong and exits 2 before it touches any database.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../platform/config';
import { productionProblems } from '../../platform/productionSettings';

const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const GOOD = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  KLACHTFLOW_SECRET: 'k'.repeat(32),
  PUBLIC_BASE_URL: 'https://klachten.example.nl',
};

const problemsOf = (env: Record<string, string | undefined>) => productionProblems(loadConfig(env));

describe('production settings', () => {
  it('accepts a complete, safe configuration', () => {
    expect(problemsOf(GOOD)).toEqual([]);
  });

  it('refuses a KLACHTFLOW_SECRET shorter than 32 characters, or none, naming it', () => {
    expect(problemsOf({ ...GOOD, KLACHTFLOW_SECRET: 'x'.repeat(31) })).toEqual(['KLACHTFLOW_SECRET must be at least 32 characters (it has 31); make one with `openssl rand -hex 32`.']);
    expect(problemsOf({ ...GOOD, KLACHTFLOW_SECRET: undefined })).toEqual(['KLACHTFLOW_SECRET is required (e.g. `openssl rand -hex 32`).']);
  });

  it('refuses a missing PUBLIC_BASE_URL, or one that is no http(s) address', () => {
    expect(problemsOf({ ...GOOD, PUBLIC_BASE_URL: undefined })).toEqual(['PUBLIC_BASE_URL is required: the address school links point to (e.g. https://klachten.example.nl).']);
    expect(problemsOf({ ...GOOD, PUBLIC_BASE_URL: 'klachten.example.nl' })).toEqual(['PUBLIC_BASE_URL must be an http(s) address, got "klachten.example.nl".']);
  });
});

describe('scripts/api.ts (production entry point)', () => {
  it('exits 2 naming every problem at once, before touching a database', async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production', KLACHTFLOW_SECRET: 'kort' };
    // Asynchronously: a blocked test worker (tsx compiling on a busy machine) would miss vitest's heartbeats.
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(tsx, ['scripts/api.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 120_000 }, (_err, _stdout, stderr) => resolve({ status: child.exitCode, stderr }));
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'api: DATABASE_URL is required.',
      'api: TEMPORAL_ADDRESS is required.',
      'api: KLACHTFLOW_SECRET must be at least 32 characters (it has 4); make one with `openssl rand -hex 32`.',
      'api: PUBLIC_BASE_URL is required: the address school links point to (e.g. https://klachten.example.nl).',
    ]);
  }, 150_000);
});
