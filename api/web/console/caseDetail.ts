/**
 * Everything the console shows of one case: the parties, documents with their release, the whole
 * timeline, every running term with its due date and explanation (from the workflows' queries, so
 * the page says what the procedure itself says), the letters with their approval state, the
 * actions allowed now and the way into the Temporal Web UI. Reading it is logged.
 */
import { currentSchoolLink } from '../../portal/schoolLinks';
import { partySummary, type SummaryLine } from '../partySummary';
import { casePartiesForStaff } from '../../services/caseParties';
import type { Knex } from 'knex';
import { currentConfig, type Config } from '../../../platform/config';
import type { Client } from '@temporalio/client';
import { isClosed, STATUS_LABELS, type CaseStatus } from '../../../domain/caseStatus';
import { findCase, listEvents, reportingDutyOf, type CaseRow } from '../../../platform/store/cases';
import { userNames } from '../../../platform/store/users';
import { contactNames } from '../../../platform/store/boardContacts';
import { linkRecipients } from '../../../platform/store/schoolLinks';
import { consoleLetters } from '../../../platform/store/letters';
import { consoleDocuments } from '../../../platform/store/documents';
import { schoolBoardNameAndEmail } from '../../../platform/store/schools';
import { sitsOnPanel } from '../../../platform/store/hearings';
import { caseState } from '../../services/caseActions';
import type { CaseStateView, ComplianceView, HearingView } from '../../../contracts/messages';
import { logCaseRead } from '../../../platform/store/accessLog';
import { messageKey, translate, translateKnown, type Lang } from '../i18n';
import type { ConsoleUser } from './access';
import { actionHolders, actionsFor, type DynamicOptions } from './actions';
import { caseSchoolFlags, type CaseSchoolFlags } from './caseSchool';
import { applicableActions, primaryAction, termsForActions } from './nextActions';
import { stageView, type StageView } from '../parties/stage';
import { categoryLabel, type PolicyVersion } from '../../../domain/policy';
import { casePolicy } from '../../../platform/store/policies';
import { isLetterKind, LETTER_KINDS } from '../../../domain/letterKinds';

/** The Web UI of the Temporal server (the dev server's by default), for the workflow link. */
export function temporalUiUrl(workflowId: string, config: Config = currentConfig()): string {
  const base = config.temporalUiUrl;
  const namespace = config.temporalNamespace;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export interface ConsoleDocument {
  id: string;
  kind: string;
  originalName: string;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: Date;
  releasedTo: string;
  /** The parties it may still be released to. */
  releasable: Array<{ to: string; label: string }>;
}

export interface ConsoleCase {
  row: CaseRow;
  /** The policy version the case was filed under (issue 13), as stored. */
  policy: PolicyVersion;
  caseNumber: string;
  status: CaseStatus;
  statusLabel: string;
  closed: boolean;
  categoryLabel: string;
  board?: { name: string; email: string | null };
  complainant: { name: string; email?: string; phone?: string; role?: string };
  representative?: { name: string; email?: string; phone?: string; relation?: string };
  /** Co-complainants, representatives, persons complained about and the filing term, as lines. */
  partyLines: SummaryLine[];
  terms: Array<{ id: string; label: string; due: string | null; explanation: string; overdue: boolean }>;
  timeline: Array<{ label: string; detail?: string; actor: string; at: Date }>;
  letters: Array<{ id: string; subject: string; kind: string; to: string; status: string; statusLabel: string; awaitingApproval: boolean; draftedBy: string; approvedBy: string | null; createdAt: Date }>;
  documents: ConsoleDocument[];
  actions: Array<{ name: string; label: string; primary: boolean }>;
  /** The one action that moves the case on now, highlighted on the page. */
  primary?: { name: string; label: string };
  /** The stage bar the parties see too (received → … → closed), here as the secretariat's. */
  stage: StageView;
  /** When the step that moves the case on is someone else's: what it is and whose (e.g. the chair's decision). */
  nextByOthers?: { label: string; by: string };
  /** Per term action, the terms it applies to (the form lists only these). */
  termOptions: Record<string, Array<{ value: string; label: string }>>;
  /** What the admissibility decision needs to know, from the complaint as filed. */
  admissibility: { occurredOn: string; late: boolean; raisedWithSchool: string; notRaisedReason?: string; role: string };
  /** The availability people gave for the hearing, by person, and the dates that suit everyone. */
  availability: Array<{ who: string; dates: string[] }>;
  allowedActions: string[];
  dynamic: DynamicOptions;
  hearing?: HearingView;
  compliance?: ComplianceView;
  measures: Array<{ description: string; status: string; due: string | null }>;
  reportingDuty: string;
  /** The category may be about a serious incident the secretary has not flagged (yet). */
  possiblyReportable: boolean;
  temporalUrl: string;
  schoolLink?: { id: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; issuedTo: string | null };
  /** The school against the register: not found, or its board not affiliated. */
  schoolFlags: CaseSchoolFlags;
}

const PARTIES = ['complainant', 'school'] as const;

/** Every entry in the page's language: a type without its own text reads as "an event in the case", never as its key. */
function eventLabel(lang: Lang, type: string): string {
  return translateKnown(lang, `console.event.${type}`) ?? translateKnown(lang, `event.${type}`) ?? translate(lang, 'console.event.other');
}

/** A letter's kind as the page's language names it. */
function letterKindLabel(lang: Lang, kind: unknown): string {
  return typeof kind === 'string' && isLetterKind(kind) ? LETTER_KINDS[kind][lang] : translate(lang, 'console.event.other');
}

/**
 * Who acted, in the page's language: staff by name (user:<id>, <role>:user:<id>, or a bare id as
 * tokens once recorded it), parties and the system by their role; never the raw actor id.
 */
function actorLabel(lang: Lang, actor: string | null, names: Map<string, string>): string {
  if (!actor) return translate(lang, 'console.actor.system');
  const user = /^(?:[a-z]+:)?user:(\d{1,18})$|^(\d{1,18})$/.exec(actor);
  if (user) return names.get(`user:${user[1] ?? user[2]}`) ?? translate(lang, 'console.actor.other');
  const named = names.get(actor);
  if (named) return named;
  const kind = actor.split(':')[0];
  return translateKnown(lang, `console.actor.${kind}`) ?? translate(lang, 'console.actor.other');
}

const known = (lang: Lang, prefix: string, value: unknown): string => (typeof value === 'string' ? translateKnown(lang, `${prefix}${value}`) : undefined) ?? String(value ?? '');

/** The one fact of an event the secretary looks for: which state, which letter, which term. */
function eventDetail(lang: Lang, type: string, data: Record<string, unknown>, policy: PolicyVersion): string | undefined {
  if (type === 'status.changed') {
    const label = (v: unknown) => (typeof v === 'string' && v in STATUS_LABELS ? STATUS_LABELS[v as CaseStatus][lang] : String(v));
    return `${label(data.from)} → ${label(data.to)}`;
  }
  if (type.startsWith('letter.') && data.kind) return `${letterKindLabel(lang, data.kind)}${data.to ? `, ${known(lang, 'console.addressee.', data.to)}` : ''}`;
  if (type.startsWith('term.') && typeof data.termId === 'string') return termLabel(lang, data.termId, policy);
  // The board's reasons for "not reportable" are what the secretary reviews; the review's note is its answer.
  if (type === 'reporting-duty.not-reportable-claimed' && typeof data.reason === 'string') return data.reason;
  if (type.startsWith('reporting-duty.not-reportable-') && typeof data.note === 'string') return data.note;
  return undefined;
}

/** A term id ("defence", "compliance:m1") as the policy names its term. */
function termLabel(lang: Lang, termId: string, policy: PolicyVersion): string {
  const key = termId.split(':')[0];
  const terms = policy.terms as Record<string, { label: { nl: string; en: string } } | undefined>;
  return terms[key]?.label[lang] ?? translate(lang, 'console.event.other');
}

/**
 * Staff act as "user:<id>" (see access.ts; "<role>:user:<id>" or a bare id as tokens once recorded
 * it), board contacts as "board-contact:<id>", a school link as "school-link:<id>"; the page shows
 * their names instead (a link: whom it was issued to).
 */
async function actorNames(db: Knex, actors: string[]): Promise<Map<string, string>> {
  const users = [...new Set(actors.map((a) => /^(?:[a-z]+:)?user:(\d{1,18})$|^(\d{1,18})$/.exec(a)).map((m) => m?.[1] ?? m?.[2]).filter((id): id is string => id !== undefined))];
  const idsOf = (prefix: string) => [...new Set(actors.map((a) => new RegExp(`^${prefix}:(\\d{1,18})$`).exec(a)?.[1]).filter((id): id is string => id !== undefined))];
  const [contacts, links] = [idsOf('board-contact'), idsOf('school-link')];
  const userRows: Array<{ id: string; name: string }> = users.length ? await userNames(db, users) : [];
  const contactRows: Array<{ id: string; name: string; role: string }> = contacts.length ? await contactNames(db, contacts) : [];
  const linkRows: Array<{ id: string; issued_to: string | null }> = links.length ? await linkRecipients(db, links) : [];
  return new Map([
    ...userRows.map((r): [string, string] => [`user:${r.id}`, r.name]),
    ...contactRows.map((r): [string, string] => [`board-contact:${r.id}`, `${r.name} (${r.role})`]),
    ...linkRows.map((r): [string, string] => [`school-link:${r.id}`, `school-link:${r.id} (${r.issued_to})`]),
  ]);
}

export async function loadConsoleCase(deps: { db: Knex; temporal: Client }, user: ConsoleUser, opts: { caseNumber: string; ip: string | undefined; lang: Lang; today: string }): Promise<ConsoleCase | undefined> {
  const { db } = deps;
  const row = await findCase(db, opts.caseNumber);
  if (!row || !(await mayView(db, user, row.id))) return undefined;
  const [events, letters, documents, state, board, link, extra] = await Promise.all([
    listEvents(db, row.id),
    consoleLetters(db, row.id),
    consoleDocuments(db, row.id),
    caseState(deps.temporal, row.case_number),
    schoolBoardNameAndEmail(db, row.school_brin),
    currentSchoolLink(db, row.id),
    reportingDutyOf(db, row.id),
  ]);
  await logCaseRead(db, { caseId: row.id, actor: user.logName, action: 'console.case.read', ip: opts.ip });
  const lang = opts.lang;
  const complaint = state.complaint as CaseStateView | undefined;
  const hearing = state.hearing as HearingView | undefined;
  const compliance = state.compliance as ComplianceView | undefined;
  const status = complaint?.status ?? row.status;
  const admissibilityOpen = !isClosed(status) && !events.some((e) => e.type === 'admissibility.decided');
  const schoolFlags = await caseSchoolFlags(db, row, lang, admissibilityOpen);
  const running = [...(complaint?.terms ?? []), ...(hearing?.terms ?? []), ...(compliance?.terms ?? [])].filter((t) => t.status === 'running');
  const allowed = [...(complaint?.allowedActions ?? []), ...(hearing?.allowedActions ?? []), ...(compliance?.allowedActions ?? [])];
  const awaiting = letters.filter((l) => l.status === 'awaiting-approval');
  const c = row.complaint;
  const names = await actorNames(db, [...events.map((e) => e.actor), ...letters.flatMap((l) => [l.drafted_by, l.approved_by ?? ''])]);
  const who = (actor: string | null) => (actor ? actorLabel(lang, actor, names) : null);
  const policy = await casePolicy(db, row.policy_version);
  const byAction = termsForActions(complaint?.terms ?? [], policy);
  const applicable = applicableActions(allowed, byAction);
  const actionNames = user.actor ? actionsFor(user.role, applicable) : [];
  const primaryName = primaryAction(actionNames);
  const othersNext = primaryName ? undefined : primaryAction(applicable);
  const actionLabel = (name: string) => translate(lang, messageKey(`console.action.${name}`));
  const termOption = (t: { id: string; label: { nl: string; en: string }; due: string | null }) => ({ value: t.id, label: `${t.label[lang]} (${t.due ?? '—'})` });
  // The persons complained about, as the hearing keys them (respondent:<n>, issue 12).
  const respondentParties = (row.complaint.respondents ?? []).map((r, i) => ({ value: `respondent:${i + 1}`, label: `${r.name} (${translate(lang, 'console.party.respondent')})` }));
  const respondentLabel = (id: string) =>
    id === 'complainant' || id === 'school'
      ? translate(lang, `console.party.${id}`)
      : (respondentParties.find((r) => r.value === id)?.label ?? (hearing?.panel ?? []).find((p) => p.memberId === id)?.name ?? translate(lang, 'console.actor.member'));
  const parties = [
    { value: 'complainant', label: translate(lang, 'console.party.complainant') },
    { value: 'school', label: translate(lang, 'console.party.school') },
    ...respondentParties,
  ];
  return {
    row,
    schoolFlags,
    caseNumber: row.case_number,
    status,
    statusLabel: STATUS_LABELS[status][lang],
    closed: isClosed(status),
    policy,
    categoryLabel: categoryLabel(policy, row.category)[lang],
    board: board ? { name: board.board_name, email: board.board_email } : undefined,
    complainant: c.complainant,
    representative: c.representative,
    partyLines: partySummary(lang, casePartiesForStaff(row, events), { staff: true }),
    terms: running.map((t) => ({ id: t.id, label: t.label[lang], due: t.due, explanation: t.explanation[lang], overdue: t.due !== null && t.due < opts.today })),
    timeline: events.map((e) => ({ label: eventLabel(lang, e.type), detail: eventDetail(lang, e.type, e.data ?? {}, policy), actor: actorLabel(lang, e.actor, names), at: e.occurred_at })),
    letters: letters.map((l) => ({
      id: String(l.id),
      subject: l.subject,
      kind: l.kind,
      to: known(lang, 'console.addressee.', l.addressee_role),
      status: l.status,
      statusLabel: translateKnown(lang, `console.letterStatus.${l.status}`) ?? l.status,
      awaitingApproval: l.status === 'awaiting-approval',
      draftedBy: who(l.drafted_by)!,
      approvedBy: who(l.approved_by),
      createdAt: l.created_at,
    })),
    documents: documents.map((d) => {
      const releasedTo: string[] = d.released_to ?? [];
      return {
        id: d.id,
        kind: d.kind,
        originalName: d.original_name,
        sizeBytes: d.size_bytes,
        // Parties come from stored rows: one without a text shows as stored rather than failing the page.
        uploadedBy: translateKnown(lang, `console.party.${d.uploaded_by}`) ?? d.uploaded_by,
        createdAt: d.created_at,
        releasedTo: releasedTo.map((p) => translateKnown(lang, `console.party.${p}`) ?? p).join(', '),
        releasable: PARTIES.filter((p) => !releasedTo.includes(p)).map((to) => ({ to, label: translate(lang, `console.documents.releaseTo.${to}`) })),
      };
    }),
    actions: actionNames.map((name) => ({ name, label: actionLabel(name), primary: name === primaryName })),
    primary: primaryName ? { name: primaryName, label: actionLabel(primaryName) } : undefined,
    stage: stageView(lang, 'secretary', { complaint, hearing, compliance }, row.status as CaseStatus),
    nextByOthers: othersNext ? { label: actionLabel(othersNext), by: actionHolders(lang, othersNext) } : undefined,
    termOptions: Object.fromEntries(Object.entries(byAction).map(([action, list]) => [action, list.map(termOption)])),
    admissibility: {
      occurredOn: c.occurredOn,
      // The filing term is one year (process.md, step 1): a later complaint needs an accepted reason.
      late: typeof c.occurredOn === 'string' && `${Number(c.occurredOn.slice(0, 4)) + 1}${c.occurredOn.slice(4)}` < row.received_on,
      raisedWithSchool: translate(lang, c.raisedWithSchool ? 'common.yes' : 'common.no'),
      notRaisedReason: c.notRaisedReason,
      role: translateKnown(lang, `role.${c.complainant?.role}`) ?? translate(lang, 'console.actor.other'),
    },
    availability: Object.entries(hearing?.availability ?? {}).map(([id, dates]) => ({ who: respondentLabel(id), dates })),
    allowedActions: applicable,
    dynamic: {
      terms: running.filter((t) => (complaint?.terms ?? []).includes(t)).map(termOption),
      letters: awaiting.map((l) => ({ value: String(l.id), label: `${l.subject} — ${l.addressee_role} (#${l.id})` })),
      measures: (compliance?.measures ?? []).map((m) => ({ value: m.id, label: `${m.description} (${known(lang, 'console.measureStatus.', m.status)})` })),
      respondents: [...parties, ...(hearing?.panel ?? []).map((p) => ({ value: p.memberId, label: `${p.name} (${translate(lang, `console.panelRole.${p.role}`)})` }))],
      parties,
    },
    hearing,
    compliance,
    measures: (compliance?.measures ?? []).map((m) => ({ description: m.description, status: known(lang, 'console.measureStatus.', m.status), due: m.due })),
    reportingDuty: complaint?.reportingDuty.status ?? extra?.reporting_duty ?? 'not-applicable',
    possiblyReportable: complaint?.reportingDuty.possiblyReportable ?? false,
    temporalUrl: temporalUiUrl(row.workflow_id),
    schoolLink: link,
  };
}

/** Staff other than members see every case; a member only those whose panel they sit on. */
export async function mayView(db: Knex, user: ConsoleUser, caseId: string): Promise<boolean> {
  if (user.scope === 'all') return true;
  if (!user.memberId) return false;
  return sitsOnPanel(db, caseId, user.memberId);
}
