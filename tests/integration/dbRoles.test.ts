/**
 * Provisioning of the app's database role on real PostgreSQL: the migrate script run as the owner
 * creates the role of DATABASE_URL with only row grants and refreshes its password on every run;
 * roles no grant can restrict are refused; DATABASE_URL alone still migrates as before.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';
import { createDb, dropDatabase, ensureDatabase, withDatabase, type Db } from '../../platform/db';
import { ensureAppRole, grantAppPrivileges, withRole } from '../../platform/dbRoles';

const suffix = crypto.randomBytes(4).toString('hex');
const dbName = `kf_roles_${suffix}`;
const ROLE = `kf_app_${suffix}`;
const SUPER = `kf_super_${suffix}`;
const OWNING = `kf_owning_${suffix}`;
let ownerUrl: string;
let owner: Db;
const opened: Db[] = [];

function runMigrate(env: Record<string, string>) {
  const result = spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/migrate.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function connectAs(name: string, password: string): Db {
  const db = createDb(withRole(ownerUrl, { name, password }), { max: 1 });
  opened.push(db);
  return db;
}

beforeAll(async () => {
  const adminUrl = inject('pgAdminUrl');
  await ensureDatabase(adminUrl, dbName);
  ownerUrl = withDatabase(adminUrl, dbName);
  owner = createDb(ownerUrl, { max: 2 });
});

afterAll(async () => {
  for (const db of opened) await db.destroy();
  await owner?.destroy();
  await dropDatabase(inject('pgAdminUrl'), dbName);
  const admin = createDb(inject('pgAdminUrl'), { max: 1 });
  for (const role of [ROLE, SUPER, OWNING]) await admin.raw(`DROP ROLE IF EXISTS ${role}`);
  await admin.destroy();
});

describe('scripts/migrate.ts with DATABASE_ADMIN_URL', () => {
  it('migrates as the owner and creates the role of DATABASE_URL with row grants only', async () => {
    const run = runMigrate({ DATABASE_ADMIN_URL: ownerUrl, DATABASE_URL: withRole(ownerUrl, { name: ROLE, password: 'first-pw' }) });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('applied: 20261128_001_cases');
    expect(run.output).toContain(`app role ${ROLE}: password and grants refreshed`);
    const app = connectAs(ROLE, 'first-pw');
    expect(await app('cases').select('id')).toEqual([]);
    await expect(app.raw('TRUNCATE case_events')).rejects.toThrow('permission denied for table case_events');
    await expect(app.raw('DROP TABLE cases CASCADE')).rejects.toThrow('must be owner of table cases');
    expect((await owner('pg_tables').where({ schemaname: 'public', tableowner: 'postgres' }).count<{ count: string }[]>('* as count'))[0].count).not.toBe('0');
  });

  it('on a re-run sets the password from DATABASE_URL again (rotation) and keeps the grants', async () => {
    const run = runMigrate({ DATABASE_ADMIN_URL: ownerUrl, DATABASE_URL: withRole(ownerUrl, { name: ROLE, password: 'second-pw' }) });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('database is up to date');
    await expect(connectAs(ROLE, 'first-pw').raw('SELECT 1')).rejects.toThrow(`password authentication failed for user "${ROLE}"`);
    expect(await connectAs(ROLE, 'second-pw')('cases').select('id')).toEqual([]);
  });

  it('refuses to make a superuser the app role, naming why', async () => {
    await owner.raw(`CREATE ROLE ${SUPER} LOGIN SUPERUSER PASSWORD 'x'`);
    const run = runMigrate({ DATABASE_ADMIN_URL: ownerUrl, DATABASE_URL: withRole(ownerUrl, { name: SUPER, password: 'x' }) });
    expect(run.status).toBe(1);
    expect(run.output).toContain(`migrate failed: the database role ${SUPER} (DATABASE_URL) is a superuser; give the app a role of its own`);
    expect((await owner('pg_roles').where({ rolname: SUPER }).first('rolsuper')).rolsuper).toBe(true);
  });

  it('with DATABASE_URL alone migrates as that role, as before', () => {
    const run = runMigrate({ DATABASE_URL: ownerUrl });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('database is up to date');
    expect(run.output).not.toContain('app role');
  });

  it('without any database URL exits 2 with one sentence', () => {
    const run = runMigrate({});
    expect(run.status).toBe(2);
    expect(run.output.trim()).toBe('migrate: DATABASE_URL (and, for a least-privileged app role, DATABASE_ADMIN_URL) is required');
  });
});

describe('ensureAppRole and grantAppPrivileges', () => {
  it('refuses a role that owns tables, and the owner itself', async () => {
    await owner.raw(`CREATE ROLE ${OWNING} LOGIN PASSWORD 'x'`);
    await owner.raw(`CREATE TABLE owned_by_app (id int)`);
    await owner.raw(`ALTER TABLE owned_by_app OWNER TO ${OWNING}`);
    await expect(ensureAppRole(owner, { name: OWNING, password: 'x' })).rejects.toThrow(`the database role ${OWNING} (DATABASE_URL) owns tables; move them to the owner first: REASSIGN OWNED BY ${OWNING} TO postgres`);
    await expect(ensureAppRole(owner, { name: 'postgres', password: 'x' })).rejects.toThrow('DATABASE_URL and DATABASE_ADMIN_URL both log in as postgres; the app needs a role of its own');
    await owner.raw('DROP TABLE owned_by_app');
  });

  it('grants a table a later migration adds on the next refresh', async () => {
    await owner.raw('CREATE TABLE added_later (id bigserial primary key, note text)');
    const app = connectAs(ROLE, 'second-pw');
    await expect(app('added_later').insert({ note: 'a' })).rejects.toThrow('permission denied for table added_later');
    await grantAppPrivileges(owner, ROLE);
    await app('added_later').insert({ note: 'a' });
    expect(await app('added_later').select('id', 'note')).toEqual([{ id: '1', note: 'a' }]);
    await owner.raw('DROP TABLE added_later');
  });
});
