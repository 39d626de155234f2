import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';

const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const run = (args: string[]) => spawnSync(tsx, ['scripts/create-token.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });

describe('create-token CLI', () => {
  it('exits 2 naming every bad option, and touches no database', () => {
    const r = run(['--role', 'boss', '--expires-in-days', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--user ID (a staff account) or --school BRIN is required');
    expect(r.stderr).toContain('--role is taken from the staff account');
    expect(r.stderr).toContain('--expires-in-days must be a whole number from 1 to 366');
  });

  it('takes a staff token by account id only', () => {
    const r = run(['--user', 's.jansen']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--user must be the id of a staff account');
  });

  it('requires a BRIN code, a subject and a name for a school token', () => {
    const r = run(['--school', 'Linde']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--school must be a BRIN code such as 12AB');
    expect(r.stderr).toContain('--subject (who the school token is for, e.g. board-12AB) is required');
    expect(r.stderr).toContain('--name is required for a school token');
  });
});
