/**
 * Activities of the hearing workflow: forming the panel (conflict check, fair choice) and writing
 * the hearing's read model. Both idempotent: a retried `selectPanel` returns the panel already
 * assigned to the case; `saveHearing` keeps the newest revision only.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { PANEL_UNAVAILABLE } from '../contracts/failureTypes';
import { choosePanel, type ChosenPanelMember, type PanelCandidate } from '../domain/hearing';
import type { HearingView, HearingResult, HearingSchedule } from '../contracts/messages';
import type { ActivityDeps } from './index';

export interface SelectPanelInput {
  caseNumber: string;
  schoolBrin: string;
  /** Also checked against members' ties, besides the BRIN code and the board's name. */
  schoolName?: string;
}

export interface Postponement {
  party: 'complainant' | 'school';
  reason: string;
  requestedOn: string;
  oldDate: string;
  by: string;
}

export interface SaveHearingInput {
  caseNumber: string;
  /** Increases with every write of the workflow; an older write never overwrites a newer one. */
  revision: number;
  status: HearingView['status'];
  panel: ChosenPanelMember[];
  schedule: HearingSchedule | null;
  postponements: Postponement[];
  availability: Record<string, string[]>;
  panelProblem: string | null;
  result: HearingResult | null;
}

// Serialises panel formation across cases, so two cases formed at once see each other's assignments.
const PANEL_LOCK_KEY = 4_224_003;

async function caseIdOf(db: Knex, caseNumber: string): Promise<string> {
  const row = await db('cases').where({ case_number: caseNumber }).first('id');
  if (!row) throw ApplicationFailure.nonRetryable(`case ${caseNumber} not found`, 'CaseNotFound');
  return String(row.id);
}

async function boardNamesOf(db: Knex, brin: string): Promise<string[]> {
  // The school register (migration 002) names the school's board; without a row the BRIN code and
  // the school's name are the ties checked.
  if (!(await db.schema.hasTable('schools'))) return [];
  const rows = await db('schools').whereRaw('upper(brin) = upper(?)', [brin]).select('board_name');
  return rows.map((r: { board_name: string | null }) => r.board_name).filter((n): n is string => typeof n === 'string' && n.trim() !== '');
}

export async function selectPanel(db: Knex, input: SelectPanelInput): Promise<ChosenPanelMember[]> {
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [PANEL_LOCK_KEY]);
    const caseId = await caseIdOf(trx, input.caseNumber);

    // Already formed (a retried activity, or a replayed workflow): the same panel, never a second.
    const existing = await trx('hearing_panel_assignments as a')
      .join('committee_members as m', 'm.id', 'a.member_id')
      .where('a.case_id', caseId)
      .orderByRaw(`CASE a.role WHEN 'chair' THEN 0 ELSE 1 END, a.id`)
      .select('m.id', 'm.name', 'm.email', 'a.role');
    if (existing.length > 0) {
      return existing.map((r: { id: string; name: string; email: string; role: 'chair' | 'member' }) => ({ memberId: String(r.id), name: r.name, email: r.email, role: r.role }));
    }

    const ties = [input.schoolBrin, input.schoolName ?? '', ...(await boardNamesOf(trx, input.schoolBrin))];
    const rows: Array<{ id: string; name: string; email: string; role: 'chair' | 'member'; conflicts: unknown; last_assigned_at: Date | null }> = await trx('committee_members as m')
      .leftJoin('hearing_panel_assignments as a', 'a.member_id', 'm.id')
      .where('m.active', true)
      .groupBy('m.id')
      .select('m.id', 'm.name', 'm.email', 'm.role', 'm.conflicts', trx.raw('max(a.assigned_at) as last_assigned_at'));
    const candidates: PanelCandidate[] = rows.map((r) => ({
      memberId: String(r.id),
      name: r.name,
      email: r.email,
      role: r.role,
      conflicts: Array.isArray(r.conflicts) ? r.conflicts.filter((c): c is string => typeof c === 'string') : [],
      lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at).toISOString() : null,
    }));
    const choice = choosePanel(candidates, ties);
    if ('problem' in choice) throw ApplicationFailure.nonRetryable(choice.problem, PANEL_UNAVAILABLE);

    await trx('hearing_panel_assignments').insert(choice.panel.map((p) => ({ case_id: caseId, member_id: p.memberId, role: p.role })));
    return choice.panel;
  });
}

export async function saveHearing(db: Knex, input: SaveHearingInput): Promise<void> {
  const caseId = await caseIdOf(db, input.caseNumber);
  await db.raw(
    `INSERT INTO hearings (case_id, status, panel, schedule, postponements, availability, panel_problem, result, revision, updated_at)
     VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, now())
     ON CONFLICT (case_id) DO UPDATE SET
       status = excluded.status, panel = excluded.panel, schedule = excluded.schedule,
       postponements = excluded.postponements, availability = excluded.availability,
       panel_problem = excluded.panel_problem, result = excluded.result,
       revision = excluded.revision, updated_at = excluded.updated_at
     WHERE hearings.revision <= excluded.revision`,
    [
      caseId,
      input.status,
      JSON.stringify(input.panel),
      input.schedule === null ? null : JSON.stringify(input.schedule),
      JSON.stringify(input.postponements),
      JSON.stringify(input.availability),
      input.panelProblem,
      input.result === null ? null : JSON.stringify(input.result),
      input.revision,
    ],
  );
}

export function createHearingActivities(deps: ActivityDeps) {
  return {
    selectPanel: (input: SelectPanelInput): Promise<ChosenPanelMember[]> => selectPanel(deps.db, input),
    saveHearing: (input: SaveHearingInput): Promise<void> => saveHearing(deps.db, input),
  };
}
