/**
 * Static checks of the production deployment (docker-compose.yml, Dockerfile, .dockerignore).
 * There is no Docker engine where the tests run, so the compose file is parsed and its wiring
 * checked: services, start-up order, environment, the Temporal namespace and search attributes.
 * The two setup scripts embedded in the compose file are run with /bin/sh against stub
 * `temporal` / `temporal-sql-tool` binaries, so what they would call is checked too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTE_TYPES } from '../../../workflows/searchAttributes';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

// ---------------------------------------------------------------------------------------------
// Compose model and variable interpolation
// ---------------------------------------------------------------------------------------------

type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: Condition }>;
  healthcheck?: { test?: string | string[] };
  ports?: Array<string | { target?: number; published?: string | number }>;
  expose?: Array<string | number>;
  restart?: string;
  volumes?: unknown[];
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** The variables a deployment must provide; the compose file refuses to start without them. */
const REQUIRED_VARIABLES = ['KLACHTFLOW_DB_PASSWORD', 'KLACHTFLOW_SECRET', 'POSTGRES_PASSWORD', 'PUBLIC_BASE_URL'];
const HOST_ENV: Record<string, string> = { POSTGRES_PASSWORD: 'pg-secret-pw', KLACHTFLOW_SECRET: 'app-secret', KLACHTFLOW_DB_PASSWORD: 'app-db-pw', PUBLIC_BASE_URL: 'https://klachten.example.nl' };

// `$$` (a literal `$`), `${...}` or `$NAME`: what compose interpolates in every string value.
const VARIABLE = /\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

interface VariableRef {
  name: string;
  /** `:-`/`-`: default; `:?`/`?`: error when unset; undefined: plain `${NAME}` / `$NAME`. */
  op?: ':-' | '-' | ':?' | '?';
  arg?: string;
}

function parseBraced(inner: string): VariableRef {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?)([\s\S]*))?$/.exec(inner);
  // Anything else (e.g. a shell `${x%%=*}`) is not a compose variable: it must be written `$${...}`.
  if (!m) throw new Error(`\${${inner}} is not a compose variable; escape shell syntax as $$`);
  return { name: m[1], op: m[2] as VariableRef['op'], arg: m[3] };
}

function variableRefs(text: string): VariableRef[] {
  return [...text.matchAll(VARIABLE)]
    .filter((m) => m[0] !== '$$')
    .map((m) => (m[1] !== undefined ? parseBraced(m[1]) : { name: m[2] }));
}

/** Compose's interpolation of one string. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(VARIABLE, (whole: string, braced?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const ref = braced !== undefined ? parseBraced(braced) : { name: bare as string };
    const value = env[ref.name];
    switch (ref.op) {
      case ':-':
        return value ? value : (ref.arg ?? '');
      case '-':
        return value !== undefined ? value : (ref.arg ?? '');
      case ':?':
        if (!value) throw new Error(`required variable ${ref.name} is missing: ${ref.arg}`);
        return value;
      case '?':
        if (value === undefined) throw new Error(`required variable ${ref.name} is missing: ${ref.arg}`);
        return value;
      default:
        return value ?? '';
    }
  });
}

function collectStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => collectStrings(n, out));
  else if (node && typeof node === 'object') Object.values(node).forEach((n) => collectStrings(n, out));
  return out;
}

function interpolateDeep<T>(node: T, env: Record<string, string>): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, env)])) as T;
  }
  return node;
}

function envOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function dependsOn(service: Service): Record<string, Condition> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started' as Condition]));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition ?? 'service_started']));
}

const asArgv = (cmd: string | string[] | undefined): string[] => (Array.isArray(cmd) ? cmd : (cmd ?? '').split(/\s+/).filter(Boolean));

const rawText = read('docker-compose.yml');
// Merge keys (`<<: *app`) are how api, worker and migrate share one definition.
const raw = parse(rawText, { merge: true }) as ComposeFile;
// The file as compose sees it with the required variables set and nothing else.
const compose = interpolateDeep(raw, HOST_ENV);
const services = compose.services;
const svc = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`service ${name} missing from docker-compose.yml`);
  return s;
};

const APP_SERVICES = ['api', 'worker', 'migrate'];
const LONG_RUNNING = ['postgresql', 'temporal', 'temporal-ui', 'api', 'worker'];
const ONE_SHOT = ['temporal-admin-tools', 'temporal-create-namespace', 'migrate'];

// ---------------------------------------------------------------------------------------------
// Running the embedded setup scripts against stub binaries
// ---------------------------------------------------------------------------------------------

let stubDir: string;
beforeAll(() => {
  stubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klachtflow-compose-'));
});
afterAll(() => {
  fs.rmSync(stubDir, { recursive: true, force: true });
});

/**
 * Runs a one-shot service's `/bin/sh -c` script with its (interpolated) compose environment and
 * `stubs` (name -> shell script body) first on PATH. Each stub call is logged as one line of args.
 */
function runJob(service: string, stubs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const s = svc(service);
  expect(asArgv(s.entrypoint)).toEqual(['/bin/sh', '-c']);
  const argv = asArgv(s.command);
  expect(Array.isArray(s.command) && argv.length === 1, `${service}: command is one script string`).toBe(true);

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

/** Stub of the Temporal CLI. STUB_* variables choose how the "server" answers. */
const TEMPORAL_STUB = `
case "$*" in
  "operator namespace describe"*) [ "\${STUB_NAMESPACE_EXISTS:-0}" = 1 ] ;;
  "operator search-attribute create"*)
    if [ "\${STUB_SA_CREATE_FAILS:-0}" = 1 ]; then echo "Search attribute already exists." >&2; exit 1; fi ;;
  "operator search-attribute list"*) printf '  Name  Type\\n%s\\n' "\${STUB_SA_LIST:-}" ;;
esac`;

/** `Name Type` rows as `temporal operator search-attribute list` prints them. */
const listRows = (types: Record<string, string>): string =>
  Object.entries(types)
    .map(([n, t]) => `  ${n.padEnd(38)}${t}`)
    .join('\n');

/** name -> type from the logged `search-attribute create --name N --type T` calls. */
function createdAttributes(calls: string[]): Record<string, string> {
  return Object.fromEntries(
    calls
      .filter((c) => c.startsWith('temporal operator search-attribute create'))
      .map((c) => {
        expect(c).toContain('--namespace klachtflow');
        const m = /--name (\S+) --type (\S+)/.exec(c);
        if (!m) throw new Error(`unexpected call: ${c}`);
        return [m[1], m[2]];
      }),
  );
}

/** Databases the schema job sets up, with the schema directory each is migrated from. */
function schemaJobDatabases(): Record<string, string> {
  const { status, calls, output } = runJob('temporal-admin-tools', { 'temporal-sql-tool': 'exit 0' });
  expect(status, output).toBe(0);
  const updates = calls.map((c) => /--db (\S+) update-schema -d (\S+)/.exec(c)).filter((m) => m !== null);
  return Object.fromEntries(updates.map((m) => [m[1], m[2]]));
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml: services', () => {
  it('has every expected service', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal-admin-tools', 'temporal', 'temporal-create-namespace', 'temporal-ui', ...APP_SERVICES]),
    );
  });

  it('pins every pulled image to a version', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build) continue;
      expect(s.image, name).toMatch(/^[^:]+:(?!latest$)[\w.-]+$/);
    }
  });

  it('runs the Temporal admin tools of the same release as the server (schema versions match)', () => {
    const serverVersion = svc('temporal').image?.split(':')[1];
    for (const job of ['temporal-admin-tools', 'temporal-create-namespace']) {
      expect(svc(job).image).toMatch(/^temporalio\/admin-tools:/);
      expect(svc(job).image?.split(':')[1].split('-')[0], job).toBe(serverVersion);
    }
    expect(svc('temporal').image).toMatch(/^temporalio\/server:/);
    expect(svc('temporal-ui').image).toMatch(/^temporalio\/ui:/);
  });

  it('builds api, worker and migrate from one Dockerfile into one image', () => {
    const builds = APP_SERVICES.map((name) => {
      const b = svc(name).build;
      return typeof b === 'string' ? { context: b, dockerfile: 'Dockerfile' } : { context: b?.context, dockerfile: b?.dockerfile ?? 'Dockerfile' };
    });
    for (const b of builds) expect(b).toEqual(builds[0]);
    expect(path.resolve(ROOT, builds[0].context ?? '')).toBe(ROOT);
    expect(fs.existsSync(path.join(ROOT, builds[0].dockerfile))).toBe(true);
    expect(new Set(APP_SERVICES.map((name) => svc(name).image)).size).toBe(1);
  });

  it('runs the right entry point in each app service', () => {
    expect(asArgv(svc('api').command)).toEqual(['node', 'dist/scripts/api.js']);
    expect(asArgv(svc('worker').command)).toEqual(['node', 'dist/scripts/worker.js']);
    expect(asArgv(svc('migrate').command)).toEqual(['node', 'dist/scripts/migrate.js']);
  });

  it('restarts long-running services and never one-shot jobs (a restarted job never "completes")', () => {
    for (const name of LONG_RUNNING) expect(svc(name).restart, name).toBe('unless-stopped');
    for (const name of ONE_SHOT) expect(svc(name).restart ?? 'no', name).toBe('no');
  });

  it('keeps PostgreSQL data in a named volume', () => {
    const mount = (svc('postgresql').volumes ?? []).find((v) => typeof v === 'string' && v.endsWith(':/var/lib/postgresql/data'));
    expect(mount).toBeDefined();
    const volume = (mount as string).split(':')[0];
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });
});

describe('docker-compose.yml: start-up order', () => {
  const EXPECTED: Record<string, Record<string, Condition>> = {
    postgresql: {},
    'temporal-admin-tools': { postgresql: 'service_healthy' },
    temporal: { 'temporal-admin-tools': 'service_completed_successfully' },
    'temporal-create-namespace': { temporal: 'service_healthy' },
    'temporal-ui': { temporal: 'service_healthy' },
    migrate: { postgresql: 'service_healthy' },
    api: {
      postgresql: 'service_healthy',
      migrate: 'service_completed_successfully',
      'temporal-create-namespace': 'service_completed_successfully',
    },
    worker: {
      postgresql: 'service_healthy',
      migrate: 'service_completed_successfully',
      'temporal-create-namespace': 'service_completed_successfully',
    },
  };

  it.each(Object.keys(EXPECTED))('%s waits for the right services in the right state', (name) => {
    expect(dependsOn(svc(name))).toEqual(EXPECTED[name]);
  });

  it('depends only on services that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const target of Object.keys(dependsOn(s))) expect(Object.keys(services), `${name} -> ${target}`).toContain(target);
    }
  });

  it('has no dependency cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`cycle: ${[...trail, name].join(' -> ')}`);
      state.set(name, 'visiting');
      for (const dep of Object.keys(dependsOn(services[name] ?? {}))) visit(dep, [...trail, name]);
      state.set(name, 'done');
    };
    expect(() => Object.keys(services).forEach((name) => visit(name, []))).not.toThrow();
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

  it('probes the API on its own port', () => {
    const url = healthUrl('api');
    expect(url.pathname).toBe('/health');
    expect(url.port).toBe(envOf(svc('api')).PORT);
    expect(svc('api').ports).toContain(`${url.port}:${url.port}`);
  });

  it('probes the worker on WORKER_HEALTH_PORT, without publishing it', () => {
    const url = healthUrl('worker');
    expect(url.pathname).toBe('/health');
    expect(url.port).toBe(envOf(svc('worker')).WORKER_HEALTH_PORT);
    expect(svc('worker').ports ?? []).toEqual([]);
  });

  it('checks PostgreSQL with pg_isready and Temporal with the Temporal CLI', () => {
    expect(asArgv(svc('postgresql').healthcheck?.test).join(' ')).toContain('pg_isready');
    expect(asArgv(svc('temporal').healthcheck?.test).join(' ')).toMatch(/temporal operator cluster health --address temporal:7233/);
  });
});

describe('docker-compose.yml: variables', () => {
  it('gives every ${VAR} a default or a :? error message', () => {
    const refs = collectStrings(raw).flatMap((s) => variableRefs(s));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.op, `\${${ref.name}} needs a default (:-) or an error message (:?)`).toBeDefined();
      if (ref.op === ':?' || ref.op === '?') expect(ref.arg?.trim(), ref.name).toBeTruthy();
    }
  });

  it(`requires exactly ${REQUIRED_VARIABLES.join(' and ')}`, () => {
    for (const missing of REQUIRED_VARIABLES) {
      const env = { ...HOST_ENV };
      delete env[missing];
      expect(() => interpolateDeep(raw, env)).toThrow(missing);
    }
    const required = new Set(collectStrings(raw).flatMap((s) => variableRefs(s)).filter((r) => r.op === ':?' || r.op === '?').map((r) => r.name));
    expect([...required].sort()).toEqual(REQUIRED_VARIABLES);
  });
});

describe('docker-compose.yml: wiring', () => {
  const pg = envOf(svc('postgresql'));

  const expectAppDatabase = (raw: string) => {
    const url = new URL(raw);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgresql');
    expect(url.port).toBe('5432');
    expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    return { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  };

  it.each(APP_SERVICES)('%s: DATABASE_URL logs in to the app database as the least-privileged role klachtflow_app', (name) => {
    expect(expectAppDatabase(envOf(svc(name)).DATABASE_URL)).toEqual({ user: 'klachtflow_app', password: HOST_ENV.KLACHTFLOW_DB_PASSWORD });
    expect(pg.POSTGRES_USER).not.toBe('klachtflow_app');
  });

  it('migrate: runs as the schema owner (DATABASE_ADMIN_URL), the superuser the postgresql service creates', () => {
    expect(expectAppDatabase(envOf(svc('migrate')).DATABASE_ADMIN_URL)).toEqual({ user: pg.POSTGRES_USER, password: HOST_ENV.POSTGRES_PASSWORD });
    expect(pg.POSTGRES_PASSWORD).toBe(HOST_ENV.POSTGRES_PASSWORD);
  });

  it.each(['api', 'worker'])('%s: never gets the owner’s credentials', (name) => {
    const env = envOf(svc(name));
    expect(env.DATABASE_ADMIN_URL).toBeUndefined();
    for (const value of Object.values(env)) expect(value).not.toContain(HOST_ENV.POSTGRES_PASSWORD);
  });

  it.each(['api', 'worker'])('%s: talks to the temporal service, in the namespace the job creates', (name) => {
    const env = envOf(svc(name));
    const [host, port] = env.TEMPORAL_ADDRESS.split(':');
    expect(host).toBe('temporal');
    expect((svc('temporal').expose ?? []).map(String)).toContain(port);
    expect(env.TEMPORAL_NAMESPACE).toBe(envOf(svc('temporal-create-namespace')).NAMESPACE);
    expect(env.TEMPORAL_TASK_QUEUE).toBe('klachtflow');
    expect(env.KLACHTFLOW_SECRET).toBe(HOST_ENV.KLACHTFLOW_SECRET);
    expect(env.NODE_ENV).toBe('production');
  });

  it('points temporal-ui and the namespace job at the temporal service', () => {
    const address = envOf(svc('api')).TEMPORAL_ADDRESS;
    expect(envOf(svc('temporal-ui')).TEMPORAL_ADDRESS).toBe(address);
    expect(envOf(svc('temporal-create-namespace')).TEMPORAL_ADDRESS).toBe(address);
    expect(svc('temporal-ui').ports?.some((p) => String(p).endsWith(':8080'))).toBe(true);
  });

  it('connects Temporal and its schema job to the same PostgreSQL as the app, with postgres12', () => {
    const server = envOf(svc('temporal'));
    expect(server).toMatchObject({ DB: 'postgres12', DB_PORT: '5432', POSTGRES_SEEDS: 'postgresql', POSTGRES_USER: pg.POSTGRES_USER, POSTGRES_PWD: HOST_ENV.POSTGRES_PASSWORD });
    const job = envOf(svc('temporal-admin-tools'));
    expect(job).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgresql', SQL_PORT: '5432', SQL_USER: pg.POSTGRES_USER, SQL_PASSWORD: HOST_ENV.POSTGRES_PASSWORD });
  });

  it('sets up the schemas of exactly the databases the Temporal server uses', () => {
    const server = envOf(svc('temporal'));
    const dbs = schemaJobDatabases();
    expect(Object.keys(dbs).sort()).toEqual([server.DBNAME, server.VISIBILITY_DBNAME].sort());
    expect(dbs[server.DBNAME]).toBe('/etc/temporal/schema/postgresql/v12/temporal/versioned');
    expect(dbs[server.VISIBILITY_DBNAME]).toBe('/etc/temporal/schema/postgresql/v12/visibility/versioned');
    // Neither may be the app's database.
    expect(Object.keys(dbs)).not.toContain(pg.POSTGRES_DB);
  });
});

describe('temporal-admin-tools: schema job script', () => {
  it('creates each database, then sets up and updates its schema', () => {
    const { status, calls, output } = runJob('temporal-admin-tools', { 'temporal-sql-tool': 'exit 0' });
    expect(status, output).toBe(0);
    for (const db of ['temporal', 'temporal_visibility']) {
      expect(calls.filter((c) => c.includes(`--db ${db} `)).map((c) => c.split(' ')[3])).toEqual(['create-database', 'setup-schema', 'update-schema']);
    }
  });

  it('succeeds on a re-run, when the databases already exist', () => {
    const stub = 'case "$*" in *create-database*) echo "database already exists" >&2; exit 1;; esac';
    const { status, output } = runJob('temporal-admin-tools', { 'temporal-sql-tool': stub });
    expect(status, output).toBe(0);
  });

  it('fails when the schema cannot be set up', () => {
    const stub = 'case "$*" in *setup-schema*) exit 1;; esac';
    expect(runJob('temporal-admin-tools', { 'temporal-sql-tool': stub }).status).not.toBe(0);
  });
});

describe('temporal-create-namespace: namespace and search attributes', () => {
  const EXPECTED_ATTRIBUTES = { CaseStatus: 'Keyword', NextDeadline: 'Datetime', SchoolBrin: 'Keyword', Category: 'Keyword', Sector: 'Keyword' };

  it('declares exactly the search attributes of workflows/searchAttributes.ts', () => {
    const declared = Object.fromEntries(
      envOf(svc('temporal-create-namespace'))
        .SEARCH_ATTRIBUTES.split(/\s+/)
        .filter(Boolean)
        .map((pair) => pair.split('=')),
    );
    expect(declared).toEqual({ ...SEARCH_ATTRIBUTE_TYPES });
    expect(declared).toEqual(EXPECTED_ATTRIBUTES);
  });

  it('on a fresh server: creates namespace klachtflow with the default retention and every attribute', () => {
    const { status, calls, output } = runJob('temporal-create-namespace', { temporal: TEMPORAL_STUB });
    expect(status, output).toBe(0);
    expect(calls).toContain('temporal operator namespace create --namespace klachtflow --retention 30d');
    expect(createdAttributes(calls)).toEqual({ ...SEARCH_ATTRIBUTE_TYPES });
  });

  it('on a re-run: updates the retention and accepts "already exists" for attributes of the right type', () => {
    const { status, calls, output } = runJob(
      'temporal-create-namespace',
      { temporal: TEMPORAL_STUB },
      { STUB_NAMESPACE_EXISTS: '1', STUB_SA_CREATE_FAILS: '1', STUB_SA_LIST: listRows(SEARCH_ATTRIBUTE_TYPES), NAMESPACE_RETENTION: '365d' },
    );
    expect(status, output).toBe(0);
    expect(calls).toContain('temporal operator namespace update --namespace klachtflow --retention 365d');
    expect(calls.some((c) => c.startsWith('temporal operator namespace create'))).toBe(false);
  });

  it('fails when an existing attribute has another type', () => {
    const { status } = runJob(
      'temporal-create-namespace',
      { temporal: TEMPORAL_STUB },
      { STUB_NAMESPACE_EXISTS: '1', STUB_SA_CREATE_FAILS: '1', STUB_SA_LIST: listRows({ ...SEARCH_ATTRIBUTE_TYPES, Sector: 'Text' }) },
    );
    expect(status).not.toBe(0);
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
    expect(JSON.parse(cmd)).toEqual(asArgv(svc('api').command));
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
  const entryPoints = APP_SERVICES.map((name) => asArgv(svc(name).command)[1]);
  it.each(entryPoints)('%s has its TypeScript source', (entry) => {
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect(fs.existsSync(path.join(ROOT, source)), `${source} missing`).toBe(true);
  });
});
