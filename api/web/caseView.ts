/**
 * What a party sees of its case: the state in plain language, the running terms with their
 * explanation (from the workflow itself), the timeline, its letters and the documents released to
 * it. Reading it is logged. The same builder serves the complainant's and the school's pages and
 * their JSON API (partyCaseJson), each limited to what that party may see: no actors, no event data,
 * no internal events, no letters to others or drafts, no documents not released to it.
 */
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { isClosed, STATUS_LABELS, type CaseStatus } from '../../domain/caseStatus';
import { findCase, listEvents, type CaseRow } from '../../platform/store/cases';
import { caseState } from '../services/caseActions';
import type { CaseStateView, ComplianceView, HearingView } from '../../contracts/messages';
import type { CaseEventRow } from '../../platform/store/cases';
import { stageView, type StageView } from './parties/stage';
import { documentsFor, type DocumentMeta, type Party } from '../portal/documents';
import { logCaseRead } from '../../platform/store/accessLog';
import { partyLetter, partyLetterList } from '../../platform/store/letters';
import { casePartiesForParty } from '../services/caseParties';
import { isMessageKey, messageKey, translate, type Lang } from './i18n';

/** Letters each party may read: its own, never drafts waiting for the second signature. */
export const LETTER_ROLES: Record<'complainant' | 'school', string[]> = {
  complainant: ['complainant', 'representative'],
  school: ['school-board'],
};

export interface CaseView {
  row: CaseRow;
  caseNumber: string;
  status: CaseStatus;
  statusLabel: string;
  nextStep: string;
  terms: Array<{ label: string; due: string; explanation: string }>;
  allowedActions: string[];
  closed: boolean;
  timeline: Array<{ type: string; label: string; at: Date }>;
  letters: Array<{ id: string; kind: string; subject: string; createdAt: Date }>;
  documents: DocumentMeta[];
  /** The persons complained about and the representatives (names and roles), and the filing term. */
  parties: ReturnType<typeof casePartiesForParty>;
  /** The stage bar and this party's next step. */
  stage: StageView;
}

/** Terms of the hearing a party acts on (the hearing's own deadline for the committee stays out). */
const PARTY_HEARING_TERMS = ['availability', 'postponementRequest'];

/**
 * An event's label for a party; a decision or an answer shows its outcome, not only that it came. The
 * school reads its own steps as its own (`event.school.*`), where the complainant's wording would be wrong.
 */
function eventLabel(lang: Lang, party: 'complainant' | 'school', e: Pick<CaseEventRow, 'type' | 'data'>): string {
  if (e.type === 'admissibility.decided') {
    const admissible = (e.data as { admissible?: unknown } | null)?.admissible;
    if (admissible === true) return translate(lang, 'event.admissibility.admitted');
    if (admissible === false) return translate(lang, 'event.admissibility.refused');
  }
  if (e.type === 'advice.answered') {
    const accepts = (e.data as { acceptsFinding?: unknown } | null)?.acceptsFinding;
    if (typeof accepts === 'boolean') return translate(lang, messageKey(`event.${party}.advice.answered.${accepts ? 'accepts' : 'rejects'}`));
  }
  const own = `event.${party}.${e.type}`;
  return translate(lang, isMessageKey(own) ? own : messageKey(`event.${e.type}`));
}

export async function loadCaseView(
  deps: { db: Knex; temporal: Client },
  opts: { caseNumber: string; party: 'complainant' | 'school'; actor: string; ip: string | undefined; lang: Lang; logAction?: string },
): Promise<CaseView | undefined> {
  const row = await findCase(deps.db, opts.caseNumber);
  if (!row) return undefined;
  const [events, letters, documents, states] = await Promise.all([
    listEvents(deps.db, row.id),
    partyLetterList(deps.db, row.id, LETTER_ROLES[opts.party]),
    documentsFor(deps.db, row.id, opts.party as Party),
    caseState(deps.temporal, row.case_number) as Promise<{ complaint?: CaseStateView; hearing?: HearingView; compliance?: ComplianceView }>,
  ]);
  const { complaint: state } = states;
  // A hearing's terms are the parties' too: the invitation's postponement deadline, the availability answer.
  const hearingTerms = (states.hearing?.terms ?? []).filter((t) => PARTY_HEARING_TERMS.includes(t.key));
  await logCaseRead(deps.db, { caseId: row.id, actor: opts.actor, action: opts.logAction ?? 'portal.case.read', ip: opts.ip });
  const lang = opts.lang;
  const status = state?.status ?? row.status;
  const closed = isClosed(status);
  return {
    row,
    caseNumber: row.case_number,
    status,
    statusLabel: STATUS_LABELS[status][lang],
    nextStep: translate(lang, messageKey(`${opts.party === 'school' ? 'next.school' : 'next'}.${closed ? 'closed' : status}`)),
    terms: [...(state?.terms ?? []), ...hearingTerms].filter((t) => t.due).map((t) => ({ label: t.label[lang], due: t.due!, explanation: t.explanation[lang] })),
    allowedActions: state?.allowedActions ?? [],
    closed,
    // Only the steps a party understands; internal bookkeeping (letters stored, status rows) stays out.
    timeline: events.filter((e) => isMessageKey(`event.${e.type}`)).map((e) => ({ type: e.type, label: eventLabel(lang, opts.party, e), at: e.occurred_at })),
    letters: letters.map((l) => ({ id: String(l.id), kind: l.kind, subject: l.subject, createdAt: l.created_at })),
    documents,
    stage: stageView(lang, opts.party, states, row.status),
    parties: casePartiesForParty(row, events),
  };
}

/** The party's view as the JSON API gives it: exactly what the portal page shows, nothing more. */
export function partyCaseJson(view: CaseView) {
  const row = view.row;
  return {
    caseNumber: view.caseNumber,
    status: view.status,
    statusLabel: STATUS_LABELS[view.status],
    closed: view.closed,
    receivedOn: row.received_on,
    nextDeadline: row.next_deadline,
    category: row.category,
    school: { brin: row.school_brin, name: row.school_name },
    ...view.parties,
    nextStep: view.nextStep,
    stage: view.stage.stage,
    nextTask: view.stage.task,
    terms: view.terms,
    allowedActions: view.allowedActions,
    timeline: view.timeline,
    letters: view.letters,
    documents: view.documents.map((d) => ({ id: d.id, kind: d.kind, name: d.originalName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, uploadedBy: d.uploadedBy, createdAt: d.createdAt })),
  };
}

/** The language a JSON API caller asked for with ?lang=en; Dutch otherwise. */
export function apiLang(query: unknown): Lang {
  return query === 'en' ? 'en' : 'nl';
}

/** A letter of this case addressed to this party, for reading in the portal. */
export async function letterFor(db: Knex, caseId: string, party: 'complainant' | 'school', letterId: string): Promise<{ id: string; html: string; subject: string } | undefined> {
  if (!/^\d{1,18}$/.test(letterId)) return undefined;
  return partyLetter(db, caseId, LETTER_ROLES[party], letterId);
}
