import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';

const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

describe('create-token CLI', () => {
  it('exits 2 naming every bad option, and touches no database', () => {
    const run = spawnSync(tsx, ['scripts/create-token.ts', '--role', 'boss'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--user is required');
    expect(run.stderr).toContain('--role must be one of: secretary, chair, member, school');
    expect(run.stderr).toContain('--name is required');
  });

  it('requires a BRIN for a school token', () => {
    const run = spawnSync(tsx, ['scripts/create-token.ts', '--user', 'b', '--role', 'school', '--name', 'Bestuur'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--school BRIN is required');
  });
});
