/**
 * What the benchmarks read of other processes on Linux, from /proc: resident memory, CPU time, and
 * who started whom (Chromium under the letter worker, PostgreSQL's backends under the postmaster).
 * A process that ends while being read counts as gone, never as an error.
 */
import fs from 'node:fs';
import path from 'node:path';

/** /proc/<pid>/stat's clock ticks are 10 ms on Linux (CLK_TCK 100, `getconf CLK_TCK`). */
const MS_PER_TICK = 10;

interface ProcStat {
  parent: number;
  /** User + system CPU time so far, ms. */
  cpuMs: number;
}

/** Every process now running, with its parent and CPU time. */
function processTable(): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command (field 2) may hold spaces: count from its ')'. Then state, ppid, … utime (14th), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.set(Number(entry), { parent: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK });
  }
  return table;
}

/** `root` and every process below it. */
function tree(table: Map<number, ProcStat>, root: number): number[] {
  const out: number[] = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    if (!table.has(pid)) continue;
    out.push(pid);
    for (const [child, s] of table) if (s.parent === pid) todo.push(child);
  }
  return out;
}

/** CPU ms used so far by `root` and all its descendants (or `root` alone), in one reading of the table. */
function cpuMsIn(table: Map<number, ProcStat>, root: number, opts: { alone?: boolean } = {}): number {
  const pids = opts.alone ? [root] : tree(table, root);
  return pids.reduce((sum, pid) => sum + (table.get(pid)?.cpuMs ?? 0), 0);
}

/** CPU ms used so far by `root` and all its descendants (or `root` alone). */
export function treeCpuMs(root: number, opts: { alone?: boolean } = {}): number {
  return cpuMsIn(processTable(), root, opts);
}

/** The postmaster (from postmaster.pid) and every process it started. */
export function postgresPids(dataDir: string): number[] {
  return tree(processTable(), postmasterPid(dataDir));
}

/** The postmaster's pid, from its data directory. */
export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A /proc field in KiB ("VmRSS:    1234 kB"), 0 when the process is gone. */
export function procKiB(pid: number, file: 'status' | 'smaps_rollup', field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/${file}`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU ms per named group of processes between `start()` and `stop()`. Groups are process trees
 * (a root and what it started) or one process alone; a process that ended in between loses what it used
 * since the start, so groups are meant for long-lived services.
 */
export function cpuMeter(groups: Record<string, { pid: number; alone?: boolean }>): { stop(): Record<string, number> } {
  // One reading of /proc for all groups, at the start and at the stop.
  const reading = (): Record<string, number> => {
    const table = processTable();
    return Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, cpuMsIn(table, g.pid, g)]));
  };
  const before = reading();
  return {
    stop: () => Object.fromEntries(Object.entries(reading()).map(([name, ms]) => [name, ms - before[name]])),
  };
}
