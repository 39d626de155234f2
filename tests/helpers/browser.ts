/**
 * Real Chromium for the portal's browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (scripts/provision-chromium.sh installs it). Every page visited is checked with axe-core and
 * kept as a screenshot under test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run bash scripts/provision-chromium.sh`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on serious or critical
 * violations. The pages' CSP forbids every script, so the context that runs axe bypasses CSP;
 * a separate test checks the pages under their real CSP.
 */
export async function checkAccessibility(page: Page, name: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // A string, not a function: this file is compiled without the DOM types the page has.
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  })()`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on ${name} (${page.url()}): ${JSON.stringify(bad, null, 2)}`).toEqual([]);
  return violations;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every page a test visits: axe first, then the screenshot kept as an artefact. */
export async function visited(page: Page, name: string): Promise<void> {
  await checkAccessibility(page, name);
  await screenshot(page, name);
}

/** How the page's first stack-table (portal.css) lays out its first row, as measured in the page. */
export interface StackedTable {
  /** The page scrolls sideways. */
  sideways: boolean;
  /** The header row's height in px (about 1 when only visually hidden). */
  headerHeight: number;
  /** Each cell of the first row starts below the one before it (one card, not columns). */
  stacked: boolean;
  /** The first cell's content starts this far (px) below the cell's top: its column label is above it. */
  labelGap: number;
}

export async function stackedTable(page: Page): Promise<StackedTable> {
  return page.evaluate<StackedTable>(`(() => {
    const table = document.querySelector('table.stack-table');
    const cells = [...table.querySelectorAll('tbody tr:first-child td')];
    const tops = cells.map((c) => c.getBoundingClientRect().top);
    const first = cells[0];
    return {
      sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      headerHeight: Math.round(table.querySelector('thead tr').getBoundingClientRect().height),
      stacked: tops.every((t, i) => i === 0 || t > tops[i - 1]),
      labelGap: Math.round(first.firstElementChild.getBoundingClientRect().top - first.getBoundingClientRect().top),
    };
  })()`);
}
