/**
 * What goes into a letter: the data snapshot a template renders from. Built here, purely, so that a
 * stored snapshot re-renders byte-identical later and tests can read it without a database.
 */
import type { ComplaintInput } from './intake';
import { CATEGORY_LABELS, DEFAULT_COMMITTEE, formatLetterDate, type CommitteeContact } from './committee';

/** Who a workflow step addresses; `complainant-side` is the complainant and, when there is one, the representative. */
export type AddresseeGroup = 'complainant-side';
export type AddresseeRole = 'complainant' | 'representative';

export interface Addressee {
  role: AddresseeRole;
  name: string;
  email: string;
  /** Set when writing to a representative: whose complaint it is. */
  onBehalfOf: string | null;
}

/** Expands an addressee group against the complaint. */
export function addresseesOf(group: AddresseeGroup, complaint: ComplaintInput): Addressee[] {
  switch (group) {
    case 'complainant-side': {
      const list: Addressee[] = [{ role: 'complainant', name: complaint.complainant.name, email: complaint.complainant.email, onBehalfOf: null }];
      if (complaint.representative) {
        list.push({ role: 'representative', name: complaint.representative.name, email: complaint.representative.email, onBehalfOf: complaint.complainant.name });
      }
      return list;
    }
  }
}

export interface LetterTerm {
  /** The due date, YYYY-MM-DD. */
  due: string;
  /** The explanation of how the due date was computed, in the letter's language. */
  explanation: string;
}

export interface LetterSnapshot {
  language: 'nl' | 'en';
  caseNumber: string;
  letterDate: string;
  letterDateText: string;
  subject: string;
  addressee: Addressee;
  committee: CommitteeContact;
  complainantName: string;
  schoolName: string;
  schoolBrin: string;
  categoryLabel: string;
  receivedOn: string;
  receivedOnText: string;
  term: LetterTerm | null;
}

export function buildLetterSnapshot(input: {
  caseNumber: string;
  complaint: ComplaintInput;
  receivedOn: string;
  letterDate: string;
  subject: string;
  addressee: Addressee;
  term?: LetterTerm | null;
  committee?: CommitteeContact;
}): LetterSnapshot {
  const language = input.complaint.language ?? 'nl';
  return {
    language,
    caseNumber: input.caseNumber,
    letterDate: input.letterDate,
    letterDateText: formatLetterDate(input.letterDate, language),
    subject: `${input.subject} (${input.caseNumber})`,
    addressee: input.addressee,
    committee: input.committee ?? DEFAULT_COMMITTEE,
    complainantName: input.complaint.complainant.name,
    schoolName: input.complaint.school.name,
    schoolBrin: input.complaint.school.brin,
    categoryLabel: CATEGORY_LABELS[input.complaint.category][language],
    receivedOn: input.receivedOn,
    receivedOnText: formatLetterDate(input.receivedOn, language),
    term: input.term ?? null,
  };
}
