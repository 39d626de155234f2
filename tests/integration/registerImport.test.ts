/**
 * Importing the register into real PostgreSQL: the sample register, a second run that changes
 * nothing, an update that renames a school and ends one, malformed files that change nothing, the
 * search intake uses, and the CLI as the README tells people to run it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegisterFileError } from '../../domain/register';
import { importRegister, searchSchools, SEED_DIR, seedRegisterIfEmpty } from '../../platform/register/store';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

vi.setConfig({ testTimeout: 120_000 });

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'register');
const SEED = [path.join(SEED_DIR, 'bevoegde-gezagen.csv'), path.join(SEED_DIR, 'alle-vestigingen.csv')];
const UPDATE = [path.join(FIXTURES, 'update', 'bevoegde-gezagen.csv'), path.join(FIXTURES, 'update', 'alle-vestigingen.csv')];
const ROOT = path.join(__dirname, '..', '..');

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function snapshot() {
  const db = database.db;
  return {
    boards: await db('boards').orderBy('number').select('number', 'name', 'postal_address', 'email', 'ended_on'),
    schools: await db('schools').orderBy('brin').select('brin', 'name', 'board_number', 'board_name', 'board_email', 'board_postal_address', 'sector', 'place', 'ended_on', 'source'),
    locations: await db('school_locations').orderBy(['brin', 'number']).select('brin', 'number', 'name', 'ended_on'),
  };
}

async function refusal(files: string[]): Promise<string> {
  try {
    await importRegister(database.appDb, files, { today: '2026-12-02' });
  } catch (err) {
    if (err instanceof RegisterFileError) return err.message;
    throw err;
  }
  throw new Error('the import was not refused');
}

describe('importing the register', () => {
  it('imports the sample register, says what it added, and a second run changes nothing', async () => {
    const first = await importRegister(database.appDb, SEED, { today: '2026-12-01' });
    expect(first.lines).toContain('added school 12AB OBS De Linde');
    expect(first.lines).toContain('added location 12AB01 OBS De Linde, locatie Oost');
    expect(first.lines.at(-1)).toBe('boards: 3 added, 0 changed, 0 ended; schools: 4 added, 0 changed, 0 ended; locations: 5 added, 0 changed, 0 ended');
    const stored = await snapshot();
    expect(stored.schools.find((s) => s.brin === '12AB')).toEqual({
      brin: '12AB',
      name: 'OBS De Linde',
      board_number: '41001',
      board_name: 'Stichting De Linde Scholen',
      board_email: 'bestuur@delinde.example.nl',
      // Letters to the board go to its registered (correspondence) address.
      board_postal_address: 'Postbus 1201\n3500 BE UTRECHT',
      sector: 'primary',
      place: 'UTRECHT',
      ended_on: null,
      source: 'register',
    });
    expect(stored.schools.find((s) => s.brin === '23CD')?.sector).toBe('special');

    const second = await importRegister(database.appDb, SEED, { today: '2026-12-01' });
    expect(second.lines).toEqual(['boards: 0 added, 0 changed, 0 ended; schools: 0 added, 0 changed, 0 ended; locations: 0 added, 0 changed, 0 ended']);
    expect(await snapshot()).toEqual(stored);
  });

  it('refuses malformed files with line and column, and changes nothing', async () => {
    const before = await snapshot();
    expect(await refusal([...UPDATE.slice(0, 1), path.join(FIXTURES, 'malformed', 'brin.csv')])).toBe('brin.csv, line 4, column "BRIN NUMMER": "1XAB" is not a BRIN code (two digits and two letters or digits, e.g. 12AB)');
    expect(await refusal([path.join(FIXTURES, 'malformed', 'quote.csv')])).toMatch(/^quote\.csv, line 3, column "VESTIGINGSNAAM": Invalid Closing Quote/);
    expect(await refusal([path.join(FIXTURES, 'malformed', 'columns.csv')])).toBe('columns.csv, line 1: an "alle vestigingen" file needs the column "VESTIGINGSNAAM", which is missing');
    // A file that reads well but names a board nobody describes: refused as a whole, too.
    expect(await refusal([...UPDATE, path.join(FIXTURES, 'malformed', 'unknown-board.csv')])).toBe(
      'the import: school 78NP (Nieuwe School) names board 49999, which no file describes and the register does not have yet: import the "bevoegde gezagen" file with it',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('an update renames a school and ends what the register no longer has (ended, not deleted)', async () => {
    const result = await importRegister(database.appDb, UPDATE, { today: '2026-12-02' });
    expect(result.lines).toEqual([
      'changed school 12AB OBS De Lindeboom: name "OBS De Linde" → "OBS De Lindeboom"',
      'ended school 45GH CBS Het Anker (on 2026-12-02)',
      'changed location 12AB00 OBS De Lindeboom: name "OBS De Linde" → "OBS De Lindeboom"',
      'ended location 12AB01 OBS De Linde, locatie Oost (on 2026-12-02)',
      'ended location 45GH00 CBS Het Anker (on 2026-12-02)',
      'boards: 0 added, 0 changed, 0 ended; schools: 0 added, 1 changed, 1 ended; locations: 0 added, 1 changed, 2 ended',
    ]);
    const stored = await snapshot();
    expect(stored.schools.map((s) => [s.brin, s.name, s.ended_on])).toEqual([
      ['12AB', 'OBS De Lindeboom', null],
      ['23CD', 'SBO De Wilg', null],
      ['34EF', 'Rivierencollege; havo, vwo en vmbo', null],
      ['45GH', 'CBS Het Anker', '2026-12-02'],
    ]);
    // Again: nothing more to do, and the ended entry keeps its date.
    const again = await importRegister(database.appDb, UPDATE, { today: '2026-12-03' });
    expect(again.lines).toEqual(['boards: 0 added, 0 changed, 0 ended; schools: 0 added, 0 changed, 0 ended; locations: 0 added, 0 changed, 0 ended']);
    // Ended schools are not found by intake.
    expect((await searchSchools(database.appDb, 'Anker')).hits).toEqual([]);
  });

  it('imports the organisation export next to the classic files (--partial ends nothing)', async () => {
    const result = await importRegister(database.appDb, [path.join(FIXTURES, 'organisaties.csv')], { today: '2026-12-03', partial: true });
    expect(result.lines.at(-1)).toBe('boards: 1 added, 0 changed, 0 ended; schools: 2 added, 0 changed, 0 ended; locations: 1 added, 0 changed, 0 ended');
    const kompas = await database.db('schools').where({ brin: '67LM' }).first('ended_on', 'board_postal_address');
    expect(kompas).toEqual({ ended_on: '2024-07-31', board_postal_address: 'Postbus 300\n1440 AH PURMEREND' });
    expect(await database.db('schools').whereNull('ended_on').count<{ count: string }[]>('* as count')).toEqual([{ count: '4' }]);
  });
});

describe('searching the register', () => {
  const brins = async (q: string) => (await searchSchools(database.appDb, q)).hits.map((h) => h.brin);

  it('finds open schools by name, place, BRIN code or a location, every word counting', async () => {
    expect(await brins('lindeboom')).toEqual(['12AB']);
    expect(await brins('utrecht')).toEqual(['12AB', '23CD']);
    expect(await brins('wilg utrecht')).toEqual(['23CD']);
    expect(await brins('34ef')).toEqual(['34EF']);
    expect(await brins('dependance')).toEqual(['56JK']);
    expect(await brins('kompas')).toEqual([]);
    // LIKE's wildcards are text here; a NUL byte is no error but a space ("lin", "de").
    expect(await brins('%')).toEqual([]);
    expect(await brins('lin\u0000de')).toEqual(['12AB']);
    const [hit] = (await searchSchools(database.appDb, '12AB')).hits;
    expect(hit).toEqual({ brin: '12AB', name: 'OBS De Lindeboom', place: 'UTRECHT', sector: 'primary', boardNumber: '41001', boardName: 'Stichting De Linde Scholen', affiliatedSince: null });
  });
});

describe('npm run import-register', () => {
  const run = promisify(execFile);
  const cli = (files: string[]) => run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'import-register.ts'), ...files], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.appUrl } });

  it('prints the counts (nothing changes on a re-run) and refuses a malformed file with one sentence and exit code 1', async () => {
    const ok = await cli([...UPDATE, path.join(FIXTURES, 'organisaties.csv')]);
    expect(ok.stdout).toBe('boards: 0 added, 0 changed, 0 ended; schools: 0 added, 0 changed, 0 ended; locations: 0 added, 0 changed, 0 ended\n');
    const failed = await cli([path.join(FIXTURES, 'malformed', 'brin.csv')]).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe('import-register: brin.csv, line 4, column "BRIN NUMMER": "1XAB" is not a BRIN code (two digits and two letters or digits, e.g. 12AB). Nothing was changed.\n');
  });
});

describe('the sample register of a first npm start', () => {
  it('is seeded into an empty register only', async () => {
    const fresh = await createTestDatabase();
    try {
      const logged: string[] = [];
      expect(await seedRegisterIfEmpty(fresh.appDb, (l) => logged.push(l))).toBe(true);
      expect(logged).toEqual(['register: seeded the sample register (4 fictional schools); load the real one with npm run import-register']);
      expect(await seedRegisterIfEmpty(fresh.appDb, (l) => logged.push(l))).toBe(false);
      expect(await fresh.db('schools').count<{ count: string }[]>('* as count')).toEqual([{ count: '4' }]);
    } finally {
      await fresh.drop();
    }
  });
});
