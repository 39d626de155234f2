/**
 * Runs the cluster's processes (Temporal services, klachtflow workers and APIs) as children and
 * keeps them running, the way a container runtime with `restart: unless-stopped` does: a process
 * that dies after it came up is started again; one that fails to come up fails the start. Each
 * process logs to its own file; `processes.json` lists the live pids (operators and the cluster
 * test read it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { stopChild } from '../temporalDevServer';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Resolves once the process serves; rejects (or times out) when it does not. */
  ready: () => Promise<void>;
  readyTimeoutMs?: number;
}

interface Supervised {
  spec: ProcessSpec;
  child: ChildProcess;
  restarts: number;
}

export class Supervisor {
  private readonly procs: Supervised[] = [];
  private stopping = false;

  constructor(
    private readonly logDir: string,
    private readonly log: (line: string) => void,
  ) {
    fs.mkdirSync(logDir, { recursive: true });
  }

  /** Starts a process and waits until it is ready; throws with the tail of its log when it is not. */
  async start(spec: ProcessSpec): Promise<void> {
    const entry: Supervised = { spec, child: this.spawn(spec), restarts: 0 };
    this.procs.push(entry);
    this.writePids();
    await this.waitReady(entry);
  }

  /** Stops every process, last started first; each gets SIGTERM, then SIGKILL after a grace time. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const entry of [...this.procs].reverse()) {
      this.log(`stopping ${entry.spec.name}`);
      await stopChild(entry.child, 15_000);
    }
    this.procs.length = 0;
    this.writePids();
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.procs.map((p) => [p.spec.name, p.child.pid]));
  }

  private logFile(name: string): string {
    return path.join(this.logDir, `${name}.log`);
  }

  private spawn(spec: ProcessSpec): ChildProcess {
    const out = fs.openSync(this.logFile(spec.name), 'a');
    // Own process group: Ctrl-C in the terminal reaches only the supervisor, which stops the
    // children in order instead of all of them dying at once.
    const child = spawn(spec.command, spec.args, { cwd: PROJECT_ROOT, env: spec.env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    child.once('exit', (code, signal) => this.onExit(spec.name, child, code, signal));
    return child;
  }

  private onExit(name: string, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const entry = this.procs.find((p) => p.child === child);
    if (this.stopping || !entry) return;
    entry.restarts += 1;
    this.log(`${name} (pid ${child.pid}) exited with ${code ?? signal}; restarting (restart ${entry.restarts})`);
    setTimeout(() => {
      if (this.stopping) return;
      entry.child = this.spawn(entry.spec);
      this.writePids();
      this.waitReady(entry).then(
        () => this.log(`${name} restarted (pid ${entry.child.pid})`),
        (err: unknown) => this.log(`${name} did not come back: ${(err as Error).message}`),
      );
    }, 1000).unref();
  }

  private async waitReady(entry: Supervised): Promise<void> {
    const { spec } = entry;
    const deadline = Date.now() + (spec.readyTimeoutMs ?? 90_000);
    let lastError = 'no answer yet';
    while (Date.now() < deadline) {
      const child = entry.child;
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        await spec.ready();
        return;
      } catch (err) {
        lastError = (err as Error).message;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    const exited = entry.child.exitCode !== null || entry.child.signalCode !== null;
    throw new Error(`${spec.name} ${exited ? `exited with ${entry.child.exitCode ?? entry.child.signalCode}` : `was not ready within ${spec.readyTimeoutMs ?? 90_000} ms (${lastError})`}; last log lines (${this.logFile(spec.name)}):\n${this.tail(spec.name)}`);
  }

  private tail(name: string): string {
    try {
      return fs.readFileSync(this.logFile(name), 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private writePids(): void {
    fs.writeFileSync(path.join(this.logDir, 'processes.json'), `${JSON.stringify(this.pids(), null, 2)}\n`);
  }
}
