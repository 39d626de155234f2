/**
 * The figures as sections people read: a title, charts (server-side SVG) and, with every chart, a
 * table of the same figures. One builder for the console page (exact counts, for staff) and the
 * annual report (small counts suppressed, for the public).
 */
import { CATEGORY_LABELS } from '../../../domain/committee';
import type { ComplaintCategory } from '../../../domain/intake';
import { CURRENT_POLICY_VERSION, policyVersion, type TermKey } from '../../../domain/policy';
import { DIMENSIONS, LEAD_TIMES, monthsOf, periodOfYear, statisticsFromFigureSums, suppress, TERM_KEYS, type Count, type Dimension, type Statistics } from '../../../domain/statistics';
import { translate, type Lang, messageKey } from '../i18n';
import { renderChart, type ChartDatum, type ChartKind } from './charts';

export const SECTION_IDS = ['received', 'category', 'sector', 'complainant', 'admissibility', 'route', 'advice', 'compliance', 'reportingDuty', 'leadTimes', 'terms'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface Table {
  caption: string;
  headers: string[];
  rows: Array<{ label: string; cells: string[] }>;
}

export interface Figure {
  svg: string;
  table: Table;
}

export interface Section {
  id: SectionId;
  title: string;
  /** A one-line summary under the title (totals, medians). */
  summary?: string;
  figures: Figure[];
}

export interface SectionOptions {
  lang: Lang;
  /** Suppress counts below this (published reports); exact counts when absent (the staff console). */
  threshold?: number;
  /** Makes chart ids unique when several reports share a document. */
  idPrefix?: string;
}

function groupLabel(dimension: Dimension, key: string, lang: Lang): string {
  if (dimension === 'category') return CATEGORY_LABELS[key as ComplaintCategory]?.[lang] ?? key;
  if (dimension === 'sector' && key !== 'unknown') return translate(lang, messageKey(`sector.${key}`));
  if (dimension === 'month') {
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${key}-01T00:00:00Z`));
  }
  if (dimension.startsWith('lead')) return `${key} ${translate(lang, 'stats.days')}`;
  return translate(lang, messageKey(`stats.group.${dimension}.${key}`));
}

export function termLabel(term: string, lang: Lang): string {
  return policyVersion(CURRENT_POLICY_VERSION).terms[term as TermKey]?.label[lang] ?? term;
}

export async function buildSections(stats: Statistics, opts: SectionOptions): Promise<Section[]> {
  const { lang, threshold } = opts;
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, messageKey(key), params);
  const shown = (n: number) => (threshold === undefined ? n : suppress(n, threshold));
  const cell = (n: number) => {
    const v = shown(n);
    return v === null ? t('stats.suppressed', { threshold }) : v.toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL');
  };
  const prefix = opts.idPrefix ?? 'chart';

  async function figure(id: string, kind: ChartKind, title: string, dimension: Dimension, counts: Count[], axes: { x: string; y: string }): Promise<Figure> {
    const labelled = counts.map((c) => ({ label: groupLabel(dimension, c.key, lang), count: c.count }));
    // Suppressed counts are left out of the chart (a bar would give them away), not drawn as 0.
    const data: ChartDatum[] = labelled.map((c) => ({ label: c.label, value: shown(c.count) ?? 0 }));
    const summary = labelled.map((c) => `${c.label}: ${cell(c.count)}`).join('; ');
    const svg = await renderChart({ id: `${prefix}-${id}`, kind, title, description: t('stats.chartDesc', { title, summary }), data, ...axes });
    return {
      svg,
      table: { caption: t('stats.table.caption', { title }), headers: [t('stats.table.group'), t('stats.table.count')], rows: labelled.map((c) => ({ label: c.label, cells: [cell(c.count)] })) },
    };
  }

  const d = stats.distributions;
  const countAxes = (x: string) => ({ x, y: t('stats.axis.count') });
  const section = (id: SectionId, figures: Figure[], summary?: string): Section => ({ id, title: t(`stats.section.${id}`), figures, ...(summary ? { summary } : {}) });
  const total = d.total[0]?.count ?? 0;

  const leadSummary = LEAD_TIMES.map((k) => {
    const lt = stats.leadTimes[k];
    const text = lt.count === 0 ? t('stats.medianNone') : threshold !== undefined && lt.count < threshold ? t('stats.medianHidden') : t('stats.median', { days: lt.medianDays, p90: lt.p90Days, count: lt.count });
    return `${t(`stats.leadTime.${k}`)}: ${text}`;
  }).join('. ');

  // Terms: one stacked bar per term (met / missed / running), and a table with the shares.
  const termsRan = stats.terms.filter((x) => x.total > 0);
  const termData: ChartDatum[] = termsRan.flatMap((x) =>
    (['met', 'missed', 'running', 'cancelled'] as const).map((o) => ({ label: termLabel(x.term, lang), series: t(`stats.group.term.${o}`), value: shown(x[o]) ?? 0 })),
  );
  const termTitle = t('stats.section.terms');
  const percent = (n: number, of: number) => (of === 0 ? '' : ` (${Math.round((100 * n) / of)}%)`);
  const termCell = (n: number, of: number) => {
    const v = shown(n);
    return v === null ? t('stats.suppressed', { threshold }) : `${cell(n)}${percent(n, of)}`;
  };
  const termSummary = termsRan.map((x) => `${termLabel(x.term, lang)}: ${(['met', 'missed', 'running', 'cancelled'] as const).map((o) => `${t(`stats.group.term.${o}`)} ${cell(x[o])}`).join(', ')}`).join('; ');
  const termFigure: Figure = {
    svg: termsRan.length
      ? await renderChart({ id: `${prefix}-terms`, kind: 'stacked', title: termTitle, description: t('stats.chartDesc', { title: termTitle, summary: termSummary }), data: termData, x: t('stats.axis.term'), y: t('stats.axis.cases') })
      : '',
    table: {
      caption: t('stats.termsTable'),
      headers: [t('stats.axis.term'), ...(['total', 'met', 'missed', 'running', 'cancelled', 'extended', 'suspended'] as const).map((o) => t(`stats.group.term.${o}`))],
      rows: stats.terms.map((x) => ({ label: termLabel(x.term, lang), cells: [cell(x.total), ...(['met', 'missed', 'running', 'cancelled', 'extended', 'suspended'] as const).map((o) => termCell(x[o], x.total))] })),
    },
  };

  return [
    section('received', [await figure('month', 'line', t('stats.figure.month'), 'month', d.month, { x: t('stats.axis.month'), y: t('stats.axis.count') })], t('stats.total', { count: cell(total) })),
    section('category', [await figure('category', 'bar', t('stats.section.category'), 'category', d.category, countAxes(t('stats.table.group')))]),
    section('sector', [await figure('sector', 'bar', t('stats.section.sector'), 'sector', d.sector, countAxes(t('stats.table.group')))]),
    section('complainant', [
      await figure('complainant', 'bar', t('stats.section.complainant'), 'complainant', d.complainant, countAxes(t('stats.table.group'))),
      await figure('represented', 'bar', t('stats.figure.represented'), 'represented', d.represented, countAxes(t('stats.table.group'))),
    ]),
    section('admissibility', [
      await figure('admissibility', 'bar', t('stats.section.admissibility'), 'admissibility', d.admissibility, countAxes(t('stats.table.group'))),
      await figure('inadmissibleBy', 'bar', t('stats.figure.inadmissibleBy'), 'inadmissibleBy', d.inadmissibleBy, countAxes(t('stats.table.group'))),
    ]),
    section('route', [await figure('route', 'bar', t('stats.section.route'), 'route', d.route, countAxes(t('stats.table.group')))]),
    section('advice', [
      await figure('finding', 'bar', t('stats.figure.finding'), 'finding', d.finding, countAxes(t('stats.table.group'))),
      await figure('measures', 'bar', t('stats.figure.measures'), 'measures', d.measures, countAxes(t('stats.table.group'))),
    ]),
    section('compliance', [await figure('compliance', 'bar', t('stats.section.compliance'), 'compliance', d.compliance, countAxes(t('stats.table.group')))]),
    section('reportingDuty', [await figure('reportingDuty', 'bar', t('stats.section.reportingDuty'), 'reportingDuty', d.reportingDuty, countAxes(t('stats.table.group')))]),
    section(
      'leadTimes',
      [
        await figure('leadAdmissibility', 'histogram', t('stats.leadTime.admissibility'), 'leadAdmissibility', d.leadAdmissibility, { x: t('stats.axis.days'), y: t('stats.axis.cases') }),
        await figure('leadHearing', 'histogram', t('stats.leadTime.hearing'), 'leadHearing', d.leadHearing, { x: t('stats.axis.days'), y: t('stats.axis.cases') }),
        await figure('leadAdvice', 'histogram', t('stats.leadTime.advice'), 'leadAdvice', d.leadAdvice, { x: t('stats.axis.days'), y: t('stats.axis.cases') }),
      ],
      leadSummary,
    ),
    section('terms', [termFigure]),
  ];
}

/**
 * Draws the charts of the page staff open first (this year, no filter, in Dutch) a few times, on
 * made-up figures: loading vega and vega-lite, compiling each chart's shape and getting the
 * drawing code optimised take seconds of CPU over the first pages, which the API pays at start-up
 * instead of the first people to open the page. The figures differ per round (a drawn chart is
 * cached by its figures) and every term has run, so that the stacked chart is drawn too.
 */
export async function warmStatisticsCharts(today: string, rounds = 4): Promise<void> {
  const year = Number(today.slice(0, 4));
  const period = periodOfYear(year);
  for (let round = 1; round <= rounds; round++) {
    const sums = [
      ...Object.entries(DIMENSIONS).flatMap(([figure, groups]) => groups.map((grp, i) => ({ month: null, figure, grp, n: round + i }))),
      ...monthsOf(period.from, period.to).map((month, i) => ({ month, figure: 'total', grp: 'all', n: round + i })),
      ...TERM_KEYS.map((term) => ({ month: null, figure: `term.${term}`, grp: 'met', n: round })),
    ];
    await buildSections(statisticsFromFigureSums({ kind: 'year', year, ...period }, sums), { lang: 'nl' });
  }
}
