/**
 * A letter read on screen, by staff in the console or by a party on its own pages: the stored letter
 * unchanged, with a bar above it — the letter's subject as the page's heading, the way back to the
 * case and the letter as PDF. The bar is no part of the letter: it is hidden in print, and the PDF is
 * rendered from the stored letter alone (and kept, so every reader gets the same file).
 */
import type { Response } from 'express';
import type { Knex } from 'knex';
import { ensureLetterPdf, type PdfRenderer } from '../../platform/pdf/letterPdfs';
import { renderPdf, rendererVersion } from '../../platform/pdf/pdfRenderer';
import { translate, type Lang } from './i18n';

/** The letters' Chromium printer (the print batch uses it too). */
export const LETTER_PRINTER: PdfRenderer = { render: renderPdf, version: rendererVersion };

/** Letters are self-contained HTML with their own styles: shown sandboxed, with no scripts and no network. */
export const LETTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox";

export interface LetterFrame {
  lang: Lang;
  subject: string;
  backHref: string;
  backLabel: string;
  pdfHref: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The letter's HTML with the bar as the first thing in its body. */
export function framedLetter(html: string, frame: LetterFrame): string {
  const bar =
    '<div class="kf-letter-bar" style="font-family:sans-serif;padding:0.5rem 0;border-bottom:1px solid #b1b4b6;margin-bottom:1rem;overflow-wrap:anywhere">' +
    `<nav aria-label="${escapeHtml(translate(frame.lang, 'letter.nav'))}">` +
    `<a href="${escapeHtml(frame.backHref)}">${escapeHtml(frame.backLabel)}</a> · ` +
    `<a href="${escapeHtml(frame.pdfHref)}">${escapeHtml(translate(frame.lang, 'letter.pdf'))}</a></nav>` +
    `<h1 style="font-size:1.25rem;margin:0.5rem 0 0">${escapeHtml(frame.subject)}</h1></div>` +
    '<style>@media print { .kf-letter-bar { display: none; } }</style>';
  return /<body[^>]*>/i.test(html) ? html.replace(/<body[^>]*>/i, (m: string) => `${m}${bar}`) : `${bar}${html}`;
}

/** Sends a framed letter under the letter's own CSP (no scripts, no fetches; links stay plain navigation). */
export function sendLetter(res: Response, html: string, frame: LetterFrame): void {
  res.set({ 'Content-Security-Policy': LETTER_CSP, 'Cache-Control': 'no-store' }).type('html').send(framedLetter(html, frame));
}

/** Sends the letter's PDF (rendered once, then kept) as a download named after the case. */
export async function sendLetterPdf(res: Response, db: Knex, letterId: string, caseNumber: string): Promise<void> {
  const pdf = await ensureLetterPdf(db, LETTER_PRINTER, letterId);
  res.set('Cache-Control', 'no-store').type('application/pdf').attachment(`brief-${caseNumber}-${letterId}.pdf`).send(pdf);
}
