/**
 * `npm run --silent create-token -- --user ID [--name "Label"] [--expires-in-days N]`
 *   A token for the staff account with this id (users table); it acts as that account, with its role.
 * `npm run --silent create-token -- --school BRIN --subject ID --name "Name" [--expires-in-days N]`
 *   A school's token, reaching only that school's cases.
 * Prints the token once (only its hash is stored); it expires after N days (default 90). Uses
 * DATABASE_URL, or the embedded PostgreSQL of `npm start` (which must be running).
 */
import { parseArgs } from 'node:util';
import { createApiToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, TokenRefused, type NewToken } from '../api/services/staffTokens';
import { loadConfig } from '../platform/config';
import { createDb, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';

function fail(message: string): never {
  console.error(`create-token: ${message}`);
  process.exit(2);
}

function specOf(values: { user?: string; school?: string; subject?: string; name?: string; role?: string; 'expires-in-days'?: string }): NewToken {
  const problems: string[] = [];
  const daysText = values['expires-in-days'];
  const expiresInDays = daysText === undefined ? DEFAULT_TOKEN_DAYS : Number(daysText);
  if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) problems.push(`--expires-in-days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
  // The role of a staff token is its account's; --role is accepted only as "school" for clarity.
  if (values.role !== undefined && values.role !== 'school') problems.push('--role is taken from the staff account; leave it out (or use --school for a school token)');
  if (values.user !== undefined && values.school !== undefined) problems.push('give either --user (a staff account) or --school (a school), not both');
  else if (values.user === undefined && values.school === undefined) problems.push('--user ID (a staff account) or --school BRIN is required');
  if (values.school !== undefined) {
    if (!/^[0-9]{2}[A-Z0-9]{2}$/i.test(values.school)) problems.push('--school must be a BRIN code such as 12AB');
    if (!values.subject) problems.push('--subject (who the school token is for, e.g. board-12AB) is required for a school token');
    if (!values.name) problems.push('--name is required for a school token');
  } else if (values.user !== undefined && !/^\d{1,18}$/.test(values.user)) problems.push('--user must be the id of a staff account (a number; see the users list under /beheer)');
  if (problems.length) fail(problems.join('; '));
  return values.school !== undefined
    ? { school: { subject: values.subject!, brin: values.school.toUpperCase() }, name: values.name!, expiresInDays }
    : { staffUserId: values.user!, name: values.name, expiresInDays };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { user: { type: 'string' }, school: { type: 'string' }, subject: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'expires-in-days': { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const spec = specOf(values);
  const config = loadConfig();
  const url = config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE);
  const db = createDb(url, { max: 1 });
  try {
    console.log(await createApiToken(db, spec));
  } catch (err) {
    if (err instanceof TokenRefused) fail(err.message.replace(/^user: /, '--user: ').replace(/^school: /, '--school: '));
    throw err;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`create-token failed: ${(err as Error).message}`);
  process.exit(1);
});
