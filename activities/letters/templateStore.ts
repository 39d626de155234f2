/**
 * Letter templates on disk (templates/registry.json + .hbs files), versioned with a validity date:
 * a letter renders with the newest version valid on its date, so a letter dated before a template
 * change keeps rendering with the template it was written under.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../../platform/config';

export interface TemplateEntry {
  kind: string;
  language: 'nl' | 'en';
  version: number;
  validFrom: string;
  file: string;
  subject: string;
}

export interface CompiledTemplate extends TemplateEntry {
  id: string;
  /** sha256 of the template and every partial: proves which exact text produced a stored letter. */
  hash: string;
  render(data: unknown): string;
}

export class TemplateStore {
  private readonly entries: TemplateEntry[];
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, CompiledTemplate>();
  private readonly partialsHash: string;

  constructor(private readonly root = path.join(PROJECT_ROOT, 'templates')) {
    const registry = JSON.parse(fs.readFileSync(path.join(root, 'registry.json'), 'utf8')) as { templates: TemplateEntry[] };
    this.entries = registry.templates;
    const digest = crypto.createHash('sha256');
    const partialsDir = path.join(root, 'partials');
    for (const file of fs.readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
      const source = fs.readFileSync(path.join(partialsDir, file), 'utf8');
      this.handlebars.registerPartial(path.basename(file, '.hbs'), source);
      digest.update(file).update(source);
    }
    this.partialsHash = digest.digest('hex');
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  kinds(): string[] {
    return [...new Set(this.entries.map((e) => e.kind))];
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

  private compile(entry: TemplateEntry): CompiledTemplate {
    const id = `${entry.kind}/${entry.language}`;
    const key = `${id}@${entry.version}`;
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const source = fs.readFileSync(path.join(this.root, entry.file), 'utf8');
    const template = this.handlebars.compile(source, { strict: true });
    const hash = crypto.createHash('sha256').update(source).update(this.partialsHash).digest('hex');
    const compiled: CompiledTemplate = { ...entry, id, hash, render: (data) => template(data) };
    this.compiled.set(key, compiled);
    return compiled;
  }
}
