/**
 * What a chaos run must leave behind, checked against PostgreSQL, Temporal and the SMTP capture
 * after the drain: no case lost, read model and workflow agreeing, every letter sent exactly once.
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { letterMessageId } from '../../activities/letters/mailer';
import { complaintWorkflowId } from '../../domain/caseNumber';
import { loadMailConfig } from '../../platform/mail/config';
import { caseStateQuery } from '../../contracts/messages';
import { TARGET_STATUS, type CaseRecord } from './load';

export interface CheckResult {
  /** Acknowledged by a 201/200 but missing from the cases table or from Temporal. */
  casesLost: string[];
  /** Cases in the database that no client was told about (a retried intake filed twice). */
  casesUnacknowledged: string[];
  /** The workflow exists but its status query fails (e.g. its history no longer replays). */
  workflowsUnqueryable: Array<{ caseNumber: string; error: string }>;
  /** The cases row says one status, the workflow's query another. */
  readModelDivergent: Array<{ caseNumber: string; readModel: string; workflow: string }>;
  /** The scenario's last step was taken, but the case is not in the status it leads to. */
  casesNotAtTarget: Array<{ caseNumber: string; scenario: string; status: string; expected: string }>;
  /** Cases whose load gave up (an operation found no working API for the give-up period). */
  casesFailed: Array<{ index: number; caseNumber?: string; error: string }>;
  /** Messages in the SMTP capture per letter and addressee beyond the first. */
  lettersSentTwice: Array<{ messageId: string; to: string; count: number }>;
  /** E-mail letters (outbox rows) of which the capture received nothing. */
  lettersNeverSent: Array<{ caseNumber: string; kind: string; to: string | null; status: string; lastError: string | null }>;
  /** Outbox rows not settled (pending, sending) or given up (failed). */
  outboxStuck: Array<{ caseNumber: string; kind: string; status: string; lastError: string | null }>;
  letters: { emailRows: number; messagesCaptured: number; byKind: Record<string, number> };
}

export async function checkOutcome(db: Knex, temporal: Client, cases: CaseRecord[]): Promise<CheckResult> {
  const acknowledged = cases.filter((c) => c.caseNumber);
  const rows = await db('cases').select<Array<{ case_number: string; status: string }>>('case_number', 'status');
  const byNumber = new Map(rows.map((r) => [r.case_number, r]));

  const casesLost: string[] = [];
  const readModelDivergent: CheckResult['readModelDivergent'] = [];
  const workflowsUnqueryable: CheckResult['workflowsUnqueryable'] = [];
  const casesNotAtTarget: CheckResult['casesNotAtTarget'] = [];
  for (const c of acknowledged) {
    const n = c.caseNumber!;
    const row = byNumber.get(n);
    const handle = temporal.workflow.getHandle(complaintWorkflowId(n));
    const exists = await handle.describe().then(
      () => true,
      () => false,
    );
    if (!row || !exists) {
      casesLost.push(n);
      continue;
    }
    let state;
    try {
      state = await handle.query(caseStateQuery);
    } catch (err) {
      workflowsUnqueryable.push({ caseNumber: n, error: (err as Error).message });
      continue;
    }
    if (state.status !== row.status) readModelDivergent.push({ caseNumber: n, readModel: row.status, workflow: state.status });
    if (!c.error && state.status !== TARGET_STATUS[c.scenario]) casesNotAtTarget.push({ caseNumber: n, scenario: c.scenario, status: state.status, expected: TARGET_STATUS[c.scenario] });
  }
  const told = new Set(acknowledged.map((c) => c.caseNumber));
  const casesUnacknowledged = rows.map((r) => r.case_number).filter((n) => !told.has(n));

  const captured = await db('dev_mailbox')
    .groupBy('message_id', db.raw('envelope_to::text'))
    .select<Array<{ message_id: string; to: string; count: string }>>('message_id', db.raw('envelope_to::text as to'), db.raw('count(*) as count'));
  const lettersSentTwice = captured.filter((m) => Number(m.count) > 1).map((m) => ({ messageId: m.message_id, to: m.to, count: Number(m.count) }));
  const capturedIds = new Set(captured.map((m) => m.message_id));

  const outbox = await db('letter_outbox as o')
    .join('letters as l', 'l.id', 'o.letter_id')
    .join('cases as c', 'c.id', 'o.case_id')
    .select<
      Array<{ case_number: string; kind: string; channel: string; recipient_email: string | null; idempotency_key: string; status: string; last_error: string | null }>
    >('c.case_number', 'l.kind', 'o.channel', 'o.recipient_email', 'o.idempotency_key', 'o.status', 'o.last_error');
  const from = loadMailConfig({}).from;
  const email = outbox.filter((o) => o.channel === 'email');
  const lettersNeverSent = email
    .filter((o) => !capturedIds.has(letterMessageId(o.idempotency_key, from)))
    .map((o) => ({ caseNumber: o.case_number, kind: o.kind, to: o.recipient_email, status: o.status, lastError: o.last_error }));
  const outboxStuck = outbox
    .filter((o) => !['sent', 'print'].includes(o.status))
    .map((o) => ({ caseNumber: o.case_number, kind: o.kind, status: o.status, lastError: o.last_error }));
  const byKind: Record<string, number> = {};
  for (const o of email) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;

  return {
    casesLost,
    casesUnacknowledged,
    workflowsUnqueryable,
    readModelDivergent,
    casesNotAtTarget,
    casesFailed: cases.filter((c) => c.error).map((c) => ({ index: c.index, caseNumber: c.caseNumber, error: c.error! })),
    lettersSentTwice,
    lettersNeverSent,
    outboxStuck,
    letters: { emailRows: email.length, messagesCaptured: captured.reduce((s, m) => s + Number(m.count), 0), byKind },
  };
}

/** Outbox rows still on their way (pending, or claimed and being sent): the drain waits for none. */
export async function lettersInFlight(db: Knex): Promise<number> {
  const [{ count }] = await db('letter_outbox').whereIn('status', ['pending', 'sending']).count<Array<{ count: string }>>('* as count');
  return Number(count);
}
