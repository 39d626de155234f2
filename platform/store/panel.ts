/**
 * Data access for the hearing panel's pages (api/web/parties/panel.ts): which committee member a
 * staff account speaks for, the hearings they sit on, and the documents and letters of their cases
 * they may read.
 */
import type { Knex } from 'knex';

export async function memberLinkedToUser(db: Knex, userId: string): Promise<{ id: string; email: string; name: string } | undefined> {
  return db('committee_members').where({ user_id: userId }).first('id', 'email', 'name');
}

/** The first member not linked to any account with this e-mail address (any case). */
export async function unlinkedMemberByEmail(db: Knex, email: string): Promise<{ id: string; email: string; name: string } | undefined> {
  return db('committee_members').whereNull('user_id').whereRaw('lower(email) = ?', [email.toLowerCase()]).orderBy('id').first('id', 'email', 'name');
}

/** The member's seats with their case and hearing, newest assignment first. */
export async function seatsOfMember(db: Knex, memberId: string) {
  return db('hearing_panel_assignments as a')
    .join('cases as c', 'c.id', 'a.case_id')
    .leftJoin('hearings as h', 'h.case_id', 'a.case_id')
    .where('a.member_id', memberId)
    .orderBy('a.assigned_at', 'desc')
    .select('a.member_id', 'a.role', 'c.id as case_id', 'c.case_number', 'c.school_name', 'c.status', 'h.status as hearing_status', 'h.schedule');
}

export async function seatOfMember(db: Knex, memberId: string, caseNumber: string): Promise<{ role: 'chair' | 'member'; case_id: string } | undefined> {
  return db('hearing_panel_assignments as a')
    .join('cases as c', 'c.id', 'a.case_id')
    .where({ 'a.member_id': memberId, 'c.case_number': caseNumber })
    .first('a.role', 'c.id as case_id');
}

/** Documents the secretary released to the panel ("panel" in released_to), oldest first. */
export async function panelDocumentRows(db: Knex, caseId: string, columns: string[]) {
  return db('documents').where({ case_id: caseId }).whereRaw(`released_to @> '["panel"]'::jsonb`).orderBy('created_at').select(columns);
}

export async function panelDocumentRow(db: Knex, caseId: string, id: string) {
  return db('documents').where({ id, case_id: caseId }).whereRaw(`released_to @> '["panel"]'::jsonb`).first('original_name', 'mime_type', 'content');
}

/** Letters of the case addressed to this member's e-mail (any case) and sent out, by id. */
export async function panelLetterRows(db: Knex, caseId: string, email: string) {
  return db('letters')
    .where({ case_id: caseId, addressee_role: 'panel-member' })
    .whereRaw(`lower(addressee->>'email') = ?`, [email.toLowerCase()])
    .whereNot('status', 'awaiting-approval')
    .orderBy('id')
    .select('id', 'subject', 'created_at');
}

/** The case's advice letters among `ids` that await approval, by id. */
export async function adviceAwaitingApproval(db: Knex, caseId: string, ids: string[]) {
  return db('letters').where({ case_id: caseId, kind: 'advies', status: 'awaiting-approval' }).whereIn('id', ids).orderBy('id').select('id', 'addressee_role', 'drafted_by', 'subject');
}

/** A letter of the case the member may read: addressed to them and sent out, or a copy of the advice. */
export async function panelLetterHtml(db: Knex, caseId: string, email: string, letterId: string): Promise<{ id: string; html: string; subject: string } | undefined> {
  return db('letters')
    .where({ id: letterId, case_id: caseId })
    .where((q) => q.where((own) => own.where('addressee_role', 'panel-member').whereRaw(`lower(addressee->>'email') = ?`, [email.toLowerCase()]).whereNot('status', 'awaiting-approval')).orWhere('kind', 'advies'))
    .first('id', 'html', 'subject');
}

/** The case's advice once approved and sent: the first copy, for the panel to read. */
export async function sentAdviceLetter(db: Knex, caseId: string) {
  return db('letters').where({ case_id: caseId, kind: 'advies' }).whereNot('status', 'awaiting-approval').orderBy('id').first('id', 'subject', 'created_at');
}
