/** Runs `npm start` (scripts/start.ts) as a person would, for the end-to-end tests of starting. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/config';
import { eventually } from './http';

/**
 * A free port below Linux's ephemeral range (32768+), where the ports other test runs ask the OS
 * for are handed out: a start takes a minute before it binds, long enough for one of those to land
 * on a port picked with freePort().
 */
function freePortOutsideEphemeralRange(): Promise<number> {
  const port = 20_000 + Math.floor(Math.random() * 12_000);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(freePortOutsideEphemeralRange()));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(port)));
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
}

const children: ChildProcess[] = [];

/** Kills what a failed test left running (call from afterAll). */
export function killStarted(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Every setting that makes a start self-contained: its own data dir and free ports, embedded PostgreSQL and Temporal, local mail capture. */
export async function startEnv(dataDir: string) {
  const freePort = freePortOutsideEphemeralRange;
  const ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort(), mail: await freePort() };
  const env = {
    KLACHTFLOW_DATA_DIR: dataDir,
    PORT: String(ports.api),
    EMBEDDED_PG_PORT: String(ports.pg),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    MAIL_CAPTURE_PORT: String(ports.mail),
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    // npm start's own local SMTP capture, not the test suite's.
    SMTP_URL: '',
  };
  return { ports, env };
}

/** Spawns the start; `command` defaults to what `npm start` runs: node --import tsx scripts/start.ts in the project. */
export function spawnStart(env: NodeJS.ProcessEnv, opts: { cwd?: string; command?: string[] } = {}): Started {
  const [cmd, ...args] = opts.command ?? [process.execPath, '--import', 'tsx', 'scripts/start.ts'];
  const child = spawn(cmd, args, { cwd: opts.cwd ?? PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Spawns the start and waits for "ready". */
export async function startSystem(env: NodeJS.ProcessEnv, opts: { cwd?: string; command?: string[] } = {}): Promise<Started> {
  const started = spawnStart(env, opts);
  await eventually(async () => {
    if (started.child.exitCode !== null) throw new Error(`npm start exited early (${started.child.exitCode}):\n${started.output()}`);
    return started.output().includes('ready — Ctrl-C stops everything') ? true : undefined;
  }, 180_000, 200);
  return started;
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs one of the project's CLI scripts (tsx scripts/…) without blocking the event loop. A
 * spawnSync here froze the test process for seconds, so fetch's idle keep-alive socket outlived the
 * server's keep-alive timeout unnoticed and the next request went out on a socket the server had
 * already closed ("other side closed").
 */
export function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
