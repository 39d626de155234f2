/**
 * Data access for board accounts (api/portal/boardContacts.ts and boardLoginLinks.ts hold their
 * rules): a board's contact persons, their invitations and login links, and the cases of the
 * board's schools they may see.
 */
import type { Knex } from 'knex';

/** Contact persons not disabled, with their board's name. */
function contacts(db: Knex) {
  return db('board_contacts')
    .join('boards', 'boards.number', 'board_contacts.board_number')
    .whereNull('board_contacts.disabled_at')
    .select('board_contacts.*', 'boards.name as board_name');
}

export async function contactRowById(db: Knex, id: string) {
  return contacts(db).where('board_contacts.id', id).first();
}

/** The contact invited with this invitation hash, while the invitation runs. */
export async function contactRowByInvite(db: Knex, inviteHash: string, now: Date) {
  return contacts(db).where('board_contacts.invite_hash', inviteHash).where('board_contacts.invite_expires_at', '>', now).first();
}

/** A contact with a password, by e-mail address (as stored). */
export async function contactRowWithPassword(db: Knex, email: string) {
  return contacts(db).where('board_contacts.email', email).whereNotNull('board_contacts.password_hash').first();
}

/** Any contact with this e-mail address (as stored), disabled or not. */
export async function contactIdByEmail(db: Knex, email: string): Promise<{ id: string } | undefined> {
  return db('board_contacts').where({ email }).first('id');
}

export async function contactRowsOfBoard(db: Knex, boardNumber: string) {
  return contacts(db).where('board_contacts.board_number', boardNumber).orderBy('board_contacts.name');
}

export async function insertContact(db: Knex, row: Record<string, unknown>): Promise<string> {
  const [created] = await db('board_contacts').insert(row).returning('id');
  return String(created.id);
}

/** Sets the password of an invited contact (the invitation and any second factor reset); false when the invitation was used meanwhile. */
export async function acceptContactInvite(db: Knex, id: string, inviteHash: string, passwordHash: string): Promise<boolean> {
  const done = await db('board_contacts')
    .where({ id, invite_hash: inviteHash })
    .update({ password_hash: passwordHash, invite_hash: null, invite_expires_at: null, totp_secret: null, totp_enabled_at: null, totp_last_step: null });
  return done === 1;
}

export async function touchContactLogin(db: Knex, id: string, at?: Date): Promise<void> {
  await db('board_contacts').where({ id }).update({ last_login_at: at ?? db.fn.now() });
}

export async function disableContactRow(db: Knex, boardNumber: string, contactId: string): Promise<boolean> {
  const n = await db('board_contacts').where({ id: contactId, board_number: boardNumber }).whereNull('disabled_at').update({ disabled_at: db.fn.now(), invite_hash: null });
  return n === 1;
}

/** The cases a contact reaches: every case of the board's schools, or of the director's own school. */
function casesOf(db: Knex, c: { boardNumber: string; role: string; brin: string | null }) {
  const q = db('cases').join('schools', 'schools.brin', 'cases.school_brin').where('schools.board_number', c.boardNumber);
  if (c.role === 'director') q.where('cases.school_brin', c.brin ?? '');
  return q;
}

export async function contactSeesCase(db: Knex, c: { boardNumber: string; role: string; brin: string | null }, caseNumber: string): Promise<boolean> {
  return (await casesOf(db, c).where('cases.case_number', caseNumber).first('cases.id')) !== undefined;
}

/** The board's page: its cases, newest first (at most 500). */
export async function contactCaseList(db: Knex, c: { boardNumber: string; role: string; brin: string | null }) {
  return casesOf(db, c)
    .orderBy('cases.received_on', 'desc')
    .limit(500)
    .select('cases.case_number', 'cases.status', 'cases.next_deadline', 'cases.school_name', 'cases.school_brin', 'cases.received_on');
}

/** A contact with a password who may log in, by e-mail address (as stored). */
export async function loginContactId(db: Knex, email: string): Promise<{ id: string } | undefined> {
  return db('board_contacts').where({ email }).whereNull('disabled_at').whereNotNull('password_hash').first('id');
}

/** A new login link replaces the contact's unused ones. */
export async function replaceLoginLink(db: Knex, contactId: string, row: { token_hash: string; expires_at: Date; requested_ip: string | null }): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('board_login_links').where({ contact_id: contactId }).whereNull('used_at').delete();
    await trx('board_login_links').insert({ contact_id: contactId, ...row });
  });
}

export async function liveLoginLinkExists(db: Knex, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db('board_login_links').where({ token_hash: tokenHash }).whereNull('used_at').where('expires_at', '>', now).first('id');
  return row !== undefined;
}

/** Spends a live login link; answers its contact's id, or undefined when it was used or expired. */
export async function spendLoginLinkRow(db: Knex, tokenHash: string, now: Date): Promise<string | undefined> {
  const [spent] = await db('board_login_links')
    .where({ token_hash: tokenHash })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ used_at: now })
    .returning('contact_id');
  return spent ? String(spent.contact_id) : undefined;
}

/** The names and roles of these contact persons, disabled ones included (the audit trail shows names). */
export async function contactNames(db: Knex, ids: string[]): Promise<Array<{ id: string; name: string; role: string }>> {
  return db('board_contacts').whereIn('id', ids).select('id', 'name', 'role');
}

export async function boardByNumber(db: Knex, number: string): Promise<{ number: string; name: string } | undefined> {
  return db('boards').where({ number }).first('number', 'name');
}
