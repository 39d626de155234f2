/**
 * The chaos run's PostgreSQL as a process of its own: starts the embedded server on a data
 * directory (initialising it the first time), prints the postmaster's pid, and exits as soon as the
 * postmaster is gone — so the chaos driver can SIGKILL the real database server and start a new
 * one on the same data, as a supervisor would after a crash.
 * Usage: node --import tsx scripts/chaos/postgresProcess.ts <dataDir> <port>
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../platform/postgres';

async function main(): Promise<void> {
  const [dataDir, portArg] = process.argv.slice(2);
  const port = Number(portArg);
  if (!dataDir || !Number.isInteger(port)) {
    console.error('usage: postgresProcess.ts <dataDir> <port>');
    process.exit(2);
  }
  const pg = await startEmbeddedPostgres({ dataDir, port, log: (line) => console.error(line) });
  const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  console.log(JSON.stringify({ ready: true, pid, adminUrl: pg.adminUrl }));
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const watch = setInterval(() => {
    if (alive()) return;
    console.error(`postmaster ${pid} is gone`);
    process.exit(1);
  }, 200);
  process.on('SIGTERM', () => {
    clearInterval(watch);
    void pg.stop().finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(`postgres did not start: ${(err as Error).message}`);
  process.exit(1);
});
