/**
 * The filters several pages share (the console's case list, the statistics, the public list of
 * advice): read from a query string, checked, and every unreadable one named at its field, never
 * silently ignored. One reading, so a category or sector means the same on every page.
 */
import { COMPLAINT_CATEGORIES, SECTORS } from './intake';

export interface FilterError {
  field: string;
  messageKey: string;
}

/** A query parameter as one trimmed string ('' when absent; the first when repeated), at most 200 characters. */
export function queryValue(v: unknown): string {
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  return s.trim().slice(0, 200);
}

export function queryValues(query: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, queryValue(query[name])]));
}

export interface CommonFilters {
  category?: string;
  sector?: string;
  school?: string;
  board?: string;
}

/** Category, sector, school (BRIN) and board, where given; what is given but unreadable goes to `errors`. */
export function commonFilters(values: Record<string, string>, errors: FilterError[]): CommonFilters {
  const filters: CommonFilters = {};
  if (values.category) {
    if ((COMPLAINT_CATEGORIES as readonly string[]).includes(values.category)) filters.category = values.category;
    else errors.push({ field: 'category', messageKey: 'console.filter.badCategory' });
  }
  if (values.sector) {
    if ((SECTORS as readonly string[]).includes(values.sector)) filters.sector = values.sector;
    else errors.push({ field: 'sector', messageKey: 'console.filter.badSector' });
  }
  if (values.school) {
    if (/^[0-9A-Za-z]{4}$/.test(values.school)) filters.school = values.school.toUpperCase();
    else errors.push({ field: 'school', messageKey: 'console.filter.badSchool' });
  }
  if (values.board) filters.board = values.board;
  return filters;
}
