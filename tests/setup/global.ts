/**
 * Starts the real parts once for the whole run: embedded PostgreSQL (a throw-away data dir), the
 * Temporal CLI dev server (in memory), and the workflow bundle. Test files reach them through
 * vitest's provide/inject and create their own databases and task queues.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { WORKFLOW_BUNDLER_OPTIONS, workflowsEntry } from '../../platform/worker';
import { startEmbeddedPostgres } from '../../platform/postgres';
import { provisionTemporalBinaries, temporalCliPath, temporalTestServerPath } from '../../platform/temporalBinaries';
import { startTemporalDevServer } from '../../platform/temporalDevServer';
import { freePort } from '../helpers/ports';
import { createDb, ensureDatabase, migrateToLatest, withDatabase } from '../../platform/db';
import { DEFAULT_APP_ROLE, ensureAppRole } from '../../platform/dbRoles';
import { startMailCapture } from '../../platform/mail/captureServer';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** Password of the least-privileged role the test stacks run the app as (DEFAULT_APP_ROLE). */
    pgAppPassword: string;
    temporalAddress: string;
    workflowBundlePath: string;
    temporalTestServerPath: string;
    smtpUrl: string;
    mailCaptureDbUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-test-'));
  fs.chmodSync(tmp, 0o755); // the postgres user must reach its data dir below
  if (!temporalCliPath() || !temporalTestServerPath()) provisionTemporalBinaries();
  const cli = temporalCliPath();
  const testServer = temporalTestServerPath();
  if (!cli || !testServer) throw new Error('Temporal binaries missing: run `npm run provision:temporal`');

  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const [pg, temporal, bundle] = await Promise.all([
    startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: pgPort }),
    startTemporalDevServer({ binary: cli, port: temporalPort, logFile: path.join(tmp, 'temporal.log') }),
    bundleWorkflowCode({ workflowsPath: workflowsEntry(), ...WORKFLOW_BUNDLER_OPTIONS, logger: quietLogger }),
  ]);
  // Letters are delivered for real in tests: a real SMTP server on loopback receives them, storing
  // what arrives in its own database. Test workers inherit SMTP_URL from this process.
  await ensureDatabase(pg.adminUrl, 'kf_mail_capture');
  const mailDb = createDb(withDatabase(pg.adminUrl, 'kf_mail_capture'), { max: 4 });
  await migrateToLatest(mailDb);
  const capture = await startMailCapture({ port: await freePort(), db: mailDb, host: '127.0.0.1' });
  process.env.SMTP_URL = capture.url;
  project.provide('smtpUrl', capture.url);
  project.provide('mailCaptureDbUrl', withDatabase(pg.adminUrl, 'kf_mail_capture'));

  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);

  project.provide('pgAdminUrl', pg.adminUrl);
  // Roles are server-wide: created once here; each test database grants it its tables.
  const appPassword = crypto.randomBytes(18).toString('base64url');
  const admin = createDb(pg.adminUrl, { max: 1 });
  await ensureAppRole(admin, { name: DEFAULT_APP_ROLE, password: appPassword }).finally(() => admin.destroy());
  project.provide('pgAppPassword', appPassword);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('temporalTestServerPath', testServer);

  return async () => {
    await capture.stop();
    await mailDb.destroy();
    await temporal.stop();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    // Where the postgres user could not enter tmp, the data lived in a stand-in under /var/lib/klachtflow.
    if (!pg.dataDir.startsWith(tmp)) fs.rmSync(path.dirname(pg.dataDir), { recursive: true, force: true });
  };
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error };
