/**
 * Renders portal pages: Handlebars templates from templates/pages inside templates/layouts/main.hbs,
 * with the form components of templates/page-partials. Its own Handlebars instance, apart from the
 * letters' templates and helpers. Templates are read once and kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Request, Response } from 'express';
import { PROJECT_ROOT } from '../../platform/config';
import { DEFAULT_COMMITTEE } from '../../domain/committee';
import { messageKey, translate, type Lang } from './i18n';
import { boardMenu, staffMenu } from './staffMenu';

const TEMPLATES = path.join(PROJECT_ROOT, 'templates');

const hbs = Handlebars.create();

/** A date (or date and time) as people read it, in Amsterdam time: "dinsdag 1 december 2026". */
export function formatDate(value: unknown, lang: Lang, withTime: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value as string);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'long' }),
    timeZone: 'Europe/Amsterdam',
  }).format(date);
}

hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
  return translate(options.data.root.lang, messageKey(key), options.hash);
});
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => formatDate(value, options.data.root.lang, false));
hbs.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) => formatDate(value, options.data.root.lang, true));
hbs.registerHelper('kb', (bytes: number) => Math.max(1, Math.round(bytes / 1024)).toLocaleString('nl-NL'));

let loaded: { layout: Handlebars.TemplateDelegate; pages: Map<string, Handlebars.TemplateDelegate> } | undefined;

function load() {
  if (loaded) return loaded;
  const partialsDir = path.join(TEMPLATES, 'page-partials');
  for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(file.replace(/\.hbs$/, ''), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
  }
  const pagesDir = path.join(TEMPLATES, 'pages');
  const pages = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of fs.readdirSync(pagesDir).filter((f) => f.endsWith('.hbs'))) {
    pages.set(file.replace(/\.hbs$/, ''), hbs.compile(fs.readFileSync(path.join(pagesDir, file), 'utf8'), { strict: false }));
  }
  loaded = { layout: hbs.compile(fs.readFileSync(path.join(TEMPLATES, 'layouts', 'main.hbs'), 'utf8')), pages };
  return loaded;
}

/** The address of this page in the other language (?lang=…), other query parameters dropped. */
function langSwitchHref(req: Request, lang: Lang): string {
  return `${req.path}?lang=${lang === 'nl' ? 'en' : 'nl'}`;
}

export function renderPage(req: Request, res: Response, page: string, view: Record<string, unknown> & { titleKey?: string; title?: string }, status = 200): void {
  const { layout, pages } = load();
  const template = pages.get(page);
  if (!template) throw new Error(`no page template ${page}`);
  const lang = req.portal.lang;
  const party = req.portal.session?.data.party;
  const root = {
    ...view,
    lang,
    csrfToken: req.portal.session?.csrfToken,
    party,
    // Logged-in staff get their own menu (and a wider page) instead of the public one.
    staffMenu: party?.kind === 'staff' ? staffMenu(lang, party.role) : undefined,
    // So do logged-in board contacts (their cases, their contacts): on /bestuur pages as its guard just
    // read the contact, elsewhere as the right stood at login.
    boardMenu: party?.kind === 'board' ? boardMenu(lang, (res.locals.boardContact?.canManage ?? party.canManage) === true) : undefined,
    committee: DEFAULT_COMMITTEE,
    langSwitchHref: langSwitchHref(req, lang),
    otherLang: lang === 'nl' ? 'en' : 'nl',
  };
  const body = template(root);
  const title = view.title ?? (view.titleKey ? translate(lang, messageKey(view.titleKey), view as Record<string, unknown>) : translate(lang, 'site.name'));
  const hasErrors = Array.isArray(view.errorSummary) && view.errorSummary.length > 0;
  // Pages show personal data: never cached by the browser or a proxy.
  res.status(status).set('Cache-Control', 'no-store').type('html').send(layout({ ...root, body, title: hasErrors ? `${translate(lang, 'common.errorPrefix')} ${title}` : title }));
}
