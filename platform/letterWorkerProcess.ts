/**
 * `npm start`'s letter worker as a child process of its own (scripts/worker.ts --letters): Chromium
 * printing and SMTP run beside the case worker and the API, not in their event loop. The child
 * reports ready over its IPC channel, and stops by itself when that channel closes (its parent
 * died, even by SIGKILL), so it never outlives the start that launched it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { StartupError } from './startupError';
import { stopChild } from './temporalDevServer';

export interface LetterWorkerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The worker entry beside this file's tree: TypeScript under tsx, JavaScript in dist/. */
function workerEntry(): string {
  return path.resolve(__dirname, '..', 'scripts', `worker${path.extname(__filename)}`);
}

export async function startLetterWorkerProcess(opts: { env: NodeJS.ProcessEnv; readyTimeoutMs?: number }): Promise<LetterWorkerProcess> {
  // fork: the same node with the same loader flags (tsx), and an IPC channel.
  const child = fork(workerEntry(), ['--letters'], { env: opts.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new StartupError(`the letter worker did not start within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s`)), opts.readyTimeoutMs ?? 60_000);
    const onMessage = (m: unknown) => {
      if ((m as { ready?: unknown })?.ready === undefined) return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(new StartupError(`the letter worker stopped while starting (${code ?? signal})`));
    function cleanup() {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    function fail(err: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(err);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  return { child, stop: () => stopChild(child, 15_000) };
}
