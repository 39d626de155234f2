/**
 * Everything the console shows of one case: the parties, documents with their release, the whole
 * timeline, every running term with its due date and explanation (from the workflows' queries, so
 * the page says what the procedure itself says), the letters with their approval state, the
 * actions allowed now and the way into the Temporal Web UI. Reading it is logged.
 */
import type { Knex } from 'knex';
import { currentConfig, type Config } from '../../../platform/config';
import type { Client } from '@temporalio/client';
import { isClosed, STATUS_LABELS, type CaseStatus } from '../../../domain/caseStatus';
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { findCase, listEvents, type CaseRow } from '../../../platform/store/cases';
import { caseState } from '../../services/caseActions';
import type { CaseStateView, ComplianceView, HearingView } from '../../../workflows/messages';
import { logCaseRead } from '../../portal/accessLog';
import { messageKey, translate, translateKnown, type Lang } from '../i18n';
import type { ConsoleUser } from './access';
import { actionsFor, type DynamicOptions } from './actions';
import { caseSchoolFlags, type CaseSchoolFlags } from './caseSchool';

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
  caseNumber: string;
  status: CaseStatus;
  statusLabel: string;
  closed: boolean;
  categoryLabel: string;
  board?: { name: string; email: string | null };
  complainant: { name: string; email?: string; phone?: string; role?: string };
  representative?: { name: string; email?: string; phone?: string; relation?: string };
  terms: Array<{ id: string; label: string; due: string | null; explanation: string; overdue: boolean }>;
  timeline: Array<{ label: string; detail?: string; actor: string; at: Date }>;
  letters: Array<{ id: string; subject: string; kind: string; to: string; status: string; statusLabel: string; awaitingApproval: boolean; draftedBy: string; approvedBy: string | null; createdAt: Date }>;
  documents: ConsoleDocument[];
  actions: Array<{ name: string; label: string }>;
  allowedActions: string[];
  dynamic: DynamicOptions;
  hearing?: HearingView;
  compliance?: ComplianceView;
  measures: Array<{ description: string; status: string; due: string | null }>;
  reportingDuty: string;
  /** The category may be about a serious incident the secretary has not flagged (yet). */
  possiblyReportable: boolean;
  temporalUrl: string;
  schoolLink?: { createdAt: Date; expiresAt: Date; lastUsedAt: Date | null };
  /** The school against the register: not found, or its board not affiliated. */
  schoolFlags: CaseSchoolFlags;
}

const PARTIES = ['complainant', 'school'] as const;

function eventLabel(lang: Lang, type: string): string {
  return translateKnown(lang, `console.event.${type}`) ?? translateKnown(lang, `event.${type}`) ?? type;
}

const known = (lang: Lang, prefix: string, value: unknown): string => (typeof value === 'string' ? translateKnown(lang, `${prefix}${value}`) : undefined) ?? String(value ?? '');

/** The one fact of an event the secretary looks for: which state, which letter, which term. */
function eventDetail(lang: Lang, type: string, data: Record<string, unknown>): string | undefined {
  if (type === 'status.changed') {
    const label = (v: unknown) => (typeof v === 'string' && v in STATUS_LABELS ? STATUS_LABELS[v as CaseStatus][lang] : String(v));
    return `${label(data.from)} → ${label(data.to)}`;
  }
  if (type.startsWith('letter.') && data.kind) return `${data.kind}${data.to ? `, ${known(lang, 'console.addressee.', data.to)}` : ''}`;
  if (type.startsWith('term.') && data.termId) return String(data.termId);
  return undefined;
}

/** Staff act as "user:<id>" (see access.ts); the page shows their names instead. */
async function actorNames(db: Knex, actors: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.map((a) => /^user:(\d{1,18})$/.exec(a)?.[1]).filter((id): id is string => id !== undefined))];
  const rows: Array<{ id: string; name: string }> = ids.length ? await db('users').whereIn('id', ids).select('id', 'name') : [];
  return new Map(rows.map((r) => [`user:${r.id}`, r.name]));
}

export async function loadConsoleCase(deps: { db: Knex; temporal: Client }, user: ConsoleUser, opts: { caseNumber: string; ip: string | undefined; lang: Lang; today: string }): Promise<ConsoleCase | undefined> {
  const { db } = deps;
  const row = await findCase(db, opts.caseNumber);
  if (!row || !(await mayView(db, user, row.id))) return undefined;
  const [events, letters, documents, state, board, link, extra] = await Promise.all([
    listEvents(db, row.id),
    db('letters').where({ case_id: row.id }).orderBy('id').select('id', 'subject', 'kind', 'addressee_role', 'status', 'drafted_by', 'approved_by', 'created_at'),
    db('documents').where({ case_id: row.id }).orderBy('created_at').select('id', 'kind', 'original_name', 'size_bytes', 'uploaded_by', 'created_at', 'released_to'),
    caseState(deps.temporal, row.case_number),
    db('schools').where({ brin: row.school_brin }).first('board_name', 'board_email'),
    db('school_links').where({ case_id: row.id }).whereNull('revoked_at').where('expires_at', '>', new Date()).orderBy('id', 'desc').first('created_at', 'expires_at', 'last_used_at'),
    db('cases').where({ id: row.id }).first('reporting_duty'),
  ]);
  await logCaseRead(db, { caseId: row.id, actor: user.logName, action: 'console.case.read', ip: opts.ip });
  const lang = opts.lang;
  const schoolFlags = await caseSchoolFlags(db, row, lang);
  const complaint = state.complaint as CaseStateView | undefined;
  const hearing = state.hearing as HearingView | undefined;
  const compliance = state.compliance as ComplianceView | undefined;
  const status = complaint?.status ?? row.status;
  const running = [...(complaint?.terms ?? []), ...(hearing?.terms ?? []), ...(compliance?.terms ?? [])].filter((t) => t.status === 'running');
  const allowed = [...(complaint?.allowedActions ?? []), ...(hearing?.allowedActions ?? []), ...(compliance?.allowedActions ?? [])];
  const awaiting = letters.filter((l) => l.status === 'awaiting-approval');
  const c = row.complaint;
  const names = await actorNames(db, [...events.map((e) => e.actor), ...letters.flatMap((l) => [l.drafted_by, l.approved_by ?? ''])]);
  const who = (actor: string | null) => (actor ? (names.get(actor) ?? actor) : null);
  return {
    row,
    schoolFlags,
    caseNumber: row.case_number,
    status,
    statusLabel: STATUS_LABELS[status][lang],
    closed: isClosed(status),
    categoryLabel: CATEGORY_LABELS[row.category as ComplaintCategory]?.[lang] ?? row.category,
    board: board ? { name: board.board_name, email: board.board_email } : undefined,
    complainant: c.complainant,
    representative: c.representative,
    terms: running.map((t) => ({ id: t.id, label: t.label[lang], due: t.due, explanation: t.explanation[lang], overdue: t.due !== null && t.due < opts.today })),
    timeline: events.map((e) => ({ label: eventLabel(lang, e.type), detail: eventDetail(lang, e.type, e.data ?? {}), actor: who(e.actor)!, at: e.occurred_at })),
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
    actions: user.actor ? actionsFor(user.role, allowed).map((name) => ({ name, label: translate(lang, messageKey(`console.action.${name}`)) })) : [],
    allowedActions: allowed,
    dynamic: {
      terms: running.filter((t) => (complaint?.terms ?? []).includes(t)).map((t) => ({ value: t.id, label: `${t.label[lang]} (${t.due ?? '—'})` })),
      letters: awaiting.map((l) => ({ value: String(l.id), label: `${l.subject} — ${l.addressee_role} (#${l.id})` })),
      measures: (compliance?.measures ?? []).map((m) => ({ value: m.id, label: `${m.description} (${known(lang, 'console.measureStatus.', m.status)})` })),
      respondents: [
        { value: 'complainant', label: translate(lang, 'console.party.complainant') },
        { value: 'school', label: translate(lang, 'console.party.school') },
        ...(hearing?.panel ?? []).map((p) => ({ value: p.memberId, label: `${p.name} (${translate(lang, `console.panelRole.${p.role}`)})` })),
      ],
    },
    hearing,
    compliance,
    measures: (compliance?.measures ?? []).map((m) => ({ description: m.description, status: known(lang, 'console.measureStatus.', m.status), due: m.due })),
    reportingDuty: complaint?.reportingDuty.status ?? extra?.reporting_duty ?? 'not-applicable',
    possiblyReportable: complaint?.reportingDuty.possiblyReportable ?? false,
    temporalUrl: temporalUiUrl(row.workflow_id),
    schoolLink: link ? { createdAt: link.created_at, expiresAt: link.expires_at, lastUsedAt: link.last_used_at } : undefined,
  };
}

/** Staff other than members see every case; a member only those whose panel they sit on. */
export async function mayView(db: Knex, user: ConsoleUser, caseId: string): Promise<boolean> {
  if (user.scope === 'all') return true;
  if (!user.memberId) return false;
  const row = await db('hearing_panel_assignments').where({ case_id: caseId, member_id: user.memberId }).first('id');
  return row !== undefined;
}
