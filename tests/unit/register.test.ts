/** The register's files as DUO publishes them: which columns mean what, sectors, and refusals with line and column. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutOf, normaliseHeader, RegisterFileError, sectorOf } from '../../domain/register';
import { decodeRegisterFile, parseRegisterText, readRegisterFile } from '../../platform/register/readFile';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'register');
const TODAY = '2026-12-01';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof RegisterFileError) return err.message;
    throw err;
  }
  throw new Error('the file was not refused');
}

describe('register headers', () => {
  it('matches headers whatever their case, spaces, underscores or hyphens', () => {
    expect(normaliseHeader('\uFEFFBevoegd_gezag-nummer ')).toBe('BEVOEGD GEZAG NUMMER');
    expect(normaliseHeader('HUISNUMMER-TOEVOEGING')).toBe('HUISNUMMER TOEVOEGING');
    const layout = layoutOf('x.csv', ['brin_nummer', 'Vestigingsnummer', 'vestigingsnaam', 'BEVOEGD-GEZAG-NUMMER', 'plaatsnaam']);
    expect(layout.kind).toBe('locations');
    expect(layout.columns).toMatchObject({ brin: 0, locationNumber: 1, locationName: 2, boardNumber: 3, place: 4 });
  });

  it('refuses a file whose required columns are missing, naming them', () => {
    expect(refusal(() => layoutOf('v.csv', ['BRIN NUMMER', 'VESTIGINGSNUMMER', 'PLAATSNAAM']))).toBe('v.csv, line 1: an "alle vestigingen" file needs the columns "VESTIGINGSNAAM", "BEVOEGD GEZAG NUMMER", which are missing');
    expect(refusal(() => layoutOf('leerlingen.csv', ['GEMEENTENAAM', 'AANTAL']))).toBe('leerlingen.csv, line 1: not a register file: no column "BRIN NUMMER", "BEVOEGD GEZAG NUMMER" or "NR_ADMINISTRATIE" among its headers (GEMEENTENAAM;AANTAL)');
  });
});

describe('sectors from the register', () => {
  it.each([
    ['BO', '', 'primary'],
    ['SBO', '', 'special'],
    ['VSO', '', 'special'],
    ['VMBO/HAVO/VWO', '', 'secondary'],
    ['PRO', '', 'secondary'],
    ['BAS', '', 'primary'],
    ['SPEC', '', 'special'],
    ['VOS', '', 'secondary'],
    ['ROC', '', 'vocational'],
    ['', '04.-alle-vestigingen-speciaal-(basis)onderwijs.csv', 'special'],
    ['', '03.-alle-vestigingen-basisonderwijs.csv', 'primary'],
    ['', '02.-alle-vestigingen-vo.csv', 'secondary'],
    ['', 'bevoegde-gezagen.csv', null],
  ])('%s / %s → %s', (value, file, sector) => {
    expect(sectorOf(value || null, file)).toBe(sector);
  });
});

describe('reading register files', () => {
  it('reads a classic vestigingen file: schools from their main location, locations, boards named in passing', () => {
    const entries = readRegisterFile(path.join(FIXTURES, 'update', 'alle-vestigingen.csv'), TODAY);
    expect(entries.kind).toBe('locations');
    expect([...entries.schools.keys()]).toEqual(['12AB', '23CD', '34EF']);
    expect(entries.schools.get('34EF')).toMatchObject({ name: 'Rivierencollege; havo, vwo en vmbo', boardNumber: '41002', sector: 'secondary', street: 'Dijkstraat 42', postcode: '4001 GH', place: 'TIEL' });
    expect(entries.schools.get('23CD')?.sector).toBe('special');
  });

  it('reads a boards file: the correspondence address is the postal address, the postcode gets its space', () => {
    const entries = readRegisterFile(path.join(FIXTURES, 'update', 'bevoegde-gezagen.csv'), TODAY);
    expect(entries.boards.get('41001')).toMatchObject({ name: 'Stichting De Linde Scholen', street: 'Lindelaan 1', postcode: '3511 AB', postalAddress: 'Postbus 1201\n3500 BE UTRECHT', email: 'bestuur@delinde.example.nl' });
    expect(entries.boards.get('41002')?.postalAddress).toBe('Dijkstraat 40\n4001 GH TIEL');
  });

  it('reads the newer organisation export: boards, schools and locations by their code, an end date kept', () => {
    const entries = readRegisterFile(path.join(FIXTURES, 'organisaties.csv'), TODAY);
    expect(entries.kind).toBe('organisations');
    expect(entries.boards.get('42001')).toMatchObject({ name: 'Stichting Primair Onderwijs Waterland', postalAddress: 'Postbus 300\n1440 AH PURMEREND', email: 'info@waterland.example.nl' });
    expect(entries.schools.get('56JK')).toMatchObject({ name: 'Basisschool De Kwikstaart', boardNumber: '42001', sector: 'primary', endedOn: null });
    expect(entries.schools.get('67LM')?.endedOn).toBe('2024-07-31');
    expect(entries.locations.get('56JK01')).toMatchObject({ brin: '56JK', number: '01', name: 'Basisschool De Kwikstaart, dependance' });
  });

  it('reads Windows-1252 files and comma-separated exports', () => {
    const text = 'BEVOEGD GEZAG NUMMER,BEVOEGD GEZAG NAAM\n41009,Stichting Café\n';
    const latin1 = Buffer.from(text, 'latin1');
    expect(latin1.includes(Buffer.from('é', 'utf8'))).toBe(false);
    expect(parseRegisterText('b.csv', decodeRegisterFile(latin1), TODAY).boards.get('41009')?.name).toBe('Stichting Café');
  });

  it('refuses malformed files with the line and column', () => {
    expect(refusal(() => readRegisterFile(path.join(FIXTURES, 'malformed', 'quote.csv'), TODAY))).toBe(
      'quote.csv, line 3, column "VESTIGINGSNAAM": Invalid Closing Quote: got "x" instead of delimiter, record delimiter, trimable character (if activated) or comment',
    );
    expect(refusal(() => readRegisterFile(path.join(FIXTURES, 'malformed', 'brin.csv'), TODAY))).toBe('brin.csv, line 4, column "BRIN NUMMER": "1XAB" is not a BRIN code (two digits and two letters or digits, e.g. 12AB)');
    expect(refusal(() => readRegisterFile(path.join(FIXTURES, 'malformed', 'columns.csv'), TODAY))).toBe('columns.csv, line 1: an "alle vestigingen" file needs the column "VESTIGINGSNAAM", which is missing');
    expect(refusal(() => parseRegisterText('d.csv', 'BEVOEGD GEZAG NUMMER;BEVOEGD GEZAG NAAM\n41001;A\n41001;B\n', TODAY))).toBe('d.csv, line 3: board 41001 appears twice (first on line 2)');
    expect(refusal(() => parseRegisterText('n.csv', 'BEVOEGD GEZAG NUMMER;BEVOEGD GEZAG NAAM\n41001;A\n41002;B;C\n', TODAY))).toMatch(/^n\.csv, line 3.*Invalid Record Length: expect 2, got 3$/);
  });
});
