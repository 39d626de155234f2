/**
 * What goes into a letter: who it is addressed to, and the data snapshot a template renders from.
 * Built here, purely, so that a stored snapshot re-renders byte-identical later and tests can read
 * it without a database.
 */
import type { ComplaintInput, RepresentativeRelation } from './intake';
import { categoryLabel } from './policy';
import { DEFAULT_COMMITTEE, formatLetterDate, type CommitteeContact, type InspectorateContact } from './committee';
import { LETTER_KINDS, type LetterKind } from './letterKinds';
import type { LetterDetails, PanelAddressees } from './letterDetails';

/**
 * Whom a workflow step addresses (process.md, "Letters"):
 * - `complainant-side`: the complainants and their representatives (a minor's letters go to the parent
 *   or guardian, the pupil's own only by choice; a confidential counsellor only when kept informed);
 * - `school-board`: the school board (bevoegd gezag);
 * - `school-side`: the school board and the persons complained about the case names;
 * - `all-parties`: complainant side and school side;
 * - `inspectorate`: the Inspectorate, with separate copies to the school board and the complainant;
 * - `inspectorate-school`: the Inspectorate, with a copy to the school board only (a reporting-duty
 *   report: the complainant is no party to the school's own duty);
 * - `panel`: the panel members named in the letter's `details.panel`.
 */
export const ADDRESSEE_GROUPS = ['complainant-side', 'school-board', 'school-side', 'all-parties', 'all-but-board', 'inspectorate', 'inspectorate-school', 'panel'] as const;
export type AddresseeGroup = (typeof ADDRESSEE_GROUPS)[number];
export type AddresseeRole = 'complainant' | 'representative' | 'school-board' | 'respondent' | 'inspectorate' | 'panel-member';
export type Language = 'nl' | 'en';

export interface Addressee {
  role: AddresseeRole;
  /** Unique within one letter of one step (e.g. `panel-member:2`): part of the letter's idempotency key. */
  key: string;
  name: string;
  /** No e-mail address: the letter goes by post (the outbox marks it for print). */
  email: string | null;
  /** Address lines separated by newlines; null when only e-mail is known. */
  postalAddress: string | null;
  /** Set when writing to a representative: whose complaint it is. */
  onBehalfOf: string | null;
  /** The representative of a pupil is the parent: the letter speaks of "uw kind". */
  parentOfPupil: boolean;
  /** Set on a copy: the name of the main addressee (process.md step 16). */
  copyOf: string | null;
  /** Set for panel members. */
  panelRole: 'chair' | 'member' | null;
  /** The language this addressee gets letters in: the complainant side may ask for English. */
  language: Language;
  /** A representative of the `representatives` list: how they relate to the complainant (how the letter speaks to them). */
  relation?: RepresentativeRelation;
}

/** The single respondent of stored cases from before the `respondents` list. */
export interface Respondent {
  name: string;
  email?: string;
  role?: string;
}

/** The school board's contact details, from the `schools` table; null when the school is unknown. */
export interface SchoolBoardContact {
  boardName: string;
  email: string | null;
  postalAddress: string | null;
}

export interface AddresseeContext {
  complaint: ComplaintInput & { respondent?: Respondent };
  schoolBoard: SchoolBoardContact | null;
  inspectorate: InspectorateContact;
  /** From the letter's details; required for the `panel` group. */
  panel?: PanelAddressees['panel'];
}

export class AddresseeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddresseeError';
  }
}

const base = { onBehalfOf: null, parentOfPupil: false, copyOf: null, panelRole: null } as const;

function complainantSide(ctx: AddresseeContext): Addressee[] {
  const { complaint } = ctx;
  const language: Language = complaint.language ?? 'nl';
  const complainants = [complaint.complainant, ...(complaint.coComplainants ?? [])];
  const list: Addressee[] = [];
  complainants.forEach((person, i) => {
    // A minor's letters go to the parent or guardian; the pupil's own address only by choice.
    if (person.minor && !person.lettersToSelf) return;
    list.push({ ...base, role: 'complainant', key: i === 0 ? 'complainant' : `complainant:${i + 1}`, name: person.name, email: person.email ?? null, postalAddress: person.postalAddress ?? null, language });
  });
  if (complaint.representative) {
    list.push({
      ...base,
      role: 'representative',
      key: 'representative',
      name: complaint.representative.name,
      email: complaint.representative.email ?? null,
      postalAddress: complaint.representative.postalAddress ?? null,
      onBehalfOf: complaint.complainant.name,
      // A pupil is (nearly always) a minor; whoever represents a pupil writes as the parent.
      parentOfPupil: complaint.complainant.role === 'pupil',
      language,
    });
  }
  (complaint.representatives ?? []).forEach((rep, i) => {
    // A confidential counsellor is kept informed only when the complainant wants that.
    if (rep.relation === 'confidential-counsellor' && !rep.keepInformed) return;
    const principal = complainants[(rep.forComplainant ?? 1) - 1] ?? complaint.complainant;
    list.push({
      ...base,
      role: 'representative',
      key: `representative:${i + 1}`,
      name: rep.name,
      email: rep.email ?? null,
      postalAddress: rep.postalAddress ?? null,
      onBehalfOf: principal.name,
      parentOfPupil: rep.relation === 'parent-or-guardian' && (principal.role === 'pupil' || principal.minor === true),
      relation: rep.relation,
      language,
    });
  });
  return list;
}

function schoolBoard(ctx: AddresseeContext): Addressee {
  const board = ctx.schoolBoard;
  return {
    ...base,
    role: 'school-board',
    key: 'school-board',
    // Unknown school: the letter still reaches the board by post, addressed by the school's name.
    name: board?.boardName ?? `Het bevoegd gezag van ${ctx.complaint.school.name}`,
    email: board?.email ?? null,
    postalAddress: board?.postalAddress ?? null,
    language: 'nl',
  };
}

function respondent(ctx: AddresseeContext): Addressee[] {
  const legacy = ctx.complaint.respondent;
  const list: Addressee[] = legacy ? [{ ...base, role: 'respondent', key: 'respondent', name: legacy.name, email: legacy.email ?? null, postalAddress: null, language: 'nl' }] : [];
  (ctx.complaint.respondents ?? []).forEach((r, i) => {
    const board = schoolBoard(ctx);
    // Without own contact details the letter reaches them care of the school board (p/a).
    const careOf = !r.email && !r.postalAddress;
    list.push({
      ...base,
      role: 'respondent',
      key: `respondent:${i + 1}`,
      name: r.name,
      email: r.email ?? (careOf ? board.email : null),
      postalAddress: r.postalAddress ?? (careOf && board.postalAddress ? `p/a ${board.name}\n${board.postalAddress}` : null),
      language: 'nl',
    });
  });
  return list;
}

/** One respondent of the `respondents` list (1-based), for a letter to them alone. */
export function respondentAddressee(ctx: AddresseeContext, index: number): Addressee {
  const found = respondent(ctx).find((a) => a.key === `respondent:${index}`);
  if (!found) throw new AddresseeError(`no respondent ${index} in this case`);
  return found;
}

function schoolSide(ctx: AddresseeContext): Addressee[] {
  return [schoolBoard(ctx), ...respondent(ctx)];
}

/** Expands an addressee group against the case. One letter is written per addressee. */
export function addresseesOf(group: AddresseeGroup, ctx: AddresseeContext): Addressee[] {
  switch (group) {
    case 'complainant-side':
      return complainantSide(ctx);
    case 'school-board':
      return [schoolBoard(ctx)];
    case 'school-side':
      return schoolSide(ctx);
    case 'all-parties':
      return [...complainantSide(ctx), ...schoolSide(ctx)];
    case 'all-but-board':
      // What the board itself wrote goes to everyone else: the complainant's side and the people complained about.
      return [...complainantSide(ctx), ...respondent(ctx)];
    case 'inspectorate':
    case 'inspectorate-school': {
      const inspectorate: Addressee = {
        ...base,
        role: 'inspectorate',
        key: 'inspectorate',
        name: ctx.inspectorate.name,
        email: ctx.inspectorate.email,
        postalAddress: ctx.inspectorate.postalAddress,
        language: 'nl',
      };
      const copied = group === 'inspectorate' ? [schoolBoard(ctx), complainantSide(ctx)[0]] : [schoolBoard(ctx)];
      const copies = copied.map((a) => ({ ...a, key: `${a.key}:copy`, copyOf: inspectorate.name }));
      return [inspectorate, ...copies];
    }
    case 'panel': {
      if (!ctx.panel?.length) throw new AddresseeError('letters to the panel need details.panel: [{name, email, role}]');
      return ctx.panel.map((m, i) => ({
        ...base,
        role: 'panel-member' as const,
        key: `panel-member:${i + 1}`,
        name: m.name,
        email: m.email,
        postalAddress: null,
        panelRole: m.role,
        language: 'nl' as const,
      }));
    }
    default:
      throw new AddresseeError(`unknown addressee group "${String(group)}"; expected one of ${ADDRESSEE_GROUPS.join(', ')}`);
  }
}

export interface LetterTerm {
  /** Which running term (its id in the term ledger): whom a letter told of a term, when that term moves. */
  termId?: string;
  /** The due date, YYYY-MM-DD. */
  due: string;
  /** The explanation of how the due date was computed, in the letter's language. */
  explanation: string;
  /**
   * The explanation per language, for a step whose addressees read different languages (an English
   * complainant and a Dutch school board); `explanation` is used where a language is missing.
   */
  explanations?: Partial<Record<Language, string>>;
}

/** Who signs: the secretariat for the procedure's correspondence; the chair or the committee for decisions. */
export type Signatory = 'secretariat' | 'chair' | 'committee';

export interface LetterSnapshot {
  language: Language;
  kind?: LetterKind;
  caseNumber: string;
  letterDate: string;
  letterDateText: string;
  subject: string;
  addressee: Addressee;
  committee: CommitteeContact;
  complainantName: string;
  complainantRole?: ComplaintInput['complainant']['role'];
  schoolName: string;
  schoolBrin: string;
  categoryLabel: string;
  receivedOn: string;
  receivedOnText: string;
  term: { due: string; explanation: string } | null;
  details?: LetterDetails;
  signatory?: Signatory;
  decision?: boolean;
}

function signatoryOf(kind: LetterKind | undefined, details: unknown): Signatory {
  if (kind === 'advies') return 'committee';
  if (kind === 'beslissing-niet-ontvankelijk') return (details as LetterDetails<'beslissing-niet-ontvankelijk'>).decidedBy === 'committee' ? 'committee' : 'chair';
  if (kind === 'melding-niet-naleving' || kind === 'melding-inspectie') return 'chair';
  return 'secretariat';
}

export function buildLetterSnapshot(input: {
  caseNumber: string;
  complaint: ComplaintInput;
  /** The category's label from the case's policy version (a category added after the first version). */
  categoryLabel?: { nl: string; en: string };
  receivedOn: string;
  letterDate: string;
  subject: string;
  addressee: Addressee;
  term?: LetterTerm | null;
  committee?: CommitteeContact;
  kind?: LetterKind;
  details?: LetterDetails;
}): LetterSnapshot {
  // Letters to the complainant side follow the complaint's language; the school board, the
  // Inspectorate and the panel read Dutch. Older addressees without a language follow the complaint.
  const language: Language = input.addressee.language ?? input.complaint.language ?? 'nl';
  const term = snapshotTerm(input.term, language);
  return {
    language,
    ...(input.kind ? { kind: input.kind, decision: LETTER_KINDS[input.kind].decision, signatory: signatoryOf(input.kind, input.details) } : {}),
    caseNumber: input.caseNumber,
    letterDate: input.letterDate,
    letterDateText: formatLetterDate(input.letterDate, language),
    subject: `${input.subject} (${input.caseNumber})`,
    addressee: input.addressee,
    committee: input.committee ?? DEFAULT_COMMITTEE,
    complainantName: input.complaint.complainant.name,
    complainantRole: input.complaint.complainant.role,
    schoolName: input.complaint.school.name,
    schoolBrin: input.complaint.school.brin ?? '',
    // A category added by a later policy version has its label there (the activity passes it).
    categoryLabel: (input.categoryLabel ?? categoryLabel(undefined, input.complaint.category))[language],
    receivedOn: input.receivedOn,
    receivedOnText: formatLetterDate(input.receivedOn, language),
    term,
    ...(input.kind ? { details: input.details ?? {} } : {}),
  };
}

function snapshotTerm(term: LetterTerm | null | undefined, language: Language): LetterSnapshot['term'] {
  return term ? { ...(term.termId ? { termId: term.termId } : {}), due: term.due, explanation: term.explanations?.[language] ?? term.explanation } : null;
}

/** What a decision's letter says only once it is sent (issue 12): the sending day, and the terms counted from it. */
export interface SendingData {
  letterDate: string;
  term?: LetterTerm | null;
  details?: Record<string, unknown>;
}

/**
 * A drafted decision's snapshot as it is sent: dated on the sending day, with the terms and details
 * that count from that day. Everything else (the text, the addressee) stays as drafted and approved.
 */
export function sentSnapshot(draft: LetterSnapshot, sending: SendingData): LetterSnapshot {
  return {
    ...draft,
    letterDate: sending.letterDate,
    letterDateText: formatLetterDate(sending.letterDate, draft.language),
    ...(sending.term !== undefined ? { term: snapshotTerm(sending.term, draft.language) } : {}),
    ...(sending.details ? { details: { ...(draft.details ?? {}), ...sending.details } as LetterDetails } : {}),
  };
}

const MONTHS: Record<Language, readonly string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const WEEKDAYS: Record<Language, readonly string[]> = {
  nl: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/**
 * A date in a letter's text: "11 december 2026", or with the weekday "vrijdag 11 december 2026".
 * Table-driven rather than Intl, so an old letter re-renders byte-identical on any Node/ICU version.
 */
export function letterDateText(iso: string, language: Language, withWeekday = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date YYYY-MM-DD: "${iso}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const text = `${d} ${MONTHS[language][mo - 1]} ${y}`;
  if (!withWeekday) return text;
  return `${WEEKDAYS[language][new Date(Date.UTC(y, mo - 1, d)).getUTCDay()]} ${text}`;
}
