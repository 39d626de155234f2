/**
 * Filing a complaint: store it (one statement: number, case, events, Idempotency-Key), then start
 * its workflow. The case row is the durable promise; the workflow's first step confirms the start
 * (workflow_started_at), and a reconciler starts any workflow whose start was lost (a crash between
 * commit and start) and confirms it, so no filed complaint is ever left without its procedure.
 */
import crypto from 'node:crypto';
import { logger } from '../../platform/log';
import type { Knex } from 'knex';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { amsterdamDate } from '../../domain/clock';
import { complaintWorkflowId } from '../../domain/caseNumber';
import type { ComplaintInput, SchoolRef } from '../../domain/intake';
import { findSchool } from '../../platform/register/store';
import { approvedPolicyValidOn, casePolicy } from '../../platform/store/policies';
import { filingTermEnd, isLateFiling } from '../../domain/filingTerm';
import { currentCalendarRelease } from '../../domain/calendar';
import { casesWithoutWorkflow, findCase, findIntakeRequest, insertFiledCase, markWorkflowStarted, type CaseRow } from '../../platform/store/cases';
import type { PolicyVersion } from '../../domain/policy';
import { CategoryKey, CaseStatusKey, SchoolBrinKey, SectorKey } from '../../contracts/searchAttributes';
import type { ComplaintWorkflowInput } from '../../workflows/complaint';
import { ConflictError } from '../errors';
import { ACCESS_CODE_ALPHABET, derivedAccessCode, normaliseAccessCode, randomAccessCode } from './accessCodes';

export interface IntakeDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  secret: string;
  now?: () => Date;
}

export interface FiledComplaint {
  caseNumber: string;
  accessCode: string;
  status: string;
  /** False when an earlier request with the same Idempotency-Key had filed it. */
  created: boolean;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The school as the register knows it: its name, place and sector come from there (letters use the
 * board's registered address through the BRIN code). A school not found is kept as typed and
 * flagged for the secretary, who links it to a register entry or enters it by hand.
 */
export async function resolveSchool(db: Knex, school: SchoolRef): Promise<{ school: SchoolRef; match: 'register' | 'unmatched' }> {
  const found = school.brin ? await findSchool(db, school.brin) : undefined;
  if (!found) return { school, match: 'unmatched' };
  const sector = found.sector ?? school.sector;
  return { school: { brin: found.brin, name: found.name, ...(found.place ? { place: found.place } : {}), ...(sector ? { sector } : {}) }, match: 'register' };
}

function requestHash(input: ComplaintInput): string {
  return crypto.createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export async function fileComplaint(deps: IntakeDeps, input: ComplaintInput, idempotencyKey?: string): Promise<FiledComplaint> {
  const hash = requestHash(input);
  if (idempotencyKey) {
    const earlier = await replayIntake(deps, idempotencyKey, hash);
    if (earlier) return earlier;
  }
  const now = (deps.now ?? (() => new Date()))();
  const receivedOn = amsterdamDate(now);
  const { school, match } = await resolveSchool(deps.db, input.school);
  const complaint: ComplaintInput = { ...input, school };
  const lateFiling = isLateFiling(input.occurredOn, receivedOn);
  // Read before the statement, without a lock: the version valid on the day of filing (stored
  // versions, issue 13); the case keeps it to the end, and its workflow gets it as stored.
  const policy = await approvedPolicyValidOn(deps.db, receivedOn);
  const randomCode = idempotencyKey ? null : randomAccessCode();
  let row: CaseRow;
  try {
    row = await insertFiledCase(deps.db, {
      year: Number(receivedOn.slice(0, 4)),
      workflowIdPrefix: complaintWorkflowId(''),
      accessCode: { secret: deps.secret, alphabet: ACCESS_CODE_ALPHABET, random: randomCode && normaliseAccessCode(randomCode) },
      ...(idempotencyKey ? { idempotency: { key: idempotencyKey, requestHash: hash } } : {}),
      row: {
        status: 'received',
        category: input.category,
        sector: school.sector ?? null,
        school_brin: school.brin ?? '',
        school_name: school.name,
        school_match: match,
        language: input.language ?? 'nl',
        complaint,
        policy_version: policy.version,
        calendar_version: currentCalendarRelease(),
        received_on: receivedOn,
        late_filing: lateFiling,
      },
      events: [
        { type: 'complaint.received', actor: 'complainant', data: { channel: 'api', category: input.category, schoolMatch: match } },
        ...(lateFiling ? [{ type: 'complaint.late-filing-flagged', actor: 'system', data: { occurredOn: input.occurredOn, filingTermEnd: filingTermEnd(input.occurredOn) } }] : []),
      ],
    });
  } catch (err) {
    // Two requests with one key at the same moment: the loser answers with the winner's case.
    if (idempotencyKey && (err as { code?: string }).code === UNIQUE_VIOLATION) {
      const earlier = await replayIntake(deps, idempotencyKey, hash);
      if (earlier) return earlier;
    }
    throw err;
  }
  const accessCode = randomCode ?? derivedAccessCode(deps.secret, idempotencyKey as string, row.case_number);
  // No second commit: the workflow's first step records that it runs (workflow_started_at, in the
  // step's own transaction); until then the reconciler treats the case as possibly not started.
  await startCaseWorkflow(deps, row, caseWorkflowInput(row, policy.content)).catch((err: unknown) => {
    // Stored but not started: the reconciler starts it; the complainant's case is safe either way.
    logger().warn({ caseNumber: row.case_number, err }, 'workflow start deferred to the reconciler');
  });
  return { caseNumber: row.case_number, accessCode, status: row.status, created: true };
}

async function replayIntake(deps: IntakeDeps, key: string, hash: string): Promise<FiledComplaint | undefined> {
  const earlier = await findIntakeRequest(deps.db, key);
  if (!earlier) return undefined;
  if (earlier.request_hash !== hash) {
    throw new ConflictError('this Idempotency-Key was used for a different complaint', 'Idempotency-Key');
  }
  const row = await findCase(deps.db, earlier.case_number);
  if (!row) throw new Error(`intake request ${key} points at missing case ${earlier.case_number}`);
  if (!row.workflow_started_at) await ensureWorkflowStarted(deps, row).catch(() => undefined);
  return { caseNumber: row.case_number, accessCode: derivedAccessCode(deps.secret, key, row.case_number), status: row.status, created: false };
}

/** Starts the case's workflow unless it runs already, and records that it does (the reconciler's and a replay's path). */
export async function ensureWorkflowStarted(deps: Pick<IntakeDeps, 'db' | 'temporal' | 'taskQueue'>, row: CaseRow): Promise<void> {
  await startCaseWorkflow(deps, row, caseWorkflowInput(row, await casePolicy(deps.db, row.policy_version)));
  await markWorkflowStarted(deps.db, row.id);
}

/** The complaint workflow's input for a stored case; `policy` is the case's policy version as stored. */
export function caseWorkflowInput(row: CaseRow, policy: PolicyVersion): ComplaintWorkflowInput {
  return {
    caseNumber: row.case_number,
    receivedOn: row.received_on,
    policyVersion: row.policy_version,
    // The version itself, as stored: the workflow never looks it up again (replay never depends on the database).
    policy,
    ...(row.calendar_version ? { calendarVersion: row.calendar_version } : {}),
    category: row.complaint.category,
    schoolBrin: row.school_brin,
    schoolName: row.school_name,
    ...(row.late_filing ? { lateFiling: { filingTermEnd: filingTermEnd(row.complaint.occurredOn) } } : {}),
    ...(row.complaint.respondents?.length ? { respondents: row.complaint.respondents.length } : {}),
  };
}

/** Starts the case's workflow with `input` unless it runs already. */
export async function startCaseWorkflow(deps: Pick<IntakeDeps, 'temporal' | 'taskQueue'>, row: CaseRow, input: ComplaintWorkflowInput): Promise<void> {
  const args: [ComplaintWorkflowInput] = [input];
  try {
    await deps.temporal.workflow.start('complaintWorkflow', {
      workflowId: row.workflow_id,
      taskQueue: deps.taskQueue,
      args,
      typedSearchAttributes: [
        { key: CaseStatusKey, value: row.status },
        { key: SchoolBrinKey, value: row.school_brin },
        { key: CategoryKey, value: row.category },
        ...(row.sector ? [{ key: SectorKey, value: row.sector }] : []),
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts workflows of cases stored more than `olderThanMs` ago whose start was never confirmed. */
export async function startMissingWorkflows(deps: Pick<IntakeDeps, 'db' | 'temporal' | 'taskQueue'>, olderThanMs = 30_000): Promise<number> {
  const rows = await casesWithoutWorkflow(deps.db, new Date(Date.now() - olderThanMs));
  for (const row of rows) await ensureWorkflowStarted(deps, row);
  return rows.length;
}
