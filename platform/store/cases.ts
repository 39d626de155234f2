/**
 * Data access for cases, their audit log and letters. The API and the activities share it: the
 * API creates and reads cases; activities apply workflow steps.
 */
import { isCaseNumber } from '../../domain/caseNumber';
import type { Knex } from 'knex';
import type { ComplaintInput } from '../../domain/intake';
import type { CaseStatus } from '../../domain/caseStatus';

export interface CaseRow {
  id: string;
  case_number: string;
  status: CaseStatus;
  category: string;
  sector: string | null;
  school_brin: string;
  school_name: string;
  /** How intake matched the school to the register (migration 20261202_reg_001); null before it. */
  school_match?: 'register' | 'unmatched' | 'linked' | 'manual' | null;
  language: 'nl' | 'en';
  complaint: ComplaintInput;
  access_code_hash: string;
  policy_version: string;
  /** Null: filed before pinning, so the first calendar release. */
  calendar_version: string | null;
  workflow_id: string;
  workflow_started_at: Date | null;
  received_on: string;
  /** Filed after the one-year term (migration 20261203_parties_001). */
  late_filing?: boolean;
  next_deadline: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export interface LetterRow {
  id: string;
  case_id: string;
  kind: string;
  addressee_role: string;
  addressee: Record<string, unknown>;
  language: string;
  subject: string;
  template_id: string;
  template_version: number;
  template_hash: string;
  data_snapshot: Record<string, unknown>;
  html: string;
  status: string;
  dedupe_key: string;
  created_at: Date;
}

/** A complaint as the intake files it: everything but what the counter decides (number, workflow ID, access-code hash). */
export interface FiledCase {
  year: number;
  row: Omit<NewCase, 'case_number' | 'workflow_id' | 'access_code_hash'>;
  /** `complaintWorkflowId('')`: the workflow ID is this prefix and the case number. */
  workflowIdPrefix: string;
  /**
   * The access code's hash, HMAC-SHA256 keyed with the server secret over `access:<number>:<code>`
   * (hashAccessCode). The code is the given random one (normalised), or, when `random` is null (an
   * intake under an Idempotency-Key), derived from the key and the number (derivedAccessCode, over `alphabet`).
   * The secret travels as a bind parameter: never in the statement text, so never in an error or log.
   */
  accessCode: { secret: string; alphabet: string; random: string | null };
  idempotency?: { key: string; requestHash: string };
  events: Array<{ type: string; actor: string; data: Record<string, unknown> }>;
}

/**
 * Files a complaint in ONE statement: bumps the year's counter, stores the case, its first events
 * and its Idempotency-Key, and returns the case. The counter row is locked only while this one
 * statement runs (it commits on its own), never across round trips, and a failure (a second
 * request with the same key: unique violation) undoes the whole, counter included — numbers stay
 * consecutive.
 */
export async function insertFiledCase(db: Knex, filed: FiledCase): Promise<CaseRow> {
  const code = filed.accessCode;
  const r = filed.row;
  const result = await db.raw<{ rows: CaseRow[] }>(
    `WITH seq AS (
       INSERT INTO case_number_counters (year, last_sequence) VALUES (:year, 1)
       ON CONFLICT (year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1
       RETURNING CAST(:year AS text) || '-' || lpad(CAST(last_sequence AS text), 6, '0') AS case_number
     ), numbered AS (
       SELECT case_number, coalesce(CAST(:random AS text), (
         SELECT string_agg(substr(CAST(:alphabet AS text), get_byte(hmac('intake:' || :key || ':' || case_number, CAST(:secret AS text), 'sha256'), i) % length(CAST(:alphabet AS text)) + 1, 1), '' ORDER BY i)
         FROM generate_series(0, 11) AS i)) AS code
       FROM seq
     ), c AS (
       INSERT INTO cases (case_number, workflow_id, access_code_hash, status, category, sector, school_brin, school_name, school_match,
                          language, complaint, policy_version, calendar_version, received_on, late_filing)
       SELECT case_number, :prefix || case_number, encode(hmac('access:' || case_number || ':' || code, CAST(:secret AS text), 'sha256'), 'hex'),
              :status, :category, :sector, :brin, :schoolName, :schoolMatch, :language, CAST(:complaint AS jsonb), :policyVersion,
              :calendarVersion, CAST(:receivedOn AS date), :lateFiling
       FROM numbered
       RETURNING *
     ), intake AS (
       INSERT INTO intake_requests (idempotency_key, request_hash, case_number)
       SELECT :key, :requestHash, case_number FROM c WHERE CAST(:key AS text) IS NOT NULL
     ), events AS (
       INSERT INTO case_events (case_id, type, actor, data)
       SELECT c.id, e.value ->> 'type', e.value ->> 'actor', e.value -> 'data'
       FROM c, jsonb_array_elements(CAST(:events AS jsonb)) WITH ORDINALITY AS e
       ORDER BY e.ordinality
     )
     SELECT * FROM c`,
    {
      year: filed.year,
      random: code.random,
      key: filed.idempotency?.key ?? null,
      alphabet: code.alphabet,
      secret: code.secret,
      prefix: filed.workflowIdPrefix,
      status: r.status,
      category: r.category,
      sector: r.sector,
      brin: r.school_brin,
      schoolName: r.school_name,
      schoolMatch: r.school_match ?? null,
      language: r.language,
      complaint: JSON.stringify(r.complaint),
      policyVersion: r.policy_version,
      calendarVersion: r.calendar_version ?? null,
      receivedOn: r.received_on,
      lateFiling: r.late_filing ?? false,
      requestHash: filed.idempotency?.requestHash ?? null,
      events: JSON.stringify(filed.events),
    },
  );
  return result.rows[0];
}

export async function findCase(db: Knex, caseNumber: string): Promise<CaseRow | undefined> {
  // Anything but a case number (a NUL byte from a URL, say) finds no case instead of a database error.
  if (!isCaseNumber(caseNumber)) return undefined;
  return db<CaseRow>('cases').where({ case_number: caseNumber }).first();
}

export async function appendEvent(
  db: Knex,
  event: { caseId: string; type: string; actor: string; data?: Record<string, unknown>; dedupeKey?: string },
): Promise<void> {
  await db('case_events')
    .insert({ case_id: event.caseId, type: event.type, actor: event.actor, data: JSON.stringify(event.data ?? {}), dedupe_key: event.dedupeKey ?? null })
    .onConflict('dedupe_key')
    .ignore();
}

export async function listEvents(db: Knex, caseId: string): Promise<CaseEventRow[]> {
  return db<CaseEventRow>('case_events').where({ case_id: caseId }).orderBy('id');
}

export async function listLetters(db: Knex, caseId: string): Promise<LetterRow[]> {
  return db<LetterRow>('letters').where({ case_id: caseId }).orderBy('id');
}

export type NewCase = Omit<CaseRow, 'id' | 'created_at' | 'updated_at' | 'workflow_started_at' | 'next_deadline' | 'calendar_version'> & { calendar_version?: string | null };

export async function insertCase(trx: Knex.Transaction, row: NewCase): Promise<CaseRow> {
  const [created] = await trx<CaseRow>('cases')
    .insert({ ...row, complaint: JSON.stringify(row.complaint) as unknown as ComplaintInput })
    .returning('*');
  return created;
}

/** The id of the case with this number, if any (no check of the number's form: callers pass stored ones). */
export async function caseIdByNumber(db: Knex, caseNumber: string): Promise<string | undefined> {
  const row = await db('cases').where({ case_number: caseNumber }).first<{ id: string } | undefined>('id');
  return row?.id;
}

/** The case with this number, locked for update until the transaction ends (two steps never interleave). */
export async function lockCaseByNumber<T = CaseRow>(trx: Knex.Transaction, caseNumber: string, columns?: string[]): Promise<T | undefined> {
  const q = trx('cases').where({ case_number: caseNumber }).forUpdate();
  return (columns ? q.first(...columns) : q.first()) as Promise<T | undefined>;
}

export async function updateCaseById(db: Knex, id: string, changes: Record<string, unknown>): Promise<void> {
  await db('cases').where({ id }).update(changes);
}

/** Points the case at a school: its columns and the school in its complaint (letters name the school from there). */
export async function setCaseSchool(trx: Knex, id: string, school: { brin: string; name: string; sector: string | null | undefined; match: string; ref: object }): Promise<void> {
  await trx('cases')
    .where({ id })
    .update({
      school_brin: school.brin,
      school_name: school.name,
      sector: school.sector,
      school_match: school.match,
      complaint: trx.raw(`jsonb_set(complaint, '{school}', ?::jsonb)`, [JSON.stringify(school.ref)]),
      updated_at: new Date(),
    });
}

/** Remembers which case an intake's Idempotency-Key filed (in the intake's transaction). */
export async function recordIntakeRequest(trx: Knex.Transaction, row: { idempotency_key: string; request_hash: string; case_number: string }): Promise<void> {
  await trx('intake_requests').insert(row);
}

export async function findIntakeRequest(db: Knex, key: string): Promise<{ idempotency_key: string; request_hash: string; case_number: string } | undefined> {
  return db('intake_requests').where({ idempotency_key: key }).first();
}

/** Records that the workflows of these cases run (intake's reconciler and replays: one case; the open-cases seed: a batch). */
export async function markWorkflowStarted(db: Knex, caseIds: string | string[]): Promise<void> {
  await db('cases').whereIn('id', ([] as string[]).concat(caseIds)).whereNull('workflow_started_at').update({ workflow_started_at: new Date() });
}

/** Up to 100 cases stored before `before` whose workflow start was never confirmed, oldest first. */
export async function casesWithoutWorkflow(db: Knex, before: Date): Promise<CaseRow[]> {
  return db<CaseRow>('cases')
    .whereNull('workflow_started_at')
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(100);
}

/**
 * A page of cases by case number (the JSON API's list). `panelOf`: only the cases whose panel this
 * committee member sits on; null or '' (a member token that speaks for no member): none.
 */
export async function listCases(
  db: Knex,
  opts: { limit: number; panelOf?: string | null; status?: string; after?: string },
): Promise<Array<Pick<CaseRow, 'case_number' | 'status' | 'category' | 'school_brin' | 'school_name' | 'received_on' | 'next_deadline'>>> {
  const query = db<CaseRow>('cases').orderBy('case_number').limit(opts.limit);
  if (opts.panelOf !== undefined) {
    if (opts.panelOf) query.whereIn('id', db('hearing_panel_assignments').where({ member_id: opts.panelOf }).select('case_id'));
    else query.whereRaw('false');
  }
  if (opts.status) query.where('status', opts.status);
  if (opts.after) query.where('case_number', '>', opts.after);
  return query.select('case_number', 'status', 'category', 'school_brin', 'school_name', 'received_on', 'next_deadline');
}

export async function reportingDutyOf(db: Knex, caseId: string): Promise<{ reporting_duty: string } | undefined> {
  return db('cases').where({ id: caseId }).first('reporting_duty');
}

/** How many cases each policy version governs. */
export async function casesPerPolicyVersion(db: Knex): Promise<Array<{ policy_version: string; n: number }>> {
  return db('cases').groupBy('policy_version').select('policy_version', db.raw('count(*)::int as n'));
}

/** The number of cases per status (the metrics' gauge). */
export async function countCasesPerStatus(db: Knex): Promise<Array<{ status: string; count: string }>> {
  return (await db('cases').select('status').count<{ status: string; count: string }[]>('* as count').groupBy('status')) as { status: string; count: string }[];
}

/** Open cases whose next term is overdue (before `today`), and those due from `today` up to `dueDays` days ahead. */
export async function countTermsDue(db: Knex, closedStatuses: readonly string[], today: string, dueDays: number): Promise<{ overdue: string; due: string }> {
  return (await db('cases')
    .whereNotIn('status', closedStatuses as string[])
    .whereNotNull('next_deadline')
    .select(
      db.raw('count(*) FILTER (WHERE next_deadline < ?::date) AS overdue', [today]),
      db.raw('count(*) FILTER (WHERE next_deadline >= ?::date AND next_deadline <= ?::date + ?::int) AS due', [today, today, dueDays]),
    )
    .first()) as { overdue: string; due: string };
}
