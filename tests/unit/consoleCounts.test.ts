/** Counts in the console read right in both languages: "1 zaak wacht", "2 zaken wachten". */
import { describe, expect, it } from 'vitest';
import { translateCount } from '../../api/web/i18n';
import { primaryAction } from '../../api/web/console/nextActions';

describe('translateCount', () => {
  it('uses the singular for one and the plural otherwise, in Dutch and English', () => {
    expect(translateCount('nl', 'console.queue.count', 1)).toBe('1 zaak wacht op het secretariaat.');
    expect(translateCount('nl', 'console.queue.count', 2)).toBe('2 zaken wachten op het secretariaat.');
    expect(translateCount('nl', 'console.queue.count', 0)).toBe('0 zaken wachten op het secretariaat.');
    expect(translateCount('en', 'console.queue.count', 1)).toBe('1 case is waiting on the secretariat.');
    expect(translateCount('en', 'console.queue.count', 3)).toBe('3 cases are waiting on the secretariat.');
    expect(translateCount('nl', 'console.tile.waiting', 1)).toBe('zaak wacht op het secretariaat');
  });
});

describe('primaryAction', () => {
  it('puts a decision awaiting its second signature first, and never a term change or withdrawal', () => {
    expect(primaryAction(['withdraw', 'extendTerm', 'decideAdmissibility', 'approveLetter'])).toBe('approveLetter');
    expect(primaryAction(['withdraw', 'suspendTerm', 'startMediation', 'decideAdmissibility'])).toBe('decideAdmissibility');
    expect(primaryAction(['withdraw', 'extendTerm', 'suspendTerm', 'flagReportingDuty'])).toBeUndefined();
  });
});
