import { describe, expect, it } from 'vitest';
import { ACTIONS, ACTION_NAMES } from '../../contracts/actions';
import { parseInput, REFUSAL_CODES, refusalsOf, type Refusal } from '../../contracts/refusals';
import { placeholders, REFUSAL_TEXTS, refusalText } from '../../contracts/refusalTexts';

/** The refusals parseInput throws for `input` to `action`, or [] when it passes. */
function refusalsFor(action: keyof typeof ACTIONS, input: unknown): Refusal[] {
  try {
    parseInput(ACTIONS[action].input, input);
    return [];
  } catch (err) {
    const refusals = refusalsOf(err);
    if (!refusals) throw err;
    return refusals;
  }
}

describe('the refusal catalogue', () => {
  it('has a Dutch and an English text for every code, and no text without a code', () => {
    expect(Object.keys(REFUSAL_TEXTS).sort()).toEqual([...REFUSAL_CODES].sort());
    for (const code of REFUSAL_CODES) {
      expect(REFUSAL_TEXTS[code].nl.trim(), `${code} nl`).not.toBe('');
      expect(REFUSAL_TEXTS[code].en.trim(), `${code} en`).not.toBe('');
      // The Dutch uses no value the English does not name (both come from the same params).
      expect(placeholders(REFUSAL_TEXTS[code].en), code).toEqual(expect.arrayContaining(placeholders(REFUSAL_TEXTS[code].nl)));
    }
  });

  it('words a refusal with its values, in Dutch and in English', () => {
    const notice: Refusal = { code: 'within-notice', field: 'dates[1]', params: { date: '2027-01-04', earliest: '2027-01-11' } };
    expect(refusalText('nl', notice)).toBe('2027-01-04 valt binnen de oproepingstermijn; de vroegst mogelijke datum voor de hoorzitting is 2027-01-11.');
    expect(refusalText('en', notice)).toBe('2027-01-04 is within the notice period for the hearing; the earliest possible hearing date is 2027-01-11');
    expect(refusalText('nl', { code: 'postponement-too-late', params: { date: '2027-02-10', due: '2027-02-05' } })).toBe(
      'te laat: uitstel moet uiterlijk drie werkdagen voor de hoorzitting van 2027-02-10 worden gevraagd, dus op 2027-02-05.',
    );
    expect(refusalText('nl', { code: 'four-eyes', params: {} })).toBe('wie een besluit opstelt, kan het niet zelf goedkeuren (vier-ogenprincipe).');
    expect(refusalText('en', { code: 'too-long', params: { max: 2000 } })).toBe('must be at most 2000 characters');
  });

  it('lists, for every action, only known codes', () => {
    expect(ACTION_NAMES).toHaveLength(34);
    for (const name of ACTION_NAMES) {
      for (const code of ACTIONS[name].refusals) expect(REFUSAL_CODES, `${name}: ${code}`).toContain(code);
    }
  });
});

describe('an action’s schema refuses with codes, naming each bad field', () => {
  it('names every bad field with its code', () => {
    expect(refusalsFor('decideAdmissibility', { admissible: false, reasons: '  ', decidedBy: 'board' })).toEqual([
      { code: 'required', field: 'reasons', params: {} },
      { code: 'not-decided-by', field: 'decidedBy', params: {} },
    ]);
    expect(refusalsFor('decideAdmissibility', { admissible: 'no' })).toEqual([{ code: 'not-boolean', field: 'admissible', params: {} }]);
    expect(refusalsFor('completeComplaint', { supplied: 'x'.repeat(20_001) })).toEqual([{ code: 'too-long', field: 'supplied', params: { max: 20_000 } }]);
    expect(refusalsFor('withdraw', { reason: 7, requestedBy: 'school' })).toEqual([
      { code: 'not-text', field: 'reason', params: {} },
      { code: 'withdraw-requester', field: 'requestedBy', params: {} },
    ]);
    expect(refusalsFor('withdraw', undefined)).toEqual([{ code: 'not-object', field: 'body', params: {} }]);
  });

  it('checks nested fields and rules across fields', () => {
    expect(refusalsFor('issueAdvice', { finding: 'gegrond', reasons: 'Zo.', measures: [{ description: 'Protocol.', termWeeks: 60 }, { description: '' }] })).toEqual([
      { code: 'weeks-out-of-range', field: 'measures[0].termWeeks', params: { min: 1, max: 52 } },
      { code: 'required', field: 'measures[1].description', params: {} },
    ]);
    expect(refusalsFor('issueAdvice', { finding: 'ongegrond', reasons: 'Zo.', measures: [{ description: 'Protocol.' }] })).toEqual([
      { code: 'no-measures-when-unfounded', field: 'measures', params: {} },
    ]);
    expect(refusalsFor('recordHearing', { held: false, absentParties: [], minutes: 'Niemand.' })).toEqual([{ code: 'absent-party-required', field: 'absentParties', params: {} }]);
    expect(refusalsFor('verifyMeasure', { measureId: 'm1', accepted: false, reason: ' ' })).toEqual([{ code: 'required', field: 'reason', params: {} }]);
    expect(refusalsFor('submitAvailability', { respondent: 'school', dates: ['2027-02-30'] })).toEqual([{ code: 'not-date', field: 'dates[0]', params: {} }]);
    expect(refusalsFor('scheduleHearing', { date: '2027-01-04', startTime: '25:00', location: 'Utrecht', videoLink: 'http://meet.example' })).toEqual([
      { code: 'not-time', field: 'startTime', params: {} },
      { code: 'not-https-link', field: 'videoLink', params: {} },
    ]);
  });

  it('passes a good input', () => {
    expect(refusalsFor('scheduleHearing', { date: '2027-01-04', startTime: '10:00', location: 'Utrecht', videoLink: '' })).toEqual([]);
    expect(refusalsFor('issueAdvice', { finding: 'gegrond', reasons: 'Zo.', measures: [{ description: 'Protocol.', termWeeks: 52 }] })).toEqual([]);
  });
});
