/**
 * The production entry point (scripts/api.ts) refuses to start on settings that would be unsafe:
 * a short KLACHTFLOW_SECRET (access-code hashes guessable from a database copy) or no
 * PUBLIC_BASE_URL (school links would take their address from the request's Host header). It says
 * which setting is wrong and exits 2 before it touches any database.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';

const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const GOOD = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  KLACHTFLOW_SECRET: 'k'.repeat(32),
  PUBLIC_BASE_URL: 'https://klachten.example.nl',
  PORT: '1',
};

function runApi(env: Record<string, string | undefined>) {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env })) if (v !== undefined) merged[k] = v;
  return spawnSync(tsx, ['scripts/api.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: merged, timeout: 60_000 });
}

describe('scripts/api.ts (production entry point)', () => {
  it('refuses a KLACHTFLOW_SECRET shorter than 32 characters, naming it', () => {
    const run = runApi({ ...GOOD, KLACHTFLOW_SECRET: 'x'.repeat(31) });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('KLACHTFLOW_SECRET must be at least 32 characters (it has 31)');
    expect(run.stdout).not.toContain('listening');
  });

  it('refuses to start without KLACHTFLOW_SECRET', () => {
    const run = runApi({ ...GOOD, KLACHTFLOW_SECRET: undefined });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('KLACHTFLOW_SECRET is required');
  });

  it('refuses to start without PUBLIC_BASE_URL, or with one that is no http(s) address', () => {
    const missing = runApi({ ...GOOD, PUBLIC_BASE_URL: undefined });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('PUBLIC_BASE_URL is required');
    const bad = runApi({ ...GOOD, PUBLIC_BASE_URL: 'klachten.example.nl' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('PUBLIC_BASE_URL must be an http(s) address, got "klachten.example.nl"');
  });

  it('names every problem at once', () => {
    const run = runApi({ NODE_ENV: 'production', KLACHTFLOW_SECRET: 'kort' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'api: DATABASE_URL is required.',
      'api: TEMPORAL_ADDRESS is required.',
      'api: KLACHTFLOW_SECRET must be at least 32 characters (it has 4); make one with `openssl rand -hex 32`.',
      'api: PUBLIC_BASE_URL is required: the address school links point to (e.g. https://klachten.example.nl).',
    ]);
  });
});
