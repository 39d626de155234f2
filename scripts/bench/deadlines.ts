/**
 * Deadline computations per second on the main thread, for a realistic mix: a four-week Atw term,
 * a working-day term, a month term and a term with a suspension. Triggers vary over two years so
 * that weekends, holidays and month ends all occur. Run alone: `npx tsx scripts/bench/deadlines.ts`.
 */
import { performance } from 'node:perf_hooks';
import { DeadlineInput, computeDeadline, createLegalCalendar } from '../../domain/calendar';

export interface DeadlineBenchResult {
  name: string;
  /** Computations per second: due date, flags and trace (the explanation is rendered lazily, on read). */
  opsPerSecond: number;
  /** The same mix when every result's Dutch and English explanation is also read. */
  withExplanationOpsPerSecond: number;
  operations: number;
  durationMs: number;
  mix: string[];
}

type Compute = (input: DeadlineInput) => number;

/** Runs `compute` over the inputs for about `durationMs`; returns operations and elapsed time. */
function measure(inputs: readonly DeadlineInput[], compute: Compute, durationMs: number): { operations: number; elapsed: number } {
  let sink = 0;
  // Warm up the JIT and the calendar's per-year caches, as a long-running worker would have them.
  for (let round = 0; round < 20; round++) for (const input of inputs) sink += compute(input);
  let operations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (const input of inputs) sink += compute(input);
    operations += inputs.length;
    elapsed = performance.now() - started;
  }
  if (sink === 0) throw new Error('benchmark produced no results');
  return { operations, elapsed };
}

function isoDay(start: number, offset: number): string {
  // Plain arithmetic on a UTC timestamp; benchmark setup only, not the engine.
  return new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
}

function buildInputs(): DeadlineInput[] {
  const start = Date.UTC(2025, 0, 1);
  const inputs: DeadlineInput[] = [];
  for (let offset = 0; offset < 730; offset++) {
    const trigger = isoDay(start, offset);
    switch (offset % 4) {
      case 0:
        inputs.push({ trigger, term: { amount: 4, unit: 'weeks', statutory: true } });
        break;
      case 1:
        inputs.push({ trigger, term: { amount: 10, unit: 'working-days' } });
        break;
      case 2:
        inputs.push({ trigger, term: { amount: 1, unit: 'months' } });
        break;
      default:
        inputs.push({
          trigger,
          term: { amount: 6, unit: 'weeks', label: 'verweertermijn' },
          suspensions: [{ from: isoDay(start, offset + 5), until: isoDay(start, offset + 12), reason: 'waiting-for-school' }],
        });
    }
  }
  return inputs;
}

export async function benchDeadlines(opts: { durationMs?: number } = {}): Promise<DeadlineBenchResult> {
  const durationMs = opts.durationMs ?? 2000;
  const calendar = createLegalCalendar();
  const inputs = buildInputs();
  const plain = measure(inputs, (input) => computeDeadline(input, calendar).trace.length, durationMs);
  const explained = measure(
    inputs,
    (input) => {
      const { explanation } = computeDeadline(input, calendar);
      return explanation.nl.length + explanation.en.length;
    },
    Math.max(200, durationMs / 4),
  );
  return {
    name: 'deadline computations (due date + trace)',
    opsPerSecond: Math.round((plain.operations / plain.elapsed) * 1000),
    withExplanationOpsPerSecond: Math.round((explained.operations / explained.elapsed) * 1000),
    operations: plain.operations,
    durationMs: Math.round(plain.elapsed),
    mix: ['4 weeks, Atw (statutory)', '10 working days', '1 month, Atw', '6 weeks with an 8-day suspension'],
  };
}

if (require.main === module) {
  benchDeadlines()
    .then((result) => {
      console.table([
        { benchmark: result.name, 'ops/s': result.opsPerSecond, operations: result.operations, ms: result.durationMs },
        { benchmark: '… and rendering the nl + en explanation', 'ops/s': result.withExplanationOpsPerSecond },
      ]);
      console.log(`mix: ${result.mix.join('; ')}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
