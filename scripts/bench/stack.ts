/** A throw-away PostgreSQL + Temporal dev server for a benchmark run, torn down afterwards. */
import { closePdfRenderer } from '../../platform/pdf/pdfRenderer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, withDatabase } from '../../platform/db';
import { startEmbeddedPostgres } from '../../platform/postgres';
import { openDatabase } from '../../platform/services';
import { startMailCapture } from '../../platform/mail/captureServer';
import type { Db } from '../../platform/db';
import { provisionTemporalBinaries, temporalCliPath } from '../../platform/temporalBinaries';
import { startTemporalDevServer } from '../../platform/temporalDevServer';

export interface BenchStack {
  db: Db;
  temporalAddress: string;
  /** The benchmark's database, for processes of its own (a worker). */
  databaseUrl: string;
  /** The Temporal dev server's process id, and PostgreSQL's data directory (its postmaster.pid), for their memory. */
  temporalPid?: number;
  postgresDataDir: string;
  /** Registers a teardown step; they run in reverse order. */
  onStop(stop: () => Promise<void>): void;
  stop(): Promise<void>;
}

/**
 * `temporalDbFile`: the dev server keeps its history in a SQLite file, not in its memory (100,000
 * open cases), written ahead (WAL, synchronous=NORMAL: no fsync per transaction; measured 7.4 → 14.2
 * seeded cases/s). Eager activity execution is on, as a production cluster would set it: a worker
 * that schedules an activity on its own queue runs it without a round trip through matching.
 */
export async function startBenchStack(log: (l: string) => void, opts: { temporalDbFile?: boolean } = {}): Promise<BenchStack> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-bench-'));
  fs.chmodSync(tmp, 0o755);
  // Last of all: the letters' Chromium, which the worker's activities started in this process.
  const stops: Array<() => Promise<void>> = [async () => fs.rmSync(tmp, { recursive: true, force: true }), closePdfRenderer];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    if (!temporalCliPath()) provisionTemporalBinaries(log);
    const cli = temporalCliPath();
    if (!cli) throw new Error('Temporal CLI missing: run npm run provision:temporal');
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 54400 + Math.floor(Math.random() * 500) });
    stops.push(pg.stop);
    await ensureDatabase(pg.adminUrl, 'klachtflow_bench');
    const temporal = await startTemporalDevServer({ binary: cli, port: 17400 + Math.floor(Math.random() * 500), logFile: path.join(tmp, 'temporal.log'), ...(opts.temporalDbFile ? { dbFile: path.join(tmp, 'temporal.db'), sqlitePragmas: { journal_mode: 'wal', synchronous: 'normal' } } : {}), dynamicConfig: { 'system.enableActivityEagerExecution': true } });
    stops.push(temporal.stop);
    const databaseUrl = withDatabase(pg.adminUrl, 'klachtflow_bench');
    const db = await openDatabase(databaseUrl, log);
    stops.push(() => db.destroy());
    // Letters go out for real, to a local SMTP capture, as under `npm start`.
    const capture = await startMailCapture({ port: 25300 + Math.floor(Math.random() * 500), db, host: '127.0.0.1' });
    stops.push(capture.stop);
    process.env.SMTP_URL = capture.url;
    log(`PostgreSQL, Temporal (${temporal.address}) and SMTP capture (${capture.url}) up`);
    return { db, temporalAddress: temporal.address, databaseUrl, temporalPid: temporal.pid, postgresDataDir: pg.dataDir, onStop: (s) => stops.push(s), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
