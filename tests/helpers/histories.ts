/**
 * Committed workflow histories, for replay tests. `RECORD_HISTORIES=1 npx vitest run tests/integration`
 * (re)writes them from the dev-server scenarios that call `recordHistory`; a normal run only reads
 * them. The Temporal CLI exports them, in the JSON form the Web UI downloads too.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { inject } from 'vitest';
import { temporalCliPath } from '../../platform/temporalBinaries';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'replay', 'histories');

export async function recordHistory(name: string, handle: WorkflowHandle, source: 'dev-server' | 'fetched' = 'dev-server'): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  if (source === 'fetched') {
    // Any server, the time-skipping one included: the history as the client fetches it.
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(JSON.parse(historyToJSON(await handle.fetchHistory())), null, 1)}\n`);
    return;
  }
  const cli = temporalCliPath();
  if (!cli) throw new Error('Temporal CLI not provisioned');
  const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', handle.workflowId, '--address', inject('temporalAddress'), '--output', 'json'], { encoding: 'utf8' });
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), json);
}
