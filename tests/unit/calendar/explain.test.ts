import { describe, expect, it } from 'vitest';
import { explain } from '../../../domain/calendar';
import { compute } from './support';

describe('explanation in Dutch (and English)', () => {
  it('renders the example of the specification exactly', () => {
    const result = compute('2026-03-30', { amount: 4, unit: 'weeks' }, { triggerEvent: 'ontvangst van de klacht' });
    expect(result.explanation.nl).toContain(
      'de termijn van vier weken eindigt op maandag 27 april 2026, Koningsdag; op grond van art. 1 Algemene termijnenwet verschoven naar dinsdag 28 april 2026',
    );
    expect(result.explanation.nl.split('\n')).toEqual([
      'Aanleiding: ontvangst van de klacht op maandag 30 maart 2026.',
      'De termijn van vier weken begint de dag erna, dinsdag 31 maart 2026.',
      'Algemene termijnenwet: toegepast, omdat het beleid voor deze termijn uit het reglement van de commissie dat voorschrijft.',
      'Einddatum: de termijn van vier weken eindigt op maandag 27 april 2026, Koningsdag; op grond van art. 1 Algemene termijnenwet verschoven naar dinsdag 28 april 2026.',
      'Uiterste datum: dinsdag 28 april 2026.',
    ]);
    expect(result.explanation.en).toContain(
      "the term of four weeks ends on Monday 27 April 2026, King's Day; under art. 1 of the General Terms Act (Algemene termijnenwet) moved to Tuesday 28 April 2026",
    );
  });

  it('names the days skipped in a row of holidays and uses the label of the term', () => {
    const nl = compute('2026-04-16', { amount: 4, unit: 'weeks', label: 'verweertermijn', statutory: true }).explanation.nl;
    expect(nl).toContain(
      'de verweertermijn van vier weken eindigt op donderdag 14 mei 2026, Hemelvaartsdag; op grond van art. 1 Algemene termijnenwet verschoven naar maandag 18 mei 2026, want ook vrijdag 15 mei 2026 (bij koninklijk besluit gelijkgestelde dag), zaterdag 16 mei 2026 en zondag 17 mei 2026 zijn geen werkdagen.',
    );
    expect(nl).toContain('Algemene termijnenwet: toegepast, want dit is een wettelijke termijn.');
  });

  it('explains art. 2', () => {
    expect(compute('2026-03-06', { amount: 3, unit: 'days' }).explanation.nl).toContain(
      'de termijn van drie dagen eindigt op maandag 9 maart 2026; de termijn bevat dan maar één werkdag, daarom op grond van art. 2 Algemene termijnenwet verlengd tot dinsdag 10 maart 2026.',
    );
  });

  it('says why the Atw was not applied', () => {
    expect(compute('2026-06-15', { amount: 9, unit: 'days', direction: 'backward' }).explanation.nl).toContain(
      'niet van toepassing, want de termijn wordt teruggerekend (art. 1 lid 2 Atw)',
    );
    expect(compute('2025-12-25', { amount: 12, unit: 'months' }).explanation.nl).toContain('(art. 4 Atw)');
    expect(compute('2026-03-30', { amount: 4, unit: 'weeks', applyAtw: false }).explanation.nl).toContain('Algemene termijnenwet: niet toegepast');
  });

  it('writes numbers up to twelve as words and larger ones as digits', () => {
    expect(compute('2026-01-01', { amount: 12, unit: 'weeks' }).explanation.nl).toContain('De termijn van twaalf weken');
    expect(compute('2026-01-01', { amount: 13, unit: 'weeks' }).explanation.nl).toContain('De termijn van 13 weken');
    expect(compute('2026-01-01', { amount: 1, unit: 'months' }).explanation.nl).toContain('De termijn van één maand');
    expect(compute('2026-01-01', { amount: 1, unit: 'working-days' }).explanation.en).toContain('The term of one working day');
  });

  it('explains suspensions, their day count definition, school holidays and extensions', () => {
    const nl = compute('2025-10-01', { amount: 4, unit: 'weeks', pauseDuringSchoolHolidaysOf: 'zuid' }, {
      suspensions: [{ from: '2025-10-06', until: '2025-10-07', reason: 'waiting-for-school' }],
      extensions: [{ amount: 1, unit: 'weeks', reason: 'verzoek van de school', legalBasis: 'art. 12 reglement' }],
    }).explanation.nl;
    expect(nl).toContain('Verlenging met één week (reden: verzoek van de school; grondslag: art. 12 reglement): de einddatum gaat van woensdag 29 oktober 2025 naar woensdag 5 november 2025.');
    expect(nl).toContain('Opschorting (wachten op de school) van maandag 6 oktober 2025 tot en met dinsdag 7 oktober 2025: twee dagen in de termijn.');
    expect(nl).toContain('Schoolvakantie regio zuid: herfstvakantie van zaterdag 11 oktober 2025 tot en met zondag 19 oktober 2025: negen dagen in de termijn.');
    expect(nl).toContain('begin- en einddag van een opschorting tellen mee');
    expect(nl).toContain('de einddatum schuift elf dagen op, van woensdag 5 november 2025 naar zondag 16 november 2025');
    expect(nl).toContain('Uiterste datum: maandag 17 november 2025.');
  });

  it('says when a pause changes nothing', () => {
    expect(compute('2025-11-03', { amount: 2, unit: 'weeks', pauseDuringSchoolHolidaysOf: 'noord' }).explanation.nl).toContain(
      'Schoolvakantie regio noord: geen in de termijn.\nDe einddatum blijft daarom maandag 17 november 2025.',
    );
  });

  it('says when the date is provisional or unknown', () => {
    expect(compute('2028-12-10', { amount: 4, unit: 'weeks' }).explanation.nl).toContain(
      'Voorlopig: voor 2029 is (nog) geen koninklijk besluit over gelijkgestelde dagen (art. 3 lid 3 Atw) bekend',
    );
    const open = compute('2026-03-02', { amount: 4, unit: 'weeks' }, { suspensions: [{ from: '2026-03-10', reason: 'mediation' }] });
    expect(open.explanation.nl).toContain('Uiterste datum: nog onbekend zolang de opschorting duurt; op zijn vroegst dinsdag 31 maart 2026.');
    expect(open.explanation.en).toContain('at the earliest Tuesday 31 March 2026');
  });

  it('renders from the trace alone and appears in JSON', () => {
    const result = compute('2026-03-30', { amount: 4, unit: 'weeks' });
    expect(explain(result.trace, 'nl')).toBe(result.explanation.nl);
    const json = JSON.parse(JSON.stringify(result));
    expect(json.explanation.nl).toBe(result.explanation.nl);
    expect(json.due).toBe('2026-04-28');
  });
});
