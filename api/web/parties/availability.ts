/**
 * Availability for the hearing, the same for complainant, school and panel member: the dates the
 * availability request offered (from that letter's data) as checkboxes, plus other dates typed in.
 * The workflow checks every date (not past, not within the notice period) and its refusal names the
 * date; the form only turns what was typed into YYYY-MM-DD.
 */
import type { Knex } from 'knex';
import { isIsoDate } from '../../../domain/hearing';
import { fieldId, type FieldError } from '../forms';
import { translate } from '../i18n';
import type { FormContext } from './actionForms';
import { latestLetterSnapshot } from '../../../platform/store/letters';

/** The dates the latest availability request of this case offered. */
export async function candidateDatesOf(db: Knex, caseId: string): Promise<string[]> {
  const row = await latestLetterSnapshot(db, caseId, 'verzoek-beschikbaarheid');
  const dates: unknown = row?.data_snapshot?.details?.candidateDates;
  return Array.isArray(dates) ? dates.filter(isIsoDate) : [];
}

/** "2026-12-14, 15-12-2026" → ISO dates; the tokens that are no date, apart. */
export function parseDates(text: string): { dates: string[]; bad: string[] } {
  const dates: string[] = [];
  const bad: string[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const nl = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(token);
    const iso = nl ? `${nl[3]}-${nl[2].padStart(2, '0')}-${nl[1].padStart(2, '0')}` : token;
    if (isIsoDate(iso)) dates.push(iso);
    else bad.push(token);
  }
  return { dates, bad };
}

/** The dates chosen in the form, or the field errors of what could not be read. */
export function chosenDates(ctx: FormContext): { dates: string[] } | { errors: FieldError[] } {
  const checked = ctx.dates.filter(isIsoDate);
  const other = parseDates(ctx.values.otherDates ?? '');
  if (other.bad.length) return { errors: [{ field: 'otherDates', message: translate(ctx.lang, 'track.availabilityBadDate', { value: other.bad.slice(0, 3).join(', ') }) }] };
  const dates = [...new Set([...checked, ...other.dates])].sort();
  if (!dates.length) return { errors: [{ field: 'dates', message: translate(ctx.lang, 'track.availabilityNone') }] };
  return { dates };
}

function formatDay(iso: string, lang: 'nl' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

/** The view of the checkbox group and the other-dates field, with their errors. */
export async function availabilityGroup(db: Knex, ctx: FormContext, errors: FieldError[]) {
  const lang = ctx.lang;
  const candidates = await candidateDatesOf(db, ctx.who.caseId);
  const chosen = new Set(ctx.dates);
  // Dates given before that were not offered stay visible (and checked) too.
  const all = [...new Set([...candidates, ...ctx.dates.filter(isIsoDate)])].sort();
  const id = fieldId('dates');
  const datesError = errors.filter((e) => e.field === 'dates').map((e) => e.message).join(' ') || undefined;
  const otherError = errors.filter((e) => e.field === 'otherDates').map((e) => e.message).join(' ') || undefined;
  const otherId = fieldId('otherDates');
  const summary = [
    ...(datesError ? [{ href: `#${all.length ? id : otherId}`, message: datesError }] : []),
    ...(otherError ? [{ href: `#${otherId}`, message: otherError }] : []),
  ];
  return {
    legend: translate(lang, 'track.availabilityLegend'),
    hint: translate(lang, 'track.availabilityHint'),
    hintId: `${id}-hint`,
    error: datesError,
    errorId: `${id}-error`,
    options: all.map((d, i) => ({ value: d, label: formatDay(d, lang), id: i === 0 ? id : `${id}-${d}`, checked: chosen.has(d) })),
    other: {
      id: otherId,
      label: translate(lang, 'track.availabilityOther'),
      hint: translate(lang, 'track.availabilityOtherHint'),
      hintId: `${otherId}-hint`,
      value: ctx.values.otherDates ?? '',
      error: otherError,
      errorId: `${otherId}-error`,
    },
    summary,
  };
}
