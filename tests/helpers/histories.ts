/**
 * Committed workflow histories, for replay tests, kept per release: `tests/replay/histories/<version>/`
 * with the version from package.json. `RECORD_HISTORIES=1 npx vitest run tests/integration` writes
 * the current release's histories from the scenarios that call `recordHistory`; it never overwrites
 * one (a running case recorded by an earlier release must keep replaying as it was), so bump the
 * version before recording after a workflow change. A normal run only reads them. The Temporal CLI
 * exports them, in the JSON form the Web UI downloads too.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { inject } from 'vitest';
import { version } from '../../package.json';
import { temporalCliPath } from '../../platform/temporalBinaries';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'replay', 'histories');

/** Every committed history, as `<release>/<name>.json` paths relative to HISTORIES_DIR. */
export function committedHistories(): string[] {
  return fs
    .readdirSync(HISTORIES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((release) => fs.readdirSync(path.join(HISTORIES_DIR, release.name)).filter((f) => f.endsWith('.json')).map((f) => `${release.name}/${f}`))
    .sort();
}

/** Writes one history of this release (or of `release`); refuses to replace one already recorded. */
export function writeHistory(name: string, json: string, release: string = version): void {
  const dir = path.join(HISTORIES_DIR, release);
  const file = path.join(dir, `${name}.json`);
  if (fs.existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} exists: histories are never overwritten; bump "version" in package.json to record the next release's`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, json);
}

export async function recordHistory(name: string, handle: WorkflowHandle, source: 'dev-server' | 'fetched' = 'dev-server'): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  if (source === 'fetched') {
    // Any server, the time-skipping one included: the history as the client fetches it.
    writeHistory(name, `${JSON.stringify(JSON.parse(historyToJSON(await handle.fetchHistory())), null, 1)}\n`);
    return;
  }
  const cli = temporalCliPath();
  if (!cli) throw new Error('Temporal CLI not provisioned');
  const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', handle.workflowId, '--address', inject('temporalAddress'), '--output', 'json'], { encoding: 'utf8' });
  writeHistory(name, json);
}
