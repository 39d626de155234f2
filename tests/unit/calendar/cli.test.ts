import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDeadlineCli } from '../../../scripts/deadline';

const lastLine = (text: string) => text.trimEnd().split('\n').pop();

describe('deadline CLI', () => {
  it('prints the Dutch explanation and the due date alone on the last line', () => {
    const outcome = runDeadlineCli(['--from', '2026-03-30', '--weeks', '4']);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(lastLine(outcome.stdout)).toBe('2026-04-28');
    expect(outcome.stdout).toContain('verschoven naar dinsdag 28 april 2026');
  });

  it.each([
    [['--from', '2026-01-31', '--months', '1'], '2026-03-02'],
    [['--from', '2026-01-31', '--months', '1', '--no-atw'], '2026-02-28'],
    [['--from', '2026-04-30', '--working-days', '5'], '2026-05-08'],
    [['--from', '2026-03-06', '--days', '3'], '2026-03-10'],
    [['--from', '2026-06-16', '--weeks', '2', '--backward'], '2026-06-02'],
    [['--from', '2025-10-01', '--weeks', '2', '--region', 'zuid'], '2025-10-24'],
    [['--from=2026-03-30', '--weeks=4', '--lang', 'en'], '2026-04-28'],
  ])('%j → %s', (argv, due) => {
    const outcome = runDeadlineCli(argv);
    expect(outcome.code).toBe(0);
    expect(lastLine(outcome.stdout)).toBe(due);
  });

  it('writes English with --lang en', () => {
    expect(runDeadlineCli(['--from', '2026-03-30', '--weeks', '4', '--lang', 'en']).stdout).toContain("King's Day");
  });

  it.each([
    ['an impossible date', ['--from', '2026-02-30', '--weeks', '4'], /--from.*2026-02-30 is not a date that exists/],
    ['a negative term', ['--from', '2026-03-30', '--days', '-3'], /--days must be a positive whole number/],
    ['a zero term', ['--from', '2026-03-30', '--days', '0'], /--days must be a positive whole number/],
    ['a fractional term', ['--from', '2026-03-30', '--weeks', '1.5'], /--weeks must be a positive whole number/],
    ['no term', ['--from', '2026-03-30'], /give the term/],
    ['two terms', ['--from', '2026-03-30', '--days', '3', '--weeks', '4'], /exactly one term, not --days and --weeks/],
    ['an unknown flag', ['--from', '2026-03-30', '--weeks', '4', '--hours', '3'], /Unknown option '--hours'/],
    ['no --from', ['--weeks', '4'], /--from YYYY-MM-DD is required/],
    ['a missing value', ['--from', '2026-03-30', '--weeks'], /--weeks/],
    ['an unknown region', ['--from', '2026-03-30', '--weeks', '4', '--region', 'west'], /--region must be noord, midden or zuid/],
    ['a positional argument', ['2026-03-30', '--weeks', '4'], /Unexpected argument/],
    ['a year out of range', ['--from', '2200-12-20', '--weeks', '4'], /--weeks: .*outside the supported years/],
    ['school holidays out of range', ['--from', '2024-01-10', '--weeks', '4', '--region', 'zuid'], /--region: .*school holidays of region zuid are known from/],
  ])('exits 2 with a message on stderr for %s', (_name, argv, message) => {
    const outcome = runDeadlineCli(argv);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
  });

  it('lists every problem at once', () => {
    const outcome = runDeadlineCli(['--from', '2026-13-01', '--days', 'x']);
    expect(outcome.stderr).toMatch(/--from/);
    expect(outcome.stderr).toMatch(/--days must be a positive whole number/);
  });

  it('runs as a program: exit codes and the last line through the real process', () => {
    const root = path.resolve(__dirname, '../../..');
    const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, ['scripts/deadline.ts', '--from', '2026-03-30', '--weeks', '4'], { cwd: root, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(lastLine(ok.stdout)).toBe('2026-04-28');
    const bad = spawnSync(tsx, ['scripts/deadline.ts', '--from', '2026-02-30', '--weeks', '4'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a date that exists/);
  }, 30_000);
});
