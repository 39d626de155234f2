/**
 * A prerequisite of starting is missing (a port taken, python3 absent, a full disk, a data directory
 * of another PostgreSQL version). Its message is one sentence naming the cause and the fix; the
 * start script prints it without a stack trace and exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export function noSpaceMessage(dir: string, freeMb?: number): string {
  const state = freeMb === undefined ? 'is full' : `has only ${freeMb} MB free`;
  return `The disk holding ${dir} ${state}; free up space there (klachtflow needs about ${MIN_FREE_MB} MB) or set KLACHTFLOW_DATA_DIR to a directory on a disk with room.`;
}

/** What a first start needs: PostgreSQL's copied binaries (60 MB), a fresh cluster (40 MB), Temporal's history and headroom. */
export const MIN_FREE_MB = 300;
