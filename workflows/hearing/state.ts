/** The hearing workflow's input and state (plain data, carried through continue-as-new). */
import type { PolicyVersion } from '../../domain/policy';
import type { Postponement } from '../../activities/hearings';
import type { TermLedger } from '../../domain/termLedger';
import { HEARING_PARTIES, isRespondentParty, type PostponingParty } from '../../contracts/actors';
import type { HearingParty, HearingResult, HearingSchedule, HearingView, PanelMember } from '../../contracts/messages';

export interface HearingInput {
  caseNumber: string;
  policyVersion: string;
  /** The policy version valid on the filing day, as stored (issue 13); absent in cases started before snapshots. */
  policy?: PolicyVersion;
  schoolBrin: string;
  schoolName: string;
  /** The calendar release the case is pinned to (domain/calendar/releases); absent: the first release. */
  calendarVersion?: string;
  /** The day the written round (defence, reply, rejoinder) closed: the term for the hearing runs from it. */
  defenceRoundClosedOn: string;
  /**
   * How many persons complained about the case names (respondent:1 … respondent:n), as the complaint
   * workflow knew when it started the hearing: each may give availability and ask a postponement
   * (issue 12). Absent in older cases: none.
   */
  respondents?: number;
  /** Terms carried over (continue-as-new). */
  ledger?: TermLedger;
  /** The whole state, when the workflow continues as new. */
  resume?: HearingSnapshot;
  /** Continue-as-new after this many history events (tests set it low). */
  maxHistoryEvents?: number;
}

export type HearingStatus = HearingView['status'];

/** Everything the workflow knows: plain data, carried through continue-as-new. */
export interface HearingSnapshot {
  status: HearingStatus;
  panel: PanelMember[];
  panelProblem: string | null;
  availability: Record<string, string[]>;
  candidateDates: string[];
  schedule: HearingSchedule | null;
  /** How often a date was set; the reminder and the step keys of one date go by it. */
  scheduleCount: number;
  remindedFor: number;
  postponements: Postponement[];
  result: HearingResult | null;
  cancelRequested: { reason: string } | null;
  ledger: TermLedger;
  /** Counts occasions, so every step key is unique per case. */
  occasion: number;
  /** Counts read-model writes; the table keeps the newest. */
  revision: number;
}

export function initialSnapshot(input: HearingInput): HearingSnapshot {
  return {
    status: 'forming-panel',
    panel: [],
    panelProblem: null,
    availability: {},
    candidateDates: [],
    schedule: null,
    scheduleCount: 0,
    remindedFor: 0,
    postponements: [],
    result: null,
    cancelRequested: null,
    ledger: input.ledger ?? {},
    occasion: 0,
    revision: 0,
  };
}

export const PARTIES: readonly HearingParty[] = HEARING_PARTIES;
export const PARTY_NL: Record<HearingParty, string> = { complainant: 'de klager', school: 'het bevoegd gezag' };
/** A party as the letters name it (who asked the postponement). */
export const partyNl = (party: PostponingParty): string => (isRespondentParty(party) ? 'de persoon over wie geklaagd is' : PARTY_NL[party]);
