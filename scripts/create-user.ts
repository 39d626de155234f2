/**
 * Creates a staff user for the portal login:
 *   [DATABASE_URL=…] KLACHTFLOW_PASSWORD=… tsx scripts/create-user.ts --email a@b.nl --name "Anne" --role secretary
 * The password comes from the environment (or stdin), never from the command line, which other
 * users of the machine can read in the process list. The new user must choose their own password
 * at the first login.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { createDb, migrateToLatest, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';
import { createUser, STAFF_ROLES, type StaffRole } from '../api/portal/users';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } });
  // As create-token: DATABASE_URL, or the embedded PostgreSQL of a running `npm start`.
  const config = loadConfig();
  const url = config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE);
  if (!values.email || !values.name || !values.role || !(STAFF_ROLES as readonly string[]).includes(values.role)) {
    console.error(`usage: [DATABASE_URL=…] KLACHTFLOW_PASSWORD=… create-user --email E --name N --role ${STAFF_ROLES.join('|')}`);
    process.exit(2);
  }
  const password = config.newUserPassword ?? (await readStdin());
  const db = createDb(url, { max: 1 });
  try {
    await migrateToLatest(db);
    // Whoever ran this knows the password: its owner replaces it at the first login.
    const user = await createUser(db, { email: values.email, name: values.name, role: values.role as StaffRole, password, mustChangePassword: true });
    console.log(`created user ${user.id} <${user.email}> (${user.role})`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`create-user failed: ${(err as Error).message}`);
  process.exit(1);
});
