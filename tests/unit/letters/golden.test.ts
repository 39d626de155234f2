/**
 * Golden files: every letter kind, in Dutch and English, rendered from a fixed snapshot. The HTML
 * must match byte for byte (a stored letter re-renders identically); the PDF's extracted text must
 * match too (the PDF says what the HTML says). After an intended template change, regenerate with
 * UPDATE_GOLDEN=1 and review the diff like any other code change.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfRenderer, renderPdf } from '../../../platform/pdf/pdfRenderer';
import { TemplateStore } from '../../../activities/letters/templateStore';
import type { Language } from '../../../domain/letters';
import { ALL_KINDS, goldenSnapshot } from '../../helpers/letters';

const GOLDEN_DIR = path.join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const LETTER_DATE = '2026-12-01';
const store = new TemplateStore();

function golden(file: string, actual: string): void {
  const target = path.join(GOLDEN_DIR, file);
  if (UPDATE || !fs.existsSync(target)) {
    if (!UPDATE && process.env.CI) throw new Error(`golden file ${file} missing: run UPDATE_GOLDEN=1 locally and commit it`);
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(target, actual);
  }
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

/** pdftotext (poppler-utils), words joined by single spaces: layout may shift with fonts, the text may not. */
function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `kf-golden-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).join(' ') + '\n';
  } finally {
    fs.rmSync(file, { force: true });
  }
}

afterAll(async () => {
  await closePdfRenderer();
});

const cases = ALL_KINDS.flatMap((kind) => (['nl', 'en'] as Language[]).map((language) => ({ kind, language })));

describe('letter templates: golden HTML and PDF text per kind and language', () => {
  it.each(cases)('$kind ($language)', async ({ kind, language }) => {
    const template = store.resolve(kind, language, LETTER_DATE);
    expect(template.language).toBe(language);
    const html = template.render(goldenSnapshot(kind, language, template.subject));
    golden(`${kind}.${language}.html`, html);

    // Every letter names the case, the date, the addressee, the subject, the term and the contact.
    expect(html).toContain('2026-000042');
    expect(html).toContain(language === 'en' ? '1 December 2026' : '1 december 2026');
    expect(html).toContain(`${template.subject} (2026-000042)`);
    expect(html).toContain('secretariaat@klachtencommissie-onderwijs.nl');
    expect(html).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]/);

    const text = pdfText(await renderPdf(html));
    golden(`${kind}.${language}.pdf.txt`, text);
    expect(text).toContain('2026-000042');
  });
});
