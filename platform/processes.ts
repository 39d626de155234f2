/**
 * What the Linux /proc file system says about other processes: their command lines (to recognise
 * our own orphans before stopping them, never a stranger's) and which process listens on a port
 * (to name it when the port is taken). Elsewhere these answer "unknown" and callers say less.
 */
import fs from 'node:fs';

export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!raw) return undefined; // a kernel thread, or a zombie
    const argv = raw.split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    return argv;
  } catch {
    return undefined;
  }
}

/** A field of /proc/<pid>/stat, counted from the state (field 3); the command name before it may hold spaces. */
function statField(pid: number, field: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[field - 3]);
  } catch {
    return undefined;
  }
}

/** Start time of a process in clock ticks since boot: with the pid, it identifies a process across pid reuse. */
export const startTime = (pid: number) => statField(pid, 22);

export const parentPid = (pid: number) => statField(pid, 4);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pids of the processes whose command line satisfies `match`. */
export function findProcesses(match: (argv: string[]) => boolean): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid)
    .filter((pid) => {
      const argv = commandLine(pid);
      return argv !== undefined && match(argv);
    });
}

/**
 * Stops a process: `signal` first, then SIGKILL when it has not gone within `graceMs`.
 * Resolves once it is gone.
 */
export async function stopProcess(pid: number, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  const signalOrGone = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signalOrGone(signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    signalOrGone('SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
  }
}

/** The process listening on a TCP port (IPv4 or IPv6), with its command line, when /proc tells. */
export function portHolder(port: number): { pid: number; command: string } | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN.
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return undefined;
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) {
        const pid = Number(entry);
        return { pid, command: (commandLine(pid) ?? ['?']).join(' ').slice(0, 120) };
      }
    }
  }
  return undefined;
}
