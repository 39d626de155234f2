/** Shared helpers for the calendar tests. Date arithmetic here uses Date.UTC, independent of the engine. */
import { DeadlineInput, DeadlineResult, TermSpec, TraceStep, computeDeadline, createLegalCalendar } from '../../../domain/calendar';

export const calendar = createLegalCalendar();

export function compute(trigger: string, term: TermSpec, rest: Partial<DeadlineInput> = {}): DeadlineResult {
  return computeDeadline({ trigger, term, ...rest }, calendar);
}

export function dueOf(trigger: string, term: TermSpec, rest: Partial<DeadlineInput> = {}): string | null {
  return compute(trigger, term, rest).due;
}

export function step<K extends TraceStep['kind']>(result: DeadlineResult, kind: K): Extract<TraceStep, { kind: K }> | undefined {
  return result.trace.find((s): s is Extract<TraceStep, { kind: K }> => s.kind === kind);
}

const MS_PER_DAY = 86_400_000;

export function toUtcMs(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function isoFromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoFromUtcMs(toUtcMs(iso) + days * MS_PER_DAY);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((toUtcMs(toIso) - toUtcMs(fromIso)) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(iso: string): number {
  return new Date(toUtcMs(iso)).getUTCDay();
}
