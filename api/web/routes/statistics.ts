/**
 * The committee's statistics and annual report in the console (staff only; not for committee
 * members, whose console shows only their own panels):
 *
 *   GET  /medewerkers/statistieken                 figures and charts for a period and filters
 *   GET  /medewerkers/statistieken/export.csv|json  the figures, small counts suppressed
 *   GET  /medewerkers/statistieken/woordenboek.csv the data dictionary
 *   GET  /medewerkers/jaarverslag?year=            the chapters' explanatory texts, and the PDF button
 *   POST /medewerkers/jaarverslag/teksten           saves the texts (secretary and chair)
 *   GET  /medewerkers/jaarverslag/:year.pdf         the annual report as PDF
 *
 * The console's own guard (routes/console.ts) has already required a logged-in staff user.
 */
import { currentConfig } from '../../../platform/config';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { CATEGORY_LABELS } from '../../../domain/committee';
import { amsterdamDate } from '../../../domain/clock';
import { COMPLAINT_CATEGORIES, SECTORS } from '../../../domain/intake';
import { FIRST_YEAR, isReportableYear, parseStatisticsQuery, PERIOD_KINDS, REGIONS, type FilterError } from '../../../domain/statistics';
import { annualReportTexts, countReceived, loadStatistics, saveAnnualReportText } from '../../../platform/store/statistics';
import { consoleUser, type ConsoleUser } from '../console/access';
import { PageNotFound } from '../errors';
import { fieldId } from '../forms';
import { translate, type Lang, messageKey } from '../i18n';
import { renderPage } from '../render';
import { annualReportPdf, EmptyYear, MAX_TEXT_LENGTH, REPORT_TEXT_SECTIONS, yearFilters } from '../statistics/annualReport';
import { dictionaryCsv, figuresCsv, figuresJson } from '../statistics/exports';
import { buildSections } from '../statistics/sections';

export interface StatisticsDeps {
  db: Knex;
}

const today = () => amsterdamDate(new Date());

function option(value: string, label: string, selected: string) {
  return { value, label, selected: value === selected };
}

function yearsUpTo(today: string): number[] {
  const years: number[] = [];
  for (let y = Number(today.slice(0, 4)); y >= FIRST_YEAR; y--) years.push(y);
  return years;
}

export function statisticsRoutes(deps: StatisticsDeps): Router {
  const router = Router();

  // Figures of all cases: staff with the whole caseload in view, not committee members.
  const staffOnly = async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.consoleUser ?? (await consoleUser(deps.db, req));
    if (!user) return res.redirect(303, '/inloggen');
    if (user.scope === 'panel') throw new PageNotFound();
    res.locals.consoleUser = user;
    next();
  };
  router.use('/medewerkers/statistieken', staffOnly);
  router.use('/medewerkers/jaarverslag', staffOnly);

  function parse(req: Request) {
    return parseStatisticsQuery(req.query as Record<string, unknown>, today());
  }

  const errorsJson = (lang: Lang, errors: FilterError[]) => ({ errors: errors.map((e) => ({ field: e.field, message: translate(lang, messageKey(e.messageKey)) })) });

  router.get('/medewerkers/statistieken', async (req, res) => {
    const lang = req.portal.lang;
    const t = (key: string) => translate(lang, messageKey(key));
    const { filters, values, errors } = parse(req);
    const threshold = currentConfig().statsSuppressionThreshold;
    const errorOf = (name: string) => {
      const e = errors.find((x) => x.field === name);
      return e ? translate(lang, messageKey(e.messageKey)) : undefined;
    };
    const select = (name: string, labelKey: string, opts: Array<{ value: string; label: string }>, selected: string, any = true) => ({
      name,
      id: fieldId(name),
      label: t(labelKey),
      error: errorOf(name),
      options: [...(any ? [option('', t('console.filter.any'), selected)] : []), ...opts.map((o) => option(o.value, o.label, selected))],
    });
    const stats = errors.length ? undefined : await loadStatistics(deps.db, filters);
    const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== '')).toString();
    renderPage(
      req,
      res,
      'console-statistics',
      {
        titleKey: 'stats.title',
        selects: [
          select('period', 'stats.period', PERIOD_KINDS.map((k) => ({ value: k, label: t(`stats.period.${k}`) })), values.period || 'year', false),
          select('year', 'stats.year', yearsUpTo(today()).map((y) => ({ value: String(y), label: String(y) })), values.year || String(filters.year ?? ''), false),
          select('quarter', 'stats.quarter', [1, 2, 3, 4].map((q) => ({ value: String(q), label: `Q${q}` })), values.quarter),
          select('category', 'console.filter.category', COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c][lang] })), values.category),
          select('sector', 'console.filter.sector', SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) })), values.sector),
          select('region', 'stats.region', REGIONS.map((r) => ({ value: r, label: t(`stats.region.${r}`) })), values.region),
        ],
        inputs: [
          { name: 'from', label: t('stats.from') },
          { name: 'to', label: t('stats.to') },
          { name: 'board', label: t('console.filter.board') },
          { name: 'school', label: t('console.filter.school') },
        ].map((i) => ({ ...i, id: fieldId(i.name), value: values[i.name], error: errorOf(i.name) })),
        errorSummary: errors.map((e) => ({ href: `#${fieldId(e.field)}`, message: translate(lang, messageKey(e.messageKey)) })),
        period: { from: filters.from, to: filters.to },
        empty: stats ? stats.distributions.total[0].count === 0 : false,
        sections: stats ? await buildSections(stats, { lang }) : [],
        threshold,
        query,
      },
      errors.length ? 400 : 200,
    );
  });

  async function exportOf(req: Request, res: Response, format: 'csv' | 'json' | 'dictionary') {
    const { filters, errors } = parse(req);
    if (errors.length) return res.status(400).json(errorsJson(req.portal.lang, errors));
    const threshold = currentConfig().statsSuppressionThreshold;
    const stats = await loadStatistics(deps.db, filters);
    const name = `klachtencijfers-${filters.from}-${filters.to}`;
    res.set('Cache-Control', 'no-store');
    if (format === 'json') return res.attachment(`${name}.json`).json(figuresJson(stats, threshold));
    const body = format === 'csv' ? figuresCsv(stats, threshold) : dictionaryCsv(stats, threshold);
    res.type('text/csv; charset=utf-8').attachment(format === 'csv' ? `${name}.csv` : 'gegevenswoordenboek.csv').send(body);
  }
  router.get('/medewerkers/statistieken/export.csv', (req, res) => exportOf(req, res, 'csv'));
  router.get('/medewerkers/statistieken/export.json', (req, res) => exportOf(req, res, 'json'));
  router.get('/medewerkers/statistieken/woordenboek.csv', (req, res) => exportOf(req, res, 'dictionary'));

  // ---------------------------------------------------------------- annual report

  async function reportPage(req: Request, res: Response, year: number, opts: { yearError?: string; fieldErrors?: Map<string, string>; values?: Map<string, string>; notice?: string; status?: number }) {
    const lang = req.portal.lang;
    const user: ConsoleUser = res.locals.consoleUser!;
    const texts = opts.yearError ? new Map<string, string>() : (opts.values ?? (await annualReportTexts(deps.db, year)));
    const empty = opts.yearError ? true : (await countReceived(deps.db, yearFilters(year))) === 0;
    renderPage(
      req,
      res,
      'console-annual-report',
      {
        titleKey: 'report.title',
        year,
        yearError: opts.yearError,
        years: yearsUpTo(today()).map((y) => ({ value: y, selected: y === year })),
        threshold: currentConfig().statsSuppressionThreshold,
        canEdit: user.canAct,
        notice: opts.notice,
        empty,
        texts: REPORT_TEXT_SECTIONS.map((s) => ({
          name: `text_${s}`,
          id: fieldId(`text_${s}`),
          label: translate(lang, s === 'intro' ? 'report.section.intro' : `stats.section.${s}`),
          value: texts.get(s) ?? '',
          error: opts.fieldErrors?.get(s),
        })),
        errorSummary: [
          ...(opts.yearError ? [{ href: '#year', message: opts.yearError }] : []),
          ...[...(opts.fieldErrors ?? new Map<string, string>())].map(([s, message]) => ({ href: `#${fieldId(`text_${s}`)}`, message })),
        ],
      },
      opts.status ?? (opts.yearError ? 400 : 200),
    );
  }

  const yearOf = (raw: unknown): number => (typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN);

  router.get('/medewerkers/jaarverslag', async (req, res) => {
    const lang = req.portal.lang;
    const raw = req.query.year;
    const year = raw === undefined ? Number(today().slice(0, 4)) : yearOf(raw);
    if (!isReportableYear(year, today())) return reportPage(req, res, Number(today().slice(0, 4)), { yearError: translate(lang, 'stats.error.year') });
    await reportPage(req, res, year, { notice: req.query.opgeslagen === '1' ? translate(lang, 'report.console.saved') : undefined });
  });

  router.post('/medewerkers/jaarverslag/teksten', async (req, res) => {
    const user: ConsoleUser = res.locals.consoleUser!;
    if (!user.canAct) throw new PageNotFound();
    const lang = req.portal.lang;
    const year = yearOf(req.body?.year);
    if (!isReportableYear(year, today())) return reportPage(req, res, Number(today().slice(0, 4)), { yearError: translate(lang, 'stats.error.year') });
    const values = new Map<string, string>();
    const fieldErrors = new Map<string, string>();
    for (const section of REPORT_TEXT_SECTIONS) {
      const raw = req.body?.[`text_${section}`];
      const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').replace(/\0/g, '').trim() : '';
      values.set(section, text);
      if (text.length > MAX_TEXT_LENGTH) fieldErrors.set(section, translate(lang, 'report.error.textTooLong'));
    }
    // All or nothing: a refused form stores none of its texts.
    if (fieldErrors.size) return reportPage(req, res, year, { fieldErrors, values, status: 400 });
    await deps.db.transaction(async (trx) => {
      for (const [section, body] of values) await saveAnnualReportText(trx, { year, section, body, updatedBy: user.logName });
    });
    res.redirect(303, `/medewerkers/jaarverslag?year=${year}&opgeslagen=1`);
  });

  router.get('/medewerkers/jaarverslag/:file', async (req, res) => {
    const match = /^(\d{4})\.pdf$/.exec(String(req.params.file));
    const year = match ? Number(match[1]) : NaN;
    if (!isReportableYear(year, today())) throw new PageNotFound();
    try {
      const pdf = await annualReportPdf(deps.db, year, { threshold: currentConfig().statsSuppressionThreshold, today: today() });
      res.set('Cache-Control', 'no-store').type('application/pdf').attachment(`jaarverslag-${year}.pdf`).send(pdf);
    } catch (err) {
      if (err instanceof EmptyYear) return reportPage(req, res, year, { status: 409 });
      throw err;
    }
  });

  return router;
}
