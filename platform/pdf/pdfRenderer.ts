/**
 * HTML letter → PDF, with Debian's Chromium driven by playwright-core.
 *
 * Why Chromium: the PDF must look like the HTML letter people see on their page and in their
 * mail (same CSS engine, real fonts, @page margins, page breaks), and PDF generation must need no
 * network. Debian's chromium package installs with apt on a fresh machine (scripts/
 * provision-chromium.sh); playwright-core brings no browser download of its own, so nothing is
 * fetched at run time.
 *
 * Why one browser per process, reused: launching Chromium costs ~0.5–1 s and ~100 MB; a page costs
 * a fraction of that. So the worker process keeps one browser (started on first use, restarted if
 * it dies) with one offline, script-free context, and opens a fresh page per letter, closed right
 * after: no state of one letter can reach the next.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { currentConfig } from '../config';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

interface Shared {
  browser: Browser;
  context: BrowserContext;
}

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
    return { browser: b, context };
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
    const { context } = await sharedBrowser();
    const page = await context.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      // Margins come from the letters' own @page rule, so HTML and PDF share one layout source.
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await page.close();
    }
  } finally {
    release();
  }
}

/** Closes the shared browser (tests, benchmarks, an orderly shutdown). */
export async function closePdfRenderer(): Promise<void> {
  const current = browser;
  browser = null;
  if (current) await (await current.catch(() => null))?.browser.close();
}
