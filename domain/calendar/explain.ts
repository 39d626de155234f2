/**
 * Renders a trace as plain text, one sentence per line, in Dutch (the language of letters and
 * pages) and English. Uses only the trace, so a stored trace can be rendered again later.
 */
import { HOLIDAY_DEFINITIONS } from './holidays';
import { SCHOOL_HOLIDAY_NAMES_EN } from './schoolHolidays';
import { DayDescription, SuspensionReason, TraceStep } from './types';
import { Language, capitalize, listing, longDate, numberWord, quantity } from './words';

type Step<K extends TraceStep['kind']> = Extract<TraceStep, { kind: K }>;

const REASONS: Record<Language, Record<SuspensionReason, string>> = {
  nl: {
    'waiting-for-school': 'wachten op de school',
    'waiting-for-complainant': 'wachten op de klager',
    mediation: 'bemiddeling',
    postponement: 'uitstel',
  },
  en: {
    'waiting-for-school': 'waiting for the school',
    'waiting-for-complainant': 'waiting for the complainant',
    mediation: 'mediation',
    postponement: 'postponement',
  },
};

const ATW = { nl: 'Algemene termijnenwet', en: 'the General Terms Act (Algemene termijnenwet)' };

function find<K extends TraceStep['kind']>(trace: readonly TraceStep[], kind: K): Step<K> | undefined {
  return trace.find((step): step is Step<K> => step.kind === kind);
}

/** 'maandag 27 april 2026, Koningsdag' (or in parentheses, for use inside a list of days). */
function dayWithHolidays(day: DayDescription, language: Language, style: 'comma' | 'parentheses'): string {
  const names = listing(day.holidays.map((id) => HOLIDAY_DEFINITIONS[id][language]), language);
  if (names === '') return longDate(day.date, language);
  return style === 'comma' ? `${longDate(day.date, language)}, ${names}` : `${longDate(day.date, language)} (${names})`;
}

function termName(term: Step<'term'>, language: Language): string {
  const name = language === 'nl' ? (term.label ? `de ${term.label}` : 'de termijn') : term.label ? `the term (${term.label})` : 'the term';
  return `${name} ${language === 'nl' ? 'van' : 'of'} ${quantity(term.amount, term.unit, language)}`;
}

function daysCounted(days: number, countedIn: Step<'pause'>['countedIn'], language: Language): string {
  return quantity(days, countedIn === 'working-days' ? 'working-days' : 'days', language);
}

function pauseLines(pause: Step<'pause'>, language: Language): string[] {
  const nl = language === 'nl';
  const lines = pause.suspensions.map((suspension) => {
    const reasons = listing(suspension.reasons.map((reason) => REASONS[language][reason]), language);
    const span =
      suspension.until === null
        ? nl
          ? `sinds ${longDate(suspension.from, language)}, nog zonder einde; voor de vroegste datum gerekend tot en met ${longDate(suspension.assumedUntil, language)}`
          : `since ${longDate(suspension.from, language)}, not yet ended; taken up to and including ${longDate(suspension.assumedUntil, language)} for the earliest date`
        : nl
          ? `van ${longDate(suspension.from, language)} tot en met ${longDate(suspension.until, language)}`
          : `from ${longDate(suspension.from, language)} up to and including ${longDate(suspension.until, language)}`;
    const counted = daysCounted(suspension.daysInTerm, pause.countedIn, language);
    return nl
      ? `Opschorting (${reasons}) ${span}: ${suspension.daysInTerm === 0 ? 'valt buiten de termijn' : `${counted} in de termijn`}.`
      : `Suspension (${reasons}) ${span}: ${suspension.daysInTerm === 0 ? 'outside the term' : `${counted} in the term`}.`;
  });
  if (pause.schoolHolidays) {
    const { region, periods } = pause.schoolHolidays;
    if (periods.length === 0) {
      lines.push(nl ? `Schoolvakantie regio ${region}: geen in de termijn.` : `School holidays, region ${region}: none in the term.`);
    }
    for (const period of periods) {
      const name = nl ? period.name : SCHOOL_HOLIDAY_NAMES_EN[period.name];
      const counted = daysCounted(period.daysInTerm, pause.countedIn, language);
      lines.push(
        nl
          ? `Schoolvakantie regio ${region}: ${name} van ${longDate(period.from, language)} tot en met ${longDate(period.until, language)}: ${counted} in de termijn.`
          : `School holiday, region ${region}: ${name} from ${longDate(period.from, language)} up to and including ${longDate(period.until, language)}: ${counted} in the term.`,
      );
    }
  }
  if (pause.days === 0) {
    lines.push(nl ? `De einddatum blijft daarom ${longDate(pause.to, language)}.` : `So the end stays ${longDate(pause.to, language)}.`);
    return lines;
  }
  const total = daysCounted(pause.days, pause.countedIn, language);
  lines.push(
    nl
      ? `Op die dagen loopt de termijn niet (begin- en einddag van een opschorting tellen mee): de einddatum schuift ${total} op, van ${longDate(pause.from, language)} naar ${longDate(pause.to, language)}.`
      : `The term does not run on those days (a suspension's first and last day both count): the end moves by ${total}, from ${longDate(pause.from, language)} to ${longDate(pause.to, language)}.`,
  );
  return lines;
}

function atwLine(trace: readonly TraceStep[], language: Language): string {
  const nl = language === 'nl';
  const applied = find(trace, 'atw-applied');
  if (applied) {
    if (applied.basis === 'statutory') {
      return nl ? 'Algemene termijnenwet: toegepast, want dit is een wettelijke termijn.' : 'General Terms Act: applied, because this is a statutory term.';
    }
    return nl
      ? 'Algemene termijnenwet: toegepast, omdat het beleid voor deze termijn uit het reglement van de commissie dat voorschrijft.'
      : "General Terms Act: applied, because the policy for this term in the committee's regulation says so.";
  }
  const notApplied = find(trace, 'atw-not-applied');
  switch (notApplied?.because) {
    case 'backward':
      return nl
        ? 'Algemene termijnenwet: niet van toepassing, want de termijn wordt teruggerekend (art. 1 lid 2 Atw).'
        : 'General Terms Act: does not apply, because the term is counted backwards (art. 1(2)).';
    case 'longer-than-atw-limit':
      return nl
        ? 'Algemene termijnenwet: niet van toepassing op een termijn van meer dan twaalf weken, negentig dagen of drie maanden (art. 4 Atw).'
        : 'General Terms Act: does not apply to a term of more than twelve weeks, ninety days or three months (art. 4).';
    default:
      return nl
        ? 'Algemene termijnenwet: niet toegepast, omdat het beleid voor deze termijn uit het reglement van de commissie dat zo bepaalt.'
        : "General Terms Act: not applied, because the policy for this term in the committee's regulation says so.";
  }
}

function endLine(trace: readonly TraceStep[], term: Step<'term'>, due: Step<'due'>, language: Language): string {
  const nl = language === 'nl';
  const art1 = find(trace, 'atw-art1');
  const art2 = find(trace, 'atw-art2');
  const name = termName(term, language);
  // While an open suspension runs, the computed end is only the earliest possible one.
  const label = due.date === null ? (nl ? 'Op zijn vroegst: ' : 'At the earliest: ') : nl ? 'Einddatum: ' : 'End: ';
  if (!find(trace, 'atw-applied')) {
    return `${label}${name} ${nl ? 'eindigt op' : 'ends on'} ${longDate(due.endBeforeAtw, language)}.`;
  }
  if (!art1 && !art2) {
    return nl
      ? `${label}${name} eindigt op ${longDate(due.endBeforeAtw, language)}, een werkdag; de Algemene termijnenwet verandert daar niets aan.`
      : `${label}${name} ends on ${longDate(due.endBeforeAtw, language)}, a working day; the General Terms Act changes nothing.`;
  }
  let text = `${label}${name} ${nl ? 'eindigt op' : 'ends on'} `;
  if (art1) {
    const [endDay, ...alsoSkipped] = art1.nonWorkingDays;
    text += `${dayWithHolidays(endDay, language, 'comma')}; ${nl ? 'op grond van art. 1' : 'under art. 1 of'} ${ATW[language]} ${nl ? 'verschoven naar' : 'moved to'} ${longDate(art1.to, language)}`;
    if (alsoSkipped.length > 0) {
      const skipped = listing(alsoSkipped.map((day) => dayWithHolidays(day, language, 'parentheses')), language);
      text += nl
        ? `, want ook ${skipped} ${alsoSkipped.length === 1 ? 'is geen werkdag' : 'zijn geen werkdagen'}`
        : `, because ${skipped} ${alsoSkipped.length === 1 ? 'is not a working day' : 'are not working days either'}`;
    }
  } else {
    text += longDate(due.endBeforeAtw, language);
  }
  if (art2) {
    const count = art2.workingDaysBefore;
    text += nl
      ? `; de termijn bevat dan ${count === 0 ? 'geen werkdag' : `maar ${numberWord(count, 'nl')} werkdag`}, daarom op grond van art. 2 ${ATW.nl} verlengd tot ${longDate(art2.to, language)}`
      : `; the term then contains ${count === 0 ? 'no working day' : `only ${numberWord(count, 'en')} working day`}, so under art. 2 of ${ATW.en} extended to ${longDate(art2.to, language)}`;
  }
  return `${text}.`;
}

function provisionalLine(step: Step<'provisional'>, language: Language): string {
  const nl = language === 'nl';
  const parts: string[] = [];
  if (step.openSuspensionSince) {
    parts.push(
      nl
        ? `de termijn is sinds ${longDate(step.openSuspensionSince, language)} opgeschort zonder bekend einde`
        : `the term has been suspended since ${longDate(step.openSuspensionSince, language)} with no end known yet`,
    );
  }
  if (step.yearsWithoutDecree.length > 0) {
    const years = listing(step.yearsWithoutDecree.map(String), language);
    parts.push(
      nl
        ? `voor ${years} is (nog) geen koninklijk besluit over gelijkgestelde dagen (art. 3 lid 3 Atw) bekend, zo'n dag kan de datum nog verschuiven`
        : `no royal decree on equated days (art. 3(3) of the Act) is known for ${years} yet; such a day could still move the date`,
    );
  }
  if (step.unconfirmedSchoolHolidays) {
    parts.push(
      nl
        ? 'de gebruikte schoolvakanties zijn nog niet bevestigd'
        : 'the school holidays used are not confirmed yet',
    );
  }
  return `${nl ? 'Voorlopig' : 'Provisional'}: ${parts.join('; ')}.`;
}

export function explain(trace: readonly TraceStep[], language: Language): string {
  const nl = language === 'nl';
  const trigger = find(trace, 'trigger');
  const term = find(trace, 'term');
  const due = find(trace, 'due');
  if (!trigger || !term || !due) throw new Error('trace lacks its trigger, term or due step');
  const lines: string[] = [];
  const event = trigger.event ?? (nl ? 'de gebeurtenis die de termijn laat lopen' : 'the event that starts the term');
  lines.push(nl ? `Aanleiding: ${event} op ${longDate(trigger.date, language)}.` : `Trigger: ${event} on ${longDate(trigger.date, language)}.`);
  if (term.direction === 'backward') {
    lines.push(
      nl
        ? `${capitalize(termName(term, language))} wordt teruggerekend vanaf die dag.`
        : `${capitalize(termName(term, language))} is counted backwards from that day.`,
    );
  } else {
    const counting = term.unit === 'working-days'
      ? nl ? ', en telt alleen werkdagen (geen zaterdag, zondag of erkende feestdag)' : ', and counts working days only (no Saturday, Sunday or recognised holiday)'
      : '';
    lines.push(
      nl
        ? `${capitalize(termName(term, language))} begint de dag erna, ${longDate(term.start, language)}${counting}.`
        : `${capitalize(termName(term, language))} starts the next day, ${longDate(term.start, language)}${counting}.`,
    );
  }
  for (const step of trace) {
    if (step.kind === 'extension') {
      lines.push(
        nl
          ? `Verlenging met ${quantity(step.amount, step.unit, 'nl')} (reden: ${step.reason}; grondslag: ${step.legalBasis}): de einddatum gaat van ${longDate(step.from, language)} naar ${longDate(step.to, language)}.`
          : `Extension by ${quantity(step.amount, step.unit, 'en')} (reason: ${step.reason}; legal basis: ${step.legalBasis}): the end moves from ${longDate(step.from, language)} to ${longDate(step.to, language)}.`,
      );
    } else if (step.kind === 'pause') {
      lines.push(...pauseLines(step, language));
    }
  }
  lines.push(atwLine(trace, language));
  lines.push(endLine(trace, term, due, language));
  const provisional = find(trace, 'provisional');
  if (provisional) lines.push(provisionalLine(provisional, language));
  if (due.date === null) {
    lines.push(
      nl
        ? `Uiterste datum: nog onbekend zolang de opschorting duurt; op zijn vroegst ${longDate(due.earliest, language)}.`
        : `Due date: unknown while the suspension lasts; at the earliest ${longDate(due.earliest, language)}.`,
    );
  } else {
    lines.push(nl ? `Uiterste datum: ${longDate(due.date, language)}.` : `Due date: ${longDate(due.date, language)}.`);
  }
  return lines.join('\n');
}
