/**
 * `npm run retention -- --dry-run`
 *   Lists the closed cases the next retention run would anonymise (past their retention period,
 *   domain/retention.ts) and those it leaves because of a legal hold. Changes nothing. The
 *   anonymisation itself runs only in the daily Temporal schedule `klachtflow-retention`. Uses
 *   DATABASE_URL, or the embedded PostgreSQL of `npm start` (which must be running).
 */
import { parseArgs } from 'node:util';
import { retentionPlan } from '../platform/store/retention';
import { amsterdamDate } from '../domain/clock';
import { loadConfig } from '../platform/config';
import { createDb, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';

function fail(message: string): never {
  console.error(`retention: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { 'dry-run'?: boolean };
  try {
    ({ values } = parseArgs({ options: { 'dry-run': { type: 'boolean' } }, strict: true }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (!values['dry-run']) fail('only --dry-run is offered here: the anonymisation runs in the daily Temporal schedule klachtflow-retention');
  const config = loadConfig();
  const db = createDb(config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE), { max: 2 });
  try {
    const today = amsterdamDate(new Date());
    const plan = await retentionPlan(db, today);
    console.log(`retention dry run on ${today}: ${plan.due.length} case(s) would be anonymised, ${plan.held.length} kept under legal hold`);
    for (const v of plan.due) console.log(`anonymise\t${v.caseNumber}\t${v.outcome}\tclosed ${v.closedOn}\tperiod ended ${v.endsOn}`);
    for (const v of plan.held) console.log(`legal hold\t${v.caseNumber}\t${v.outcome}\tclosed ${v.closedOn}\tperiod ended ${v.endsOn}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`retention failed: ${(err as Error).message}`);
  process.exit(1);
});
