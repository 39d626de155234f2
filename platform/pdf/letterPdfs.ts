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
export async function ensureLetterPdf(db: Knex, renderer: PdfRenderer, letterId: string, knownHtml?: string): Promise<Buffer> {
  const stored = await storedLetterPdf(db, letterId);
  if (stored) return stored.pdf;
  // The caller may hold the letter already (delivery read it for the mail): not read again.
  const html = knownHtml ?? (await letterHtml(db, letterId))?.html;
  if (html === undefined) throw new Error(`letter ${letterId} not found`);
  const pdf = await renderer.render(html);
  // Two renderers racing on one letter both produce a valid PDF; the first one stored is kept, so
  // only the loser reads back the winner's.
  const inserted = await insertLetterPdfOnce(db, { letter_id: letterId, pdf, sha256: crypto.createHash('sha256').update(pdf).digest('hex'), renderer: await renderer.version() });
  return inserted ? pdf : ((await storedLetterPdf(db, letterId)) as { pdf: Buffer }).pdf;
}
