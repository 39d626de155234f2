/** Dutch (and English) words for dates, numbers and units, as readers of letters expect them. */
import { dayNumberOf, weekdayOf } from './localDate';
import { TermUnit } from './types';

export type Language = 'nl' | 'en';

const WEEKDAYS: Record<Language, readonly string[]> = {
  nl: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const MONTHS: Record<Language, readonly string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

// Dutch style guides write numbers up to twelve in words.
const NUMBERS: Record<Language, readonly string[]> = {
  nl: ['nul', 'één', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
};

const UNITS: Record<Language, Record<TermUnit, readonly [string, string]>> = {
  nl: {
    days: ['dag', 'dagen'],
    weeks: ['week', 'weken'],
    months: ['maand', 'maanden'],
    'working-days': ['werkdag', 'werkdagen'],
  },
  en: {
    days: ['day', 'days'],
    weeks: ['week', 'weeks'],
    months: ['month', 'months'],
    'working-days': ['working day', 'working days'],
  },
};

export function numberWord(value: number, language: Language): string {
  return value >= 0 && value <= 12 ? NUMBERS[language][value] : String(value);
}

/** 'vier weken', 'één werkdag', 'two months'. */
export function quantity(amount: number, unit: TermUnit, language: Language): string {
  const [singular, plural] = UNITS[language][unit];
  return `${numberWord(amount, language)} ${amount === 1 ? singular : plural}`;
}

/** 'maandag 27 april 2026' / 'Monday 27 April 2026', from an ISO date the engine produced. */
export function longDate(iso: string, language: Language): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  const weekday = weekdayOf(dayNumberOf(year, month, day));
  return `${WEEKDAYS[language][weekday]} ${day} ${MONTHS[language][month - 1]} ${year}`;
}

/** 'a, b en c' / 'a, b and c'. */
export function listing(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  const and = language === 'nl' ? ' en ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
