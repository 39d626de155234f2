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
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import type { ComplaintInput } from '../domain/intake';
import { isClosed, type CaseStatus } from '../domain/caseStatus';
import { amsterdamDate } from '../domain/clock';
import { adviceRegimeOn, policyVersion } from '../domain/policy';
import { inspectorateContact } from '../domain/committee';
import { currentConfig } from '../platform/config';
import { LetterDetailsError, validateLetterDetails, type LetterDetails, type PanelAddressees } from '../domain/letterDetails';
import { isLetterKind, LETTER_KINDS, type LetterKind } from '../domain/letterKinds';
import { ADDRESSEE_GROUPS, addresseesOf, AddresseeError, buildLetterSnapshot, type AddresseeGroup, type LetterTerm, type SchoolBoardContact } from '../domain/letters';
import { appendEvent, type CaseRow } from '../platform/store/cases';
import { queueLetter } from './letters/outbox';
import type { TemplateStore } from './letters/templateStore';

export interface LetterSpec {
  kind: LetterKind;
  to: AddresseeGroup;
  term?: LetterTerm | null;
  /** What this kind of letter says beyond the case (domain/letterDetails.ts). */
  details?: Record<string, unknown>;
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
const DETAILS_FROM_CASE: Partial<Record<string, (complaint: ComplaintInput, row: CaseRow, letterDate: string) => Record<string, unknown>>> = {
  'kennisgeving-klacht': (complaint) => ({ complaintText: complaint.description, occurredOn: complaint.occurredOn }),
  // Whether the advice binds comes from the case's policy on the advice's date, never from code.
  advies: (_complaint, row, letterDate) => {
    const regime = adviceRegimeOn(policyVersion(row.policy_version), letterDate, row.sector);
    return { binding: regime.binding, regime: { kind: regime.kind, effectiveFrom: regime.effectiveFrom, legalBasis: regime.legalBasis.nl, legalBasisEn: regime.legalBasis.en } };
  },
};

function withCaseDetails(letters: readonly LetterSpec[], row: CaseRow, letterDate: string): LetterSpec[] {
  return letters.map((spec) => {
    const derive = typeof spec?.kind === 'string' ? DETAILS_FROM_CASE[spec.kind] : undefined;
    return derive ? { ...spec, details: { ...derive(row.complaint, row, letterDate), ...(spec.details ?? {}) } } : spec;
  });
}

async function schoolBoardOf(trx: Knex.Transaction, brin: string): Promise<SchoolBoardContact | null> {
  const school = await trx('schools').where({ brin }).first<{ board_name: string; board_email: string | null; board_postal_address: string | null } | undefined>();
  return school ? { boardName: school.board_name, email: school.board_email, postalAddress: school.board_postal_address } : null;
}

export async function applyCaseStep(deps: CaseStepDeps, input: CaseStepInput): Promise<CaseStepResult> {
  const now = deps.now ?? (() => new Date());
  // Checked before the transaction so a step that can never succeed fails fast (letters whose
  // details come partly from the case are checked once the case is loaded).
  checkLetterSpecs((input.letters ?? []).filter((spec) => !(typeof spec?.kind === 'string' && DETAILS_FROM_CASE[spec.kind])));
  return deps.db.transaction(async (trx) => {
    // Row lock: two steps of one case never interleave their writes.
    const row = await trx<CaseRow>('cases').where({ case_number: input.caseNumber }).forUpdate().first();
    if (!row) throw new Error(`case ${input.caseNumber} not found`);
    // ...and again with the details the case supplies.
    const letterDate = amsterdamDate(now());
    const specs = checkLetterSpecs(withCaseDetails(input.letters ?? [], row, letterDate));
    const actor = input.actor ?? 'system';
    const letterIds: string[] = [];
    const schoolBoard = specs.length ? await schoolBoardOf(trx, row.school_brin) : null;

    for (const spec of specs) {
      let addressees;
      try {
        addressees = addresseesOf(spec.to, { complaint: row.complaint, schoolBoard, inspectorate: inspectorateContact(currentConfig().inspectorateEmail), panel: spec.details.panel });
      } catch (err) {
        if (err instanceof AddresseeError) invalidStep(`letter "${spec.kind}": ${err.message}`);
        throw err;
      }
      const decision = LETTER_KINDS[spec.kind].decision;
      const batchKey = `${row.case_number}:${input.step}:${spec.kind}`;
      for (const addressee of addressees) {
        const dedupeKey = `${batchKey}:${addressee.key}`;
        const existing = await trx('letters').where({ dedupe_key: dedupeKey }).first('id');
        if (existing) {
          letterIds.push(String(existing.id));
          continue;
        }
        const template = deps.templates.resolve(spec.kind, addressee.language, letterDate);
        const snapshot = buildLetterSnapshot({
          caseNumber: row.case_number,
          complaint: row.complaint,
          receivedOn: row.received_on,
          letterDate,
          subject: template.subject,
          addressee,
          term: spec.term ?? null,
          kind: spec.kind,
          details: spec.details,
        });
        const [inserted] = await trx('letters')
          .insert({
            case_id: row.id,
            kind: spec.kind,
            addressee_role: addressee.role,
            addressee: JSON.stringify(addressee),
            language: snapshot.language,
            subject: snapshot.subject,
            template_id: template.id,
            template_version: template.version,
            template_hash: template.hash,
            data_snapshot: JSON.stringify(snapshot),
            html: template.render(snapshot),
            status: decision ? 'awaiting-approval' : 'queued',
            drafted_by: actor,
            batch_key: batchKey,
            dedupe_key: dedupeKey,
          })
          .returning('id');
        const letterId = String(inserted.id);
        letterIds.push(letterId);
        if (!decision) await queueLetter(trx, { id: letterId, caseId: row.id, dedupeKey, addressee });
        await appendEvent(trx, {
          caseId: row.id,
          type: 'letter.stored',
          actor,
          data: { kind: spec.kind, to: addressee.role, letterId, templateVersion: template.version, ...(decision ? { awaitingApproval: true } : {}) },
          dedupeKey: `${dedupeKey}:event`,
        });
      }
    }

    for (const [i, event] of (input.events ?? []).entries()) {
      await appendEvent(trx, { caseId: row.id, type: event.type, actor, data: event.data, dedupeKey: `${row.case_number}:${input.step}:event:${i}` });
    }

    if (input.status !== undefined || input.nextDeadline !== undefined || input.calendarVersion !== undefined) {
      const changes: Record<string, unknown> = { updated_at: now() };
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
      await trx('cases').where({ id: row.id }).update(changes);
    }
    return { letterIds };
  });
}
