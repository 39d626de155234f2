/**
 * Replays every committed history, of every release, against today's workflow code. A change that
 * would break running cases (non-determinism) fails here; guard such changes with `patched()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { HISTORIES_DIR, committedHistories } from '../helpers/histories';

const files = committedHistories();

describe('replay of committed workflow histories', () => {
  it('has histories to replay', () => {
    // 15 recorded at release 0.1.0; later releases only add.
    expect(files.filter((f) => f.startsWith('0.1.0/'))).toHaveLength(15);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file);
  });
});
