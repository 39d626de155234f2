/**
 * The PDF of each letter, rendered once from the letter's stored HTML and kept in PostgreSQL
 * (`letter_pdfs`), so what was sent or printed is on file next to the HTML and its snapshot.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { insertLetterPdfOnce, letterHtml, storedLetterPdf } from '../store/letters';

export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  version(): Promise<string>;
}

/** Returns the letter's PDF, rendering and storing it first when it has none yet. */
export async function ensureLetterPdf(db: Knex, renderer: PdfRenderer, letterId: string): Promise<Buffer> {
  const stored = await storedLetterPdf(db, letterId);
  if (stored) return stored.pdf;
  const letter = await letterHtml(db, letterId);
  if (!letter) throw new Error(`letter ${letterId} not found`);
  const pdf = await renderer.render(letter.html);
  // Two renderers racing on one letter both produce a valid PDF; the first one stored is kept.
  await insertLetterPdfOnce(db, { letter_id: letterId, pdf, sha256: crypto.createHash('sha256').update(pdf).digest('hex'), renderer: await renderer.version() });
  const kept = (await storedLetterPdf(db, letterId)) as { pdf: Buffer };
  return kept.pdf;
}
