/**
 * The committee works on Dutch dates: a complaint filed at 00:30 on 1 January in Amsterdam belongs to
 * the new year even though it is still 31 December in UTC. Pure and table-free, so workflows can use
 * it during replay: Europe/Amsterdam is UTC+1, and UTC+2 from the last Sunday of March 01:00 UTC to
 * the last Sunday of October 01:00 UTC (EU summer time, unchanged since 1996).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY;
}

/** Offset of Amsterdam from UTC at an instant, in milliseconds. */
export function amsterdamOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = lastSundayUtc(year, 2) + HOUR;
  const summerEnd = lastSundayUtc(year, 9) + HOUR;
  return epochMs >= summerStart && epochMs < summerEnd ? 2 * HOUR : HOUR;
}

/** The Amsterdam calendar date of an instant, as YYYY-MM-DD. */
export function amsterdamDate(instant: Date): string {
  const local = new Date(instant.getTime() + amsterdamOffsetMs(instant.getTime()));
  return local.toISOString().slice(0, 10);
}

/** The instant a day starts in Amsterdam (00:00 local). */
export function startOfAmsterdamDay(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Midnight local is before any 01:00 UTC switch of that day, so the offset of the instant
  // one hour earlier in UTC terms decides; try +1 first and confirm.
  const candidate = utcMidnight - HOUR;
  return amsterdamOffsetMs(candidate) === HOUR ? candidate : utcMidnight - 2 * HOUR;
}

/** A term that ends on `isoDate` runs to the end of that day: the start of the next, in Amsterdam. */
export function endOfAmsterdamDay(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return startOfAmsterdamDay(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10));
}

/** Calendar arithmetic on ISO dates (no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
