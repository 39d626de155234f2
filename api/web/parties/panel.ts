/**
 * Who sits on which panel, for the panel members' pages. A staff user speaks for the committee
 * member linked to it (committee_members.user_id), or, while no administrator has linked one, for
 * the member with the same e-mail address. A member reaches a case only through its own row in
 * hearing_panel_assignments: everything below starts from that row.
 */
import type { Knex } from 'knex';
import {
  adviceAwaitingApproval, memberLinkedToUser, panelDocumentRow, panelDocumentRows, panelLetterHtml, panelLetterRows, seatOfMember, sentAdviceLetter, seatsOfMember,
  unlinkedMemberByEmail,
} from '../../../platform/store/panel';
import { findUser } from '../../portal/users';

export interface PanelSeat {
  memberId: string;
  caseId: string;
  caseNumber: string;
  /** The seat on this panel: chair or member (not the user's staff role). */
  seatRole: 'chair' | 'member';
}

export interface PanelHearing extends PanelSeat {
  schoolName: string;
  status: string;
  hearingStatus: string | null;
  hearingDate: string | null;
}

/** The committee member this staff user speaks for, if any (pass the user when it is loaded already). */
export async function memberOfUser(db: Knex, userId: string, loaded?: { email: string }): Promise<{ memberId: string; email: string; name: string } | undefined> {
  const linked = await memberLinkedToUser(db, userId);
  if (linked) return { memberId: String(linked.id), email: linked.email, name: linked.name };
  const user = loaded ?? (await findUser(db, userId));
  if (!user) return undefined;
  // Only an unlinked member matches by e-mail: once linked to someone, the link decides.
  const byEmail = await unlinkedMemberByEmail(db, user.email);
  return byEmail ? { memberId: String(byEmail.id), email: byEmail.email, name: byEmail.name } : undefined;
}

/** The hearings this member sits on, newest assignment first. */
export async function hearingsOf(db: Knex, memberId: string): Promise<PanelHearing[]> {
  const rows = await seatsOfMember(db, memberId);
  return rows.map((r) => ({
    memberId: String(r.member_id),
    caseId: String(r.case_id),
    caseNumber: r.case_number,
    seatRole: r.role,
    schoolName: r.school_name,
    status: r.status,
    hearingStatus: r.hearing_status ?? null,
    hearingDate: r.schedule?.date ?? null,
  }));
}

/** This member's seat on the panel of this case, or undefined: then the case does not exist for them. */
export async function seatOn(db: Knex, memberId: string, caseNumber: string): Promise<PanelSeat | undefined> {
  if (!/^\d{4}-\d{6}$/.test(caseNumber)) return undefined;
  const row = await seatOfMember(db, memberId, caseNumber);
  return row ? { memberId, caseId: String(row.case_id), caseNumber, seatRole: row.role } : undefined;
}

const DOC_COLUMNS = ['id', 'kind', 'original_name', 'mime_type', 'size_bytes', 'created_at'];

/** Documents the secretary released to the panel ("panel" in released_to). */
export async function panelDocuments(db: Knex, caseId: string) {
  const rows = await panelDocumentRows(db, caseId, DOC_COLUMNS);
  return rows.map((r) => ({ id: r.id as string, originalName: r.original_name as string, sizeBytes: r.size_bytes as number, createdAt: r.created_at as Date }));
}

export async function panelDocument(db: Knex, caseId: string, id: string): Promise<{ originalName: string; mimeType: string; content: Buffer } | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await panelDocumentRow(db, caseId, id);
  return row ? { originalName: row.original_name, mimeType: row.mime_type, content: row.content } : undefined;
}

/** Letters of this case addressed to this member (the panel's copies carry each member's e-mail). */
export async function panelLetters(db: Knex, caseId: string, email: string) {
  const rows = await panelLetterRows(db, caseId, email);
  // The panel's own advice, once approved and sent: one copy to read (panelLetter lets it through).
  const advice = await sentAdviceLetter(db, caseId);
  return [...rows, ...(advice ? [advice] : [])].map((l) => ({ id: String(l.id), subject: l.subject as string, createdAt: l.created_at as Date }));
}

/**
 * The advice drafted for this case and waiting for its second signature: one copy to read (the
 * complainant's, else the first), the ids to approve, and who drafted it.
 */
export async function adviceDraft(db: Knex, caseId: string, awaiting: string[]): Promise<{ letterId: string; readId: string; draftedBy: string; subject: string } | undefined> {
  if (!awaiting.length) return undefined;
  const rows = await adviceAwaitingApproval(db, caseId, awaiting);
  if (!rows.length) return undefined;
  const read = rows.find((r) => r.addressee_role === 'complainant') ?? rows[0];
  return { letterId: String(rows[0].id), readId: String(read.id), draftedBy: rows[0].drafted_by, subject: read.subject };
}

/** A letter the member may read: addressed to them, or a copy of the advice draft of their panel's case. */
export async function panelLetter(db: Knex, caseId: string, email: string, letterId: string): Promise<{ id: string; html: string; subject: string } | undefined> {
  if (!/^\d{1,18}$/.test(letterId)) return undefined;
  return panelLetterHtml(db, caseId, email, letterId);
}
