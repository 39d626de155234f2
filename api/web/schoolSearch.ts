/**
 * The school search as pages show it (intake step 2 and the console's link page): a GET form, so it
 * works without JavaScript, and the results as buttons that choose a school.
 */
import type { Knex } from 'knex';
import { searchSchools, SEARCH_MAX, SEARCH_MIN } from '../../platform/register/store';
import { translate, type Lang } from './i18n';

export interface SchoolSearchView {
  action: string;
  chooseAction: string;
  query: string;
  searched: boolean;
  error?: string;
  errorSummary?: Array<{ href: string; message: string }>;
  more?: boolean;
  results?: Array<Record<string, unknown>>;
}

export async function schoolSearchView(db: Knex, lang: Lang, rawQuery: unknown, action: string, opts: { error?: string; chooseAction?: string } = {}): Promise<SchoolSearchView> {
  const query = typeof rawQuery === 'string' ? rawQuery.trim().slice(0, 200) : '';
  const base = { action, chooseAction: opts.chooseAction ?? action, query, searched: false };
  const refused = (error: string) => ({ ...base, error, errorSummary: [{ href: '#zoek', message: error }] });
  if (opts.error) return refused(opts.error);
  if (typeof rawQuery !== 'string') return base;
  if (query.length < SEARCH_MIN || query.length > SEARCH_MAX) return refused(translate(lang, 'register.search.tooShort'));
  const { hits, more } = await searchSchools(db, query);
  return { ...base, searched: true, more, results: hits.map((h) => ({ ...h, sectorLabel: h.sector ? translate(lang, `sector.${h.sector}`) : undefined })) };
}
