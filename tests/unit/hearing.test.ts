/** The hearing's pure date rules and panel choice (domain/hearing.ts). */
import { describe, expect, it } from 'vitest';
import { defaultLegalCalendar } from '../../domain/calendar';
import {
  candidateDates,
  choosePanel,
  earliestHearingDate,
  firstWorkingDayFrom,
  hasConflict,
  invitationDeadline,
  isIsoDate,
  isTimeOfDay,
  postponementDeadline,
  proposeDates,
  type PanelCandidate,
} from '../../domain/hearing';
import { POLICY_2026_1 } from '../../domain/policy';

const calendar = defaultLegalCalendar();
const policy = POLICY_2026_1;

describe('date and time checks', () => {
  it('accepts existing ISO dates only', () => {
    expect(isIsoDate('2026-12-15')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('15-12-2026')).toBe(false);
    expect(isIsoDate(20261215)).toBe(false);
  });

  it('accepts HH:MM times only', () => {
    expect(isTimeOfDay('09:30')).toBe(true);
    expect(isTimeOfDay('23:59')).toBe(true);
    expect(isTimeOfDay('9:30')).toBe(false);
    expect(isTimeOfDay('24:00')).toBe(false);
    expect(isTimeOfDay('10:60')).toBe(false);
  });
});

describe('notice period and postponement window (counted back from the hearing)', () => {
  it('the invitation goes out two weeks before the hearing at the latest, without the Atw', () => {
    const notice = invitationDeadline('2026-12-15', policy, calendar);
    expect(notice.due).toBe('2026-12-01');
    expect(notice.explanation.en).toMatch(/counted backwards/);
    // Backward terms are not moved off weekends (Atw art. 1(2)): Sunday stays Sunday.
    expect(invitationDeadline('2026-12-20', policy, calendar).due).toBe('2026-12-06');
  });

  it('the earliest hearing date is the first day whose notice day is not before today', () => {
    expect(earliestHearingDate('2026-11-30', policy, calendar)).toBe('2026-12-14');
    expect(earliestHearingDate('2026-11-29', policy, calendar)).toBe('2026-12-13');
    expect(firstWorkingDayFrom('2026-12-13', calendar)).toBe('2026-12-14');
    // Christmas: 25 and 26 December are recognised holidays, 27 is a Sunday.
    expect(firstWorkingDayFrom('2026-12-25', calendar)).toBe('2026-12-28');
  });

  it('a postponement may be asked up to three working days before the hearing', () => {
    expect(postponementDeadline('2026-12-15', policy, calendar).due).toBe('2026-12-10');
    // Over Christmas: 28 (Mon), 24 (Thu), 23 (Wed) are the three working days before 29 December.
    expect(postponementDeadline('2026-12-29', policy, calendar).due).toBe('2026-12-23');
  });
});

describe('candidate and proposed dates', () => {
  it('offers working days from the earliest date up to the end of the term', () => {
    expect(candidateDates('2026-12-18', '2026-12-29', calendar)).toEqual(['2026-12-18', '2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-28', '2026-12-29']);
    expect(candidateDates('2026-12-14', '2027-01-29', calendar, 3)).toEqual(['2026-12-14', '2026-12-15', '2026-12-16']);
  });

  it('still offers dates when the term cannot be met any more', () => {
    expect(candidateDates('2026-12-14', '2026-12-01', calendar, 2)).toEqual(['2026-12-14', '2026-12-15']);
    expect(candidateDates('2026-12-14', null, calendar, 2)).toEqual(['2026-12-14', '2026-12-15']);
  });

  it('proposes the days everyone who answered can attend, inside the window, working days only', () => {
    const availability = {
      complainant: ['2026-12-15', '2026-12-16', '2026-12-17', '2026-12-26', '2026-12-28', '2027-02-01'],
      school: ['2026-12-16', '2026-12-17', '2026-12-26', '2026-12-28', '2027-02-01', '2026-12-10'],
      '7': ['2026-12-17', '2026-12-16', '2026-12-26', '2026-12-28', '2027-02-01', '2026-12-10'],
    };
    expect(proposeDates(availability, { earliest: '2026-12-14', latest: '2027-01-12', calendar })).toEqual(['2026-12-16', '2026-12-17', '2026-12-28']);
    expect(proposeDates(availability, { earliest: '2026-12-17', latest: null, calendar })).toEqual(['2026-12-17', '2026-12-28', '2027-02-01']);
  });

  it('proposes nothing before anyone answered, or when answers do not overlap', () => {
    expect(proposeDates({}, { earliest: '2026-12-14', latest: null, calendar })).toEqual([]);
    expect(proposeDates({ complainant: ['2026-12-15'], school: ['2026-12-16'] }, { earliest: '2026-12-14', latest: null, calendar })).toEqual([]);
  });
});

describe('the panel', () => {
  const member = (memberId: string, name: string, role: 'chair' | 'member', conflicts: string[] = [], lastAssignedAt: string | null = null): PanelCandidate => ({
    memberId,
    name,
    email: `${memberId}@example.nl`,
    role,
    conflicts,
    lastAssignedAt,
  });

  it('matches ties on BRIN code or board name, ignoring case and spacing', () => {
    expect(hasConflict({ conflicts: ['12ab'] }, ['12AB', 'OBS De Linde'])).toBe(true);
    expect(hasConflict({ conflicts: ['Stichting  Primair Onderwijs  Noord'] }, ['34CD', 'stichting primair onderwijs noord'])).toBe(true);
    expect(hasConflict({ conflicts: ['56EF'] }, ['12AB', 'OBS De Linde'])).toBe(false);
    expect(hasConflict({ conflicts: [] }, ['', ''])).toBe(false);
  });

  it('forms a chair and two members without ties, the least recently assigned first', () => {
    const candidates = [
      member('1', 'Voorzitter Een', 'chair', [], '2026-11-01T10:00:00.000Z'),
      member('2', 'Voorzitter Twee', 'chair', ['12AB']),
      member('3', 'Voorzitter Drie', 'chair', [], '2026-10-01T10:00:00.000Z'),
      member('4', 'Lid Vier', 'member'),
      member('5', 'Lid Vijf', 'member', [], '2026-11-20T10:00:00.000Z'),
      member('6', 'Lid Zes', 'member', [], '2026-09-01T10:00:00.000Z'),
      member('7', 'Lid Zeven', 'member', ['Stichting Linde']),
    ];
    const choice = choosePanel(candidates, ['12AB', 'OBS De Linde', 'Stichting Linde']);
    expect(choice).toEqual({
      panel: [
        { memberId: '3', name: 'Voorzitter Drie', email: '3@example.nl', role: 'chair' },
        { memberId: '4', name: 'Lid Vier', email: '4@example.nl', role: 'member' },
        { memberId: '6', name: 'Lid Zes', email: '6@example.nl', role: 'member' },
      ],
    });
    // The same input gives the same panel: the choice is repeatable.
    expect(choosePanel([...candidates].reverse(), ['12AB', 'OBS De Linde', 'Stichting Linde'])).toEqual(choice);
  });

  it('explains why no conflict-free panel can be formed', () => {
    const choice = choosePanel([member('1', 'V', 'chair'), member('2', 'A', 'member'), member('3', 'B', 'member', ['12AB'])], ['12AB']);
    expect(choice).toEqual({ problem: expect.stringMatching(/^no conflict-free panel can be formed: .*only 1 chair\(s\) and 1 member\(s\).*excluded .*: B\./) });
  });
});
