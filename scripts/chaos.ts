/**
 * `npm run chaos`: drives cases through intake, actions and letters against the real stack while
 * SIGKILLing the worker, the API, the Temporal server and PostgreSQL in turn, then checks that no
 * case was lost, no read model diverged, and every letter went out exactly once. Prints a table,
 * writes bench-results/chaos.json, exits 1 when a check fails.
 *   npm run chaos -- --cases 200 [--seed N] [--kills 8] [--concurrency 8] [--drain-timeout-s 900] [--keep]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../platform/config';
import { runChaos, type ChaosReport } from './chaos/run';

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`chaos: --${name} must be a whole number of at least ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

export function printReport(report: ChaosReport): void {
  console.log(`\nchaos run: seed ${report.seed}, ${report.cases} cases, concurrency ${report.concurrency}; load ${Math.round(report.loadMs / 1000)} s, drain ${Math.round(report.drainMs / 1000)} s`);
  console.table(
    report.kills.map((k) => ({ killed: k.component, 'restarted (ms)': k.restartMs, 'stack healthy (ms)': k.recoveryMs, 'first action (ms)': k.firstActionMs ?? '—' })),
  );
  console.log(`client retries: ${report.retries.total} (${Object.entries(report.retries.byOperation).map(([op, n]) => `${op} ${n}`).join(', ') || 'none'}); intake 201 ${report.intake.created201}, 200 on retry ${report.intake.replayed200}; steps found taken on retry ${report.stepsFoundDoneOnRetry}`);
  console.log(`letters: ${report.checks.letters.emailRows} e-mail letters queued, ${report.checks.letters.messagesCaptured} messages captured (${Object.entries(report.checks.letters.byKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  console.table(Object.entries(report.zeros).map(([check, count]) => ({ check, count, ok: count === 0 ? 'yes' : 'NO' })));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      kills: { type: 'string' },
      concurrency: { type: 'string' },
      'drain-timeout-s': { type: 'string' },
      keep: { type: 'boolean' },
    },
    strict: true,
  });
  const seed = positiveInt('seed', values.seed, Math.floor(Math.random() * 2 ** 31), 0);
  console.error(`[chaos] seed ${seed} (repeat with --seed ${seed})`);
  const report = await runChaos({
    cases: positiveInt('cases', values.cases, 200),
    seed,
    kills: positiveInt('kills', values.kills, 8, 0),
    concurrency: positiveInt('concurrency', values.concurrency, 8),
    jitterMs: 5_000,
    drainTimeoutMs: positiveInt('drain-timeout-s', values['drain-timeout-s'], 900) * 1000,
    keep: values.keep,
  });
  printReport(report);
  const outDir = path.join(PROJECT_ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'chaos.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to ${path.join(outDir, 'chaos.json')}`);
  console.log(report.passed ? 'all checks passed' : 'CHECKS FAILED');
  process.exit(report.passed ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`chaos: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
