/**
 * One workflow step, applied atomically: the new status, the audit events and the letters of that
 * step are written in one transaction. Idempotent by the step key, so a retried activity or a
 * replayed workflow never writes a second letter or event.
 */
import type { Knex } from 'knex';
import { isClosed, type CaseStatus } from '../domain/caseStatus';
import { amsterdamDate } from '../domain/clock';
import { addresseesOf, buildLetterSnapshot, type AddresseeGroup, type LetterTerm } from '../domain/letters';
import { appendEvent, type CaseRow } from '../platform/store/cases';
import type { TemplateStore } from './letters/templateStore';

export interface CaseStepInput {
  caseNumber: string;
  /** Unique per case and occasion (e.g. `acknowledged`, `withdrawn`): the idempotency root of the step. */
  step: string;
  actor?: string;
  status?: CaseStatus;
  nextDeadline?: string | null;
  events?: Array<{ type: string; data?: Record<string, unknown> }>;
  letters?: Array<{ kind: string; to: AddresseeGroup; term?: LetterTerm | null }>;
}

export interface CaseStepResult {
  letterIds: string[];
}

export interface CaseStepDeps {
  db: Knex;
  templates: TemplateStore;
  now?: () => Date;
}

export async function applyCaseStep(deps: CaseStepDeps, input: CaseStepInput): Promise<CaseStepResult> {
  const now = deps.now ?? (() => new Date());
  return deps.db.transaction(async (trx) => {
    // Row lock: two steps of one case never interleave their writes.
    const row = await trx<CaseRow>('cases').where({ case_number: input.caseNumber }).forUpdate().first();
    if (!row) throw new Error(`case ${input.caseNumber} not found`);
    const actor = input.actor ?? 'system';
    const letterDate = amsterdamDate(now());
    const letterIds: string[] = [];

    for (const spec of input.letters ?? []) {
      for (const addressee of addresseesOf(spec.to, row.complaint)) {
        const dedupeKey = `${row.case_number}:${input.step}:${spec.kind}:${addressee.role}`;
        const existing = await trx('letters').where({ dedupe_key: dedupeKey }).first('id');
        if (existing) {
          letterIds.push(String(existing.id));
          continue;
        }
        const template = deps.templates.resolve(spec.kind, row.language, letterDate);
        const snapshot = buildLetterSnapshot({
          caseNumber: row.case_number,
          complaint: row.complaint,
          receivedOn: row.received_on,
          letterDate,
          subject: template.subject,
          addressee,
          term: spec.term ?? null,
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
            dedupe_key: dedupeKey,
          })
          .returning('id');
        letterIds.push(String(inserted.id));
        await appendEvent(trx, {
          caseId: row.id,
          type: 'letter.stored',
          actor,
          data: { kind: spec.kind, to: addressee.role, letterId: String(inserted.id), templateVersion: template.version },
          dedupeKey: `${dedupeKey}:event`,
        });
      }
    }

    for (const [i, event] of (input.events ?? []).entries()) {
      await appendEvent(trx, { caseId: row.id, type: event.type, actor, data: event.data, dedupeKey: `${row.case_number}:${input.step}:event:${i}` });
    }

    if (input.status !== undefined || input.nextDeadline !== undefined) {
      const changes: Record<string, unknown> = { updated_at: now() };
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
