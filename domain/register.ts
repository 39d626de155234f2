/**
 * The public register of school boards, schools and locations as DUO publishes it (open data:
 * semicolon-separated files with a header row). Pure: which columns a file has and what they mean,
 * the entries its rows describe, the sector each school is in, and what an import would add,
 * change and end. Reading files and writing the database happen in platform/register.
 */
import { SECTORS, type Sector } from './intake';

export interface RegisterBoard {
  number: string;
  name: string;
  street: string | null;
  postcode: string | null;
  place: string | null;
  /** Address lines for letters (newline-separated): the correspondence address when there is one. */
  postalAddress: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  endedOn: string | null;
}

export interface RegisterSchool {
  brin: string;
  name: string;
  boardNumber: string;
  sector: Sector | null;
  street: string | null;
  postcode: string | null;
  place: string | null;
  endedOn: string | null;
}

export interface RegisterLocation {
  brin: string;
  /** Two digits; '00' is the main location (hoofdvestiging). */
  number: string;
  name: string;
  sector: Sector | null;
  street: string | null;
  postcode: string | null;
  place: string | null;
  endedOn: string | null;
}

/** A file the import refuses: where, and why. Nothing of any file is stored when one is refused. */
export class RegisterFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: string | null,
    readonly reason: string,
  ) {
    super(`${file}${line !== null ? `, line ${line}` : ''}${column ? `, column "${column}"` : ''}: ${reason}`);
    this.name = 'RegisterFileError';
  }
}

/** "Bevoegd_gezag-nummer " and "BEVOEGD GEZAG NUMMER" are one column: case, spaces, _ and - do not matter. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[\s_-]+/g, ' ');
}

/**
 * Each field and the headers it goes by: the classic "adressen" files (PO, VO, MBO, boards) and the
 * newer organisation export (ORGANISATIES: NR_ADMINISTRATIE, NAAM_VOLLEDIG, ..._VEST, ..._CORR).
 */
const ALIASES = {
  boardNumber: ['BEVOEGD GEZAG NUMMER', 'BEVOEGD GEZAG', 'BEVOEGDGEZAGNUMMER', 'BEVOEGDGEZAGCODE', 'BEVOEGD GEZAG CODE', 'NR ADMINISTRATIE GEZ', 'ADMINISTRATIENUMMER BEVOEGD GEZAG'],
  boardName: ['BEVOEGD GEZAG NAAM', 'NAAM BEVOEGD GEZAG', 'BEVOEGDGEZAGNAAM', 'NAAM VOLLEDIG GEZ'],
  brin: ['BRIN NUMMER', 'BRINNUMMER', 'BRIN', 'INSTELLINGSCODE', 'BRIN CODE'],
  locationNumber: ['VESTIGINGSNUMMER', 'VESTIGINGSCODE', 'BRINVESTIGINGSNUMMER', 'VESTIGING'],
  schoolName: ['INSTELLINGSNAAM', 'NAAM INSTELLING', 'INSTELLINGSNAAM VESTIGING'],
  locationName: ['VESTIGINGSNAAM', 'NAAM VESTIGING'],
  orgId: ['NR ADMINISTRATIE'],
  orgName: ['NAAM VOLLEDIG', 'NAAM'],
  street: ['STRAATNAAM', 'NAAM STRAAT VEST', 'STRAATNAAM VESTIGING', 'STRAAT'],
  houseNumber: ['HUISNUMMER TOEVOEGING', 'HUISNUMMER', 'NR HUIS VEST'],
  houseAddition: ['HUISNUMMERTOEVOEGING', 'TOEVOEGING', 'NR HUIS TOEV VEST'],
  postcode: ['POSTCODE', 'POSTCODE VEST', 'POSTCODE VESTIGING'],
  place: ['PLAATSNAAM', 'NAAM PLAATS VEST', 'PLAATSNAAM VESTIGING', 'PLAATS'],
  corrStreet: ['STRAATNAAM CORRESPONDENTIEADRES', 'NAAM STRAAT CORR'],
  corrHouseNumber: ['HUISNUMMER TOEVOEGING CORRESPONDENTIEADRES', 'NR HUIS CORR'],
  corrHouseAddition: ['NR HUIS TOEV CORR'],
  corrPostcode: ['POSTCODE CORRESPONDENTIEADRES', 'POSTCODE CORR'],
  corrPlace: ['PLAATSNAAM CORRESPONDENTIEADRES', 'NAAM PLAATS CORR'],
  email: ['E MAIL', 'EMAIL', 'E MAILADRES', 'EMAILADRES'],
  phone: ['TELEFOONNUMMER', 'NR TELEFOON', 'TELEFOON'],
  website: ['INTERNETADRES', 'INTERNET', 'WEBSITE'],
  kind: ['ONDERWIJSSTRUCTUUR', 'SOORT PO', 'TYPE PO', 'ONDERWIJSSOORT', 'SOORT ONDERWIJS', 'CODE SOORT', 'ONDERWIJSTYPE', 'SOORT VO'],
  endedOn: ['DT UIT BEDRIJF', 'EINDDATUM', 'DATUM EINDE'],
} as const;

export type RegisterField = keyof typeof ALIASES;
export type FileKind = 'boards' | 'schools' | 'locations' | 'organisations';

/** The fields each kind of file must have, by the header a person would look for. */
const REQUIRED: Record<FileKind, RegisterField[]> = {
  boards: ['boardNumber', 'boardName'],
  schools: ['brin', 'boardNumber'],
  locations: ['brin', 'locationNumber', 'locationName', 'boardNumber'],
  organisations: ['orgId', 'orgName'],
};

const FILE_KIND_LABEL: Record<FileKind, string> = {
  boards: 'a "bevoegde gezagen" file',
  schools: 'a "hoofdvestigingen" file',
  locations: 'an "alle vestigingen" file',
  organisations: 'an organisation export',
};

export interface FileLayout {
  kind: FileKind;
  /** Column index of each field the file has. */
  columns: Partial<Record<RegisterField, number>>;
  headers: string[];
}

/** Which kind of register file a header row belongs to, and where each field is; refuses what it cannot map. */
export function layoutOf(file: string, headers: string[]): FileLayout {
  const normalised = headers.map(normaliseHeader);
  const columns: Partial<Record<RegisterField, number>> = {};
  for (const [field, aliases] of Object.entries(ALIASES) as Array<[RegisterField, readonly string[]]>) {
    // The first alias present wins (aliases are in order of preference).
    for (const alias of aliases) {
      const i = normalised.indexOf(alias);
      if (i >= 0) {
        columns[field] = i;
        break;
      }
    }
  }
  const kind: FileKind | undefined =
    columns.orgId !== undefined ? 'organisations' : columns.brin !== undefined ? (columns.locationNumber !== undefined ? 'locations' : 'schools') : columns.boardNumber !== undefined ? 'boards' : undefined;
  if (!kind) {
    throw new RegisterFileError(file, 1, null, `not a register file: no column "BRIN NUMMER", "BEVOEGD GEZAG NUMMER" or "NR_ADMINISTRATIE" among its headers (${headers.join(';')})`);
  }
  const missing = REQUIRED[kind].filter((f) => columns[f] === undefined).map((f) => ALIASES[f][0]);
  if (kind === 'schools' && columns.schoolName === undefined && columns.locationName === undefined) missing.push(ALIASES.schoolName[0]);
  if (missing.length) {
    throw new RegisterFileError(file, 1, null, `${FILE_KIND_LABEL[kind]} needs the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  return { kind, columns, headers };
}

/**
 * The project's sector for the register's kind of education: the value of ONDERWIJSSTRUCTUUR,
 * SOORT PO, CODE_SOORT and the like, else the file's name (DUO names files by sector, e.g.
 * "03.-alle-vestigingen-basisonderwijs.csv"). Special education first: "speciaal (basis)onderwijs"
 * mentions basisonderwijs too.
 */
export function sectorOf(kindValue: string | null, fileName = ''): Sector | null {
  const v = (kindValue ?? '').toUpperCase();
  if (v) {
    if (/\b(S?BO SBO|SBO|SO|VSO|\(V\)SO|SO\/VSO|SBAS|SPEC|WEC|REC|SPECIAAL)\b/.test(v) || v.includes('SPECIAAL')) return 'special';
    if (/\b(BO|BAS|PO|BASISONDERWIJS|BASISSCHOOL)\b/.test(v)) return 'primary';
    if (/\b(VMBO|MAVO|HAVO|VWO|ATHENEUM|GYMNASIUM|PRO|PRAKTIJKONDERWIJS|VOS|VO|LWOO|BRUGJAAR)\b/.test(v)) return 'secondary';
    if (/\b(MBO|ROC|AOC|VAKS|BVE|VAKINSTELLING)\b/.test(v)) return 'vocational';
  }
  const f = fileName.toLowerCase();
  if (f.includes('speciaal')) return 'special';
  if (f.includes('basisonderwijs')) return 'primary';
  if (/(^|[^a-z])vo([^a-z]|$)/.test(f) || f.includes('voortgezet')) return 'secondary';
  if (f.includes('mbo') || f.includes('beroepsonderwijs')) return 'vocational';
  return null;
}

export const isSector = (v: string): v is Sector => (SECTORS as readonly string[]).includes(v);

const BRIN = /^[0-9]{2}[A-Z0-9]{2}$/;
const BOARD_NUMBER = /^[0-9]{1,10}$/;
const POSTCODE = /^([0-9]{4}) ?([A-Z]{2})$/;
const DAY = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const DMY = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/;

function isoDay(value: string): string | null {
  const ymd = DAY.exec(value);
  const dmy = DMY.exec(value);
  const [y, m, d] = ymd ? [ymd[1], ymd[2], ymd[3]] : dmy ? [dmy[3], dmy[2].padStart(2, '0'), dmy[1].padStart(2, '0')] : [];
  if (!y) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d) ? `${y}-${m}-${d}` : null;
}

/** One data row of a file: its values and the line it starts on, for messages. */
export interface RawRow {
  line: number;
  values: string[];
}

export interface FileEntries {
  kind: FileKind;
  boards: Map<string, RegisterBoard & { line: number }>;
  schools: Map<string, RegisterSchool & { line: number; fromLocation: boolean }>;
  locations: Map<string, RegisterLocation & { line: number }>;
}

function joinLine(...parts: Array<string | null>): string | null {
  const line = parts.filter((p): p is string => !!p).join(' ').trim();
  return line || null;
}

/** The entries a file's rows describe, checked row by row: the first bad value refuses the file. */
export function entriesOf(file: string, layout: FileLayout, rows: readonly RawRow[], today: string): FileEntries {
  const out: FileEntries = { kind: layout.kind, boards: new Map(), schools: new Map(), locations: new Map() };
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const get = (field: RegisterField): string | null => {
      const i = layout.columns[field];
      const v = i === undefined ? undefined : row.values[i]?.trim();
      return v ? v : null;
    };
    const header = (field: RegisterField) => layout.headers[layout.columns[field]!];
    const fail = (field: RegisterField | null, reason: string): never => {
      throw new RegisterFileError(file, row.line, field ? header(field) : null, reason);
    };
    const required = (field: RegisterField): string => get(field) ?? fail(field, 'is empty');
    const once = (key: string, what: string) => {
      const earlier = firstLine.get(key);
      if (earlier !== undefined) fail(null, `${what} appears twice (first on line ${earlier})`);
      firstLine.set(key, row.line);
    };
    const postcode = (field: 'postcode' | 'corrPostcode'): string | null => {
      const v = get(field)?.toUpperCase() ?? null;
      const m = v ? POSTCODE.exec(v) : null;
      return m ? `${m[1]} ${m[2]}` : v;
    };
    const endedOn = (): string | null => {
      const v = get('endedOn');
      if (!v) return null;
      const day = isoDay(v) ?? fail('endedOn', `"${v}" is not a date (YYYY-MM-DD or DD-MM-YYYY)`);
      // A closing date still ahead: the entry is open until then.
      return day <= today ? day : null;
    };
    const address = () => ({ street: joinLine(get('street'), get('houseNumber'), get('houseAddition')), postcode: postcode('postcode'), place: get('place') });
    const postalAddress = (): string | null => {
      const corrStreet = joinLine(get('corrStreet'), get('corrHouseNumber'), get('corrHouseAddition'));
      const corrPlace = joinLine(postcode('corrPostcode'), get('corrPlace'));
      if (corrStreet && corrPlace) return `${corrStreet}\n${corrPlace}`;
      const a = address();
      const place = joinLine(a.postcode, a.place);
      return a.street && place ? `${a.street}\n${place}` : null;
    };
    const brinOf = (field: 'brin' | 'orgId'): string => {
      const v = required(field).toUpperCase();
      return BRIN.test(v) ? v : fail(field, `"${v}" is not a BRIN code (two digits and two letters or digits, e.g. 12AB)`);
    };
    const boardNumberOf = (field: 'boardNumber' | 'orgId'): string => {
      const v = required(field);
      return BOARD_NUMBER.test(v) ? String(Number(v)) : fail(field, `"${v}" is not a board number (digits only)`);
    };
    const sector = sectorOf(get('kind'), file);

    if (layout.kind === 'boards' || (layout.kind === 'organisations' && BOARD_NUMBER.test(required('orgId')))) {
      const number = boardNumberOf(layout.kind === 'boards' ? 'boardNumber' : 'orgId');
      once(`board:${number}`, `board ${number}`);
      const name = layout.kind === 'boards' ? required('boardName') : required('orgName');
      out.boards.set(number, { number, name, ...address(), postalAddress: postalAddress(), email: get('email')?.toLowerCase() ?? null, phone: get('phone'), website: get('website'), endedOn: endedOn(), line: row.line });
      continue;
    }
    if (layout.kind === 'organisations') {
      // A school is a BRIN code (4 characters); a location is BRIN + two digits (6).
      const id = required('orgId').toUpperCase();
      if (id.length === 6 && BRIN.test(id.slice(0, 4)) && /^[0-9]{2}$/.test(id.slice(4))) {
        once(`location:${id}`, `location ${id}`);
        out.locations.set(id, { brin: id.slice(0, 4), number: id.slice(4), name: required('orgName'), sector, ...address(), endedOn: endedOn(), line: row.line });
        continue;
      }
      const brin = brinOf('orgId');
      once(`school:${brin}`, `school ${brin}`);
      const boardNumber = get('boardNumber') ? boardNumberOf('boardNumber') : fail('orgId', `school ${brin} names no board: the export needs the column "NR_ADMINISTRATIE_GEZ"`);
      out.schools.set(brin, { brin, name: required('orgName'), boardNumber, sector, ...address(), endedOn: endedOn(), line: row.line, fromLocation: false });
      continue;
    }
    const brin = brinOf('brin');
    const boardNumber = boardNumberOf('boardNumber');
    const boardName = get('boardName');
    if (boardName && !out.boards.has(boardNumber)) {
      // Named in passing: enough for a board no boards file describes (an import never ends it).
      out.boards.set(boardNumber, { number: boardNumber, name: boardName, street: null, postcode: null, place: null, postalAddress: null, email: null, phone: null, website: null, endedOn: null, line: -row.line });
    }
    if (layout.kind === 'schools') {
      once(`school:${brin}`, `school ${brin}`);
      const name = get('schoolName') ?? required('locationName');
      out.schools.set(brin, { brin, name, boardNumber, sector, ...address(), endedOn: endedOn(), line: row.line, fromLocation: false });
      continue;
    }
    const raw = required('locationNumber').toUpperCase();
    const number = raw.length === 6 && raw.startsWith(brin) ? raw.slice(4) : /^[0-9]{1,2}$/.test(raw) ? raw.padStart(2, '0') : fail('locationNumber', `"${raw}" is not a location number (two digits, or the BRIN code and two digits)`);
    once(`location:${brin}${number}`, `location ${brin}${number}`);
    const location = { brin, number, name: required('locationName'), sector, ...address(), endedOn: endedOn(), line: row.line };
    out.locations.set(`${brin}${number}`, location);
    // The school is its main location ('00'), or else its first location in the file.
    const known = out.schools.get(brin);
    if (known && known.boardNumber !== boardNumber) fail('boardNumber', `school ${brin} has board ${known.boardNumber} on line ${known.line} and board ${boardNumber} here`);
    if (!known || number === '00') out.schools.set(brin, { brin, name: get('schoolName') ?? location.name, boardNumber, sector: sector ?? known?.sector ?? null, street: location.street, postcode: location.postcode, place: location.place, endedOn: null, line: row.line, fromLocation: true });
  }
  return out;
}

export interface Register {
  boards: Map<string, RegisterBoard>;
  schools: Map<string, RegisterSchool>;
  locations: Map<string, RegisterLocation>;
  /** What the files cover: only entries of these are ended when missing. */
  complete: { boards: boolean; schools: boolean; locations: boolean };
}

/** All files of one import as one register: a board or school file describes its entries better than a file naming them in passing. */
export function mergeFiles(files: ReadonlyArray<{ name: string; entries: FileEntries }>): Register {
  const reg: Register = { boards: new Map(), schools: new Map(), locations: new Map(), complete: { boards: false, schools: false, locations: false } };
  const firstFile = new Map<string, string>();
  const claim = (key: string, file: string, line: number) => {
    const earlier = firstFile.get(key);
    if (earlier !== undefined && earlier !== file) throw new RegisterFileError(file, line, null, `${key.replace(':', ' ')} is in ${earlier} as well`);
    firstFile.set(key, file);
  };
  for (const { name, entries } of files) {
    for (const [key, board] of entries.boards) {
      const { line, ...entry } = board;
      if (line > 0) {
        claim(`board:${key}`, name, line);
        reg.boards.set(key, entry);
        reg.complete.boards = true;
      } else if (!reg.boards.has(key)) reg.boards.set(key, entry);
    }
    for (const [key, school] of entries.schools) {
      const { line, fromLocation, ...entry } = school;
      if (!fromLocation) claim(`school:${key}`, name, line);
      const earlier = reg.schools.get(key);
      if (!fromLocation || !earlier) reg.schools.set(key, { ...entry, sector: entry.sector ?? earlier?.sector ?? null });
      reg.complete.schools = true;
    }
    for (const [key, location] of entries.locations) {
      const { line, ...entry } = location;
      claim(`location:${key}`, name, line);
      reg.locations.set(key, entry);
      reg.complete.locations = true;
    }
  }
  // A location's school and a school's board must be somewhere: in these files or already stored.
  return reg;
}

export type Change<T> = { key: string; before: T | null; after: T; fields: string[] };

export interface RegisterDiff {
  added: { boards: RegisterBoard[]; schools: RegisterSchool[]; locations: RegisterLocation[] };
  changed: { boards: Array<Change<RegisterBoard>>; schools: Array<Change<RegisterSchool>>; locations: Array<Change<RegisterLocation>> };
  ended: { boards: RegisterBoard[]; schools: RegisterSchool[]; locations: RegisterLocation[] };
}

function changedFields<T extends object>(before: T, after: T): string[] {
  return (Object.keys(after) as Array<keyof T>).filter((k) => (before[k] ?? null) !== (after[k] ?? null)).map(String);
}

function diffOf<T extends { endedOn: string | null }>(current: Map<string, T>, incoming: Map<string, T>, complete: boolean, today: string, keep: (stored: T) => boolean = () => false) {
  const added: T[] = [];
  const changed: Array<Change<T>> = [];
  const ended: T[] = [];
  for (const [key, after] of incoming) {
    const before = current.get(key);
    if (!before) added.push(after);
    else {
      const fields = changedFields(before, after);
      if (fields.length) changed.push({ key, before, after, fields });
    }
  }
  if (complete) {
    for (const [key, stored] of current) {
      if (!incoming.has(key) && stored.endedOn === null && !keep(stored)) ended.push({ ...stored, endedOn: today });
    }
  }
  return { added, changed, ended };
}

/**
 * What importing `incoming` changes in `current`: new entries, entries whose register data differ
 * (a rename, a move, a reopened entry), and entries missing from a complete file, ended today.
 * `manual` are the schools the secretary entered by hand: an import never ends those.
 */
export function diffRegister(current: Omit<Register, 'complete'>, incoming: Register, today: string, manual: ReadonlySet<string> = new Set()): RegisterDiff {
  const boards = diffOf(current.boards, incoming.boards, incoming.complete.boards, today);
  const schools = diffOf(current.schools, incoming.schools, incoming.complete.schools, today, (s) => manual.has(s.brin));
  const locations = diffOf(current.locations, incoming.locations, incoming.complete.locations, today);
  // A board that only appears in passing (no boards file) keeps what is stored about it.
  if (!incoming.complete.boards) {
    boards.changed = boards.changed.filter((c) => c.fields.includes('name')).map((c) => ({ ...c, after: { ...c.before!, name: c.after.name }, fields: ['name'] }));
  }
  return {
    added: { boards: boards.added, schools: schools.added, locations: locations.added },
    changed: { boards: boards.changed, schools: schools.changed, locations: locations.changed },
    ended: { boards: boards.ended, schools: schools.ended, locations: locations.ended },
  };
}

/** The lines an import prints: each entry added, changed or ended, then the counts. */
export function describeDiff(diff: RegisterDiff): string[] {
  const lines: string[] = [];
  const label = { boards: 'board', schools: 'school', locations: 'location' } as const;
  const keyOf = {
    boards: (b: RegisterBoard) => b.number,
    schools: (s: RegisterSchool) => s.brin,
    locations: (l: RegisterLocation) => `${l.brin}${l.number}`,
  };
  for (const kind of ['boards', 'schools', 'locations'] as const) {
    const key = keyOf[kind] as (e: { name: string }) => string;
    for (const e of diff.added[kind]) lines.push(`added ${label[kind]} ${key(e)} ${e.name}`);
    for (const c of diff.changed[kind] as Array<Change<RegisterBoard | RegisterSchool | RegisterLocation>>) {
      const parts = c.fields.map((f) => `${f} "${String((c.before as unknown as Record<string, unknown>)[f] ?? '')}" → "${String((c.after as unknown as Record<string, unknown>)[f] ?? '')}"`);
      lines.push(`changed ${label[kind]} ${c.key} ${c.after.name}: ${parts.join(', ')}`);
    }
    for (const e of diff.ended[kind]) lines.push(`ended ${label[kind]} ${key(e)} ${e.name} (on ${e.endedOn})`);
  }
  const count = (kind: 'boards' | 'schools' | 'locations') => `${kind}: ${diff.added[kind].length} added, ${diff.changed[kind].length} changed, ${diff.ended[kind].length} ended`;
  lines.push(`${count('boards')}; ${count('schools')}; ${count('locations')}`);
  return lines;
}
