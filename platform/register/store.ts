/**
 * The register in PostgreSQL: importing files (one transaction: all of it or nothing), finding a
 * school by name, place or BRIN code, and the sample register `npm start` seeds on a first run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { amsterdamDate } from '../../domain/clock';
import type { Sector } from '../../domain/intake';
import { describeDiff, diffRegister, mergeFiles, RegisterFileError, type Register, type RegisterBoard, type RegisterDiff, type RegisterLocation, type RegisterSchool } from '../../domain/register';
import { PROJECT_ROOT } from '../config';
import { anyBoard, copyBoardsToSchools, lockRegisterImport, openSchoolRow, registerRows, searchSchoolRows, upsertRegisterRows } from '../store/register';
import { readRegisterFile } from './readFile';

// Two imports at once would each end what the other adds: they take turns.
const IMPORT_LOCK_KEY = 4_224_015;
const CHUNK = 500;

export const SEED_DIR = path.join(PROJECT_ROOT, 'platform', 'register', 'seed');

async function loadRegister(db: Knex): Promise<Omit<Register, 'complete'> & { manual: Set<string> }> {
  const [boards, schools, locations] = await registerRows(db);
  return {
    boards: new Map(boards.map((b) => [b.number, { number: b.number, name: b.name, street: b.street, postcode: b.postcode, place: b.place, postalAddress: b.postal_address, email: b.email, phone: b.phone, website: b.website, endedOn: b.ended_on } satisfies RegisterBoard])),
    schools: new Map(schools.map((s) => [s.brin, { brin: s.brin, name: s.name, boardNumber: s.board_number, sector: s.sector, street: s.street, postcode: s.postcode, place: s.place, endedOn: s.ended_on } satisfies RegisterSchool])),
    locations: new Map(locations.map((l) => [`${l.brin}${l.number}`, { brin: l.brin, number: l.number, name: l.name, sector: l.sector, street: l.street, postcode: l.postcode, place: l.place, endedOn: l.ended_on } satisfies RegisterLocation])),
    manual: new Set(schools.filter((s) => s.source === 'manual').map((s) => s.brin)),
  };
}

/** Every school names a board and every location a school, in these files or already stored. */
function checkReferences(current: Omit<Register, 'complete'>, incoming: Register): void {
  for (const s of incoming.schools.values()) {
    if (!incoming.boards.has(s.boardNumber) && !current.boards.has(s.boardNumber)) {
      throw new RegisterFileError('the import', null, null, `school ${s.brin} (${s.name}) names board ${s.boardNumber}, which no file describes and the register does not have yet: import the "bevoegde gezagen" file with it`);
    }
  }
  for (const l of incoming.locations.values()) {
    if (!incoming.schools.has(l.brin) && !current.schools.has(l.brin)) {
      throw new RegisterFileError('the import', null, null, `location ${l.brin}${l.number} (${l.name}) belongs to school ${l.brin}, which no file describes and the register does not have yet`);
    }
  }
}

const boardRow = (b: RegisterBoard) => ({ number: b.number, name: b.name, street: b.street, postcode: b.postcode, place: b.place, postal_address: b.postalAddress, email: b.email, phone: b.phone, website: b.website, ended_on: b.endedOn, updated_at: new Date() });
const schoolRow = (s: RegisterSchool) => ({ brin: s.brin, name: s.name, board_number: s.boardNumber, sector: s.sector, street: s.street, postcode: s.postcode, place: s.place, ended_on: s.endedOn, source: 'register', updated_at: new Date() });
const locationRow = (l: RegisterLocation) => ({ brin: l.brin, number: l.number, name: l.name, sector: l.sector, street: l.street, postcode: l.postcode, place: l.place, ended_on: l.endedOn, updated_at: new Date() });

async function upsert(trx: Knex.Transaction, table: 'boards' | 'schools' | 'school_locations', key: string | string[], rows: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // schools.board_name is required (letters need a name): the board's name, filled in below.
    const values = table === 'schools' ? chunk.map((r) => ({ board_name: '', ...r })) : chunk;
    const keys = Array.isArray(key) ? key : [key];
    const merge = Object.keys(chunk[0]).filter((k) => !keys.includes(k));
    await upsertRegisterRows(trx, table, keys, values, merge);
  }
}

export interface ImportResult {
  diff: RegisterDiff;
  lines: string[];
}

/**
 * Imports register files as one whole. `partial`: the files are not the whole register, so
 * nothing missing from them is ended. A refused file (RegisterFileError) changes nothing.
 */
export async function importRegister(db: Knex, files: readonly string[], opts: { today?: string; partial?: boolean } = {}): Promise<ImportResult> {
  const today = opts.today ?? amsterdamDate(new Date());
  const parsed = files.map((f) => ({ name: path.basename(f), entries: readRegisterFile(f, today) }));
  const incoming = mergeFiles(parsed);
  if (opts.partial) incoming.complete = { boards: false, schools: false, locations: false };
  return db.transaction(async (trx) => {
    await lockRegisterImport(trx, IMPORT_LOCK_KEY);
    const current = await loadRegister(trx);
    checkReferences(current, incoming);
    const diff = diffRegister(current, incoming, today, current.manual);
    const boards = [...diff.added.boards, ...diff.changed.boards.map((c) => c.after), ...diff.ended.boards];
    const schools = [...diff.added.schools, ...diff.changed.schools.map((c) => c.after), ...diff.ended.schools];
    const locations = [...diff.added.locations, ...diff.changed.locations.map((c) => c.after), ...diff.ended.locations];
    if (boards.length) await upsert(trx, 'boards', 'number', boards.map(boardRow));
    if (schools.length) await upsert(trx, 'schools', 'brin', schools.map(schoolRow));
    if (locations.length) await upsert(trx, 'school_locations', ['brin', 'number'], locations.map(locationRow));
    // Letters read the board's name and address from the school's row: keep them the board's.
    await copyBoardsToSchools(trx);
    return { diff, lines: describeDiff(diff) };
  });
}

/** On a first run against an empty register, the sample register (fictional schools) so intake can find something. */
export async function seedRegisterIfEmpty(db: Knex, log: (line: string) => void): Promise<boolean> {
  if (await anyBoard(db)) return false;
  const files = fs.readdirSync(SEED_DIR).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(SEED_DIR, f));
  const { diff } = await importRegister(db, files, { partial: true });
  log(`register: seeded the sample register (${diff.added.schools.length} fictional schools); load the real one with npm run import-register`);
  return true;
}

export interface SchoolHit {
  brin: string;
  name: string;
  place: string | null;
  sector: Sector | null;
  boardNumber: string | null;
  boardName: string;
  /** The board is affiliated with the committee from this date; null: not affiliated. */
  affiliatedSince: string | null;
}

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 100;
const SEARCH_LIMIT = 20;

/** Control characters (a NUL byte above all, which PostgreSQL refuses in text) never reach a query. */
// eslint-disable-next-line no-control-regex
export const withoutControls = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, ' ');

function hitOf(r: Record<string, unknown>): SchoolHit {
  return { brin: r.brin as string, name: r.name as string, place: (r.place as string | null) ?? null, sector: (r.sector as Sector | null) ?? null, boardNumber: (r.board_number as string | null) ?? null, boardName: r.board_name as string, affiliatedSince: (r.affiliated_since as string | null) ?? null };
}

/**
 * Open schools whose name, place or BRIN code (or one of whose locations' name or place) contains
 * every word of the query. At most `limit` results; `more` says there were others.
 */
export async function searchSchools(db: Knex, query: string, limit = SEARCH_LIMIT): Promise<{ hits: SchoolHit[]; more: boolean }> {
  const whole = withoutControls(query).trim();
  const words = whole.split(/\s+/).filter(Boolean).slice(0, 6);
  if (!words.length) return { hits: [], more: false };
  const rows = await searchSchoolRows(db, words, whole, limit + 1);
  return { hits: rows.slice(0, limit).map(hitOf), more: rows.length > limit };
}

/** An open school of the register (or entered by hand) by its BRIN code. */
export async function findSchool(db: Knex, brin: string): Promise<SchoolHit | undefined> {
  if (!/^[0-9]{2}[A-Z0-9]{2}$/.test(brin)) return undefined;
  const row = await openSchoolRow(db, brin);
  return row ? hitOf(row) : undefined;
}
