/**
 * One workflow step, applied atomically: the new status, the audit events and the letters of that
 * step are written in one transaction, and each letter is queued for delivery in that same
 * transaction (decisions instead wait for a second pair of eyes: status `awaiting-approval`).
 * Idempotent by the step key, so a retried activity or a replayed workflow never writes a second
 * letter, outbox row or event.
 *
 * Rendering the PDF and sending happen later, in the delivery activity: they are slow and talk to
 * the outside world, and must not hold this transaction open.
 */
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { CaseRespondent, ComplaintInput } from '../domain/intake';
import { isClosed, type CaseStatus } from '../domain/caseStatus';
import { amsterdamDate } from '../domain/clock';
import { adviceRegimeOn, type PolicyVersion } from '../domain/policy';
import { casePolicy } from '../platform/store/policies';
import { inspectorateContact } from '../domain/committee';
import { currentConfig } from '../platform/config';
import { LetterDetailsError, validateLetterDetails, type LetterDetails, type PanelAddressees } from '../domain/letterDetails';
import { isLetterKind, LETTER_KINDS, type LetterKind } from '../domain/letterKinds';
import { ADDRESSEE_GROUPS, addresseesOf, AddresseeError, buildLetterSnapshot, type Addressee, type AddresseeGroup, type LetterTerm, type SchoolBoardContact } from '../domain/letters';
import { appendEvent, lockCaseByNumber, updateCaseById, type CaseRow } from '../platform/store/cases';
import { insertLetter, letterIdByDedupeKey, lettersTellingDues } from '../platform/store/letters';
import { insertStatementDocument, releaseDocumentsTo } from '../platform/store/documents';
import { schoolBoardRow } from '../platform/store/schools';
import { queueLetter } from '../platform/store/outbox';
import { issueRespondentLink } from '../platform/store/respondentLinks';
import type { TemplateStore } from './letters/templateStore';

export interface LetterSpec {
  kind: LetterKind;
  to: AddresseeGroup;
  term?: LetterTerm | null;
  /** What this kind of letter says beyond the case (domain/letterDetails.ts). */
  details?: Record<string, unknown>;
  /** Only these addressees of the group (their keys, e.g. `respondent:2`, or `added-respondent`): a party added later. */
  only?: string[];
}

export interface CaseStepInput {
  caseNumber: string;
  /** Unique per case and occasion (e.g. `acknowledged`, `withdrawn`): the idempotency root of the step. */
  step: string;
  /** Who acts; for letters, the drafter (a decision must be approved by someone else). */
  actor?: string;
  status?: CaseStatus;
  nextDeadline?: string | null;
  events?: Array<{ type: string; data?: Record<string, unknown> }>;
  letters?: LetterSpec[];
  /** A chair applied another calendar release: the read model shows it. */
  calendarVersion?: string;
  /**
   * Running terms a newer calendar release moved. Whoever a letter of this case told one of the old
   * last days gets a letter (`wijziging-termijn`) with the old and the new day of each of their terms.
   */
  termsMoved?: Array<{ id: string; label: { nl: string; en: string }; oldDue: string | null; newDue: string | null }>;
  /** A party's typed explanation (with a defence, reply or rejoinder), kept in its file as a text document. */
  statement?: StatementSpec;
  /** Documents this step makes readable for other parties (hoor en wederhoor): released with the letter that announces them. */
  release?: ReleaseSpec;
  /** The secretary added a person complained about: stored on the case before this step's letters. */
  addRespondent?: CaseRespondent;
}

export type DocumentAudience = 'complainant' | 'school' | 'panel';

export interface StatementSpec {
  party: 'complainant' | 'school' | 'respondent';
  /** Who may read it at first, when not the party as a whole (one person complained about: `respondent:2`). */
  audience?: string;
  kind: 'defence' | 'reply' | 'rejoinder';
  text: string;
  /** The file name it is listed under (Dutch: the file is part of the Dutch procedure). */
  name: string;
}

export interface ReleaseSpec {
  /** Uploaded documents, by id (only this case's are touched). */
  documentIds: string[];
  /** Statements stored by these steps of this case. */
  statementSteps: string[];
  to: DocumentAudience[];
}

export interface CaseStepResult {
  letterIds: string[];
}

export interface CaseStepDeps {
  db: Knex;
  templates: TemplateStore;
  now?: () => Date;
}

/** A step that can never succeed (bad letter kind, group or details) fails at once, not after endless retries. */
function invalidStep(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidCaseStep');
}

function checkLetterSpecs(letters: readonly LetterSpec[]): Array<Omit<LetterSpec, 'details'> & { details: LetterDetails & PanelAddressees }> {
  return letters.map((spec, i) => {
    if (typeof spec?.kind !== 'string' || !isLetterKind(spec.kind)) invalidStep(`letters[${i}].kind: unknown letter kind "${String(spec?.kind)}"`);
    if (!(ADDRESSEE_GROUPS as readonly string[]).includes(spec.to)) {
      invalidStep(`letters[${i}].to: unknown addressee group "${String(spec.to)}"; expected one of ${ADDRESSEE_GROUPS.join(', ')}`);
    }
    try {
      return { ...spec, details: validateLetterDetails(spec.kind, spec.details) };
    } catch (err) {
      if (err instanceof LetterDetailsError) invalidStep(`letters[${i}].details: ${err.message}`);
      throw err;
    }
  });
}

/**
 * Details a letter takes from the case itself, so workflows need not carry the complaint's text
 * (sensitive data about minors) through their history.
 */
const DETAILS_FROM_CASE: Partial<Record<string, (complaint: ComplaintInput, row: CaseRow, letterDate: string, policy: PolicyVersion) => Record<string, unknown>>> = {
  'kennisgeving-klacht': (complaint) => ({ complaintText: complaint.description, occurredOn: complaint.occurredOn }),
  // Whether the advice binds comes from the case's policy on the advice's date, never from code.
  advies: (_complaint, row, letterDate, policy) => {
    const regime = adviceRegimeOn(policy, letterDate, row.sector);
    return { binding: regime.binding, regime: { kind: regime.kind, effectiveFrom: regime.effectiveFrom, legalBasis: regime.legalBasis.nl, legalBasisEn: regime.legalBasis.en } };
  },
};

function withCaseDetails(letters: readonly LetterSpec[], row: CaseRow, letterDate: string, policy: PolicyVersion): LetterSpec[] {
  return letters.map((spec) => {
    const derive = typeof spec?.kind === 'string' ? DETAILS_FROM_CASE[spec.kind] : undefined;
    return derive ? { ...spec, details: { ...derive(row.complaint, row, letterDate, policy), ...(spec.details ?? {}) } } : spec;
  });
}

async function schoolBoardOf(trx: Knex.Transaction, brin: string): Promise<SchoolBoardContact | null> {
  const school = await schoolBoardRow(trx, brin);
  return school ? { boardName: school.board_name, email: school.board_email, postalAddress: school.board_postal_address } : null;
}

export async function applyCaseStep(deps: CaseStepDeps, input: CaseStepInput): Promise<CaseStepResult> {
  const now = deps.now ?? (() => new Date());
  // Checked before the transaction so a step that can never succeed fails fast (letters whose
  // details come partly from the case are checked once the case is loaded).
  checkLetterSpecs((input.letters ?? []).filter((spec) => !(typeof spec?.kind === 'string' && DETAILS_FROM_CASE[spec.kind])));
  return deps.db.transaction(async (trx) => {
    // Row lock: two steps of one case never interleave their writes.
    const row = await lockCaseByNumber(trx, input.caseNumber);
    if (!row) throw new Error(`case ${input.caseNumber} not found`);
    let addedKey: string | undefined;
    if (input.addRespondent) {
      const added = input.addRespondent;
      // Idempotent: a retried step finds the respondent stored already and adds nobody twice.
      let index = (row.complaint.respondents ?? []).findIndex((r) => r.name === added.name && r.role === added.role);
      if (index < 0) {
        row.complaint = { ...row.complaint, respondents: [...(row.complaint.respondents ?? []), added] };
        index = row.complaint.respondents!.length - 1;
        await updateCaseById(trx, row.id, { complaint: JSON.stringify(row.complaint), updated_at: now() });
      }
      addedKey = `respondent:${index + 1}`;
    }
    // ...and again with the details the case supplies.
    const letterDate = amsterdamDate(now());
    const specs = checkLetterSpecs(withCaseDetails(input.letters ?? [], row, letterDate, await casePolicy(trx, row.policy_version)));
    const actor = input.actor ?? 'system';
    const letterIds: string[] = [];
    const schoolBoard = specs.length ? await schoolBoardOf(trx, row.school_brin) : null;

    for (const spec of specs) {
      let addressees;
      try {
        addressees = addresseesOf(spec.to, { complaint: row.complaint, schoolBoard, inspectorate: inspectorateContact(currentConfig().inspectorateEmail), panel: spec.details.panel });
        // `added-respondent` names the person this step added (their key is known only here).
        const only = spec.only?.map((k) => (k === 'added-respondent' ? addedKey : k));
        if (only) addressees = addressees.filter((a) => only.includes(a.key));
      } catch (err) {
        if (err instanceof AddresseeError) invalidStep(`letter "${spec.kind}": ${err.message}`);
        throw err;
      }
      const decision = LETTER_KINDS[spec.kind].decision;
      const batchKey = `${row.case_number}:${input.step}:${spec.kind}`;
      for (const addressee of addressees) {
        letterIds.push(await storeLetter(trx, deps.templates, row, { kind: spec.kind, term: spec.term ?? null, details: spec.details }, addressee, { actor, letterDate, dedupeKey: `${batchKey}:${addressee.key}`, batchKey, decision }));
      }
    }

    if (input.termsMoved?.length) letterIds.push(...(await tellMovedTerms(trx, deps.templates, row, input.termsMoved, { actor, letterDate, step: input.step })));
    if (input.statement?.text.trim()) await storeStatement(trx, row.id, statementKey(row.case_number, input.step), actor, input.statement);
    if (input.release) await releaseDocuments(trx, row.id, row.case_number, input.release);

    for (const [i, event] of (input.events ?? []).entries()) {
      await appendEvent(trx, { caseId: row.id, type: event.type, actor, data: event.data, dedupeKey: `${row.case_number}:${input.step}:event:${i}` });
    }

    // A step is the proof that the case's workflow runs: the first one records it, so the intake
    // spends no second commit on it (api/services/intake.ts; the reconciler skips the case from then on).
    const unconfirmed = !row.workflow_started_at;
    if (input.status !== undefined || input.nextDeadline !== undefined || input.calendarVersion !== undefined || unconfirmed) {
      const changes: Record<string, unknown> = { updated_at: now() };
      if (unconfirmed) changes.workflow_started_at = now();
      if (input.calendarVersion !== undefined) changes.calendar_version = input.calendarVersion;
      // Mirrors the workflow: a step that raced with closure (a withdrawal) never reopens the case.
      const reopens = input.status !== undefined && isClosed(row.status) && !isClosed(input.status);
      if (input.status !== undefined && input.status !== row.status && !reopens) {
        changes.status = input.status;
        await appendEvent(trx, {
          caseId: row.id,
          type: 'status.changed',
          actor,
          data: { from: row.status, to: input.status },
          dedupeKey: `${row.case_number}:${input.step}:status`,
        });
      }
      if (input.nextDeadline !== undefined) changes.next_deadline = input.nextDeadline;
      await updateCaseById(trx, row.id, changes);
    }
    return { letterIds };
  });
}

interface StoreLetterContext {
  actor: string;
  letterDate: string;
  /** Unique per letter and addressee: a retried step finds the letter it stored before. */
  dedupeKey: string;
  /** The letters of one step and kind, approved together. */
  batchKey: string;
  /** A decision waits for a second person's approval before it is queued. */
  decision: boolean;
}

/** Stores one letter to one addressee (rendered, with its template version and data snapshot) and queues it unless it awaits approval. */
async function storeLetter(
  trx: Knex.Transaction,
  templates: TemplateStore,
  row: CaseRow,
  letter: { kind: LetterKind; term: LetterTerm | null; details: LetterDetails },
  addressee: Addressee,
  ctx: StoreLetterContext,
): Promise<string> {
  const existing = await letterIdByDedupeKey(trx, ctx.dedupeKey);
  if (existing) return existing;
  const template = templates.resolve(letter.kind, addressee.language, ctx.letterDate);
  const details = await withRespondentLink(trx, row, letter, addressee, ctx.actor);
  const category = (await casePolicy(trx, row.policy_version)).categories.find((c) => c.key === row.complaint.category);
  const snapshot = buildLetterSnapshot({
    caseNumber: row.case_number,
    complaint: row.complaint,
    ...(category ? { categoryLabel: category.label } : {}),
    receivedOn: row.received_on,
    letterDate: ctx.letterDate,
    subject: template.subject,
    addressee,
    term: letter.term,
    kind: letter.kind,
    details,
  });
  const letterId = await insertLetter(trx, {
      case_id: row.id,
      kind: letter.kind,
      addressee_role: addressee.role,
      addressee: JSON.stringify(addressee),
      language: snapshot.language,
      subject: snapshot.subject,
      template_id: template.id,
      template_version: template.version,
      template_hash: template.hash,
      data_snapshot: JSON.stringify(snapshot),
      html: template.render(snapshot),
      status: ctx.decision ? 'awaiting-approval' : 'queued',
      drafted_by: ctx.actor,
      batch_key: ctx.batchKey,
      dedupe_key: ctx.dedupeKey,
    });
  if (!ctx.decision) await queueLetter(trx, { id: letterId, caseId: row.id, dedupeKey: ctx.dedupeKey, addressee });
  await appendEvent(trx, {
    caseId: row.id,
    type: 'letter.stored',
    actor: ctx.actor,
    data: { kind: letter.kind, to: addressee.role, letterId, templateVersion: template.version, ...(ctx.decision ? { awaitingApproval: true } : {}) },
    dedupeKey: `${ctx.dedupeKey}:event`,
  });
  return letterId;
}

/**
 * The notice of the complaint to a person complained about carries their personal code (issue 12):
 * issued here, with the letter and in its transaction, so a retried step (which finds the letter)
 * issues none again. Their page opens with it; the secretary can send a new one from the console.
 */
async function withRespondentLink(trx: Knex.Transaction, row: CaseRow, letter: { kind: LetterKind; details: LetterDetails }, addressee: Addressee, actor: string): Promise<LetterDetails> {
  const number = /^respondent:(\d+)$/.exec(addressee.key)?.[1];
  if (letter.kind !== 'kennisgeving-klacht' || addressee.role !== 'respondent' || !number) return letter.details;
  const link = await issueRespondentLink(trx, row.id, Number(number), actor, 'letter');
  await appendEvent(trx, { caseId: row.id, type: 'respondent-link.issued', actor, data: { respondent: Number(number), linkId: link.linkId, via: 'letter', revokedPrevious: link.revoked } });
  const details: LetterDetails<'kennisgeving-klacht'> = { ...(letter.details as LetterDetails<'kennisgeving-klacht'>), respondentLink: { url: link.url, code: link.code } };
  return details;
}

/**
 * New calendar data moved running terms: everyone a letter of this case told one of the old last
 * days (a stored letter whose term ends on it) gets one letter listing their moved terms, old and new
 * day. Terms nobody was told of move silently; they show on the case pages.
 */
async function tellMovedTerms(
  trx: Knex.Transaction,
  templates: TemplateStore,
  row: CaseRow,
  moved: NonNullable<CaseStepInput['termsMoved']>,
  ctx: { actor: string; letterDate: string; step: string },
): Promise<string[]> {
  const changes = moved.filter((m): m is typeof m & { oldDue: string; newDue: string } => !!m.oldDue && !!m.newDue && m.oldDue !== m.newDue);
  if (!changes.length) return [];
  const told = await lettersTellingDues<{ termId?: string; due: string }>(trx, row.id, changes.map((c) => c.oldDue));
  // A letter names its term (older letters only its last day): that term, or every moved term ending that day.
  const byAddressee = new Map<string, { addressee: Addressee; told: Set<(typeof changes)[number]> }>();
  for (const { addressee, term } of told) {
    const entry = byAddressee.get(addressee.key) ?? { addressee, told: new Set() };
    for (const change of changes) if (term.termId ? change.id === term.termId && change.oldDue === term.due : change.oldDue === term.due) entry.told.add(change);
    if (entry.told.size) byAddressee.set(addressee.key, entry);
  }
  const batchKey = `${row.case_number}:${ctx.step}:wijziging-termijn`;
  const ids: string[] = [];
  for (const { addressee, told: theirs } of byAddressee.values()) {
    const language = addressee.language ?? row.complaint.language ?? 'nl';
    const details = {
      changes: changes.filter((c) => theirs.has(c)).map((c) => ({ label: c.label[language], oldDate: c.oldDue, newDate: c.newDue })),
    };
    const [checked] = checkLetterSpecs([{ kind: 'wijziging-termijn', to: 'complainant-side', details }]);
    ids.push(await storeLetter(trx, templates, row, { kind: 'wijziging-termijn', term: null, details: checked!.details }, addressee, { actor: ctx.actor, letterDate: ctx.letterDate, dedupeKey: `${batchKey}:${addressee.key}`, batchKey, decision: false }));
  }
  return ids;
}

/** The source_step of the statement a step stored: unique, so a retried step stores it once. */
function statementKey(caseNumber: string, step: string): string {
  return `${caseNumber}:${step}:statement`;
}

async function storeStatement(trx: Knex.Transaction, caseId: string, key: string, actor: string, statement: StatementSpec): Promise<void> {
  const content = Buffer.from(statement.text, 'utf8');
  await insertStatementDocument(trx, {
      case_id: caseId,
      uploaded_by: statement.party,
      uploaded_by_actor: actor,
      kind: statement.kind,
      original_name: statement.name,
      stored_name: `${crypto.randomUUID()}.txt`,
      mime_type: 'text/plain',
      size_bytes: content.length,
      sha256: crypto.createHash('sha256').update(content).digest('hex'),
      released_to: JSON.stringify([statement.audience ?? statement.party]),
      content,
      source_step: key,
    });
}

/** Adds each audience to the documents' released_to, once; documents of other cases are never touched. */
async function releaseDocuments(trx: Knex.Transaction, caseId: string, caseNumber: string, release: ReleaseSpec): Promise<void> {
  const ids = release.documentIds.filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const steps = release.statementSteps.map((step) => statementKey(caseNumber, step));
  if (ids.length === 0 && steps.length === 0) return;
  for (const audience of release.to) {
    await releaseDocumentsTo(trx, caseId, ids, steps, audience);
  }
}
