/**
 * Four-eyes for decisions (inadmissibility, advice, report of non-compliance): a chair, the panel or
 * the system drafts the letters, a chair other than the drafter approves them before anything is
 * sent (who may approve is the action table's; this activity checks the drafter only). Approval,
 * queuing for delivery and the audit event are one transaction.
 *
 * A decision goes to several addressees, one letter row each; they carry one text and are
 * approved together: approving any letter of the decision approves all its copies.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { sameActor } from '../../domain/actors';
import { sentSnapshot, type Addressee, type LetterSnapshot, type SendingData } from '../../domain/letters';
import { appendEvent } from '../../platform/store/cases';
import { queueLetter } from '../../platform/store/outbox';
import { lockLetter, lockLetterBatch, markLettersApproved, rerenderLetter } from '../../platform/store/letters';
import { TemplateStore } from './templateStore';

export interface ApproveLetterInput {
  letterId: string;
  approvedBy: { userId: string; role: 'chair' | 'secretary' };
  /**
   * Given, the letters are rendered again as they go out: dated on the sending day, with the terms
   * counted from it (the advice states the board's answer date and the measures' dates, issue 12).
   * The draft the chair reviewed is the same text with the draft's dates.
   */
  sending?: SendingData;
}

export interface ApproveLetterResult {
  /** Every letter of the decision (one per addressee), now approved and queued. */
  letterIds: string[];
}

export interface ApprovalDeps {
  db: Knex;
  /** For a decision rendered again as it is sent; defaults to the bundled templates. */
  templates?: TemplateStore;
}

function refuse(message: string): never {
  // Not retryable: retrying cannot make a refused approval valid; the workflow update reports it.
  throw ApplicationFailure.nonRetryable(message, 'LetterApprovalRefused');
}

interface DecisionLetter {
  id: string;
  case_id: string;
  kind: string;
  status: string;
  drafted_by: string;
  approved_by: string | null;
  batch_key: string;
  dedupe_key: string;
  addressee: Addressee;
  data_snapshot: LetterSnapshot;
}

export async function approveLetter(deps: ApprovalDeps, input: ApproveLetterInput): Promise<ApproveLetterResult> {
  const { letterId, approvedBy, sending } = input ?? ({} as ApproveLetterInput);
  if (typeof letterId !== 'string' || !/^\d+$/.test(letterId)) refuse(`letterId must be a letter id, got ${JSON.stringify(letterId)}`);
  if (typeof approvedBy?.userId !== 'string' || approvedBy.userId.trim() === '') refuse('approvedBy.userId is required');
  if (approvedBy.role !== 'chair' && approvedBy.role !== 'secretary') refuse('approvedBy.role must be chair or secretary');

  return deps.db.transaction(async (trx) => {
    const letter = await lockLetter<DecisionLetter>(trx, letterId);
    if (!letter) refuse(`letter ${letterId} not found`);
    const batch = await lockLetterBatch<DecisionLetter>(trx, letter.batch_key);
    const ids = batch.map((l) => String(l.id));

    // A retried approval (the activity ran, its result was lost) finds its own work done.
    if (letter.status !== 'awaiting-approval') {
      if (letter.approved_by !== null && sameActor(letter.approved_by, approvedBy.userId)) return { letterIds: ids };
      refuse(`letter ${letterId} is not awaiting approval (status: ${letter.status})`);
    }
    if (sameActor(letter.drafted_by, approvedBy.userId)) refuse(`letter ${letterId} was drafted by ${approvedBy.userId}, who cannot also approve it (four-eyes)`);

    const pending = batch.filter((l) => l.status === 'awaiting-approval');
    if (sending) for (const l of pending) await renderAsSent(trx, deps.templates ?? new TemplateStore(), l, sending);
    await markLettersApproved(trx, pending.map((l) => l.id), approvedBy.userId);
    for (const l of pending) {
      await queueLetter(trx, { id: String(l.id), caseId: String(l.case_id), dedupeKey: l.dedupe_key, addressee: l.addressee });
    }
    await appendEvent(trx, {
      caseId: String(letter.case_id),
      type: 'letter.approved',
      actor: approvedBy.userId,
      data: { kind: letter.kind, letterIds: pending.map((l) => String(l.id)), approvedBy: approvedBy.userId, role: approvedBy.role, draftedBy: letter.drafted_by },
      dedupeKey: `${letter.batch_key}:approved`,
    });
    return { letterIds: ids };
  });
}

/** Renders a drafted letter again as it is sent, with the template valid on the sending day. */
async function renderAsSent(trx: Knex.Transaction, templates: TemplateStore, letter: DecisionLetter, sending: SendingData): Promise<void> {
  const snapshot = sentSnapshot(letter.data_snapshot, sending);
  const template = templates.resolve(letter.kind, snapshot.language, snapshot.letterDate);
  await rerenderLetter(trx, letter.id, {
    subject: `${template.subject} (${snapshot.caseNumber})`,
    template_id: template.id,
    template_version: template.version,
    template_hash: template.hash,
    data_snapshot: JSON.stringify({ ...snapshot, subject: `${template.subject} (${snapshot.caseNumber})` }),
    html: template.render({ ...snapshot, subject: `${template.subject} (${snapshot.caseNumber})` }),
  });
}
