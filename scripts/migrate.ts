/**
 * Applies database migrations (production: the compose `migrate` job). Exits non-zero on failure.
 *
 * With DATABASE_ADMIN_URL, migrations run as that role (the schema owner), and the role of
 * DATABASE_URL — the one the API and worker log in as — is created or refreshed with its password
 * and only the grants the app needs. With DATABASE_URL alone, migrations run as that role (as before).
 */
import { loadConfig } from '../platform/config';
import { migrateAndProvision, roleOfUrl } from '../platform/dbRoles';

async function main(): Promise<void> {
  const config = loadConfig();
  const ownerUrl = config.databaseAdminUrl ?? config.databaseUrl;
  if (!ownerUrl) {
    console.error('migrate: DATABASE_URL (and, for a least-privileged app role, DATABASE_ADMIN_URL) is required');
    process.exit(2);
  }
  const appRole = config.databaseAdminUrl && config.databaseUrl ? roleOfUrl(config.databaseUrl) : undefined;
  const applied = await migrateAndProvision(ownerUrl, appRole, () => undefined);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  if (appRole) console.log(`app role ${appRole.name}: password and grants refreshed`);
}

main().catch((err) => {
  console.error(`migrate failed: ${(err as Error).message}`);
  process.exit(1);
});
