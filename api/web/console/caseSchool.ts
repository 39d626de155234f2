/**
 * The case's school against the register, for the secretary: a school intake could not find
 * (linked here to a register entry, or entered by hand), and a board not affiliated with the
 * committee on the date of receipt (for the admissibility decision). Read model only: the
 * workflow is not told; the case row, its complaint and the audit log are.
 */
import type { Knex } from 'knex';
import type { SchoolRef, Sector } from '../../../domain/intake';
import { formatLetterDate } from '../../../domain/committee';
import { appendEvent, setCaseSchool, type CaseRow } from '../../../platform/store/cases';
import { schoolWithBoardAffiliation } from '../../../platform/store/schools';
import { translate, type Lang } from '../i18n';

export interface CaseSchoolFlags {
  /** The school is not in the register: what the complainant typed. */
  unmatched?: string;
  /** The board was not affiliated on the date of receipt. */
  notAffiliated?: string;
  /** The board's affiliation, when it is affiliated. */
  affiliation?: string;
}

/** `admissibilityOpen`: whether admissibility is still to be decided (only then is the advice to weigh the flag useful). */
export async function caseSchoolFlags(db: Knex, row: CaseRow, lang: Lang, admissibilityOpen: boolean): Promise<CaseSchoolFlags> {
  const date = (d: string) => formatLetterDate(d, lang);
  if (row.school_match === 'unmatched') {
    const s = row.complaint.school;
    return { unmatched: translate(lang, 'console.school.unmatchedTyped', { name: s.name, place: s.place ? `, ${s.place}` : '', brin: s.brin ? ` (${s.brin})` : '' }) };
  }
  if (!row.school_brin) return {};
  const school = await schoolWithBoardAffiliation(db, row.school_brin);
  // Only a school whose board is known can be checked; cases from before the register carry no flag.
  if (!school || (!school.board_number && row.school_match !== 'manual')) return {};
  const since: string | null = school.affiliated_since ?? null;
  if (since && since <= row.received_on) return { affiliation: translate(lang, 'console.school.affiliatedSince', { date: date(since) }) };
  const key = admissibilityOpen ? 'console.school.notAffiliated' : 'console.school.notAffiliatedDecided';
  return { notAffiliated: translate(lang, key, { board: school.board_name, date: date(row.received_on) }) };
}

/** Points the case at a school: its row, its complaint (letters name the school from it) and an audit event. */
export async function linkCaseSchool(db: Knex, row: CaseRow, school: SchoolRef & { brin: string }, match: 'linked' | 'manual', actor: string): Promise<void> {
  await db.transaction(async (trx) => {
    const ref: SchoolRef = { brin: school.brin, name: school.name, ...(school.place ? { place: school.place } : {}), ...(school.sector ? { sector: school.sector as Sector } : {}) };
    await setCaseSchool(trx, row.id, { brin: school.brin, name: school.name, sector: school.sector ?? row.sector, match, ref });
    await appendEvent(trx, { caseId: row.id, type: 'school.linked', actor, data: { from: { brin: row.school_brin, name: row.school_name }, to: { brin: school.brin, name: school.name }, match } });
  });
}
