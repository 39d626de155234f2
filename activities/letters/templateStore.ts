/**
 * Letter templates on disk (templates/registry.json + .hbs files), versioned with a validity date:
 * a letter renders with the newest version valid on its date, so a letter dated before a template
 * change keeps rendering with the template it was written under.
 *
 * The shared partials (letterhead, addressee block, reference line, term, contact, signature) are
 * versioned too, as sets in templates/partials/<set>/: each registry entry names its set, so a new
 * letterhead is a new set used by new template versions, and an old letter re-renders byte-identical
 * from its stored snapshot with the partials it was written with.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { letterDateText, type Language } from '../../domain/letters';
import { PROJECT_ROOT } from '../../platform/config';

export interface TemplateEntry {
  kind: string;
  language: 'nl' | 'en';
  version: number;
  validFrom: string;
  file: string;
  subject: string;
  /** The partial set (folder under templates/partials/) this version renders with. */
  partials: string;
}

export interface CompiledTemplate extends TemplateEntry {
  id: string;
  /** sha256 of the template and every partial of its set: proves which exact text produced a stored letter. */
  hash: string;
  render(data: unknown): string;
}

interface PartialSet {
  handlebars: typeof Handlebars;
  hash: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Helpers are code, not versioned text: keep them small and never change what an existing helper
 * outputs (add a new one instead), or old letters stop re-rendering byte-identical.
 */
function registerHelpers(hb: typeof Handlebars): void {
  const languageOf = (options: Handlebars.HelperOptions): Language => ((options.data as { root?: { language?: Language } }).root?.language === 'en' ? 'en' : 'nl');
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('date', (iso: string, options: Handlebars.HelperOptions) => letterDateText(iso, languageOf(options)));
  hb.registerHelper('weekdate', (iso: string, options: Handlebars.HelperOptions) => letterDateText(iso, languageOf(options), true));
  hb.registerHelper('lines', (text: string | null | undefined) => (text ? text.split('\n') : []));
  hb.registerHelper('inc', (n: number) => n + 1);
  // Paragraphs of free text (reasons, the complaint itself): blank lines separate paragraphs.
  hb.registerHelper('paragraphs', (text: string) =>
    new Handlebars.SafeString(
      text
        .split(/\n\s*\n/)
        .map((p) => `<p>${Handlebars.escapeExpression(p.trim()).replace(/\n/g, '<br>')}</p>`)
        .join('\n'),
    ),
  );
}

export class TemplateStore {
  private readonly entries: TemplateEntry[];
  private readonly partialSets = new Map<string, PartialSet>();
  private readonly compiled = new Map<string, CompiledTemplate>();

  constructor(private readonly root = path.join(PROJECT_ROOT, 'templates')) {
    const registry = JSON.parse(fs.readFileSync(path.join(root, 'registry.json'), 'utf8')) as { templates: TemplateEntry[] };
    this.entries = registry.templates;
    for (const entry of this.entries) {
      if (!ISO_DATE.test(entry.validFrom)) throw new Error(`templates/registry.json: ${entry.kind}/${entry.language}@${entry.version} has a bad validFrom "${entry.validFrom}"`);
      if (!entry.partials) throw new Error(`templates/registry.json: ${entry.kind}/${entry.language}@${entry.version} names no partial set`);
    }
  }

  kinds(): string[] {
    return [...new Set(this.entries.map((e) => e.kind))];
  }

  list(): readonly TemplateEntry[] {
    return this.entries;
  }

  /** The version of `kind` in `language` valid on `onDate` (YYYY-MM-DD); Dutch when no English exists. */
  resolve(kind: string, language: 'nl' | 'en', onDate: string): CompiledTemplate {
    const pick = (lang: 'nl' | 'en') =>
      this.entries
        .filter((e) => e.kind === kind && e.language === lang && e.validFrom <= onDate)
        .sort((a, b) => b.version - a.version)[0];
    const entry = pick(language) ?? pick('nl');
    if (!entry) throw new Error(`no template for letter kind "${kind}" valid on ${onDate}`);
    return this.compile(entry);
  }

  /** A specific stored version, to re-render an old letter from its snapshot. */
  exact(kind: string, language: 'nl' | 'en', version: number): CompiledTemplate {
    const entry = this.entries.find((e) => e.kind === kind && e.language === language && e.version === version);
    if (!entry) throw new Error(`no template ${kind}/${language}@${version}`);
    return this.compile(entry);
  }

  private partialSet(name: string): PartialSet {
    const cached = this.partialSets.get(name);
    if (cached) return cached;
    const dir = path.join(this.root, 'partials', name);
    if (!/^[\w.-]+$/.test(name) || !fs.existsSync(dir)) throw new Error(`no partial set "${name}" in templates/partials/`);
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const digest = crypto.createHash('sha256');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      handlebars.registerPartial(path.basename(file, '.hbs'), source);
      digest.update(file).update(source);
    }
    const set = { handlebars, hash: digest.digest('hex') };
    this.partialSets.set(name, set);
    return set;
  }

  private compile(entry: TemplateEntry): CompiledTemplate {
    const id = `${entry.kind}/${entry.language}`;
    const key = `${id}@${entry.version}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const set = this.partialSet(entry.partials);
    const source = fs.readFileSync(path.join(this.root, entry.file), 'utf8');
    const template = set.handlebars.compile(source, { strict: true });
    const hash = crypto.createHash('sha256').update(source).update(set.hash).digest('hex');
    const compiled: CompiledTemplate = { ...entry, id, hash, render: (data) => template(data) };
    this.compiled.set(key, compiled);
    return compiled;
  }
}
