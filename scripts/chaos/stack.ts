/**
 * The real stack of a chaos run, each part a separate OS process so each can be SIGKILLed and
 * started again on the same data: PostgreSQL (embedded, data in a directory), the Temporal CLI dev
 * server (history in a SQLite file), the SMTP capture, the worker and the API (scripts/worker.ts
 * and scripts/api.ts, the production entry points). Like a supervisor, it restarts a part that
 * exits without being killed, and counts that as an unexpected exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/config';
import { ensureDatabase, withDatabase } from '../../platform/db';
import { provisionTemporalBinaries, temporalCliPath } from '../../platform/temporalBinaries';
import { startTemporalDevServer, type RunningTemporal } from '../../platform/temporalDevServer';
import { freePort } from '../../tests/helpers/ports';

export type Killable = 'worker' | 'api' | 'temporal' | 'postgres';
export const KILLABLE: readonly Killable[] = ['worker', 'api', 'temporal', 'postgres'];

export const CHAOS_DATABASE = 'klachtflow_chaos';
export const CHAOS_TASK_QUEUE = 'klachtflow';
export const CHAOS_SECRET = 'chaos-secret-chaos-secret-chaos-secret-42';

export interface UnexpectedExit {
  component: string;
  at: string;
  code: number | null;
  signal: string | null;
}

interface Managed {
  child?: ChildProcess;
  /** Set while we stop or kill it on purpose; an exit without it is unexpected. */
  expectingExit: boolean;
}

function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `pid` (Chromium under the worker), read from /proc. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const taskDir = `/proc/${pid}/task`;
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(taskDir);
  } catch {
    return out;
  }
  for (const tid of tids) {
    let children = '';
    try {
      children = fs.readFileSync(path.join(taskDir, tid, 'children'), 'utf8');
    } catch {
      continue;
    }
    for (const c of children.split(/\s+/).filter(Boolean).map(Number)) out.push(c, ...descendants(c));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

async function httpOk(url: string): Promise<true | undefined> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  await res.arrayBuffer();
  return res.status === 200 ? true : undefined;
}

export class ChaosStack {
  readonly runDir: string;
  pgPort = 0;
  temporalPort = 0;
  apiPort = 0;
  workerHealthPort = 0;
  letterWorkerHealthPort = 0;
  mailPort = 0;
  databaseUrl = '';
  adminUrl = '';
  postmasterPid?: number;
  readonly unexpectedExits: UnexpectedExit[] = [];
  private readonly managed: Record<'postgres' | 'mail' | 'worker' | 'letters' | 'api', Managed> = {
    postgres: { expectingExit: false },
    mail: { expectingExit: false },
    worker: { expectingExit: false },
    letters: { expectingExit: false },
    api: { expectingExit: false },
  };
  private temporal?: RunningTemporal;
  private temporalWatch?: NodeJS.Timeout;
  private temporalExpectingExit = false;
  private stopping = false;
  /** A restart after an unexpected exit, in flight. */
  private readonly restarts = new Set<Promise<unknown>>();

  constructor(
    runDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.runDir = runDir;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.temporalPort}`;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.mailPort}`;
  }

  /** Brings up PostgreSQL, creates the database; the caller migrates and seeds before `startRest`. */
  async startDatabase(): Promise<void> {
    fs.mkdirSync(this.runDir, { recursive: true });
    // PostgreSQL runs as user postgres when we are root: it must be able to enter the run dir.
    fs.chmodSync(this.runDir, 0o755);
    [this.pgPort, this.temporalPort, this.apiPort, this.workerHealthPort, this.letterWorkerHealthPort, this.mailPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    await this.startPostgres();
    await ensureDatabase(this.adminUrl, CHAOS_DATABASE);
    this.databaseUrl = withDatabase(this.adminUrl, CHAOS_DATABASE);
  }

  async startRest(): Promise<void> {
    await this.startTemporal();
    await this.startMail();
    await this.startWorker();
    await this.startLetterWorker();
    await this.startApi();
  }

  /** API and worker both report healthy: the API reaches PostgreSQL and Temporal, the worker runs. */
  async healthy(): Promise<boolean> {
    try {
      for (const url of [`${this.apiUrl}/health`, `http://127.0.0.1:${this.workerHealthPort}/health`, `http://127.0.0.1:${this.letterWorkerHealthPort}/health`]) if ((await httpOk(url)) !== true) return false;
      return true;
    } catch {
      return false;
    }
  }

  /** SIGKILL one part (and what it started), then start it again; resolves when it is back. */
  async killAndRestart(component: Killable): Promise<void> {
    if (component === 'temporal') {
      this.temporalExpectingExit = true;
      const pid = this.temporal?.pid;
      if (pid) process.kill(pid, 'SIGKILL');
      await waitFor('temporal to die', 10_000, async () => (alive(pid) ? undefined : true));
      await this.startTemporal();
      return;
    }
    if (component === 'postgres') {
      const m = this.managed.postgres;
      m.expectingExit = true;
      const pid = this.postmasterPid;
      if (pid) process.kill(pid, 'SIGKILL');
      await this.exited(m);
      await this.startPostgres();
      return;
    }
    const m = this.managed[component];
    m.expectingExit = true;
    const pid = m.child?.pid;
    if (pid) {
      const below = descendants(pid);
      process.kill(pid, 'SIGKILL');
      // What the process started dies with it, as in a container (the worker's Chromium).
      for (const d of below) {
        try {
          process.kill(d, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await this.exited(m);
    if (component === 'worker') await this.startWorker();
    else await this.startApi();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.restarts]);
    for (const name of ['api', 'letters', 'worker', 'mail'] as const) await this.terminate(this.managed[name]);
    clearInterval(this.temporalWatch);
    this.temporalExpectingExit = true;
    await this.temporal?.stop().catch(() => undefined);
    await this.terminate(this.managed.postgres);
  }

  // ------------------------------------------------------------------ the parts

  private nodeScript(script: string, args: string[], env: Record<string, string>, name: keyof ChaosStack['managed']): ChildProcess {
    const logFile = fs.openSync(path.join(this.runDir, `${name}.log`), 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, MALLOC_ARENA_MAX: '2', ...env },
      stdio: ['ignore', 'pipe', logFile],
      // Own process group: a Ctrl-C on the driver reaches the driver only, which stops these in order.
      detached: true,
    });
    fs.closeSync(logFile);
    const m = this.managed[name];
    m.child = child;
    m.expectingExit = false;
    child.once('exit', (code, signal) => {
      if (m.child !== child) return;
      m.child = undefined;
      if (m.expectingExit || this.stopping) return;
      this.unexpectedExits.push({ component: name, at: new Date().toISOString(), code, signal });
      this.log(`${name} exited unexpectedly (${code ?? signal}); restarting it`);
      this.restartAfterCrash(name);
    });
    return child;
  }

  private restartAfterCrash(name: keyof ChaosStack['managed']): void {
    const start = { postgres: () => this.startPostgres(), mail: () => this.startMail(), worker: () => this.startWorker(), letters: () => this.startLetterWorker(), api: () => this.startApi() }[name];
    const p = start()
      .catch((err: unknown) => this.log(`restart of ${name} failed: ${(err as Error).message}`))
      .finally(() => this.restarts.delete(p));
    this.restarts.add(p);
  }

  private exited(m: Managed): Promise<void> {
    const child = m.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  private async terminate(m: Managed): Promise<void> {
    const child = m.child;
    if (!child) return;
    m.expectingExit = true;
    const done = this.exited(m);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await done;
    clearTimeout(timer);
  }

  /** A line of JSON on stdout says the process is ready. */
  private readyLine(child: ChildProcess, what: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`${what} not ready within ${timeoutMs} ms`)), timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${what} exited with ${code} before it was ready (see ${this.runDir})`));
      };
      child.once('exit', onExit);
      child.stdout!.on('data', (d: Buffer) => {
        buffer += d.toString();
        const line = buffer.split('\n').find((l) => l.startsWith('{'));
        if (!line) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  }

  private async startPostgres(): Promise<void> {
    // After a SIGKILL the old server's backends linger for a moment and hold its shared memory: try again.
    for (let attempt = 1; ; attempt++) {
      const child = this.nodeScript('scripts/chaos/postgresProcess.ts', [path.join(this.runDir, 'pg'), String(this.pgPort)], {}, 'postgres');
      this.managed.postgres.expectingExit = true;
      try {
        const ready = await this.readyLine(child, 'postgres', 60_000);
        this.postmasterPid = Number(ready.pid);
        this.adminUrl = String(ready.adminUrl);
        this.managed.postgres.expectingExit = false;
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        this.log(`postgres start attempt ${attempt} failed; trying again`);
        await this.exited(this.managed.postgres);
        await sleep(500);
      }
    }
  }

  private async startTemporal(): Promise<void> {
    let cli = temporalCliPath();
    if (!cli && provisionTemporalBinaries(this.log)) cli = temporalCliPath();
    if (!cli) throw new Error('Temporal CLI missing: run npm run provision:temporal');
    clearInterval(this.temporalWatch);
    this.temporal = await startTemporalDevServer({
      binary: cli,
      port: this.temporalPort,
      dbFile: path.join(this.runDir, 'temporal.sqlite'),
      logFile: path.join(this.runDir, 'temporal.log'),
    });
    this.temporalExpectingExit = false;
    const pid = this.temporal.pid;
    this.temporalWatch = setInterval(() => {
      if (alive(pid) || this.temporalExpectingExit || this.stopping) return;
      clearInterval(this.temporalWatch);
      this.unexpectedExits.push({ component: 'temporal', at: new Date().toISOString(), code: null, signal: null });
      this.log('temporal exited unexpectedly; restarting it');
      const p = this.startTemporal()
        .catch((err: unknown) => this.log(`restart of temporal failed: ${(err as Error).message}`))
        .finally(() => this.restarts.delete(p));
      this.restarts.add(p);
    }, 500);
    this.temporalWatch.unref();
  }

  private async startMail(): Promise<void> {
    const child = this.nodeScript('scripts/chaos/mailCaptureProcess.ts', [String(this.mailPort)], { DATABASE_URL: this.databaseUrl }, 'mail');
    await this.readyLine(child, 'mail capture', 60_000);
  }

  private common(): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl, TEMPORAL_ADDRESS: this.temporalAddress, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: CHAOS_TASK_QUEUE, KLACHTFLOW_SECRET: CHAOS_SECRET, SMTP_URL: this.smtpUrl };
  }

  private async startWorker(): Promise<void> {
    this.nodeScript('scripts/worker.ts', [], { ...this.common(), WORKER_HEALTH_PORT: String(this.workerHealthPort) }, 'worker');
    // Bundling the workflows takes a while on a busy machine.
    await waitFor('worker', 180_000, () => httpOk(`http://127.0.0.1:${this.workerHealthPort}/health`));
  }

  /** Letter delivery on the letter queue (scripts/worker.ts --letters); no workflow code to bundle. */
  private async startLetterWorker(): Promise<void> {
    this.nodeScript('scripts/worker.ts', ['--letters'], { ...this.common(), WORKER_HEALTH_PORT: String(this.letterWorkerHealthPort) }, 'letters');
    await waitFor('letter worker', 120_000, () => httpOk(`http://127.0.0.1:${this.letterWorkerHealthPort}/health`));
  }

  private async startApi(): Promise<void> {
    this.nodeScript('scripts/api.ts', [], { ...this.common(), PORT: String(this.apiPort), API_HOST: '127.0.0.1' }, 'api');
    await waitFor('api', 120_000, async () => {
      const res = await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      return true; // listening (503 while a dependency is down still means the API process is up)
    });
  }

  /** Waits until the whole stack is healthy again; returns when it is. */
  async waitHealthy(timeoutMs = 300_000): Promise<void> {
    await waitFor('stack health', timeoutMs, async () => ((await this.healthy()) ? true : undefined));
  }
}
