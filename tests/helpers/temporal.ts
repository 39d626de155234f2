/**
 * Temporal for tests, always a real server: the shared dev server, or the real time-skipping test
 * server for terms of weeks. Workers use the bundle built once in global setup.
 */
import crypto from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities';
import type { Db } from '../../platform/db';
import { registerSearchAttributes } from '../../platform/searchAttributes';
import { createLetterWorker } from '../../platform/worker';

export async function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
}

export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  // The SDK gives a server it spawns only a few seconds; on a busy 2-core machine the JVM-free
  // native test server can still be slow to bind, so try again before giving up.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: inject('temporalTestServerPath') } },
      });
      await registerSearchAttributes(env.connection, env.namespace ?? 'default');
      return env;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
}

/**
 * The case worker and the letter worker of one task queue (as `npm start` runs them), run and
 * stopped together: the cases schedule their deliveries on the letter queue.
 */
export class TestWorker {
  constructor(
    readonly cases: Worker,
    readonly letters: Worker,
  ) {}

  async run(): Promise<void> {
    await Promise.all([this.cases.run(), this.letters.run()]);
  }

  runUntil<R>(fnOrPromise: Promise<R> | (() => Promise<R>)): Promise<R> {
    return this.cases.runUntil(this.letters.runUntil(fnOrPromise));
  }

  shutdown(): void {
    for (const w of [this.cases, this.letters]) if (w.getState() === 'RUNNING') w.shutdown();
  }

  getState(): ReturnType<Worker['getState']> {
    return this.cases.getState();
  }
}

export async function createTestWorker(env: TestWorkflowEnvironment, db: Db, taskQueue: string, extra: Partial<WorkerOptions> = {}): Promise<TestWorker> {
  const common = { connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, db };
  const cases = await Worker.create({
    ...common,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities({ db }),
    ...extra,
  });
  return new TestWorker(cases, await createLetterWorker(common));
}
