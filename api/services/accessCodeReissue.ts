/**
 * A complainant who lost the access code asks for a new one with the case number alone. The new
 * code goes to the e-mail address on file (for a minor: the parent or guardian's), the old code
 * stops working at once, and the answer is the same whether the case exists or not, so the request
 * tells nobody which case numbers are in use. Without an e-mail address on file no code is made
 * here: the secretariat sees the request on the case and sends a code by post.
 *
 * The code is never stored nor written to the audit log; the mail is handed to SMTP after the
 * answer, so the answer takes as long for a real case as for an unknown one.
 */
import type { Knex } from 'knex';
import { isCaseNumber } from '../../domain/caseNumber';
import type { ComplaintInput } from '../../domain/intake';
import { sendNoticeInBackground } from '../../platform/mail/notice';
import { appendEvent, findCase, updateCaseById } from '../../platform/store/cases';
import { hashAccessCode, randomAccessCode } from './accessCodes';

export interface ReissueDeps {
  db: Knex;
  secret: string;
  mail: { smtpUrl: string; from: string };
}

/** The addresses the code may go to: those of the complaint's own letters. */
export function accessCodeRecipients(complaint: ComplaintInput): Array<{ name: string; address: string }> {
  const c = complaint.complainant;
  if (c.email && (!c.minor || c.lettersToSelf)) return [{ name: c.name, address: c.email }];
  // A minor's letters go to the parent or guardian: so does the code.
  const guardians = (complaint.representatives ?? []).filter((r) => r.relation === 'parent-or-guardian' && (r.forComplainant ?? 1) === 1 && r.email);
  if (c.minor) return guardians.map((r) => ({ name: r.name, address: r.email! }));
  return [];
}

function mailText(language: 'nl' | 'en', caseNumber: string, code: string): { subject: string; text: string } {
  if (language === 'en') {
    return {
      subject: `New access code for case ${caseNumber}`,
      text: `A new access code was requested for case ${caseNumber}.\n\nYour new access code: ${code}\n\nThe previous code no longer works. Keep this code safe: with the case number it opens the case.\nDid you not ask for this? Please contact the secretariat of the committee.`,
    };
  }
  return {
    subject: `Nieuwe toegangscode voor zaak ${caseNumber}`,
    text: `Er is een nieuwe toegangscode gevraagd voor zaak ${caseNumber}.\n\nUw nieuwe toegangscode: ${code}\n\nDe vorige code werkt niet meer. Bewaar deze code goed: met het zaaknummer opent hij de zaak.\nHebt u dit niet gevraagd? Neem dan contact op met het secretariaat van de commissie.`,
  };
}

/** Does what can be done for the case number given; returns nothing, whatever happened. */
export async function reissueAccessCode(deps: ReissueDeps, caseNumber: string, ip: string | undefined): Promise<void> {
  const row = isCaseNumber(caseNumber) ? await findCase(deps.db, caseNumber) : undefined;
  if (!row) return;
  const to = accessCodeRecipients(row.complaint);
  if (to.length === 0) {
    await appendEvent(deps.db, { caseId: row.id, type: 'access-code.reissue-requested', actor: 'complainant', data: { channel: 'post', ip: ip ?? null } });
    return;
  }
  const code = randomAccessCode();
  await deps.db.transaction(async (trx) => {
    await updateCaseById(trx, row.id, { access_code_hash: hashAccessCode(deps.secret, row.case_number, code), updated_at: new Date() });
    await appendEvent(trx, { caseId: row.id, type: 'access-code.reissued', actor: 'complainant', data: { channel: 'email', to: to.map((t) => t.address), ip: ip ?? null } });
  });
  const { subject, text } = mailText(row.language, row.case_number, code);
  sendNoticeInBackground(deps.mail, { to, subject, text }, { caseNumber: row.case_number, notice: 'access-code' });
}
