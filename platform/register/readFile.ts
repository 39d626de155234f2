/**
 * Reads one register file as DUO publishes it: UTF-8 (with or without BOM) or, for older files,
 * Windows-1252; semicolons between fields (commas in some exports); a header row. csv-parse does the
 * quoting; a broken file is refused with its line and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, CsvError } from 'csv-parse/sync';
import { entriesOf, layoutOf, RegisterFileError, type FileEntries, type RawRow } from '../../domain/register';

export function decodeRegisterFile(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: DUO's older files are Windows-1252.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function parseRegisterText(file: string, text: string, today: string): FileEntries {
  const body = text.replace(/^\uFEFF/, '');
  const headerLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = headerLine.includes(';') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, { delimiter, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    if (err instanceof CsvError) {
      const e = err as CsvError & { lines?: number; column?: string | number | null };
      // csv-parse counts columns from 0; people count them from 1.
      const headers = headerLine.split(delimiter).map((h) => h.replace(/^"|"$/g, '').trim());
      const column = typeof e.column === 'number' ? (headers[e.column] ?? `field ${e.column + 1}`) : (e.column ?? null);
      throw new RegisterFileError(file, e.lines ?? null, column, err.message.replace(/ (on|at) line \d+/, ''));
    }
    throw err;
  }
  if (records.length === 0) throw new RegisterFileError(file, null, null, 'the file is empty (a header row is needed)');
  const headers = records[0].record;
  const layout = layoutOf(file, headers);
  // The line a record ends on (the same line unless a quoted field spans lines).
  const rows: RawRow[] = records.slice(1).map((r) => ({ line: r.info.lines, values: r.record }));
  return entriesOf(file, layout, rows, today);
}

export function readRegisterFile(filePath: string, today: string): FileEntries {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (err) {
    throw new RegisterFileError(path.basename(filePath), null, null, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseRegisterText(path.basename(filePath), decodeRegisterFile(bytes), today);
}
