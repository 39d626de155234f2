/**
 * HTML letter → PDF, with Debian's Chromium driven by playwright-core.
 *
 * Why Chromium: the PDF must look like the HTML letter people see on their page and in their
 * mail (same CSS engine, real fonts, @page margins, page breaks), and PDF generation must need no
 * network. Debian's chromium package installs with apt on a fresh machine (scripts/
 * provision-chromium.sh); playwright-core brings no browser download of its own, so nothing is
 * fetched at run time.
 *
 * Why one browser per process, kept warm, and a pool of pages: launching Chromium costs ~0.5–1 s
 * and ~100 MB, and opening a page (a renderer round trip, its frame tree) costs more than printing a
 * short letter (issue 16: 2.9 letters/s with a page per letter). So the process keeps one browser
 * (launched when the letter worker starts, or on first use; restarted if it dies) with one offline,
 * script-free context, and a pool of pages as large as the letters printed at once
 * (PDF_RENDER_CONCURRENCY, also the letter worker's deliveries at once). A page serves one letter
 * at a time; the next letter's setContent replaces the whole document (document.open(), in a
 * context without scripts or network), so no content of one letter can reach the next. A page
 * that failed is closed, never reused, and each page is replaced after PAGE_USES letters so that
 * no renderer grows without bound.
 *
 * Where a letter's time goes (issue 16, measured with scripts/bench/letters.ts): about 100 ms of
 * CPU per PDF over Node and Chromium's processes, most of it Chromium laying out and printing.
 * Two things were cut without changing a byte of the PDF: an extra load of an empty document after
 * each letter (a third of the CPU per letter), and the GPU process's share of every frame
 * (`--in-process-gpu`: with the GPU disabled it only composites in software, now in the browser
 * process instead of a process of its own that every frame had to go through).
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { currentConfig } from '../config';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--in-process-gpu',
];

interface Shared {
  browser: Browser;
  context: BrowserContext;
  /** Pages free for the next letter, each with the number of letters it printed. */
  idle: Array<{ page: Page; uses: number }>;
}

/** Letters a pooled page prints before it is replaced by a fresh one. */
const PAGE_USES = 500;

let browser: Promise<Shared> | null = null;

/**
 * How many letters Chromium prints at once in this process. Printing is CPU-bound and letters go
 * out asynchronously, so a small bound keeps intake and the procedure responsive while a burst of
 * letters is printed; the queue drains at Chromium's pace. `PDF_RENDER_CONCURRENCY` raises it on
 * machines with cores to spare.
 */
let printing = 0;
const waiting: Array<() => void> = [];

async function printSlot(): Promise<() => void> {
  if (printing >= currentConfig().pdf.renderConcurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  else printing++;
  // A released slot passes straight to the next waiter, so the count stays right.
  return () => {
    const next = waiting.shift();
    if (next) next();
    else printing--;
  };
}

function launch(): Promise<Shared> {
  const chromiumPath = currentConfig().pdf.chromiumPath;
  if (!fs.existsSync(chromiumPath)) {
    return Promise.reject(new Error(`Chromium not found at ${chromiumPath}: run scripts/provision-chromium.sh (apt-get install chromium)`));
  }
  const launching = chromium.launch({ executablePath: chromiumPath, headless: true, args: LAUNCH_ARGS }).then(async (b) => {
    // A crashed or killed browser is replaced on the next render instead of failing every letter.
    b.on('disconnected', () => {
      if (browser === launching) browser = null;
    });
    // Letters need no scripts and no network: both off, so a letter can never fetch or run anything.
    const context = await b.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    return { browser: b, context, idle: [] };
  });
  launching.catch(() => {
    if (browser === launching) browser = null;
  });
  return launching;
}

function sharedBrowser(): Promise<Shared> {
  browser ??= launch();
  return browser;
}

/** The browser build, stored with each PDF (which renderer produced it). */
export async function rendererVersion(): Promise<string> {
  return `chromium ${(await sharedBrowser()).browser.version()}`;
}

/** Renders one complete HTML document to an A4 PDF. No network: every request the page makes is refused. */
export async function renderPdf(html: string): Promise<Buffer> {
  const release = await printSlot();
  try {
    const shared = await sharedBrowser();
    const pooled = shared.idle.pop() ?? { page: await shared.context.newPage(), uses: 0 };
    let reusable = false;
    try {
      await pooled.page.setContent(html, { waitUntil: 'load' });
      // Margins come from the letters' own @page rule, so HTML and PDF share one layout source.
      const pdf = await pooled.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      reusable = ++pooled.uses < PAGE_USES;
      return pdf;
    } finally {
      // Back to the pool only while its browser is still the current one (not closed or replaced).
      if (reusable && browser !== null && (await browser.catch(() => null)) === shared) shared.idle.push(pooled);
      else await pooled.page.close().catch(() => undefined);
    }
  } finally {
    release();
  }
}

/**
 * Launches the browser and opens the pool's pages ahead of the first letter (the letter worker at
 * start), so no delivery pays for a cold Chromium.
 */
export async function warmPdfRenderer(): Promise<void> {
  const shared = await sharedBrowser();
  const missing = currentConfig().pdf.renderConcurrency - shared.idle.length - printing;
  for (let i = 0; i < missing; i++) shared.idle.push({ page: await shared.context.newPage(), uses: 0 });
}

/** Closes the shared browser (tests, benchmarks, an orderly shutdown). */
export async function closePdfRenderer(): Promise<void> {
  const current = browser;
  browser = null;
  if (current) await (await current.catch(() => null))?.browser.close();
}
