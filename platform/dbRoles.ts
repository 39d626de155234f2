/**
 * Database roles. The schema belongs to the owner (the role migrations run as); the API and the
 * worker connect as a least-privileged login role (`klachtflow_app` by default) that may read and
 * write rows but not change the schema, truncate, or drop or disable the audit triggers. On the
 * audit tables it may only add and read rows.
 *
 * The role is created and its grants refreshed after every migration run (`npm run migrate`, the
 * compose `migrate` job, `npm start`), from the catalog as it then is, so a table a new migration
 * adds is granted without a migration of its own having to remember it.
 */
import crypto from 'node:crypto';
import { escapeIdentifier, escapeLiteral } from 'pg';
import { createDb, migrateToLatest, type Db } from './db';

export const DEFAULT_APP_ROLE = 'klachtflow_app';

/** Tables the app may only INSERT into and SELECT from (their triggers refuse edits to everyone). */
export const APPEND_ONLY_TABLES = ['case_events', 'case_access_log', 'admin_audit', 'letter_pdfs', 'upload_receipts'] as const;

/** Tables the app may read, add to and change, but never delete from. */
const NO_DELETE_TABLES = ['letters'] as const;

/** knex's own bookkeeping: only migrations (as the owner) touch it. */
const OWNER_ONLY_TABLES = ['knex_migrations', 'knex_migrations_lock'] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface AppRole {
  name: string;
  password: string;
}

/** The role and password of a connection URL. */
export function roleOfUrl(url: string): AppRole {
  const u = new URL(url);
  return { name: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/** The same server and database, logged in as another role. */
export function withRole(url: string, role: AppRole): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role.name);
  u.password = encodeURIComponent(role.password);
  return u.toString();
}

/**
 * Creates the login role when missing and (re)sets its password and attributes. Cluster-wide:
 * roles are shared by all databases of a server. Refuses a role that is a superuser or owns tables,
 * which no grant can restrict (DATABASE_URL naming the owner by mistake).
 */
export async function ensureAppRole(owner: Db, role: AppRole): Promise<void> {
  if (!ROLE_NAME.test(role.name)) throw new Error(`unsafe database role name: ${role.name}`);
  if (!role.password) throw new Error(`the database role ${role.name} needs a password (in DATABASE_URL)`);
  const me = (await owner.raw('SELECT current_user AS name')).rows[0].name as string;
  if (me === role.name) throw new Error(`DATABASE_URL and DATABASE_ADMIN_URL both log in as ${role.name}; the app needs a role of its own`);
  const existing = (await owner.raw('SELECT rolsuper FROM pg_roles WHERE rolname = ?', [role.name])).rows[0] as { rolsuper: boolean } | undefined;
  if (existing?.rolsuper) throw new Error(`the database role ${role.name} (DATABASE_URL) is a superuser; give the app a role of its own`);
  const owned = await owner.raw(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = ? LIMIT 1`, [role.name]);
  if (owned.rows.length) {
    throw new Error(`the database role ${role.name} (DATABASE_URL) owns tables; move them to the owner first: REASSIGN OWNED BY ${role.name} TO ${me}`);
  }
  const name = escapeIdentifier(role.name);
  if (!existing) {
    await owner.raw(`CREATE ROLE ${name} LOGIN`).catch((err: { code?: string }) => {
      // Another migrator created it in the meantime (test files share one server): fine.
      if (err.code !== '42710') throw err;
    });
  }
  await owner.raw(`ALTER ROLE ${name} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${escapeLiteral(role.password)}`);
}

/**
 * Grants the role what the app needs in the current database, and nothing else. In one transaction,
 * so a running app never sees the moment between REVOKE and GRANT.
 */
export async function grantAppPrivileges(owner: Db, roleName: string): Promise<void> {
  if (!ROLE_NAME.test(roleName)) throw new Error(`unsafe database role name: ${roleName}`);
  const role = escapeIdentifier(roleName);
  const list = (tables: readonly string[]) => tables.map(escapeIdentifier).join(', ');
  await owner.transaction(async (trx) => {
    const database = escapeIdentifier((await trx.raw('SELECT current_database() AS name')).rows[0].name as string);
    const present = new Set(((await trx.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows as Array<{ tablename: string }>).map((r) => r.tablename));
    const existing = (tables: readonly string[]) => tables.filter((t) => present.has(t));
    await trx.raw(`GRANT CONNECT ON DATABASE ${database} TO ${role}`);
    // Nobody but the owner creates objects in the app's schema (PostgreSQL 15+ default, made explicit).
    await trx.raw('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await trx.raw(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    await trx.raw(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await trx.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await trx.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    const appendOnly = existing(APPEND_ONLY_TABLES);
    if (appendOnly.length) await trx.raw(`REVOKE UPDATE, DELETE ON ${list(appendOnly)} FROM ${role}`);
    const noDelete = existing(NO_DELETE_TABLES);
    if (noDelete.length) await trx.raw(`REVOKE DELETE ON ${list(noDelete)} FROM ${role}`);
    const ownerOnly = existing(OWNER_ONLY_TABLES);
    if (ownerOnly.length) await trx.raw(`REVOKE ALL ON ${list(ownerOnly)} FROM ${role}`);
    await trx.raw(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
    await trx.raw(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  });
}

/** Migrates as the owner, then creates or refreshes the app's role and its grants. */
export async function migrateAndProvision(ownerUrl: string, appRole: AppRole | undefined, log: (line: string) => void): Promise<string[]> {
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    const applied = await migrateToLatest(owner);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    if (appRole) {
      await ensureAppRole(owner, appRole);
      await grantAppPrivileges(owner, appRole.name);
    }
    return applied;
  } finally {
    await owner.destroy();
  }
}

/**
 * Why this connection is more powerful than the app should be (a superuser, or the owner of the
 * tables, who can drop or disable the audit triggers), or null when it is not.
 */
export async function privilegedConnectionWarning(db: Db): Promise<string | null> {
  const { rows } = await db.raw(`
    SELECT current_user AS name, r.rolsuper AS superuser,
           EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owner
      FROM pg_roles r WHERE r.rolname = current_user`);
  const me = rows[0] as { name: string; superuser: boolean; owner: boolean };
  if (!me.superuser && !me.owner) return null;
  return (
    `the app connects to PostgreSQL as ${me.name}, ${me.superuser ? 'a superuser' : 'the owner of the tables'}: it could drop or disable the audit triggers. ` +
    `Set DATABASE_ADMIN_URL to the owner and DATABASE_URL to a role of its own (see README, "Database roles")`
  );
}

/** Logs the warning above; a failed check is reported, not fatal (the app may start before the database answers). */
export async function warnIfPrivileged(db: Db, log: (line: string) => void): Promise<void> {
  try {
    const warning = await privilegedConnectionWarning(db);
    if (warning) log(`WARNING: ${warning}`);
  } catch (err) {
    log(`could not check the database role: ${(err as Error).message}`);
  }
}

/**
 * The database connections of a process that migrates (npm start): the owner migrates, the app
 * connects as its role. Embedded PostgreSQL: the owner is the embedded superuser and the app role
 * gets a fresh random password each start (set again by the provisioning, so nothing is stored).
 * DATABASE_URL alone (an existing setup): one role for both, as before.
 */
export interface DatabaseUrls {
  ownerUrl: string;
  appUrl: string;
  /** The role to provision; absent when owner and app are one role (DATABASE_URL alone). */
  appRole?: AppRole;
}

export function databaseUrls(opts: { databaseUrl?: string; databaseAdminUrl?: string; embeddedOwnerUrl: string }): DatabaseUrls {
  if (!opts.databaseUrl) {
    const appRole = { name: DEFAULT_APP_ROLE, password: crypto.randomBytes(24).toString('base64url') };
    return { ownerUrl: opts.embeddedOwnerUrl, appUrl: withRole(opts.embeddedOwnerUrl, appRole), appRole };
  }
  if (!opts.databaseAdminUrl) return { ownerUrl: opts.databaseUrl, appUrl: opts.databaseUrl };
  return { ownerUrl: opts.databaseAdminUrl, appUrl: opts.databaseUrl, appRole: roleOfUrl(opts.databaseUrl) };
}
