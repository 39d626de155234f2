/**
 * Running cases survive new calendar data. A maintainer adds a royal-decree day the documented way
 * (edit domain/calendar/data/royal-decrees.json, bump its version, `npm run calendar:release`), in a
 * copy of this tree; the workflows bundled from that copy
 * - replay every committed history of every release without non-determinism;
 * - run a case filed under today's release without moving the due date its parties were told;
 * and only when a chair applies the new release does the case's term move, recorded as an event and
 * in the read model.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';
import { WORKFLOW_BUNDLER_OPTIONS } from '../../platform/worker';
import { applyCalendarReleaseUpdate, calendarChangesQuery } from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { committedHistories, HISTORIES_DIR } from '../helpers/histories';
import { CHAIR, ProcedureDriver, SECRETARY, TestCase } from '../helpers/procedure';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { fileComplaint } from '../../api/services/intake';
import { createTestWorker, timeSkippingEnvironment, uniqueTaskQueue } from '../helpers/temporal';
import { eventually } from '../helpers/http';
import { copyOfTree } from '../helpers/treeCopy';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const CURRENT = 'royal-decrees@2025-11-01+school-holidays@2026-12-01';
const WITH_NEW_DECREE_DAY = 'royal-decrees@2026-12-02+school-holidays@2026-12-01';

let copy: string;
let newBundle: string;
let database: TestDatabase;

beforeAll(async () => {
  copy = copyOfTree('calendar');
  // The documented way: a new day in the running decree, the file's version bumped, then released.
  const file = path.join(copy, 'domain', 'calendar', 'data', 'royal-decrees.json');
  const decrees = JSON.parse(fs.readFileSync(file, 'utf8'));
  decrees.version = '2026-12-02';
  decrees.decrees.find((d: { fromYear: number }) => d.fromYear === 2026).days.push('2027-03-15');
  fs.writeFileSync(file, `${JSON.stringify(decrees, null, 2)}\n`);
  const released = execFileSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/calendar-release.ts'], { cwd: copy, encoding: 'utf8' });
  expect(released).toBe(`released calendar ${WITH_NEW_DECREE_DAY}\n`);
  newBundle = (await bundleWorkflowCode({ workflowsPath: path.join(copy, 'workflows', 'index.ts'), ...WORKFLOW_BUNDLER_OPTIONS })).code;
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

describe('a new calendar release', () => {
  it('refuses to be released again under a version that exists with other data', () => {
    const file = path.join(copy, 'domain', 'calendar', 'data', 'royal-decrees.json');
    const decrees = JSON.parse(fs.readFileSync(file, 'utf8'));
    decrees.decrees.find((d: { fromYear: number }) => d.fromYear === 2026).days.push('2027-03-16');
    fs.writeFileSync(file, `${JSON.stringify(decrees, null, 2)}\n`);
    let failure: { status: number; stderr: string } | undefined;
    try {
      execFileSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/calendar-release.ts'], { cwd: copy, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      failure = err as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toBe(`calendar release ${WITH_NEW_DECREE_DAY} exists with other data; cases may be pinned to it, so bump "version" in the data file you changed and run this again\n`);
  });

  it('replays every committed history', async () => {
    const files = committedHistories();
    // 15 recorded at release 0.1.0; later releases only add.
    expect(files.filter((f) => f.startsWith('0.1.0/'))).toHaveLength(15);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: { code: newBundle } }, history, file);
    }
  });

  it('moves no running term until a chair applies it', async () => {
    const env: TestWorkflowEnvironment = await timeSkippingEnvironment();
    try {
      // Filed Monday 1 March 2027, 09:00 in Amsterdam: the admissibility term (two weeks) ends Monday 15 March.
      await env.sleep(Date.parse('2027-03-01T08:00:00Z') - (await env.currentTimeMs()));
      const taskQueue = uniqueTaskQueue('calendar');
      // The deployed worker runs the workflows bundled with the new data; the case is filed by
      // today's API, so it is pinned to the release this tree ships.
      const worker = await createTestWorker(env, database.db, taskQueue, { workflowBundle: { code: newBundle } });
      await worker.runUntil(async () => {
        const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date('2027-03-01T08:00:00Z') }, sampleComplaint());
        const c = new TestCase(new ProcedureDriver(env, database.db, taskQueue), filed.caseNumber);
        await c.waitFor((x) => x.status === 'admissibility');
        expect((await c.row()).calendar_version).toBe(CURRENT);
        expect((await c.state()).terms.map((t) => [t.id, t.due])).toEqual([['admissibility', '2027-03-15']]);
        expect(await c.handle.query(calendarChangesQuery, WITH_NEW_DECREE_DAY)).toEqual({
          calendarVersion: CURRENT,
          changes: [{ id: 'admissibility', key: 'admissibility', label: { nl: 'termijn voor de beslissing over ontvankelijkheid', en: 'admissibility term' }, oldDue: '2027-03-15', newDue: '2027-03-16' }],
        });

        await expect(c.handle.executeUpdate(applyCalendarReleaseUpdate, { args: [{ version: WITH_NEW_DECREE_DAY, by: SECRETARY }] })).rejects.toMatchObject({ cause: { type: 'Refusal', details: [{ code: 'role-not-allowed', field: 'by.role', params: { roles: 'chair' } }] } });
        const applied = await c.handle.executeUpdate(applyCalendarReleaseUpdate, { args: [{ version: WITH_NEW_DECREE_DAY, by: CHAIR }] });
        expect(applied.calendarVersion).toBe(WITH_NEW_DECREE_DAY);
        expect(applied.changes.map((ch) => [ch.id, ch.oldDue, ch.newDue])).toEqual([['admissibility', '2027-03-15', '2027-03-16']]);
        expect((await c.state()).terms.map((t) => [t.id, t.due])).toEqual([['admissibility', '2027-03-16']]);
        expect((await c.row()).calendar_version).toBe(WITH_NEW_DECREE_DAY);
        expect((await c.row()).next_deadline).toBe('2027-03-16');
        expect((await c.events()).filter((e) => e === 'calendar.release-applied')).toHaveLength(1);

        // The case goes on under the new release.
        const decided = await c.act('decideAdmissibility', { admissible: true }, CHAIR);
        expect(decided.status).toBe('defence');
      });
    } finally {
      await env.teardown();
    }
  });

  it('writes to whoever a letter told a last day that moves', async () => {
    const env: TestWorkflowEnvironment = await timeSkippingEnvironment();
    try {
      await env.sleep(Date.parse('2027-03-01T08:00:00Z') - (await env.currentTimeMs()));
      const taskQueue = uniqueTaskQueue('calendar-letters');
      const worker = await createTestWorker(env, database.db, taskQueue, { workflowBundle: { code: newBundle } });
      await worker.runUntil(async () => {
        const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date('2027-03-01T08:00:00Z') }, sampleComplaint());
        const c = new TestCase(new ProcedureDriver(env, database.db, taskQueue), filed.caseNumber);
        await c.waitFor((x) => x.status === 'admissibility');
        // Asked on Monday 1 March to complete the complaint: two weeks, told in the letter as Monday 15 March.
        await c.act('requestCompletion', { missing: ['de datum van het voorval'] }, SECRETARY);
        const request = await eventually(async () => (await c.letters()).find((l) => l.kind === 'verzoek-om-aanvulling'));
        expect(request.data_snapshot.term).toMatchObject({ termId: 'completion', due: '2027-03-15' });

        await c.handle.executeUpdate(applyCalendarReleaseUpdate, { args: [{ version: WITH_NEW_DECREE_DAY, by: CHAIR }] });
        const told = await eventually(async () => {
          const letters = (await c.letters()).filter((l) => l.kind === 'wijziging-termijn');
          return letters.length ? letters : undefined;
        });
        expect(told.map((l) => [l.addressee_role, l.status === 'queued' || l.status === 'sent', l.data_snapshot.details.changes])).toEqual([
          ['complainant', true, [{ label: 'termijn voor aanvulling', oldDate: '2027-03-15', newDate: '2027-03-16' }]],
        ]);
        expect(told[0]!.html).toContain('maandag 15 maart 2027');
        expect(told[0]!.html).toContain('dinsdag 16 maart 2027');
      });
    } finally {
      await env.teardown();
    }
  });
});
