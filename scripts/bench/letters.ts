/**
 * Letters rendered per second, HTML and PDF apart (goal: ≥ 1,000 HTML letters per second).
 * HTML: the full path of a stored letter minus the database — build the snapshot, resolve the
 * template valid on the letter date, render — cycling through every kind and both languages.
 * PDF: Chromium through the same renderer the delivery activity uses (one browser kept warm, its
 * pool of PDF_RENDER_CONCURRENCY pages opened ahead as the letter worker does), a few letters in
 * flight at once as concurrent activities would have; with the CPU time Node and Chromium's
 * processes spent per PDF, which bounds PDF/s on a machine's cores whatever else runs on it.
 * `npx tsx scripts/bench/letters.ts` runs it alone.
 */
import os from 'node:os';
import { closePdfRenderer, renderPdf, warmPdfRenderer } from '../../platform/pdf/pdfRenderer';
import { currentConfig } from '../../platform/config';
import { treeCpuMs } from './procfs';
import { TemplateStore } from '../../activities/letters/templateStore';
import type { ComplaintInput } from '../../domain/intake';
import { LETTER_KINDS, type LetterKind } from '../../domain/letterKinds';
import { buildLetterSnapshot, type Addressee, type Language } from '../../domain/letters';
import { validateLetterDetails, type LetterDetails } from '../../domain/letterDetails';

const COMPLAINT: ComplaintInput = {
  complainant: { name: 'Anna de Vries', email: 'anna@example.nl', role: 'parent' },
  school: { brin: '12AB', name: 'OBS De Linde', sector: 'primary' },
  category: 'pesten',
  description: 'Mijn dochter wordt sinds september dagelijks gepest.',
  occurredOn: '2026-10-01',
  raisedWithSchool: true,
};

const MEASURE = { id: 'M1', description: 'Stel een pestprotocol vast.', due: '2027-03-01' };
const DETAILS: Record<LetterKind, Record<string, unknown>> = {
  ontvangstbevestiging: {},
  'verzoek-om-aanvulling': { missing: ['de naam van de leerkracht'] },
  'beslissing-niet-ontvankelijk': { reasons: 'Te laat ingediend.', decidedBy: 'chair', objectionPossible: true },
  'beslissing-ontvankelijk': {},
  terugverwijzing: {},
  'uitnodiging-bemiddeling': {},
  'bevestiging-schikking': { summary: 'Afspraken gemaakt.' },
  'kennisgeving-klacht': { complaintText: 'Mijn dochter wordt gepest.', occurredOn: '2026-10-01' },
  'herinnering-verweer': {},
  'toezending-verweer': { replyRound: false },
  'toezending-reactie': {},
  'doorzending-reactie-advies': { acceptsFinding: true, plan: 'Wij nemen het oordeel over en stellen vóór 1 maart een pestprotocol vast.' },
  'verzoek-beschikbaarheid': { candidateDates: ['2027-01-12', '2027-01-14'] },
  'uitnodiging-hoorzitting': { hearingDate: '2027-01-14', startTime: '13:30', location: 'Utrecht', panel: [{ name: 'J. van Dijk', role: 'chair' }] },
  'bevestiging-uitstel': { requestedBy: 'de klager', reason: 'Ziekte.', oldDate: '2027-01-14' },
  'verdaging-advies': { reason: 'Stukken ontbreken.' },
  'wijziging-termijn': { changes: [{ label: 'termijn voor het verweer', oldDate: '2027-03-15', newDate: '2027-03-16' }] },
  advies: { finding: 'gegrond', reasons: 'Aannemelijk.', binding: true, measures: [MEASURE] },
  'herinnering-reactie': {},
  'herinnering-naleving': { measures: [MEASURE] },
  'bevestiging-naleving': { measures: [{ description: MEASURE.description, verifiedOn: '2027-03-02' }] },
  'melding-niet-naleving': { measures: [{ ...MEASURE, status: 'niet uitgevoerd' }] },
  'kennisgeving-meldplicht': { category: 'geweld' },
  'melding-inspectie': { category: 'geweld', noticeSentOn: '2027-02-01', confirmationDue: '2027-02-08' },
  'melding-advies-onbeantwoord': { adviceSentOn: '2027-02-01', answerDue: '2027-03-01', remindedOn: '2027-03-02', graceDue: '2027-03-09' },
  'bevestiging-intrekking': {},
  afsluiting: { outcome: 'Opgelost.' },
};

const KINDS = Object.keys(LETTER_KINDS) as LetterKind[];

function addressee(language: Language): Addressee {
  return { role: 'complainant', key: 'complainant', name: 'Anna de Vries', email: 'anna@example.nl', postalAddress: null, onBehalfOf: null, parentOfPupil: false, copyOf: null, panelRole: null, language };
}

export function renderHtml(store: TemplateStore, i: number): string {
  const kind = KINDS[i % KINDS.length];
  const language: Language = i % 2 === 0 ? 'nl' : 'en';
  const template = store.resolve(kind, language, '2026-12-01');
  const snapshot = buildLetterSnapshot({
    caseNumber: `2026-${String(i % 999_999).padStart(6, '0')}`,
    complaint: COMPLAINT,
    receivedOn: '2026-11-20',
    letterDate: '2026-12-01',
    subject: template.subject,
    addressee: addressee(language),
    term: { due: '2026-12-15', explanation: 'Twee weken.' },
    kind,
    details: validateLetterDetails(kind, DETAILS[kind]) as LetterDetails,
  });
  return template.render(snapshot);
}

export interface LettersBenchResult {
  htmlPerSecond: number;
  pdfPerSecond: number;
  /** CPU time of Node and Chromium per PDF: PDF/s can never exceed cores × 1000 / this. */
  pdfCpuMs: number;
  pdfConcurrency: number;
}

export async function benchLetters(opts: { htmlSeconds?: number; pdfLetters?: number; pdfConcurrency?: number } = {}): Promise<LettersBenchResult> {
  const store = new TemplateStore();
  for (let i = 0; i < 500; i++) renderHtml(store, i); // warm-up: compile every template, let the JIT settle

  const htmlBudget = (opts.htmlSeconds ?? 2) * 1000;
  let rendered = 0;
  let bytes = 0;
  const htmlStart = performance.now();
  while (performance.now() - htmlStart < htmlBudget) {
    for (let j = 0; j < 100; j++) bytes += renderHtml(store, rendered++).length;
  }
  const htmlPerSecond = rendered / ((performance.now() - htmlStart) / 1000);
  if (bytes === 0) throw new Error('rendered nothing');

  const pdfLetters = opts.pdfLetters ?? 40;
  const concurrency = opts.pdfConcurrency ?? 4;
  const htmls = Array.from({ length: pdfLetters }, (_, i) => renderHtml(store, i));
  try {
    // The browser and its page pool up outside the measurement, as a running letter worker has them.
    await warmPdfRenderer();
    await renderPdf(htmls[0]);
    let next = 0;
    const cpuStart = treeCpuMs(process.pid);
    const pdfStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < htmls.length) await renderPdf(htmls[next++]);
      }),
    );
    const pdfPerSecond = pdfLetters / ((performance.now() - pdfStart) / 1000);
    const pdfCpuMs = (treeCpuMs(process.pid) - cpuStart) / pdfLetters;
    return { htmlPerSecond: Math.round(htmlPerSecond), pdfPerSecond: Math.round(pdfPerSecond * 10) / 10, pdfCpuMs: Math.round(pdfCpuMs), pdfConcurrency: currentConfig().pdf.renderConcurrency };
  } finally {
    await closePdfRenderer();
  }
}

if (require.main === module) {
  benchLetters({ pdfLetters: Number(process.env.BENCH_PDF_LETTERS ?? 40) })
    .then((r) => {
      const cores = os.availableParallelism();
      console.log(
        `letters: ${r.htmlPerSecond} HTML/s (goal ≥ 1000), ${r.pdfPerSecond} PDF/s (PDF_RENDER_CONCURRENCY ${r.pdfConcurrency}), ` +
          `${r.pdfCpuMs} ms CPU per PDF (at most ${Math.floor((cores * 1000) / Math.max(1, r.pdfCpuMs))} PDF/s on ${cores} cores); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      );
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
