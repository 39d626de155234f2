/**
 * The day's print batch: every letter marked for print on a date (addressees without e-mail), as
 * one print-ready PDF. Built by concatenating the letters' own stored PDFs (pdf-lib), so the batch
 * holds exactly the documents on file, page for page. Each letter starts on a new sheet because
 * each stored PDF starts on its own page.
 */
import type { Knex } from 'knex';
import { PDFDocument } from 'pdf-lib';
import { printBatchLetterIds, printBatchRow, upsertPrintBatch } from '../store/outbox';
import { ensureLetterPdf, type PdfRenderer } from './letterPdfs';

export interface PrintBatch {
  date: string;
  letterIds: string[];
  pdf: Buffer;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Builds (or rebuilds, when letters were added later that day) the batch of `date`; null when there is nothing to print. */
export async function buildPrintBatch(deps: { db: Knex; pdf: PdfRenderer }, input: { date: string }): Promise<PrintBatch | null> {
  if (!ISO_DATE.test(input?.date ?? '')) throw new Error(`date must be YYYY-MM-DD, got ${JSON.stringify(input?.date)}`);
  const rows = await printBatchLetterIds(deps.db, input.date);
  if (rows.length === 0) return null;
  const batch = await PDFDocument.create();
  batch.setTitle(`Printbatch ${input.date}`);
  const letterIds: string[] = [];
  for (const row of rows) {
    const letterId = String(row.letter_id);
    const source = await PDFDocument.load(await ensureLetterPdf(deps.db, deps.pdf, letterId));
    for (const page of await batch.copyPages(source, source.getPageIndices())) batch.addPage(page);
    letterIds.push(letterId);
  }
  const pdf = Buffer.from(await batch.save());
  await upsertPrintBatch(deps.db, input.date, pdf, letterIds);
  return { date: input.date, letterIds, pdf };
}

/** The stored batch of `date`, for the console to download. */
export async function getPrintBatch(db: Knex, date: string): Promise<PrintBatch | null> {
  const row = await printBatchRow(db, date);
  return row ? { date: row.print_date, letterIds: row.letter_ids, pdf: row.pdf } : null;
}
