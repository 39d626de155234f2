/**
 * Data access for the register (platform/register holds its rules: reading files, the diff, the
 * search's words): the boards, the schools as imported and their locations; the console's pages
 * on boards and their affiliation with the committee.
 */
import type { Knex } from 'knex';
import { likeEscape } from './text';

/** Every stored board, school and location, as the import compares them. */
export async function registerRows(db: Knex) {
  return Promise.all([
    db('boards').select('number', 'name', 'street', 'postcode', 'place', 'postal_address', 'email', 'phone', 'website', 'ended_on'),
    db('schools').select('brin', 'name', 'board_number', 'sector', 'street', 'postcode', 'place', 'ended_on', 'source'),
    db('school_locations').select('brin', 'number', 'name', 'sector', 'street', 'postcode', 'place', 'ended_on'),
  ]);
}

/** Waits until no other import runs, then holds the import's lock until the transaction ends. */
export async function lockRegisterImport(trx: Knex.Transaction, key: number): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [key]);
}

/** Inserts the rows, or updates the columns they carry where the key exists. */
export async function upsertRegisterRows(trx: Knex.Transaction, table: 'boards' | 'schools' | 'school_locations', keys: string[], values: Array<Record<string, unknown>>, merge: string[]): Promise<void> {
  await trx(table).insert(values).onConflict(keys).merge(merge);
}

/** Letters read the board's name and address from the school's row: keep them the board's. */
export async function copyBoardsToSchools(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`
      UPDATE schools s SET board_name = b.name, board_email = b.email, board_postal_address = b.postal_address, updated_at = now()
      FROM boards b
      WHERE s.board_number = b.number
        AND (s.board_name IS DISTINCT FROM b.name OR s.board_email IS DISTINCT FROM b.email OR s.board_postal_address IS DISTINCT FROM b.postal_address)`);
}

export async function anyBoard(db: Knex): Promise<{ number: string } | undefined> {
  return db('boards').first('number');
}

/** Open schools with their board's affiliation. */
function schoolQuery(db: Knex) {
  return db('schools as s')
    .leftJoin('boards as b', 'b.number', 's.board_number')
    .whereNull('s.ended_on')
    .select('s.brin', 's.name', 's.place', 's.sector', 's.board_number', 's.board_name', 'b.affiliated_since');
}

/**
 * Open schools whose name, place or BRIN code (or one of whose locations' name or place) contains
 * every word; exact BRIN first, then names starting with `whole`. At most `limit` rows.
 */
export async function searchSchoolRows(db: Knex, words: string[], whole: string, limit: number): Promise<Array<Record<string, unknown>>> {
  const q = schoolQuery(db);
  for (const word of words) {
    const like = `%${likeEscape(word)}%`;
    q.where((w) => {
      w.whereILike('s.name', like)
        .orWhereILike('s.place', like)
        .orWhere('s.brin', word.toUpperCase())
        .orWhereExists(db('school_locations as l').whereRaw('l.brin = s.brin').whereNull('l.ended_on').where((l) => l.whereILike('l.name', like).orWhereILike('l.place', like)));
    });
  }
  return q
    .orderByRaw('(s.brin = ?) DESC, (s.name ILIKE ?) DESC, s.name, s.brin', [whole.toUpperCase(), `${likeEscape(whole)}%`])
    .limit(limit);
}

/** An open school by its BRIN code. */
export async function openSchoolRow(db: Knex, brin: string): Promise<Record<string, unknown> | undefined> {
  return schoolQuery(db).where('s.brin', brin).first();
}

/** The console's list of boards: by name, at most 100, matching the name or number, optionally only the affiliated. */
export async function boardRows(db: Knex, filter: { query: string; affiliatedOnly: boolean }) {
  const q = db('boards').orderBy('name').limit(100).select('number', 'name', 'place', 'affiliated_since', 'ended_on');
  if (filter.query) q.where((w) => w.whereILike('name', `%${likeEscape(filter.query)}%`).orWhere('number', filter.query));
  if (filter.affiliatedOnly) q.whereNotNull('affiliated_since');
  return q;
}

/** One board as the console shows it. */
export async function boardRow(db: Knex, number: string) {
  return db('boards').where({ number }).first('number', 'name', 'place', 'postal_address', 'email', 'affiliated_since', 'ended_on');
}

/** All the board's schools, ended ones too, by name. */
export async function schoolsOfBoard(db: Knex, boardNumber: string) {
  return db('schools').where({ board_number: boardNumber }).orderBy('name').select('brin', 'name', 'place', 'ended_on');
}

export async function setBoardAffiliation(trx: Knex, number: string, since: string | null): Promise<void> {
  await trx('boards').where({ number }).update({ affiliated_since: since, updated_at: new Date() });
}
