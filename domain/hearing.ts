/**
 * The hearing's date rules and the panel choice (process.md steps 8–11), pure and deterministic so
 * the hearing workflow can use them during replay and validators can answer at once:
 * - notice period (`hearingNotice`, counted back from the hearing): the invitation must go out on or
 *   before that day, so a hearing is possible only on days whose notice day is today or later;
 * - postponement (`postponementRequest`, counted back): a request is in time up to and including
 *   that day;
 * - proposed dates: the days every respondent so far can attend, that are working days, far enough
 *   ahead for the notice period and within the term for the hearing;
 * - panel: a chair and two members without ties to the school or its board, the least recently
 *   assigned first.
 */
import { computeDeadline, isWorkingDay, type LegalCalendar } from './calendar';
import { addDays } from './clock';
import { termSpecOf, type PolicyVersion } from './policy';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A YYYY-MM-DD date that exists (no 31 April). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A time of day HH:MM, 00:00–23:59. */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value);
}

function backwardDue(key: 'hearingNotice' | 'postponementRequest', hearingDate: string, policy: PolicyVersion, calendar: LegalCalendar) {
  return computeDeadline({ trigger: hearingDate, triggerEvent: 'de hoorzitting', term: termSpecOf(policy.terms[key]) }, calendar);
}

/** The last day the invitation to a hearing on `hearingDate` may go out, with the explanation. */
export function invitationDeadline(hearingDate: string, policy: PolicyVersion, calendar: LegalCalendar): { due: string; explanation: { nl: string; en: string } } {
  const r = backwardDue('hearingNotice', hearingDate, policy, calendar);
  return { due: r.earliestDue, explanation: { nl: r.explanation.nl, en: r.explanation.en } };
}

/** The last day a party may ask to postpone a hearing on `hearingDate`, with the explanation. */
export function postponementDeadline(hearingDate: string, policy: PolicyVersion, calendar: LegalCalendar): { due: string; explanation: { nl: string; en: string } } {
  const r = backwardDue('postponementRequest', hearingDate, policy, calendar);
  return { due: r.earliestDue, explanation: { nl: r.explanation.nl, en: r.explanation.en } };
}

/**
 * The first day a hearing can be held when the invitation goes out `today`: the first day whose
 * notice day (counted back) is not before today. Not necessarily a working day.
 */
export function earliestHearingDate(today: string, policy: PolicyVersion, calendar: LegalCalendar): string {
  let day = today;
  for (let i = 0; i < 400; i++, day = addDays(day, 1)) {
    if (invitationDeadline(day, policy, calendar).due >= today) return day;
  }
  throw new Error(`no hearing date within 400 days of ${today} satisfies the notice period`);
}

/** The first working day on or after `from`. */
export function firstWorkingDayFrom(from: string, calendar: LegalCalendar): string {
  let day = from;
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/**
 * Dates to offer in the availability request: working days from `earliest` up to and including
 * `latest` (the end of the term for the hearing), at most `max`. When that window is empty (the
 * term cannot be met any more) the first `max` working days from `earliest`.
 */
export function candidateDates(earliest: string, latest: string | null, calendar: LegalCalendar, max = 10): string[] {
  const dates: string[] = [];
  const bounded = latest !== null && latest >= earliest;
  for (let day = earliest; dates.length < max; day = addDays(day, 1)) {
    if (bounded && day > latest) break;
    if (isWorkingDay(day, calendar)) dates.push(day);
  }
  return dates;
}

/**
 * The days every respondent who answered so far can attend, that are working days, not before
 * `earliest` (the notice period) and not after `latest` (the term for the hearing, when known).
 * Nobody answered yet: no proposal.
 */
export function proposeDates(availability: Record<string, readonly string[]>, opts: { earliest: string; latest: string | null; calendar: LegalCalendar }): string[] {
  const answers = Object.values(availability);
  if (answers.length === 0) return [];
  let common = new Set(answers[0]);
  for (const dates of answers.slice(1)) {
    const next = new Set(dates);
    common = new Set([...common].filter((d) => next.has(d)));
  }
  return [...common]
    .filter((d) => isIsoDate(d) && d >= opts.earliest && (opts.latest === null || d <= opts.latest) && isWorkingDay(d, opts.calendar))
    .sort();
}

// ------------------------------------------------------------------ the panel

export interface PanelCandidate {
  memberId: string;
  name: string;
  email: string;
  role: 'chair' | 'member';
  /** BRIN codes and school-board names the member has ties with. */
  conflicts: readonly string[];
  /** When the member was last put on a panel (ISO timestamp), null when never. */
  lastAssignedAt: string | null;
}

export interface ChosenPanelMember {
  memberId: string;
  name: string;
  email: string;
  role: 'chair' | 'member';
}

const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether a member has ties with any of `ties` (the school's BRIN code, school name, board name). */
export function hasConflict(candidate: Pick<PanelCandidate, 'conflicts'>, ties: readonly string[]): boolean {
  const wanted = new Set(ties.filter((t) => t.trim() !== '').map(normalise));
  return candidate.conflicts.some((c) => typeof c === 'string' && wanted.has(normalise(c)));
}

/** Least recently assigned first (never assigned before all), then by name and id: fair and repeatable. */
function fairOrder(a: PanelCandidate, b: PanelCandidate): number {
  if (a.lastAssignedAt !== b.lastAssignedAt) {
    if (a.lastAssignedAt === null) return -1;
    if (b.lastAssignedAt === null) return 1;
    return a.lastAssignedAt < b.lastAssignedAt ? -1 : 1;
  }
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;
}

/**
 * A chair and two members without ties to `ties`, least recently assigned first; or why no such
 * panel can be formed.
 */
export function choosePanel(candidates: readonly PanelCandidate[], ties: readonly string[]): { panel: ChosenPanelMember[] } | { problem: string } {
  const conflicted = candidates.filter((c) => hasConflict(c, ties));
  const eligible = candidates.filter((c) => !hasConflict(c, ties)).sort(fairOrder);
  const chairs = eligible.filter((c) => c.role === 'chair');
  const members = eligible.filter((c) => c.role === 'member');
  if (chairs.length < 1 || members.length < 2) {
    const excluded = conflicted.length ? `; excluded for ties with the school or its board: ${conflicted.map((c) => c.name).join(', ')}` : '';
    return {
      problem:
        `no conflict-free panel can be formed: a hearing needs 1 chair and 2 members without ties to ${ties.filter((t) => t.trim()).join(' / ')}, ` +
        `but only ${chairs.length} chair(s) and ${members.length} member(s) are available${excluded}. Add or activate committee members, then retry.`,
    };
  }
  const pick = (c: PanelCandidate): ChosenPanelMember => ({ memberId: c.memberId, name: c.name, email: c.email, role: c.role });
  return { panel: [pick(chairs[0]), pick(members[0]), pick(members[1])] };
}
