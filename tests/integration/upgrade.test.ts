/**
 * A deployment with cases running. Cases are filed and moved on by a worker running the previous
 * release's workflows (the newest bundle stored by `npm run workflow:bundle` in tests/replay/bundles/);
 * that worker stops, a worker with this tree's workflows takes the same task queue, and the cases go on
 * to their end. Their histories — begun by one release, continued by the next — then replay against
 * this tree's workflows. A workflow change that alters commands without `patched()` fails here.
 *
 * On the dev server (real time): the old worker's sticky queue must time out before the new worker
 * gets the case, as in production.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { CHAIR, COMPLAINANT, ProcedureDriver, SCHOOL, SECRETARY, type TestCase } from '../helpers/procedure';
import { createTestWorker, devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const BUNDLES_DIR = path.join(PROJECT_ROOT, 'tests', 'replay', 'bundles');

/** The newest stored release (by version number) and its workflow code. */
function previousRelease(): { version: string; code: string } {
  const versions = fs
    .readdirSync(BUNDLES_DIR)
    .filter((f) => f.endsWith('.js.gz'))
    .map((f) => f.slice(0, -'.js.gz'.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1)!;
  return { version, code: zlib.gunzipSync(fs.readFileSync(path.join(BUNDLES_DIR, `${version}.js.gz`))).toString('utf8') };
}

let database: TestDatabase;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
});

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

describe('upgrading the worker while cases run', () => {
  it('finishes cases the previous release started, and their mixed histories replay', async () => {
    const previous = previousRelease();
    expect(previous.version).toBe('0.4.0');
    const taskQueue = uniqueTaskQueue('upgrade');
    const driver = new ProcedureDriver(env, database.db, taskQueue);

    // The previous release runs: two cases are filed, one moves on to the school's defence.
    const oldWorker = await createTestWorker(env, database.db, taskQueue, {
      workflowBundle: { code: previous.code },
      stickyQueueScheduleToStartTimeout: '2 seconds',
    });
    let withdrawn!: TestCase;
    let defended!: TestCase;
    await oldWorker.runUntil(async () => {
      withdrawn = await driver.file();
      defended = await driver.file();
      expect((await defended.act('decideAdmissibility', { admissible: true }, CHAIR)).status).toBe('defence');
    });
    expect(await withdrawn.letterKinds()).toEqual(['ontvangstbevestiging:complainant']);
    expect((await defended.row()).status).toBe('defence');

    // The new release takes over the task queue and finishes what the old one began.
    const newWorker = await createTestWorker(env, database.db, taskQueue);
    await newWorker.runUntil(async () => {
      const after = await withdrawn.act('withdraw', { requestedBy: 'complainant', reason: 'Opgelost met de school.' }, COMPLAINANT);
      expect(after).toMatchObject({ status: 'withdrawn', closed: true });
      expect(await withdrawn.handle.result()).toBe('withdrawn');

      await defended.act('submitDefence', { text: 'Het verweer van de school.' }, SCHOOL);
      await defended.waitFor((s) => s.allowedActions.includes('decideReplyRound'));
      await defended.act('decideReplyRound', { hold: false }, SECRETARY);
      expect((await defended.waitFor((s) => s.status === 'hearing-scheduling')).status).toBe('hearing-scheduling');
      await defended.act('withdraw', { requestedBy: 'complainant', reason: 'Toch niet.' }, COMPLAINANT);
      expect(await defended.handle.result()).toBe('withdrawn');
    });

    expect((await withdrawn.row()).status).toBe('withdrawn');
    expect((await defended.row()).status).toBe('withdrawn');
    expect((await withdrawn.events()).filter((e) => e === 'complaint.withdrawn')).toHaveLength(1);

    // Begun by one release, continued by the next: both histories replay against this tree.
    for (const c of [withdrawn, defended]) {
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, await c.handle.fetchHistory(), c.handle.workflowId);
    }
  });
});
