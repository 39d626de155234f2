/**
 * `npm run --silent create-token -- --user ID --role secretary|chair|member|school --name "Name" [--school BRIN]`
 * Creates an API token for the case API and prints it once (only its hash is stored). Uses
 * DATABASE_URL, or the embedded PostgreSQL of `npm start` (which must be running).
 */
import { parseArgs } from 'node:util';
import { createApiToken, TOKEN_ROLES, type TokenRole } from '../api/services/staffTokens';
import { loadConfig } from '../platform/config';
import { createDb, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';

function fail(message: string): never {
  console.error(`create-token: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { user: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, school: { type: 'string' } }, strict: true }));
  } catch (err) {
    fail((err as Error).message);
  }
  const problems: string[] = [];
  if (!values.user) problems.push('--user is required');
  if (!values.role || !(TOKEN_ROLES as readonly string[]).includes(values.role)) problems.push(`--role must be one of: ${TOKEN_ROLES.join(', ')}`);
  if (!values.name) problems.push('--name is required');
  if (values.role === 'school' && !/^[0-9]{2}[A-Z0-9]{2}$/i.test(values.school ?? '')) problems.push('--school BRIN is required for a school token');
  if (problems.length) fail(problems.join('; '));
  const config = loadConfig();
  const url = config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE);
  const db = createDb(url, { max: 1 });
  try {
    const token = await createApiToken(db, { userId: values.user!, role: values.role as TokenRole, name: values.name!, schoolBrin: values.school?.toUpperCase() });
    console.log(token);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`create-token failed: ${(err as Error).message}`);
  process.exit(1);
});
