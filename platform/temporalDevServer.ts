/**
 * Runs the real Temporal CLI dev server as a child process and waits until its frontend answers.
 * We start it ourselves (instead of the SDK's 5-second spawn wait) because a cold start on a
 * 2-core machine, with a SQLite file to open, can take longer than that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeArgs } from '../contracts/searchAttributes';

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  /** The server's process id, when it runs as a child of this process (the chaos run kills it). */
  pid?: number;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  binary: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file for persistence across restarts; omit for an in-memory server. */
  dbFile?: string;
  /**
   * SQLite pragmas for the file (`--sqlite-pragma`). WAL with synchronous=NORMAL commits without an
   * fsync per transaction (the WAL is synced at checkpoints): a crash of the server loses nothing, a
   * power cut may lose the last transactions. Under the default (a rollback journal, FULL) every
   * history write waits for the disk.
   */
  sqlitePragmas?: Record<'journal_mode' | 'synchronous', string>;
  namespaces?: string[];
  /** Dynamic configuration values (`--dynamic-config-value KEY=JSON`). */
  dynamicConfig?: Record<string, string | number | boolean>;
  logFile?: string;
  startTimeoutMs?: number;
}

export async function startTemporalDevServer(opts: DevServerOptions): Promise<RunningTemporal> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'warn'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
    for (const [pragma, value] of Object.entries(opts.sqlitePragmas ?? {})) args.push('--sqlite-pragma', `${pragma}=${value}`);
  }
  for (const ns of opts.namespaces ?? []) if (ns !== 'default') args.push('--namespace', ns);
  args.push(...devServerSearchAttributeArgs());
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

  const logStream = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  // Own process group: Ctrl-C in a terminal then reaches only us, and we stop the server last,
  // after the worker has drained, instead of it dying under a worker mid-task.
  const child = spawn(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderrTail = '';
  child.stdout?.on('data', (d: Buffer) => logStream?.write(d));
  child.stderr?.on('data', (d: Buffer) => {
    logStream?.write(d);
    stderrTail = (stderrTail + d.toString()).slice(-4000);
  });

  const address = `127.0.0.1:${opts.port}`;
  try {
    await waitForFrontend(address, child, opts.startTimeoutMs ?? 60_000, () => stderrTail);
  } catch (err) {
    child.kill('SIGKILL');
    logStream?.end();
    throw err;
  }
  return {
    address,
    uiUrl: opts.uiPort ? `http://localhost:${opts.uiPort}` : undefined,
    pid: child.pid,
    stop: async () => {
      await stopChild(child);
      logStream?.end();
    },
  };
}

async function waitForFrontend(address: string, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Temporal dev server ${exited}: ${tail()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${tail()}`);
}

export function stopChild(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
