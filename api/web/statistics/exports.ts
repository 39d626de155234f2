/**
 * The exports of the figures: CSV and JSON, with a data dictionary. Only counts leave, every one
 * through `publishedFigures` (small counts suppressed); groups are fixed keys from the domain, never
 * text a person typed, so no name, address or free text can be in an export.
 */
import { DIMENSIONS, LEAD_TIMES, publishedFigures, TERM_KEYS, type FigureRow, type Statistics } from '../../../domain/statistics';
import { translate, messageKey } from '../i18n';
import { termLabel } from './sections';

export interface DictionaryEntry {
  figure: string;
  group: string;
  label: { nl: string; en: string };
  description: { nl: string; en: string };
}

const both = (key: string) => ({ nl: translate('nl', messageKey(key)), en: translate('en', messageKey(key)) });

function groupLabel(figure: string, group: string): { nl: string; en: string } {
  if (['category', 'sector', 'month', 'leadAdmissibility', 'leadHearing', 'leadAdvice'].includes(figure)) return { nl: group, en: group };
  if (figure === 'total') return both('stats.figure.total');
  if (figure.startsWith('leadTime.')) return { nl: group, en: group };
  if (figure.startsWith('term.')) {
    const term = figure.slice(5);
    return { nl: `${termLabel(term, 'nl')}: ${translate('nl', messageKey(`stats.group.term.${group}`))}`, en: `${termLabel(term, 'en')}: ${translate('en', messageKey(`stats.group.term.${group}`))}` };
  }
  return both(`stats.group.${figure}.${group}`);
}

/** What each figure and group of an export means (in Dutch and English). */
export function dataDictionary(rows: readonly FigureRow[]): DictionaryEntry[] {
  return rows.map((r) => {
    const description = r.figure.startsWith('leadTime.') ? both('stats.figure.leadTime') : r.figure.startsWith('term.') ? both('stats.figure.term') : both(`stats.figure.${r.figure}`);
    const leadLabel = r.figure.startsWith('leadTime.') ? { nl: `${translate('nl', messageKey(`stats.leadTime.${r.figure.slice(9)}`))} (${r.group})`, en: `${translate('en', messageKey(`stats.leadTime.${r.figure.slice(9)}`))} (${r.group})` } : undefined;
    return { figure: r.figure, group: r.group, label: leadLabel ?? groupLabel(r.figure, r.group), description };
  });
}

function csvCell(value: string | number | null | boolean): string {
  const s = value === null ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (header: string[], rows: Array<Array<string | number | null | boolean>>) => `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

export function figuresCsv(stats: Statistics, threshold: number): string {
  const rows = publishedFigures(stats, threshold);
  return csv(['period_from', 'period_to', 'figure', 'group', 'value', 'suppressed'], rows.map((r) => [stats.filters.from, stats.filters.to, r.figure, r.group, r.value, r.suppressed]));
}

export function dictionaryCsv(stats: Statistics, threshold: number): string {
  const entries = dataDictionary(publishedFigures(stats, threshold));
  return csv(['figure', 'group', 'label_nl', 'label_en', 'description_nl', 'description_en'], entries.map((e) => [e.figure, e.group, e.label.nl, e.label.en, e.description.nl, e.description.en]));
}

export function figuresJson(stats: Statistics, threshold: number): Record<string, unknown> {
  const rows = publishedFigures(stats, threshold);
  const { from, to, kind, year, quarter, category, sector, school, board, region } = stats.filters;
  return {
    period: { from, to, kind, ...(year ? { year } : {}), ...(quarter ? { quarter } : {}) },
    filters: { category: category ?? null, sector: sector ?? null, school: school ?? null, board: board ?? null, region: region ?? null },
    suppression: { threshold, rule: 'counts from 1 up to the threshold are null and marked suppressed; 0 is shown' },
    figures: rows,
    dictionary: dataDictionary(rows),
  };
}

/** Every figure name an export can hold (for tests and documentation). */
export const FIGURE_NAMES = [...Object.keys(DIMENSIONS), ...LEAD_TIMES.map((k) => `leadTime.${k}`), ...TERM_KEYS.map((k) => `term.${k}`)];
