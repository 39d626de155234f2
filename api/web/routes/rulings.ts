/**
 * The public pages of published advice (issue 17), for everyone, no login:
 *
 *   GET /uitspraken                 list by year, category and sector, with full-text search (?q=)
 *   GET /uitspraken/:ref            one advice as a page (`12`) or as PDF (`12.pdf`)
 *
 * Only approved, still published advice is ever read here (platform/store/publications.ts filters on
 * `published`): a draft, one awaiting approval or one withdrawn is a 404 like an id that never existed.
 */
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { renderPdf } from '../../../platform/pdf/pdfRenderer';
import { CATEGORY_LABELS, DEFAULT_COMMITTEE } from '../../../domain/committee';
import { COMPLAINT_CATEGORIES, SECTORS, type ComplaintCategory } from '../../../domain/intake';
import { FINDING_LABELS, monthLabel } from '../../../domain/publication';
import { commonFilters, queryValues, type FilterError } from '../../../domain/queryFilters';
import { findPublished, publicList, publicYears, PUBLIC_PAGE_SIZE, type PublicPublication, type PublicQuery } from '../../../platform/store/publications';
import { PageNotFound } from '../errors';
import { fieldId } from '../forms';
import { messageKey, translate, type Lang } from '../i18n';
import { renderPage } from '../render';

export interface RulingsDeps {
  db: Knex;
}

const MAX_PAGE = 1000;

/** The query of the public list; what is unreadable is named at its field. */
export function parseRulingsQuery(query: Record<string, unknown>): { query: PublicQuery; values: Record<string, string>; errors: FilterError[] } {
  const values = queryValues(query, ['year', 'category', 'sector', 'q', 'page']);
  const errors: FilterError[] = [];
  const common = commonFilters({ category: values.category, sector: values.sector }, errors);
  // Control characters (a NUL above all, which PostgreSQL refuses in text) are no words to search for.
  // eslint-disable-next-line no-control-regex
  const words = values.q.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  const parsed: PublicQuery = { page: 1, category: common.category, sector: common.sector, q: words || undefined };
  if (values.year) {
    if (/^\d{4}$/.test(values.year)) parsed.year = Number(values.year);
    else errors.push({ field: 'year', messageKey: 'rulings.error.year' });
  }
  if (values.page) {
    if (/^\d{1,4}$/.test(values.page) && Number(values.page) >= 1 && Number(values.page) <= MAX_PAGE) parsed.page = Number(values.page);
    else errors.push({ field: 'page', messageKey: 'rulings.error.page' });
  }
  return { query: parsed, values, errors };
}

/** How an advice is named and described on the public pages and in its PDF. */
function describe(p: PublicPublication, lang: Lang) {
  const category = CATEGORY_LABELS[p.category as ComplaintCategory]?.[lang] ?? p.category;
  return {
    id: p.id,
    ref: `${p.advice_year}-${p.id}`,
    title: translate(lang, 'rulings.itemTitle', { ref: `${p.advice_year}-${p.id}`, category }),
    meta: translate(lang, 'rulings.meta', {
      month: monthLabel(p.advice_year, p.advice_month, lang),
      sector: p.sector ? translate(lang, messageKey(`sector.${p.sector}`)) : translate(lang, 'rulings.sectorUnknown'),
      finding: FINDING_LABELS[p.finding]?.[lang] ?? p.finding,
    }),
    paragraphs: p.body.split(/\n\s*\n/).map((para) => para.trim()).filter(Boolean),
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The advice as a standalone document for the Chromium printer. */
function rulingDocument(p: PublicPublication, lang: Lang): string {
  const d = describe(p, lang);
  return `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title>
<style>@page { size: A4; margin: 2cm; } body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; line-height: 1.5; } p { white-space: pre-line; }</style></head>
<body>
  <p>${escapeHtml(DEFAULT_COMMITTEE.name)}</p>
  <h1>${escapeHtml(d.title)}</h1>
  <p>${escapeHtml(d.meta)}</p>
  ${d.paragraphs.map((para) => `<p>${escapeHtml(para)}</p>`).join('\n  ')}
</body></html>`;
}

export function rulingsRoutes(deps: RulingsDeps): Router {
  const router = Router();

  router.get('/uitspraken', async (req: Request, res) => {
    const lang = req.portal.lang;
    const t = (key: string) => translate(lang, messageKey(key));
    const { query, values, errors } = parseRulingsQuery(req.query as Record<string, unknown>);
    const errorOf = (field: string) => {
      const e = errors.find((x) => x.field === field);
      return e ? t(e.messageKey) : undefined;
    };
    const option = (value: string, label: string, selected: string) => ({ value, label, selected: value === selected });
    const select = (name: string, labelKey: string, opts: Array<{ value: string; label: string }>) => ({
      name,
      id: fieldId(name),
      label: t(labelKey),
      error: errorOf(name),
      options: [option('', t('rulings.any'), values[name]), ...opts.map((o) => option(o.value, o.label, values[name]))],
    });
    const found = errors.length ? { total: 0, rows: [] } : await publicList(deps.db, query);
    const years = await publicYears(deps.db);
    const link = (page: number) => `/uitspraken?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([k, v]) => v && k !== 'page')), page: String(page) })}`;
    renderPage(
      req,
      res,
      'rulings',
      {
        titleKey: 'rulings.title',
        searchId: fieldId('q'),
        q: values.q,
        selects: [
          select('year', 'rulings.year', years.map((y) => ({ value: String(y), label: String(y) }))),
          select('category', 'console.filter.category', COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c][lang] }))),
          select('sector', 'console.filter.sector', SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }))),
        ],
        errorSummary: errors.map((e) => ({ href: `#${fieldId(e.field)}`, message: t(e.messageKey) })),
        pageError: errorOf('page'),
        pageId: fieldId('page'),
        searched: errors.length === 0,
        count: translate(lang, 'rulings.count', { count: found.total }),
        items: found.rows.map((r) => {
          const d = describe(r, lang);
          return { ...d, excerpt: d.paragraphs.slice(0, 3).join(' ').slice(0, 300) };
        }),
        previous: query.page > 1 && !errors.length ? link(query.page - 1) : undefined,
        next: query.page * PUBLIC_PAGE_SIZE < found.total ? link(query.page + 1) : undefined,
      },
      errors.length ? 400 : 200,
    );
  });

  router.get('/uitspraken/:ref', async (req, res) => {
    const lang = req.portal.lang;
    const match = /^(\d{1,18})(\.pdf)?$/.exec(String(req.params.ref));
    const p = match ? await findPublished(deps.db, match[1]) : undefined;
    if (!p) throw new PageNotFound();
    if (match![2]) {
      const pdf = await renderPdf(rulingDocument(p, lang));
      return res.set('Cache-Control', 'no-store').type('application/pdf').attachment(`advies-${p.advice_year}-${p.id}.pdf`).send(pdf);
    }
    const d = describe(p, lang);
    renderPage(req, res, 'ruling', d);
  });

  return router;
}
