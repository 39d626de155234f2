/**
 * Every setting is read in platform/config.ts, through one schema: defaults for a laptop, and for a
 * bad value one sentence naming the variable and what it must be (never its secret value).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT_VARIABLES, loadConfig, PROJECT_ROOT } from '../../platform/config';
import { StartupError } from '../../platform/startupError';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.embeddedPostgresPort).toBe(54329);
    expect(config.temporalDevPort).toBe(7233);
    expect(config.temporalUiPort).toBe(8233);
    expect(config.temporalUiUrl).toBe('http://localhost:8233');
    expect(config.temporalNamespace).toBe('default');
    expect(config.temporalTaskQueue).toBe('klachtflow');
    expect(config.workerMaxCachedWorkflows).toBe(1000);
    expect(config.workerHealthPort).toBeUndefined();
    expect(config.trustProxy).toBe(false);
    expect(config.production).toBe(false);
    expect(config.mail).toEqual({ smtpUrl: 'smtp://127.0.0.1:2525', capture: true, capturePort: 2525, from: '"Landelijke Klachtencommissie Onderwijs" <secretariaat@klachtencommissie-onderwijs.nl>' });
    expect(config.pdf).toEqual({ chromiumPath: '/usr/bin/chromium', renderConcurrency: 2 });
    expect(config.log).toEqual({ level: 'info', format: undefined });
    expect(config.cluster).toEqual({ frontendPort: 7233, membershipPort: 6933, retentionDays: 30, temporalDbUrl: undefined });
    expect(config.dataDir).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(config.inspectorateEmail).toBeUndefined();
  });

  it('reads the Inspectorate’s e-mail address, and refuses one that is none', () => {
    expect(loadConfig({ INSPECTORATE_EMAIL: 'meldingen@inspectie.example.nl' }).inspectorateEmail).toBe('meldingen@inspectie.example.nl');
    expect(problemsOf({ INSPECTORATE_EMAIL: 'inspectie' })).toEqual(['INSPECTORATE_EMAIL must be an e-mail address such as meldingen@inspectie.example.nl, got "inspectie".']);
  });

  it('links the Temporal Web UI on TEMPORAL_UI_PORT when no TEMPORAL_UI_URL is set', () => {
    expect(loadConfig({ TEMPORAL_UI_PORT: '18233' }).temporalUiUrl).toBe('http://localhost:18233');
    expect(loadConfig({ TEMPORAL_UI_PORT: '18233', TEMPORAL_UI_URL: 'https://temporal.example.nl/' }).temporalUiUrl).toBe('https://temporal.example.nl');
  });

  it('treats an empty value as unset (compose files and tests clear a variable with "")', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', SMTP_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.mail.capture).toBe(true);
  });

  it('reads every setting it is given', () => {
    const config = loadConfig({ PORT: '8080', WORKER_MAX_CACHED_WORKFLOWS: '0', TRUST_PROXY: '1', NODE_ENV: 'production', SMTP_URL: 'smtps://u:p@relay.example.nl:465', PDF_RENDER_CONCURRENCY: '3', LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty', TEMPORAL_UI_URL: 'https://temporal.example.nl/' });
    expect(config.port).toBe(8080);
    expect(config.workerMaxCachedWorkflows).toBe(0);
    expect(config.trustProxy).toBe(1);
    expect(config.production).toBe(true);
    expect(config.mail.capture).toBe(false);
    expect(config.mail.smtpUrl).toBe('smtps://u:p@relay.example.nl:465');
    expect(config.pdf.renderConcurrency).toBe(3);
    expect(config.log).toEqual({ level: 'debug', format: 'pretty' });
    expect(config.temporalUiUrl).toBe('https://temporal.example.nl');
  });

  it('names the variable and what it must be, each in its own words', () => {
    expect(problemsOf({ PORT: 'http' })).toEqual(['PORT must be a whole number between 1 and 65535, got "http".']);
    expect(problemsOf({ EMBEDDED_PG_PORT: '70000' })).toEqual(['EMBEDDED_PG_PORT must be a whole number between 1 and 65535, got "70000".']);
    expect(problemsOf({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toEqual(['WORKER_MAX_CACHED_WORKFLOWS must be a whole number between 0 and 1000000, got "-1".']);
    expect(problemsOf({ PDF_RENDER_CONCURRENCY: '0' })).toEqual(['PDF_RENDER_CONCURRENCY must be a whole number between 1 and 64, got "0".']);
    expect(problemsOf({ TEMPORAL_RETENTION_DAYS: '1.5' })).toEqual(['TEMPORAL_RETENTION_DAYS must be a whole number between 1 and 36500 (days), got "1.5".']);
    expect(problemsOf({ TEMPORAL_MEMBERSHIP_PORT: '40000' })).toEqual(['TEMPORAL_MEMBERSHIP_PORT must be a whole number between 1 and 32761 (Temporal stores it as a smallint), got "40000".']);
    expect(problemsOf({ LOG_LEVEL: 'loud' })).toEqual(['LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud".']);
    expect(problemsOf({ LOG_FORMAT: 'xml' })).toEqual(['LOG_FORMAT must be json or pretty, got "xml".']);
    expect(problemsOf({ TEMPORAL_METRICS_BIND: '9464' })).toEqual(['TEMPORAL_METRICS_BIND must be host:port, such as 127.0.0.1:9464, got "9464".']);
    expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual(["TRUST_PROXY=true would believe any client's X-Forwarded-For; give the number of proxies in front of the API or their addresses/subnets, got \"true\"."]);
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ PORT: '0', MAIL_CAPTURE_PORT: 'smtp', TEMPORAL_UI_URL: 'localhost:8233' })).toEqual([
      'PORT must be a whole number between 1 and 65535, got "0".',
      'TEMPORAL_UI_URL must be an http(s) address such as http://localhost:8233, got "localhost:8233".',
      'MAIL_CAPTURE_PORT must be a whole number between 1 and 65535, got "smtp".',
    ]);
  });

  it('never repeats the value of a variable that holds a password', () => {
    expect(problemsOf({ SMTP_URL: 'ftp://user:hunter2@relay' })).toEqual(['SMTP_URL must start with smtp:// or smtps://, not ftp://.']);
    expect(problemsOf({ SMTP_URL: 'smtp://user:hunter2@[relay' })).toEqual(['SMTP_URL must be a URL such as smtp://user:pass@host:587 or smtps://host:465.']);
  });

  it('is a StartupError, so `npm start` prints it as one sentence without a stack', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(StartupError);
  });
});

describe('the one place settings are read', () => {
  const SOURCE_DIRS = ['api', 'platform', 'activities', 'workflows', 'domain', 'scripts'];
  // Benchmarks and chaos runs are tools with their own knobs; PATH and MALLOC_ARENA_MAX are passed on to child processes.
  const TOOLS = [path.join('scripts', 'bench'), path.join('scripts', 'chaos')];
  const PASSED_ON = new Set(['PATH', 'MALLOC_ARENA_MAX']);

  function tsFiles(dir: string): string[] {
    return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) return TOOLS.includes(rel) ? [] : tsFiles(rel);
      return e.name.endsWith('.ts') ? [rel] : [];
    });
  }

  it('reads no environment variable outside platform/config.ts', () => {
    const reads = SOURCE_DIRS.flatMap(tsFiles)
      .filter((f) => f !== path.join('platform', 'config.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8').matchAll(/process\.env(?:\.([A-Za-z_]+)|\[)/g)].map((m) => ({ file: f, name: m[1] ?? '[…]' })))
      .filter((r) => !PASSED_ON.has(r.name));
    expect(reads).toEqual([]);
  });

  it('documents every variable in the README', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(ENVIRONMENT_VARIABLES.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});

describe('npm start with a bad setting', () => {
  it('exits 1 with one sentence per bad variable, before starting anything', async () => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: 'abc', TEMPORAL_RETENTION_DAYS: '0' };
    // Asynchronously: a blocked test worker (tsx compiling on a busy machine) would miss vitest's heartbeats.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(tsx, ['scripts/start.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8', env, timeout: 120_000 }, (_err, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }));
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('[klachtflow] PORT must be a whole number between 1 and 65535, got "abc".\n[klachtflow] TEMPORAL_RETENTION_DAYS must be a whole number between 1 and 36500 (days), got "0".\n');
  }, 150_000);
});
