/**
 * `npm start` as a person runs it: the real start script brings up embedded PostgreSQL, the Temporal
 * dev server, the worker and the API; a complaint is filed over HTTP and read back; SIGTERM stops
 * everything; a second start keeps every case.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson } from '../helpers/http';
import { exitOf, killStarted, portAnswers, runScript, startEnv, startSystem } from '../helpers/npmStart';
import { freePort } from '../helpers/ports';
import { startApi } from '../../platform/services';
import { createDb } from '../../platform/db';
import { embeddedAdminUrl } from '../../platform/postgres';
import { staffToken } from '../helpers/tokens';

afterAll(killStarted);

describe('npm start', () => {
  it('runs the whole system, serves the intake contract, stops cleanly and keeps data across restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-start-'));
    fs.chmodSync(dataDir, 0o755);
    const { ports, env } = await startEnv(dataDir);
    const api = `http://127.0.0.1:${ports.api}`;
    try {
      const first = await startSystem(env);
      // Signals reach the start itself, as npm start runs it (node --import tsx): no tsx CLI in
      // between, whose relay gives a busy start 30 ms to answer a signal before it kills it outright
      // (CI saw exit code 130 on SIGINT, and nothing stopped cleanly).
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'klachtflow.pid'), 'utf8')).pid).toBe(first.child.pid);
      expect(first.output()).toContain(`http://localhost:${ports.api}`);
      expect(first.output()).toContain(`Temporal UI http://localhost:${ports.ui}`);
      expect((await getJson(`${api}/health`)).status).toBe(200);

      const filed = await postJson(`${api}/api/complaints`, sampleComplaintBody());
      expect(filed.status).toBe(201);
      const read = await eventually(async () => {
        const r = await getJson(`${api}/api/complaints/${filed.body.caseNumber}`, { 'X-Access-Code': filed.body.accessCode });
        return r.body.letters?.length ? r : undefined;
      });
      expect(read.body.letters[0].kind).toBe('ontvangstbevestiging');
      expect(first.output()).toContain(`smtp://127.0.0.1:${ports.mail}`);

      // A secretary's token from the CLI, against the running system's database; with it, the
      // development mailbox shows the acknowledgement as the complainant received it.
      // The token belongs to a staff account: the account first (create-user), then its token.
      const account = await runScript(['scripts/create-user.ts', '--email', 's.jansen@example.nl', '--name', 'S. Jansen', '--role', 'secretary'], { ...env, KLACHTFLOW_PASSWORD: 'een-lang-wachtwoord-voor-de-test' });
      expect(account.status).toBe(0);
      const userId = /^created user (\d+) /.exec(account.stdout)?.[1];
      expect(userId).toMatch(/^\d+$/);
      const created = await runScript(['scripts/create-token.ts', '--user', userId!, '--expires-in-days', '7'], env);
      expect(created.status).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^kf_/);
      const mailbox = await eventually(async () => {
        const r = await getJson(`${api}/api/dev/mailbox?to=anna.devries@example.nl`, { Authorization: `Bearer ${token}` });
        return r.status === 200 && r.body.mails.length > 0 ? r.body.mails : undefined;
      }, 60_000);
      expect(mailbox[0].subject).toContain(filed.body.caseNumber);
      expect((await getJson(`${api}/api/dev/mailbox`)).status).toBe(401);

      // Migrated as the embedded superuser; the worker and API log in as the least-privileged role.
      const admin = createDb(embeddedAdminUrl(ports.pg), { max: 1 });
      try {
        expect(await admin('pg_stat_activity').where({ datname: 'klachtflow' }).distinct('usename').pluck('usename')).toEqual(['klachtflow_app']);
      } finally {
        await admin.destroy();
      }
      expect(first.output()).not.toContain('WARNING');

      first.child.kill('SIGTERM');
      expect(await exitOf(first.child)).toBe(0);
      expect(first.output()).toContain('stopped');
      for (const port of Object.values(ports)) expect(await portAnswers(port)).toBe(false);

      const second = await startSystem(env);
      const again = await getJson(`${api}/api/complaints/${filed.body.caseNumber}`, { 'X-Access-Code': filed.body.accessCode });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('admissibility');
      expect(again.body.letters).toHaveLength(1);
      // The next complaint continues the numbering instead of starting over.
      const next = await postJson(`${api}/api/complaints`, sampleComplaintBody());
      expect(Number(next.body.caseNumber.slice(5))).toBe(Number(filed.body.caseNumber.slice(5)) + 1);

      second.child.kill('SIGINT');
      expect(await exitOf(second.child)).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('GET /health before Temporal is reachable', () => {
  it('answers 503, and says which part is down to staff only', async () => {
    const database = await createTestDatabase();
    const closedPort = await freePort();
    const running = await startApi({ db: database.db, temporalAddress: `127.0.0.1:${closedPort}`, namespace: 'default', taskQueue: 'none', secret: 'x'.repeat(32), port: 0, host: '127.0.0.1' });
    try {
      const { port } = running.server.address() as net.AddressInfo;
      const { token } = await staffToken(database.db, { name: 'Anne', role: 'secretary' });
      const res = await getJson(`http://127.0.0.1:${port}/health`, { Authorization: `Bearer ${token}` });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'unavailable', postgres: { ok: true }, temporal: { ok: false } });
      expect(await getJson(`http://127.0.0.1:${port}/health`)).toEqual({ status: 503, body: { status: 'unavailable' } });
    } finally {
      await running.stop();
      await database.drop();
    }
  });
});
