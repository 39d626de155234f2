import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { refusalReason } from '../../api/web/refusalReasons';

/** How the case-action service splits "field: reason" (api/services/caseActions.ts). */
function reasonOf(message: string): string {
  return /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(message)?.[2] ?? message;
}

describe('the validators’ reasons on Dutch pages', () => {
  it('words the reasons in Dutch, keeping their dates and numbers', () => {
    expect(refusalReason('nl', 'is required')).toBe('dit moet worden ingevuld.');
    expect(refusalReason('nl', reasonOf('dates[1]: 2027-01-04 is within the notice period for the hearing; the earliest possible hearing date is 2027-01-11'))).toBe(
      '2027-01-04 valt binnen de oproepingstermijn; de vroegst mogelijke datum voor de hoorzitting is 2027-01-11.',
    );
    expect(refusalReason('nl', 'too late: a postponement must be asked at least three working days before the hearing on 2027-02-10, so by 2027-02-05')).toBe(
      'te laat: uitstel moet uiterlijk drie werkdagen voor de hoorzitting van 2027-02-10 worden gevraagd, dus op 2027-02-05.',
    );
    expect(refusalReason('nl', reasonOf('by: the drafter of a decision cannot approve it (four-eyes)'))).toContain('vier-ogenprincipe');
  });

  it('leaves English pages, and a reason it does not know, as the workflow worded them', () => {
    expect(refusalReason('en', 'is required')).toBe('is required');
    expect(refusalReason('nl', 'a reason nobody has worded yet')).toBe('a reason nobody has worded yet');
  });

  it('has Dutch for every fixed reason the workflows give', () => {
    const dir = path.join(__dirname, '..', '..', 'workflows');
    const fixed = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/throw new Error\('([^']+)'\)/g)) fixed.add(reasonOf(m[1]));
    }
    expect(fixed.size).toBeGreaterThan(20);
    const unworded = [...fixed].filter((reason) => refusalReason('nl', reason) === reason);
    expect(unworded).toEqual([]);
  });
});
