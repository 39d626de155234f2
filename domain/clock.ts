/**
 * The committee works on Dutch dates: a complaint filed at 00:30 on 1 January in Amsterdam belongs to
 * the new year even though it is still 31 December in UTC. Pure: the instant is passed in.
 */
const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Amsterdam calendar date of an instant, as YYYY-MM-DD. */
export function amsterdamDate(instant: Date): string {
  return AMSTERDAM_DATE.format(instant);
}
