/**
 * Charts as accessible SVG, drawn on the server: a Vega-Lite spec compiled with `vega-lite` and
 * rendered by `vega`'s headless View (no canvas, no browser, no JavaScript on the page). The SVG is
 * one image to assistive technology (role="img" with its own <title> and <desc>); every chart on a
 * page comes with a table of the same figures, which is the accessible form of the data.
 */
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };

export type ChartKind = 'bar' | 'stacked' | 'histogram' | 'line';

export interface ChartDatum {
  /** The group on the category axis (a label, already translated). */
  label: string;
  value: number;
  /** For stacked bars: the part of the bar (a label, already translated). */
  series?: string;
}

export interface ChartInput {
  id: string;
  kind: ChartKind;
  title: string;
  description: string;
  data: ChartDatum[];
  /** Axis titles. */
  x: string;
  y: string;
}

// ESM-only packages, loaded once from this CommonJS module.
let libraries: Promise<[typeof import('vega', { with: { 'resolution-mode': 'import' } }), typeof import('vega-lite', { with: { 'resolution-mode': 'import' } })]> | undefined;
function load() {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  return libraries;
}

const PALETTE = ['#154273', '#e17000', '#39870c', '#a90061', '#8fcae7', '#673327', '#ffb612', '#42145f'];

/** The data set a chart's spec names; its rows go into the View, so one compiled spec serves every chart of its shape. */
const DATA = 'figures';

interface ChartSpec {
  /** The spec without its rows: the chart's shape. */
  spec: TopLevelSpec;
  values: Array<Record<string, unknown>>;
}

function specOf(input: ChartInput): ChartSpec {
  const order = [...new Set(input.data.map((d) => d.label))];
  const horizontal = input.kind === 'bar' || input.kind === 'stacked';
  const category = { field: 'label', type: 'nominal' as const, sort: order, title: input.x, axis: { labelLimit: 220 } };
  const quantity = { field: 'value', type: 'quantitative' as const, title: input.y, axis: { format: 'd', tickMinStep: 1 } };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: horizontal ? 420 : Math.max(360, order.length * 28),
    height: horizontal ? Math.max(60, order.length * 24) : 200,
    data: { name: DATA },
    // The SVG is one image with its own title and description: no ARIA on its inner marks.
    config: { aria: false, font: 'Arial, Helvetica, sans-serif', axis: { labelFontSize: 12, titleFontSize: 12 }, legend: { labelFontSize: 12, titleFontSize: 12 }, range: { category: PALETTE } },
  };
  const values = input.data as unknown as ChartSpec['values'];
  switch (input.kind) {
    case 'line':
      return { spec: { ...base, mark: { type: 'line', point: true, color: PALETTE[0] }, encoding: { x: { ...category, axis: { labelAngle: -45 } }, y: quantity } }, values };
    case 'histogram':
      return { spec: { ...base, mark: { type: 'bar', color: PALETTE[0] }, encoding: { x: { ...category, axis: { labelAngle: 0 } }, y: quantity } }, values };
    case 'stacked': {
      const series = [...new Set(input.data.map((d) => d.series ?? ''))];
      return {
        spec: { ...base, mark: 'bar', encoding: { y: category, x: quantity, color: { field: 'series', type: 'nominal', sort: series, title: null, legend: { orient: 'bottom', columns: 2 } }, order: { field: 'seriesOrder', type: 'quantitative' } } },
        values: input.data.map((d) => ({ ...d, seriesOrder: series.indexOf(d.series ?? '') })),
      };
    }
    default:
      return { spec: { ...base, mark: { type: 'bar', color: PALETTE[0] }, encoding: { y: category, x: quantity } }, values };
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Drawing a chart costs ~100 ms of CPU and the figures change slowly: the last charts drawn are
// kept, keyed by everything that goes into them.
const CACHE_SIZE = 200;
const cache = new Map<string, Promise<string>>();

/** Renders one chart to an SVG string, labelled for assistive technology by its title and description. */
export function renderChart(input: ChartInput): Promise<string> {
  const key = JSON.stringify(input);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const drawn = draw(input);
  cache.set(key, drawn);
  drawn.catch(() => cache.delete(key));
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return drawn;
}

type Runtime = ReturnType<(typeof import('vega', { with: { 'resolution-mode': 'import' } }))['parse']>;

// Compiling the Vega-Lite spec and parsing the Vega spec are half a chart's CPU, and a page's
// charts keep their shape (groups, labels, sizes) from one period to the next: the parsed
// dataflow is kept per shape and each drawing only puts its rows into a new View.
const SHAPES_SIZE = 200;
const shapes = new Map<string, Runtime>();

async function runtimeOf(spec: TopLevelSpec): Promise<Runtime> {
  const key = JSON.stringify(spec);
  const hit = shapes.get(key);
  if (hit) return hit;
  const [vega, vegaLite] = await load();
  const runtime = vega.parse(vegaLite.compile(spec).spec);
  shapes.set(key, runtime);
  if (shapes.size > SHAPES_SIZE) shapes.delete(shapes.keys().next().value!);
  return runtime;
}

function draw(input: ChartInput): Promise<string> {
  const { spec, values } = specOf(input);
  return renderSpec(spec, input, values);
}

/**
 * Any Vega-Lite spec to an SVG labelled by `label` (the charts above, and the README's benchmark
 * chart: scripts/bench-chart.ts); `values`, when given, fill the spec's named data set.
 */
export async function renderSpec(spec: TopLevelSpec, label: { id: string; title: string; description: string }, values?: ChartSpec['values']): Promise<string> {
  const [vega] = await load();
  const view = new vega.View(await runtimeOf(spec), { renderer: 'none' });
  if (values) view.data(DATA, values);
  try {
    // One image to assistive technology: the inner marks' roles would only add noise.
    const svg = (await view.toSVG()).replace(/ (role="graphics-[a-z-]+"|aria-roledescription="[^"]*")/g, '');
    const titleId = `${label.id}-title`;
    const descId = `${label.id}-desc`;
    return svg.replace(
      /^<svg /,
      `<svg role="img" aria-labelledby="${titleId} ${descId}" focusable="false" id="${escapeXml(label.id)}" `,
    ).replace(/^(<svg[^>]*>)/, `$1<title id="${titleId}">${escapeXml(label.title)}</title><desc id="${descId}">${escapeXml(label.description)}</desc>`);
  } finally {
    view.finalize();
  }
}
