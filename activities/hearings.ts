/**
 * Activities of the hearing workflow: forming the panel (conflict check, fair choice) and writing
 * the hearing's read model. Both idempotent: a retried `selectPanel` returns the panel already
 * assigned to the case; `saveHearing` keeps the newest revision only.
 */
import type { PostponingParty } from '../contracts/actors';
import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { PANEL_UNAVAILABLE } from '../contracts/failureTypes';
import { choosePanel, type ChosenPanelMember, type PanelCandidate } from '../domain/hearing';
import type { HearingView, HearingResult, HearingSchedule } from '../contracts/messages';
import type { ActivityDeps } from './index';
import { caseIdByNumber } from '../platform/store/cases';
import { boardNamesOfSchool } from '../platform/store/schools';
import { assignedPanel, assignPanel, lockPanelFormation, panelCandidates, upsertHearing } from '../platform/store/hearings';

export interface SelectPanelInput {
  caseNumber: string;
  schoolBrin: string;
  /** Also checked against members' ties, besides the BRIN code and the board's name. */
  schoolName?: string;
}

export interface Postponement {
  party: PostponingParty;
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

async function caseIdOf(db: Knex, caseNumber: string): Promise<string> {
  const id = await caseIdByNumber(db, caseNumber);
  if (!id) throw ApplicationFailure.nonRetryable(`case ${caseNumber} not found`, 'CaseNotFound');
  return String(id);
}

async function boardNamesOf(db: Knex, brin: string): Promise<string[]> {
  // The school register (migration 002) names the school's board; without a row the BRIN code and
  // the school's name are the ties checked.
  return boardNamesOfSchool(db, brin);
}

export async function selectPanel(db: Knex, input: SelectPanelInput): Promise<ChosenPanelMember[]> {
  return db.transaction(async (trx) => {
    await lockPanelFormation(trx);
    const caseId = await caseIdOf(trx, input.caseNumber);

    // Already formed (a retried activity, or a replayed workflow): the same panel, never a second.
    const existing = await assignedPanel(trx, caseId);
    if (existing.length > 0) {
      return existing.map((r: { id: string; name: string; email: string; role: 'chair' | 'member' }) => ({ memberId: String(r.id), name: r.name, email: r.email, role: r.role }));
    }

    const ties = [input.schoolBrin, input.schoolName ?? '', ...(await boardNamesOf(trx, input.schoolBrin))];
    const rows = await panelCandidates(trx);
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

    await assignPanel(trx, caseId, choice.panel);
    return choice.panel;
  });
}

export async function saveHearing(db: Knex, input: SaveHearingInput): Promise<void> {
  const caseId = await caseIdOf(db, input.caseNumber);
  await upsertHearing(db, caseId, input);
}

export function createHearingActivities(deps: ActivityDeps) {
  return {
    selectPanel: (input: SelectPanelInput): Promise<ChosenPanelMember[]> => selectPanel(deps.db, input),
    saveHearing: (input: SaveHearingInput): Promise<void> => saveHearing(deps.db, input),
  };
}
