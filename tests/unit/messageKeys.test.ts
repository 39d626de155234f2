/**
 * Every text a page asks for exists in both languages. Keys written in templates and in the
 * pages' code are checked here; keys put together at run time (`console.action.${name}`) go
 * through messageKey(), which throws outside production, so a page test that renders one fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config';
import { isMessageKey, messageKey, MESSAGES, translate, translateKnown } from '../../api/web/i18n';

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? files(rel, ext) : e.name.endsWith(ext) ? [rel] : [];
  });
}

const read = (rel: string) => fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8');

describe('message catalogues', () => {
  it('give every key a Dutch and an English text with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const faulty = Object.entries(MESSAGES).filter(([, m]) => !m.nl.trim() || !m.en.trim() || placeholders(m.nl).join() !== placeholders(m.en).join());
    expect(faulty.map(([key]) => key)).toEqual([]);
  });

  it('hold every key the page templates ask for', () => {
    const used = files('templates', '.hbs')
      .filter((f) => !f.startsWith(path.join('templates', 'letters')))
      .flatMap((f) => [...read(f).matchAll(/[{(]t ["']([^"']+)["']/g)].map((m) => ({ file: f, key: m[1]! })));
    expect(used.length).toBeGreaterThan(300);
    expect(used.filter((u) => !isMessageKey(u.key))).toEqual([]);
  });

  it('hold every key the pages\' code names in a …Key property', () => {
    const used = files(path.join('api', 'web'), '.ts').flatMap((f) => [...read(f).matchAll(/\b(?:title|label|hint|message|intro|submit|more|done|heading|text)Key: '([^']+)'/g)].map((m) => ({ file: f, key: m[1]! })));
    expect(used.length).toBeGreaterThan(150);
    expect(used.filter((u) => !isMessageKey(u.key))).toEqual([]);
  });
});

describe('lookup', () => {
  it('fills placeholders in the asked language', () => {
    expect(translate('nl', 'track.title', { caseNumber: '2026-000001' })).toBe('Zaak 2026-000001');
    expect(translate('en', 'track.title', { caseNumber: '2026-000001' })).toBe('Case 2026-000001');
    expect(translate('en', 'category.pesten')).toBe('Bullying');
  });

  it('throws on a key no catalogue holds instead of showing the key', () => {
    expect(() => messageKey('console.action.noSuchAction')).toThrow('no text for message key "console.action.noSuchAction" in api/web/messages');
    expect(() => translate('nl', 'console.action.noSuchAction' as never)).toThrow('no text for message key "console.action.noSuchAction"');
    expect(translateKnown('nl', 'event.no.such.event')).toBeUndefined();
  });
});
