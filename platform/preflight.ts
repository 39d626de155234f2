/**
 * Checks made before anything starts, so a missing prerequisite ends in one sentence and leaves
 * nothing half-started: the ports we will listen on are free, and the disk has room.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { portHolder } from './processes';
import { MIN_FREE_MB, noSpaceMessage, StartupError } from './startupError';

export interface PortUse {
  port: number;
  /** What listens there, for the message: "the API", "PostgreSQL". */
  what: string;
  /** The setting that moves it. */
  env: string;
  host?: string;
}

export function portTakenMessage(port: number, what: string, env: string): string {
  const holder = portHolder(port);
  const by = holder ? `process ${holder.pid} (${holder.command})` : 'another program';
  return `Port ${port} (${what}) is already in use by ${by}; stop that program or set ${env} to a free port.`;
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'EADDRINUSE'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function checkPortsFree(uses: PortUse[]): Promise<void> {
  for (const use of uses) {
    if (!(await portIsFree(use.port, use.host ?? '127.0.0.1'))) throw new StartupError(portTakenMessage(use.port, use.what, use.env));
  }
}

/** The disk that holds (or will hold) `dir` has at least MIN_FREE_MB free. */
export function checkDiskSpace(dir: string): void {
  let existing = path.resolve(dir);
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const stats = fs.statfsSync(existing);
  const freeMb = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
  if (freeMb < MIN_FREE_MB) throw new StartupError(noSpaceMessage(dir, freeMb));
}

/** A failure that means "disk full", wherever it came from. */
export function isNoSpace(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOSPC' || /No space left on device|SQLITE_FULL|database or disk is full/.test(String((err as Error)?.message ?? err));
}
