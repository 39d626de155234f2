/**
 * Inviting a board contact, one form for both doors: the committee's staff (the board's first
 * contact, from /medewerkers/besturen) and a board's managing contact (/bestuur/contactpersonen).
 * Each bad field is named; nothing is stored from a refused form. The invitation link is e-mailed
 * to the person and shown once to whoever invited (only its hash is kept), to pass on should the mail
 * not arrive; it is valid a week.
 */
import { EMAIL_ADDRESS } from '../../../domain/intake';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { BOARD_CONTACT_ROLES, INVITE_DAYS, inviteContact, type BoardContact, type BoardContactRole } from '../../portal/boardContacts';
import { withoutControls } from '../../../platform/register/store';
import { contactIdByEmail } from '../../../platform/store/boardContacts';
import { openSchoolsOfBoard } from '../../../platform/store/schools';
import { recordAdminAction } from '../admin/audit';
import { buildField, type FieldError, type FieldSpec, type FormField } from '../forms';
import { translate, type Lang } from '../i18n';
import { formatDate, renderPage } from '../render';
import { sendNoticeInBackground } from '../../../platform/mail/notice';
import type { MailConfig } from '../../../platform/config';
import { baseUrl } from '../../publicBaseUrl';


export interface BoardSchool {
  brin: string;
  name: string;
}

export async function boardSchools(db: Knex, boardNumber: string): Promise<BoardSchool[]> {
  return openSchoolsOfBoard(db, boardNumber);
}

function specs(schools: BoardSchool[]): FieldSpec[] {
  return [
    { name: 'name', kind: 'text', labelKey: 'board.contact.name', autocomplete: 'off' },
    { name: 'email', kind: 'email', labelKey: 'field.email', autocomplete: 'off' },
    { name: 'role', kind: 'radios', labelKey: 'board.contact.role', options: BOARD_CONTACT_ROLES.map((r) => ({ value: r, labelKey: `board.role.${r}.long` })) },
    { name: 'brin', kind: 'radios', labelKey: 'board.contact.school', hintKey: 'board.contact.school.hint', optional: true, options: [{ value: '', labelKey: 'board.contact.school.none' }, ...schools.map((s) => ({ value: s.brin, label: `${s.name} (${s.brin})` }))] },
    { name: 'manage', kind: 'radios', labelKey: 'board.contact.manage', hintKey: 'board.contact.manage.hint', options: [{ value: 'nee', labelKey: 'common.no' }, { value: 'ja', labelKey: 'common.yes' }] },
  ];
}

export function inviteFields(lang: Lang, schools: BoardSchool[], values: Record<string, string>, errors: FieldError[]): FormField[] {
  return specs(schools).map((s) => buildField(lang, s, { manage: 'nee', ...values }, errors));
}

export interface Invited {
  contact: BoardContact;
  url: string;
  expiresAt: Date;
}

/** Reads and checks the invitation form; stores the contact and its invitation when every field is right. */
export async function inviteFromForm(db: Knex, mail: Pick<MailConfig, 'smtpUrl' | 'from'>, req: Request, boardNumber: string, by: { actorId: string; name: string }): Promise<Invited | { values: Record<string, string>; errors: FieldError[] }> {
  const lang = req.portal.lang;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const str = (name: string, max: number) => (typeof body[name] === 'string' ? withoutControls(body[name] as string).trim().slice(0, max) : '');
  const values = { name: str('name', 200), email: str('email', 320).toLowerCase(), role: str('role', 20), brin: str('brin', 10).toUpperCase(), manage: str('manage', 5) };
  const errors: FieldError[] = [];
  if (!values.name) errors.push({ field: 'name', message: translate(lang, 'board.contact.nameMissing') });
  if (!EMAIL_ADDRESS.test(values.email)) errors.push({ field: 'email', message: translate(lang, 'register.error.email') });
  const role = (BOARD_CONTACT_ROLES as readonly string[]).includes(values.role) ? (values.role as BoardContactRole) : undefined;
  if (!role) errors.push({ field: 'role', message: translate(lang, 'register.error.choose') });
  const schools = await boardSchools(db, boardNumber);
  if (role === 'director' && !schools.some((s) => s.brin === values.brin)) errors.push({ field: 'brin', message: translate(lang, 'board.contact.schoolMissing') });
  if (role && role !== 'director' && values.brin) errors.push({ field: 'brin', message: translate(lang, 'board.contact.schoolOnlyDirector') });
  if (values.manage !== 'ja' && values.manage !== 'nee') errors.push({ field: 'manage', message: translate(lang, 'register.error.choose') });
  else if (values.manage === 'ja' && role && role !== 'board') errors.push({ field: 'manage', message: translate(lang, 'board.contact.manageOnlyBoard') });
  if (!errors.some((e) => e.field === 'email') && (await contactIdByEmail(db, values.email))) errors.push({ field: 'email', message: translate(lang, 'board.contact.emailTaken') });
  if (errors.length || !role) return { values, errors };
  const invited = await db.transaction(async (trx) => {
    const out = await inviteContact(trx, { boardNumber, email: values.email, name: values.name, role, brin: role === 'director' ? values.brin : null, canManage: values.manage === 'ja', invitedBy: by.actorId });
    await recordAdminAction(trx, { userId: by.actorId, name: by.name, ip: req.ip }, { action: 'board-contact.invited', targetType: 'board-contact', targetId: out.contact.id, data: { board: boardNumber, role, canManage: out.contact.canManage } });
    return out;
  });
  const url = `${baseUrl(req)}/bestuur/uitnodiging/${invited.token}`;
  const { contact } = invited;
  const vars = { name: contact.name, board: contact.boardName, by: by.name, url, date: formatDate(invited.expiresAt, lang, false) };
  sendNoticeInBackground(mail, { to: [{ name: contact.name, address: contact.email }], subject: translate(lang, 'board.invite.mail.subject', vars), text: translate(lang, 'board.invite.mail.text', vars) }, { contact: contact.id, notice: 'board-invitation' });
  return { contact, url, expiresAt: invited.expiresAt };
}

/** The page that shows the invitation link, once. */
export function renderInvited(req: Request, res: Response, invited: Invited, back: string): void {
  renderPage(req, res, 'board-invited', { titleKey: 'board.invited.title', contact: invited.contact, url: invited.url, expiresAt: invited.expiresAt, days: INVITE_DAYS, back }, 201);
}
