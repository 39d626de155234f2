/**
 * `npm run annual-report -- --year 2026 [--out FILE.pdf]`
 *   The committee's annual report of that year as PDF (default: jaarverslag-<year>.pdf in the
 *   current directory), with the explanatory texts the secretary saved in the console. Small counts
 *   are suppressed (STATS_SUPPRESSION_THRESHOLD, default 5). Uses DATABASE_URL, or the embedded
 *   PostgreSQL of `npm start` (which must be running). A bad year or a year without complaints is
 *   refused with one sentence and exit code 2; no file is written then.
 */
import { currentConfig } from '../platform/config';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closePdfRenderer } from '../platform/pdf/pdfRenderer';
import { annualReportPdf, EmptyYear } from '../api/web/statistics/annualReport';
import { amsterdamDate } from '../domain/clock';
import { FIRST_YEAR, isReportableYear } from '../domain/statistics';
import { loadConfig } from '../platform/config';
import { createDb, withDatabase } from '../platform/db';
import { APP_DATABASE } from '../platform/infrastructure';
import { embeddedAdminUrl } from '../platform/postgres';

function fail(message: string): never {
  console.error(`annual-report: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { year?: string; out?: string };
  try {
    ({ values } = parseArgs({ options: { year: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (err) {
    fail((err as Error).message);
  }
  const today = amsterdamDate(new Date());
  const year = values.year !== undefined && /^\d{4}$/.test(values.year) ? Number(values.year) : NaN;
  if (values.year === undefined) fail('--year is required, e.g. --year 2026');
  if (!isReportableYear(year, today)) fail(`--year must be a year from ${FIRST_YEAR} up to ${today.slice(0, 4)}, got "${values.year}"`);
  const out = path.resolve(values.out ?? `jaarverslag-${year}.pdf`);
  if (!out.toLowerCase().endsWith('.pdf')) fail(`--out must name a .pdf file, got "${values.out}"`);
  if (!fs.existsSync(path.dirname(out))) fail(`the folder of --out does not exist: ${path.dirname(out)}`);
  let threshold: number;
  try {
    threshold = currentConfig().statsSuppressionThreshold;
  } catch (err) {
    fail((err as Error).message);
  }

  const config = loadConfig();
  const url = config.databaseUrl ?? withDatabase(embeddedAdminUrl(config.embeddedPostgresPort), APP_DATABASE);
  const db = createDb(url, { max: 2 });
  try {
    const pdf = await annualReportPdf(db, year, { threshold, today, progress: (step) => console.error(`annual-report: ${step}…`) });
    // Written whole or not at all: a temporary file renamed into place.
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, pdf);
    fs.renameSync(tmp, out);
    console.error(`annual-report: ${pdf.length} bytes written`);
    console.log(out);
  } catch (err) {
    if (err instanceof EmptyYear) fail(`no complaints were received in ${year}: there is no annual report to make (no file written)`);
    throw err;
  } finally {
    await closePdfRenderer();
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(`annual-report failed: ${(err as Error).message}`);
  process.exit(1);
});
