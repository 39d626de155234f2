/**
 * Data access for hearings: the panel assigned to a case (committee members, their conflicts and
 * last assignment), and the hearing's read model written by the hearing workflow.
 */
import type { Knex } from 'knex';

// Serialises panel formation across cases, so two cases formed at once see each other's assignments.
const PANEL_LOCK_KEY = 4_224_003;

export async function lockPanelFormation(trx: Knex.Transaction): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [PANEL_LOCK_KEY]);
}

/** The panel already assigned to the case, chair first. */
export async function assignedPanel(trx: Knex, caseId: string): Promise<Array<{ id: string; name: string; email: string; role: 'chair' | 'member' }>> {
  return trx('hearing_panel_assignments as a')
    .join('committee_members as m', 'm.id', 'a.member_id')
    .where('a.case_id', caseId)
    .orderByRaw(`CASE a.role WHEN 'chair' THEN 0 ELSE 1 END, a.id`)
    .select('m.id', 'm.name', 'm.email', 'a.role');
}

/** Active committee members with their conflicts and when they last sat on a panel. */
export async function panelCandidates(trx: Knex): Promise<Array<{ id: string; name: string; email: string; role: 'chair' | 'member'; conflicts: unknown; last_assigned_at: Date | null }>> {
  return trx('committee_members as m')
    .leftJoin('hearing_panel_assignments as a', 'a.member_id', 'm.id')
    .where('m.active', true)
    .groupBy('m.id')
    .select('m.id', 'm.name', 'm.email', 'm.role', 'm.conflicts', trx.raw('max(a.assigned_at) as last_assigned_at'));
}

export async function assignPanel(trx: Knex, caseId: string, panel: Array<{ memberId: string; role: string }>): Promise<void> {
  await trx('hearing_panel_assignments').insert(panel.map((p) => ({ case_id: caseId, member_id: p.memberId, role: p.role })));
}

export interface HearingSnapshot {
  status: string;
  panel: unknown;
  schedule: unknown | null;
  postponements: unknown;
  availability: unknown;
  panelProblem: string | null;
  result: unknown | null;
  revision: number;
}

/** Writes the hearing's read model; an older revision never overwrites a newer one. */
export async function upsertHearing(db: Knex, caseId: string, input: HearingSnapshot): Promise<void> {
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

/** Whether this committee member sits on the case's panel. */
export async function sitsOnPanel(db: Knex, caseId: string, memberId: string): Promise<boolean> {
  const row = await db('hearing_panel_assignments').where({ case_id: caseId, member_id: memberId }).first('id');
  return row !== undefined;
}
