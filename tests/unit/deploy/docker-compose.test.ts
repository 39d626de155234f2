/**
 * The production deployment (docker-compose.yml, Dockerfile, .dockerignore). There is no Docker
 * engine where the tests run, so docker-compose.yml is resolved by compose-go, the library
 * `docker compose` is built on (platform/cluster/compose-config, built from the Go module proxy),
 * which applies Compose's interpolation, `${VAR:?}` checks, merge keys and schema exactly as
 * `docker compose config` does; the tests check the wiring of the resolved project. The schema job's
 * script is run with /bin/sh against a stub `temporal-sql-tool`, so what it would call is checked too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProcesses, clusterLayout, SHARED_APP_VARIABLES } from '../../../platform/cluster/layout';
import { TEMPORAL_CONFIG_TEMPLATE, TEMPORAL_SERVICES, temporalPorts, temporalServiceEnv } from '../../../platform/cluster/temporalServer';
import { loadConfig } from '../../../platform/config';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

// ---------------------------------------------------------------------------------------------
// The project as compose-go resolves it
// ---------------------------------------------------------------------------------------------

type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | null;
  entrypoint?: string[] | null;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: Condition }>;
  healthcheck?: { test?: string[] };
  ports?: Array<{ target: number; published?: string; host_ip?: string }>;
  expose?: string[];
  restart?: string;
  volumes?: Array<{ type: string; source: string; target: string; read_only?: boolean }>;
}

interface Project {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const HOST_ENV: Record<string, string> = { POSTGRES_PASSWORD: 'pg-secret-pw', KLACHTFLOW_SECRET: 'app-secret', KLACHTFLOW_DB_PASSWORD: 'app-db-pw', PUBLIC_BASE_URL: 'https://klachten.example.nl' };
let composeConfig: string;

/** `docker compose config` with exactly `env` as the host environment. */
function resolve(env: Record<string, string>): { status: number | null; project?: Project; error: string } {
  const r = spawnSync(composeConfig, [path.join(ROOT, 'docker-compose.yml')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  return { status: r.status, project: r.status === 0 ? (JSON.parse(r.stdout) as Project) : undefined, error: r.stderr };
}

let services: Record<string, Service>;
let compose: Project;
let stubDir: string;
beforeAll(() => {
  // Builds the validator the first time (Go module proxy); a stamp makes later runs instant.
  execFileSync('bash', [path.join(ROOT, 'scripts', 'provision-compose-config.sh')], { stdio: 'pipe' });
  composeConfig = path.join(ROOT, '.tools', 'compose-config', 'compose-config');
  const resolved = resolve(HOST_ENV);
  if (!resolved.project) throw new Error(`compose-go refused docker-compose.yml: ${resolved.error}`);
  compose = resolved.project;
  services = compose.services;
  stubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-compose-'));
}, 600_000);
afterAll(() => {
  if (stubDir) fs.rmSync(stubDir, { recursive: true, force: true });
});

const svc = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`service ${name} missing from docker-compose.yml`);
  return s;
};
const envOf = (service: Service): Record<string, string> => Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, v ?? '']));
const dependsOn = (service: Service): Record<string, Condition> => Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([k, v]) => [k, v.condition]));
const asArgv = (cmd: string[] | null | undefined): string[] => cmd ?? [];

const TEMPORAL = TEMPORAL_SERVICES.map((s) => `temporal-${s}`);
const APIS = ['api-1', 'api-2'];
const WORKERS = ['worker-1', 'worker-2', 'letter-worker'];
const APP_SERVICES = [...APIS, ...WORKERS, 'migrate', 'temporal-namespace'];
const LONG_RUNNING = ['postgresql', ...TEMPORAL, 'temporal-ui', ...APIS, ...WORKERS];
const ONE_SHOT = ['temporal-schema', 'temporal-namespace', 'migrate'];

/** Runs a one-shot service's `/bin/sh -c` script with `stubs` first on PATH; logs each stub call. */
function runJob(service: string, stubs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const s = svc(service);
  expect(asArgv(s.entrypoint)).toEqual(['/bin/sh', '-c']);
  const argv = asArgv(s.command);
  expect(argv.length, `${service}: command is one script string`).toBe(1);
  const dir = fs.mkdtempSync(path.join(stubDir, `${service}-`));
  const log = path.join(dir, 'calls.log');
  for (const [name, body] of Object.entries(stubs)) {
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`, { mode: 0o755 });
  }
  const result = spawnSync('/bin/sh', ['-c', argv[0]], {
    env: { ...envOf(s), ...extraEnv, PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}` },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: result.status, output: `${result.stdout}${result.stderr}`, calls };
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml: services', () => {
  it('has the services of `npm run start:cluster`, plus the one-shot jobs and the UI', () => {
    const config = loadConfig({});
    const clusterProcesses = [...TEMPORAL, ...appProcesses(clusterLayout(config), config).map((p) => p.name)];
    expect(clusterProcesses.sort()).toEqual(['api-1', 'api-2', 'letter-worker', 'temporal-frontend', 'temporal-history', 'temporal-matching', 'temporal-worker', 'worker-1', 'worker-2']);
    expect(Object.keys(services).sort()).toEqual([...clusterProcesses, 'migrate', 'postgresql', 'temporal-namespace', 'temporal-schema', 'temporal-ui'].sort());
  });

  it('runs each app process of `npm run start:cluster` with the same script, arguments and variables', () => {
    const config = loadConfig({ PDF_RENDER_CONCURRENCY: '3' });
    const shared = envOf(svc('api-1'));
    for (const name of SHARED_APP_VARIABLES) expect(shared[name], name).toBeDefined();
    for (const p of appProcesses(clusterLayout(config), config)) {
      const s = svc(p.name);
      expect(asArgv(s.command), p.name).toEqual(['node', `dist/scripts/${p.script}.js`, ...p.args]);
      const env = envOf(s);
      for (const name of [...SHARED_APP_VARIABLES, ...Object.keys(p.env)]) expect(env[name], `${p.name}: ${name}`).toBeDefined();
    }
    expect(envOf(svc('letter-worker')).PDF_RENDER_CONCURRENCY).toBe('2');
    expect(envOf(resolve({ ...HOST_ENV, PDF_RENDER_CONCURRENCY: '3' }).project!.services['letter-worker']).PDF_RENDER_CONCURRENCY).toBe('3');
  });

  it('pins every pulled image to a version', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) continue;
      expect(s.image, name).toMatch(/^[^:]+:(?!latest$)[\w.-]+$/);
    }
  });

  it('runs the server and admin tools of the release scripts/provision-temporal-server.sh builds', () => {
    const pinned = /TEMPORAL_SERVER_VERSION="v([\d.]+)"/.exec(read('scripts/provision-temporal-server.sh'))?.[1];
    expect(pinned).toBe('1.32.2');
    for (const name of TEMPORAL) expect(svc(name).image, name).toBe(`temporalio/server:${pinned}`);
    expect(svc('temporal-schema').image).toBe(`temporalio/admin-tools:${pinned}`);
    expect(svc('temporal-ui').image).toMatch(/^temporalio\/ui:/);
  });

  it('builds every app service from one Dockerfile into one image', () => {
    for (const name of APP_SERVICES) expect(svc(name).build, name).toEqual({ context: ROOT, dockerfile: 'Dockerfile' });
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
    expect(new Set(APP_SERVICES.map((name) => svc(name).image))).toEqual(new Set(['klachtflow:latest']));
  });

  it('runs the right entry point in each app service', () => {
    for (const name of APIS) expect(asArgv(svc(name).command), name).toEqual(['node', 'dist/scripts/api.js']);
    for (const name of ['worker-1', 'worker-2']) expect(asArgv(svc(name).command), name).toEqual(['node', 'dist/scripts/worker.js']);
    expect(asArgv(svc('letter-worker').command)).toEqual(['node', 'dist/scripts/worker.js', '--letters']);
    expect(asArgv(svc('migrate').command)).toEqual(['node', 'dist/scripts/migrate.js']);
    expect(asArgv(svc('temporal-namespace').command)).toEqual(['node', 'dist/scripts/temporal-namespace.js']);
  });

  it('restarts long-running services and never one-shot jobs (a restarted job never "completes")', () => {
    for (const name of LONG_RUNNING) expect(svc(name).restart, name).toBe('unless-stopped');
    for (const name of ONE_SHOT) expect(svc(name).restart ?? 'no', name).toBe('no');
  });

  it('keeps PostgreSQL data in a named volume', () => {
    const mount = (svc('postgresql').volumes ?? []).find((v) => v.target === '/var/lib/postgresql/data');
    expect(mount?.type).toBe('volume');
    expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
  });
});

describe('docker-compose.yml: the Temporal server', () => {
  it.each(TEMPORAL_SERVICES)('temporal-%s runs that service from the config template of start:cluster', (service) => {
    const s = svc(`temporal-${service}`);
    expect(s.volumes).toEqual([{ type: 'bind', source: TEMPORAL_CONFIG_TEMPLATE, target: '/etc/temporal/klachtflow/temporal-server.yaml', read_only: true, bind: {} }]);
    expect(asArgv(s.command)).toEqual([service]);
    const [shell, flag, script] = asArgv(s.entrypoint);
    expect([shell, flag]).toEqual(['/bin/sh', '-c']);
    expect(script).toContain('exec temporal-server --config-file /etc/temporal/klachtflow/temporal-server.yaml --allow-no-auth start --service "$0"');
  });

  it('sets only variables the template reads, the ones start:cluster sets, for PostgreSQL and the network', () => {
    const template = fs.readFileSync(TEMPORAL_CONFIG_TEMPLATE, 'utf8');
    expect(template.split('\n')[0]).toBe('# enable-template');
    const read = new Set([...template.matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]));
    const cluster = Object.keys(temporalServiceEnv('frontend', { host: 'h', port: 1, user: 'u', password: 'p' }, temporalPorts(7233))).filter((k) => k !== 'PATH');
    for (const name of cluster) expect(read, name).toContain(name);
    const env = envOf(svc('temporal-frontend'));
    for (const name of Object.keys(env)) expect(read, name).toContain(name);
    expect(env).toEqual({
      TEMPORAL_BIND_IP: '0.0.0.0',
      TEMPORAL_DB_HOST: 'postgresql',
      TEMPORAL_DB_PASSWORD: HOST_ENV.POSTGRES_PASSWORD,
      TEMPORAL_DB_PORT: '5432',
      TEMPORAL_DB_USER: 'klachtflow',
      TEMPORAL_FRONTEND_ADDRESS: 'temporal-frontend:7233',
      TEMPORAL_METRICS_ADDRESS: '0.0.0.0:9090',
      TEMPORAL_NUM_HISTORY_SHARDS: '4',
    });
    for (const name of TEMPORAL) expect(envOf(svc(name)), name).toEqual(env);
  });
});

describe('docker-compose.yml: start-up order', () => {
  const app = { postgresql: 'service_healthy', migrate: 'service_completed_successfully', 'temporal-namespace': 'service_completed_successfully' } as const;
  const EXPECTED: Record<string, Record<string, Condition>> = {
    postgresql: {},
    'temporal-schema': { postgresql: 'service_healthy' },
    'temporal-history': { 'temporal-schema': 'service_completed_successfully' },
    'temporal-matching': { 'temporal-schema': 'service_completed_successfully' },
    'temporal-frontend': { 'temporal-history': 'service_healthy', 'temporal-matching': 'service_healthy' },
    'temporal-worker': { 'temporal-frontend': 'service_healthy' },
    'temporal-namespace': { 'temporal-frontend': 'service_healthy' },
    'temporal-ui': { 'temporal-frontend': 'service_healthy' },
    migrate: { postgresql: 'service_healthy' },
    'api-1': app,
    'api-2': app,
    'worker-1': app,
    'worker-2': app,
    'letter-worker': app,
  };

  it.each(Object.keys(EXPECTED))('%s waits for the right services in the right state', (name) => {
    expect(dependsOn(svc(name))).toEqual(EXPECTED[name]);
  });

  it('gives a healthcheck to every service something waits on to be healthy', () => {
    for (const s of Object.values(services)) {
      for (const [target, condition] of Object.entries(dependsOn(s))) {
        if (condition === 'service_healthy') expect(svc(target).healthcheck?.test, target).toBeDefined();
      }
    }
  });
});

describe('docker-compose.yml: healthchecks', () => {
  const healthUrl = (name: string): URL => {
    const test = asArgv(svc(name).healthcheck?.test);
    expect(test[0]).toBe('CMD');
    const m = /fetch\('([^']+)'\)/.exec(test.join(' '));
    if (!m) throw new Error(`${name}: healthcheck does not fetch a URL`);
    return new URL(m[1]);
  };

  it.each([['api-1', 3000], ['api-2', 3001]] as const)('probes %s on its own port, published on %i', (name, port) => {
    const url = healthUrl(name);
    expect(url.pathname).toBe('/health');
    expect(url.port).toBe(String(port));
    expect(envOf(svc(name)).PORT).toBe(String(port));
    expect(svc(name).ports).toEqual([{ mode: 'ingress', target: port, published: String(port), protocol: 'tcp' }]);
  });

  it.each(WORKERS)('probes %s on WORKER_HEALTH_PORT, without publishing it', (name) => {
    const url = healthUrl(name);
    expect(url.pathname).toBe('/health');
    expect(url.port).toBe(envOf(svc(name)).WORKER_HEALTH_PORT);
    expect(svc(name).ports ?? []).toEqual([]);
  });

  it('checks PostgreSQL with pg_isready and each Temporal service on its metrics endpoint', () => {
    expect(asArgv(svc('postgresql').healthcheck?.test).join(' ')).toContain('pg_isready');
    for (const name of TEMPORAL) expect(asArgv(svc(name).healthcheck?.test), name).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/metrics']);
  });
});

describe('docker-compose.yml: variables', () => {
  it.each(['POSTGRES_PASSWORD', 'KLACHTFLOW_SECRET', 'KLACHTFLOW_DB_PASSWORD', 'PUBLIC_BASE_URL'])('refuses to resolve without %s, naming it', (missing) => {
    const env = { ...HOST_ENV };
    delete env[missing];
    const r = resolve(env);
    expect(r.status).toBe(1);
    expect(r.error).toContain(`required variable ${missing} is missing a value: set ${missing}`);
  });

  it('takes the optional variables from the host', () => {
    const r = resolve({ ...HOST_ENV, POSTGRES_USER: 'kf', TEMPORAL_RETENTION_DAYS: '365', METRICS_TOKEN: 'scrape-me', TEMPORAL_NUM_HISTORY_SHARDS: '64' });
    expect(r.error).toBe('');
    const s = r.project!.services;
    expect(envOf(s['api-1'])).toMatchObject({ TEMPORAL_RETENTION_DAYS: '365', METRICS_TOKEN: 'scrape-me', DATABASE_URL: 'postgres://klachtflow_app:app-db-pw@postgresql:5432/klachtflow' });
    expect(envOf(s['migrate'])).toMatchObject({ DATABASE_ADMIN_URL: 'postgres://kf:pg-secret-pw@postgresql:5432/klachtflow' });
    expect(envOf(s['temporal-history'])).toMatchObject({ TEMPORAL_DB_USER: 'kf', TEMPORAL_NUM_HISTORY_SHARDS: '64' });
  });
});

describe('docker-compose.yml: wiring', () => {
  const pg = () => envOf(svc('postgresql'));

  const expectAppDatabase = (raw: string) => {
    const url = new URL(raw);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgresql');
    expect(url.port).toBe('5432');
    expect(url.pathname).toBe(`/${pg().POSTGRES_DB}`);
    return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  };

  it.each(APP_SERVICES)('%s: DATABASE_URL logs in to the app database as the least-privileged role klachtflow_app', (name) => {
    expect(expectAppDatabase(envOf(svc(name)).DATABASE_URL)).toEqual({ user: 'klachtflow_app', password: HOST_ENV.KLACHTFLOW_DB_PASSWORD });
    expect(pg().POSTGRES_USER).not.toBe('klachtflow_app');
  });

  it('migrate: runs as the schema owner (DATABASE_ADMIN_URL), the superuser the postgresql service creates', () => {
    expect(expectAppDatabase(envOf(svc('migrate')).DATABASE_ADMIN_URL)).toEqual({ user: pg().POSTGRES_USER, password: HOST_ENV.POSTGRES_PASSWORD });
    expect(pg().POSTGRES_PASSWORD).toBe(HOST_ENV.POSTGRES_PASSWORD);
  });

  it.each([...APIS, ...WORKERS])('%s: never gets the owner’s credentials', (name) => {
    const env = envOf(svc(name));
    expect(env.DATABASE_ADMIN_URL).toBeUndefined();
    for (const value of Object.values(env)) expect(value).not.toContain(HOST_ENV.POSTGRES_PASSWORD);
  });

  it.each([...APIS, ...WORKERS, 'temporal-namespace'])('%s: talks to temporal-frontend, in namespace klachtflow', (name) => {
    expect(envOf(svc(name))).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal-frontend:7233',
      TEMPORAL_NAMESPACE: 'klachtflow',
      TEMPORAL_TASK_QUEUE: 'klachtflow',
      KLACHTFLOW_SECRET: HOST_ENV.KLACHTFLOW_SECRET,
      PUBLIC_BASE_URL: HOST_ENV.PUBLIC_BASE_URL,
      NODE_ENV: 'production',
      METRICS_TOKEN: '',
    });
    expect(svc('temporal-frontend').expose).toContain('7233');
  });

  it.each(WORKERS)('%s exports the Temporal SDK metrics on the compose network', (name) => {
    expect(envOf(svc(name)).TEMPORAL_METRICS_BIND).toBe('0.0.0.0:9464');
  });

  it('points temporal-ui at the frontend, on the host loopback only', () => {
    expect(envOf(svc('temporal-ui')).TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
    expect(svc('temporal-ui').ports).toEqual([{ mode: 'ingress', host_ip: '127.0.0.1', target: 8080, published: '8233', protocol: 'tcp' }]);
  });
});

describe('temporal-schema: schema job script', () => {
  it('creates each database, then sets up and updates its schema, with the server\'s schema directories', () => {
    const { status, calls, output } = runJob('temporal-schema', { 'temporal-sql-tool': 'exit 0' });
    expect(status, output).toBe(0);
    expect(calls).toEqual([
      'temporal-sql-tool --db temporal create-database',
      'temporal-sql-tool --db temporal setup-schema -v 0.0',
      'temporal-sql-tool --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned',
      'temporal-sql-tool --db temporal_visibility create-database',
      'temporal-sql-tool --db temporal_visibility setup-schema -v 0.0',
      'temporal-sql-tool --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned',
    ]);
    expect(envOf(svc('temporal-schema'))).toEqual({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgresql', SQL_PORT: '5432', SQL_USER: 'klachtflow', SQL_PASSWORD: HOST_ENV.POSTGRES_PASSWORD });
  });

  it('succeeds on a re-run, when the databases already exist', () => {
    const stub = 'case "$*" in *create-database*) echo "database already exists" >&2; exit 1;; esac';
    const { status, output } = runJob('temporal-schema', { 'temporal-sql-tool': stub });
    expect(status, output).toBe(0);
  });

  it('fails when the schema cannot be set up', () => {
    const stub = 'case "$*" in *setup-schema*) exit 1;; esac';
    expect(runJob('temporal-schema', { 'temporal-sql-tool': stub }).status).not.toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  image: string;
  name?: string;
  steps: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ') // line continuations
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line) as RegExpExecArray;
    if (op.toUpperCase() === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, steps: [] });
    } else {
      stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  const build = stages[0];
  const runtime = stages[stages.length - 1];
  const runs = (stage: Stage): string[] => stage.steps.filter((s) => s.op === 'RUN').map((s) => s.args);

  it('is multi-stage on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toBe('node:20-bookworm-slim');
    expect(build.name).toBeDefined();
  });

  it('build stage: npm ci, then npm run build', () => {
    const commands = runs(build);
    const ci = commands.findIndex((r) => /\bnpm ci\b/.test(r));
    const compile = commands.findIndex((r) => /\bnpm run build\b/.test(r));
    expect(ci).toBeGreaterThanOrEqual(0);
    expect(compile).toBeGreaterThan(ci);
  });

  it('runtime stage: production dependencies, dist/ from the build stage, templates/', () => {
    expect(runs(runtime).some((r) => /\bnpm ci --omit=dev\b/.test(r))).toBe(true);
    const copies = runtime.steps.filter((s) => s.op === 'COPY').map((s) => s.args);
    expect(copies.some((c) => c.startsWith(`--from=${build.name} `) && /\/dist\s/.test(c))).toBe(true);
    expect(copies.some((c) => /^templates\s/.test(c))).toBe(true);
    expect(runtime.steps).toContainEqual({ op: 'ENV', args: 'NODE_ENV=production' });
  });

  it('keeps npm install scripts on (native/binary packages are approved in package.json allowScripts)', () => {
    for (const stage of stages) for (const r of runs(stage)) expect(r).not.toMatch(/--ignore-scripts/);
  });

  it('runs as a non-root user', () => {
    const user = runtime.steps.filter((s) => s.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it('starts the API by default, as the api service does', () => {
    const cmd = runtime.steps.filter((s) => s.op === 'CMD').at(-1)?.args ?? '';
    expect(JSON.parse(cmd)).toEqual(asArgv(svc('api-1').command));
  });
});

describe('.dockerignore', () => {
  const entries = read('.dockerignore')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps local state and build output out of the build context', () => {
    expect(entries).toEqual(expect.arrayContaining(['node_modules', '.data', '.tools', 'dist', 'test-results', 'bench-results', '.git']));
  });

  it('does not exclude what the build needs', () => {
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'templates', 'scripts', 'migrations']) {
      expect(entries).not.toContain(needed);
    }
  });
});

describe('app entry points', () => {
  const build = JSON.parse(read('tsconfig.build.json')) as { include: string[] };

  it('compiles scripts/ into dist/scripts/', () => {
    expect(build.include).toContain('scripts');
  });

  // Every `node dist/scripts/X.js` of the compose file needs its scripts/X.ts source in the repo.
  const entryPoints = ['dist/scripts/api.js', 'dist/scripts/worker.js', 'dist/scripts/migrate.js', 'dist/scripts/temporal-namespace.js'];
  it('lists every entry point the compose file runs', () => {
    expect(new Set(APP_SERVICES.map((name) => asArgv(svc(name).command)[1]))).toEqual(new Set(entryPoints));
  });
  it.each(entryPoints)('%s has its TypeScript source', (entry) => {
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(fs.existsSync(path.join(ROOT, source)), `${source} missing`).toBe(true);
  });
});
