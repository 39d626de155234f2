/**
 * One `npm start` per data directory, and nothing of it left behind. A pid file in the data
 * directory records the running start (pid and start time, so a reused pid is never taken for
 * it). The start also watches the processes that launched it (tsx, npm): when one of them is
 * killed outright (kill -9, the OOM killer), it stops itself cleanly instead of running on
 * unseen, holding the ports and the data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { commandLine, isAlive, parentPid, startTime } from './processes';
import { StartupError } from './startupError';

interface Claim {
  pid: number;
  startTime?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readClaim(file: string): Claim | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Claim;
  } catch {
    return undefined;
  }
}

const stillRunning = (claim: Claim) => isAlive(claim.pid) && startTime(claim.pid) === claim.startTime;

/** Claims the data directory for this process; returns the release. */
export async function claimDataDir(dataDir: string, waitMs = 30_000): Promise<() => void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'klachtflow.pid');
  const previous = readClaim(file);
  if (previous && stillRunning(previous)) {
    // It may be stopping (its launcher was just killed): give it the time a clean stop takes.
    const deadline = Date.now() + waitMs;
    while (stillRunning(previous) && Date.now() < deadline) await sleep(250);
    if (stillRunning(previous)) {
      throw new StartupError(`klachtflow is already running with the data in ${dataDir} (process ${previous.pid}); stop it first (Ctrl-C in its terminal, or kill ${previous.pid}) or set KLACHTFLOW_DATA_DIR to another directory.`);
    }
  }
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startTime: startTime(process.pid) }));
  return () => {
    if (readClaim(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
}

/**
 * Our launchers, from the parent up: the tsx runner, the shell npm runs the script in, npm itself —
 * not the user's shell above npm (`nohup npm start &` must outlive the terminal).
 */
function launcherChain(): number[] {
  const chain: number[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 4; pid = parentPid(pid) ?? 0) {
    const argv = commandLine(pid);
    if (!argv || !argv.some((a) => /tsx|npm|scripts\/start/.test(a))) break;
    chain.push(pid);
    if (argv.some((a) => /(^|\/)npm(-cli\.js)?$/.test(a) || a === 'npm start')) break;
  }
  return chain;
}

/** Calls `onGone` once when a launcher of this process has died. */
export function watchLaunchers(onGone: (pid: number) => void): () => void {
  const parent = process.ppid;
  const chain = launcherChain();
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? parent : chain.find((pid) => !isAlive(pid));
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
