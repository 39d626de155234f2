/**
 * The committee's annual report: the year's figures and charts in Dutch, a table of contents, and
 * per chapter the explanatory text the secretary wrote in the console. One HTML document, printed
 * to PDF by the letters' Chromium printer (platform/pdf/pdfRenderer.ts). Small counts are
 * suppressed: the report is public.
 */
import type { Knex } from 'knex';
import { DEFAULT_COMMITTEE, formatLetterDate } from '../../../domain/committee';
import { periodOfYear, type StatisticsFilters } from '../../../domain/statistics';
import { annualReportTexts, countReceived, loadStatistics } from '../../../platform/store/statistics';
import { renderPdf } from '../../../platform/pdf/pdfRenderer';
import { translate, type Lang, messageKey } from '../i18n';
import { buildSections, type Section } from './sections';

/** The chapters whose text the secretary edits: an introduction, then one per section of figures. */
export const REPORT_TEXT_SECTIONS = ['intro', 'received', 'category', 'sector', 'complainant', 'admissibility', 'route', 'advice', 'compliance', 'reportingDuty', 'leadTimes', 'terms'] as const;
export const MAX_TEXT_LENGTH = 5000;

export class EmptyYear extends Error {
  constructor(readonly year: number) {
    super(translate('nl', 'report.error.empty', { year }));
  }
}

export function yearFilters(year: number): StatisticsFilters {
  return { kind: 'year', year, ...periodOfYear(year) };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as paragraphs: a blank line starts a new one. */
function paragraphs(text: string | undefined): string {
  if (!text?.trim()) return '';
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p class="explanation">${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

function tableHtml(table: Section['figures'][number]['table']): string {
  return `<table><caption>${escapeHtml(table.caption)}</caption><thead><tr>${table.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${table.rows
    .map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th>${r.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #1a1a1a; line-height: 1.4; }
  h1 { font-size: 24pt; color: #154273; margin: 60mm 0 4mm; }
  h2 { font-size: 15pt; color: #154273; border-bottom: 1px solid #154273; padding-bottom: 2mm; }
  .chapter { break-before: page; }
  .figure { break-inside: avoid; margin: 4mm 0 8mm; }
  svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; margin-top: 3mm; font-size: 9.5pt; }
  caption { text-align: left; font-weight: 700; margin-bottom: 1mm; }
  th, td { border: 1px solid #b1b4b6; padding: 1mm 2mm; text-align: left; }
  td { text-align: right; }
  .toc ol { font-size: 12pt; line-height: 1.8; }
  .toc a { color: #154273; text-decoration: none; }
  .summary { font-weight: 700; }
`;

/** The report as one HTML document; throws EmptyYear when no complaint was received in the year. */
export async function annualReportHtml(db: Knex, year: number, opts: { threshold: number; today: string; lang?: Lang }): Promise<string> {
  const lang = opts.lang ?? 'nl';
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, messageKey(key), params);
  const filters = yearFilters(year);
  if ((await countReceived(db, filters)) === 0) throw new EmptyYear(year);
  const [stats, texts] = await Promise.all([loadStatistics(db, filters), annualReportTexts(db, year)]);
  const sections = await buildSections(stats, { lang, threshold: opts.threshold, idPrefix: `report-${year}` });
  const title = t('report.title', { year });

  const chapters = sections.map((s, i) => `
    <section class="chapter" id="h-${s.id}">
      <h2>${i + 2}. ${escapeHtml(s.title)}</h2>
      ${paragraphs(texts.get(s.id))}
      ${s.summary ? `<p class="summary">${escapeHtml(s.summary)}</p>` : ''}
      ${s.figures.map((f) => `<div class="figure">${f.svg}${tableHtml(f.table)}</div>`).join('\n')}
    </section>`);

  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
  <header>
    <h1>${escapeHtml(title)}</h1>
    <p>${escapeHtml(DEFAULT_COMMITTEE.name)}</p>
    <p>${escapeHtml(t('report.madeOn', { date: formatLetterDate(opts.today, lang) }))}</p>
  </header>
  <nav class="toc chapter" aria-labelledby="toc-title">
    <h2 id="toc-title">${escapeHtml(t('report.contents'))}</h2>
    <ol>
      <li><a href="#h-intro">${escapeHtml(t('report.intro'))}</a></li>
      ${sections.map((s) => `<li><a href="#h-${s.id}">${escapeHtml(s.title)}</a></li>`).join('\n      ')}
    </ol>
  </nav>
  <section class="chapter" id="h-intro">
    <h2>1. ${escapeHtml(t('report.intro'))}</h2>
    ${paragraphs(texts.get('intro'))}
    <p>${escapeHtml(t('report.about', { year, threshold: opts.threshold }))}</p>
  </section>
  ${chapters.join('\n')}
</body></html>`;
}

/** The report as PDF (A4), through the shared Chromium printer. */
export async function annualReportPdf(db: Knex, year: number, opts: { threshold: number; today: string; progress?: (step: string) => void }): Promise<Buffer> {
  opts.progress?.('cijfers en grafieken');
  const html = await annualReportHtml(db, year, opts);
  opts.progress?.('PDF afdrukken');
  return renderPdf(html);
}
