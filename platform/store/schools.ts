/**
 * Data access for the school register (migration 002; filled by platform/register): a school's
 * board, as letters address it and as the panel's conflict check sees it.
 */
import type { Knex } from 'knex';

export async function schoolBoardRow(trx: Knex, brin: string): Promise<{ board_name: string; board_email: string | null; board_postal_address: string | null } | undefined> {
  return trx('schools').where({ brin }).first<{ board_name: string; board_email: string | null; board_postal_address: string | null } | undefined>();
}

/** The board names the register gives the school (BRIN matched case-insensitively); none without a register. */
export async function boardNamesOfSchool(db: Knex, brin: string): Promise<string[]> {
  if (!(await db.schema.hasTable('schools'))) return [];
  const rows = await db('schools').whereRaw('upper(brin) = upper(?)', [brin]).select('board_name');
  return rows.map((r: { board_name: string | null }) => r.board_name).filter((n): n is string => typeof n === 'string' && n.trim() !== '');
}

export async function schoolBoardNameAndEmail(db: Knex, brin: string): Promise<{ board_name: string; board_email: string | null } | undefined> {
  return db('schools').where({ brin }).first('board_name', 'board_email');
}

export async function schoolBoardEmail(db: Knex, brin: string): Promise<{ board_email: string | null } | undefined> {
  return db('schools').where({ brin }).first('board_email');
}

/** The board's schools still running, by name. */
export async function openSchoolsOfBoard(db: Knex, boardNumber: string): Promise<Array<{ brin: string; name: string }>> {
  return db('schools').where({ board_number: boardNumber }).whereNull('ended_on').orderBy('name').select('brin', 'name');
}

/** The school's board and, when the board is in the register, the date it is affiliated since. */
export async function schoolWithBoardAffiliation(db: Knex, brin: string) {
  return db('schools as s').leftJoin('boards as b', 'b.number', 's.board_number').where('s.brin', brin).first('s.board_name', 's.board_number', 'b.affiliated_since');
}

/** Whether any school (open or ended, from the register or by hand) has this BRIN code. */
export async function schoolBrinExists(db: Knex, brin: string): Promise<{ brin: string } | undefined> {
  return db('schools').where({ brin }).first('brin');
}

/** A school entered by hand (not in the register). */
export async function insertManualSchool(trx: Knex, row: { brin: string; name: string; place: string; sector: string | null; board_name: string; board_email: string | null; board_postal_address: string; source: 'manual' }): Promise<void> {
  await trx('schools').insert(row);
}
