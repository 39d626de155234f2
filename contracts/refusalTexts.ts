/**
 * The one catalogue of refusal texts: every refusal code in Dutch and English, with {placeholders}
 * for its parameters. The pages and the JSON API word refusals from here; a unit test fails when a
 * code lacks a text or a text has no code (tests/unit/refusalTexts.test.ts).
 */
import type { Refusal, RefusalCode, RefusalParams } from './refusals';

export type RefusalLang = 'nl' | 'en';

export const REFUSAL_TEXTS: Record<RefusalCode, Record<RefusalLang, string>> = {
  required: { nl: 'dit moet worden ingevuld.', en: 'is required' },
  'too-long': { nl: 'dit mag hoogstens {max} tekens zijn.', en: 'must be at most {max} characters' },
  'not-text': { nl: 'vul hier een tekst in.', en: 'must be text' },
  'not-boolean': { nl: 'kies ja of nee.', en: 'must be true or false' },
  'not-list': { nl: 'dit moet een lijst zijn (leeg als er niets is).', en: 'must be a list (empty when there are none)' },
  'not-date': { nl: 'vul een datum in (JJJJ-MM-DD).', en: 'must be a date YYYY-MM-DD' },
  'not-time': { nl: 'vul een tijd in (UU:MM).', en: 'must be a time HH:MM' },
  'not-https-link': { nl: 'vul een link in die begint met https://.', en: 'must be an https:// link' },
  'not-document-ids': { nl: 'de bijlagen zijn niet goed doorgegeven.', en: 'must be a list of document ids' },
  'not-finding': { nl: 'kies gegrond, deels gegrond, ongegrond of niet-ontvankelijk.', en: 'must be gegrond, deels-gegrond, ongegrond or niet-ontvankelijk' },
  'not-decided-by': { nl: 'kies de voorzitter of de commissie.', en: 'must be chair or committee' },
  'not-party': { nl: 'kies een partij van de zaak: de klager, de school of een persoon over wie geklaagd is.', en: 'must be the complainant, the school or a person complained about (respondent:<n>) of this case' },
  'not-parties': { nl: 'kies de klager en/of de school.', en: 'must be a list of complainant and/or school' },
  'not-suspension-reason': { nl: 'kies een reden voor de opschorting.', en: 'must be waiting-for-school, waiting-for-complainant, mediation or postponement' },
  'weeks-out-of-range': { nl: 'vul een heel aantal weken in, van {min} tot en met {max}.', en: 'must be a whole number of weeks from {min} to {max}' },
  'no-missing-items': { nl: 'noem ten minste één onderdeel dat ontbreekt.', en: 'list at least one missing item' },
  'no-dates': { nl: 'kies of vul ten minste één datum in.', en: 'list at least one date' },
  'too-many-dates': { nl: 'hoogstens {max} datums.', en: 'at most {max} dates' },
  'not-respondent-role': { nl: 'kies leraar, medewerker, schoolleiding, leerling of anders.', en: 'must be teacher, staff, management, pupil or other' },
  'not-email': { nl: 'vul een e-mailadres in.', en: 'must be an e-mail address' },
  'not-postal-address': { nl: 'vul een postadres in van 2 tot 6 regels (straat en nummer, postcode en plaats).', en: 'must be a postal address of 2 to 6 lines (street and number, postcode and place)' },
  'late-filing-unexplained': {
    nl: 'de klacht gaat over feiten van meer dan een jaar voor de indiening (uiterlijk {termEnd}): zeg of de termijnoverschrijding verschoonbaar is en waarom.',
    en: 'the complaint is about facts more than a year before filing (term ended {termEnd}): state whether the lateness is excused and why',
  },
  'not-object': { nl: 'de gegevens zijn niet goed doorgegeven (verwacht: een JSON-object).', en: 'must be a JSON object' },
  'action-failed': {
    nl: 'de actie kon niet worden uitgevoerd; probeer het later opnieuw of neem contact op met het secretariaat.',
    en: 'the action could not be carried out: {reason}',
  },

  'actor-required': { nl: 'het is niet bekend wie dit doet; log opnieuw in.', en: 'the acting user is required' },
  'role-not-allowed': { nl: 'u mag dit niet doen.', en: 'only {roles} may do this' },
  'action-not-for-role': { nl: 'een {role} mag de actie {action} niet uitvoeren.', en: 'a {role} may not take the action {action}' },
  'withdraw-requester': { nl: 'alleen de klager, of het secretariaat namens de klager, kan de klacht intrekken.', en: 'only the complainant, or a secretary recording it, can withdraw a complaint' },
  'four-eyes': { nl: 'wie een besluit opstelt, kan het niet zelf goedkeuren (vier-ogenprincipe).', en: 'the drafter of a decision cannot approve it (four-eyes)' },

  'case-closed': { nl: 'zaak {caseNumber} is afgesloten.', en: 'case {caseNumber} is closed ({status})' },
  'wrong-phase': { nl: 'dit kan niet in de fase waarin de zaak nu is.', en: 'not allowed now: the case is in phase "{phase}" (allowed in: {allowed})' },
  'not-calendar-release': { nl: 'is geen vrijgegeven kalenderversie (vrijgegeven: {released}).', en: 'is not a released calendar version (released: {released})' },
  'calendar-release-applied': { nl: 'de termijnen van deze zaak worden al met kalenderversie {version} berekend.', en: 'the case already computes its terms with calendar release {version}' },
  'no-running-procedure': {
    nl: 'deze zaak heeft geen lopende procedure voor {procedure}; de actie {action} kan nu niet.',
    en: 'this case has no running {procedure} procedure; the action {action} is not possible now',
  },
  'letter-not-awaiting-approval': { nl: 'brief {letterId} wacht niet op goedkeuring.', en: 'letter {letterId} is not awaiting approval' },
  'mediation-needs-agreement': { nl: 'bemiddeling kan alleen als beide partijen ermee instemmen.', en: 'mediation needs the agreement of both parties' },
  'referral-needs-consent': { nl: 'terugverwijzen naar de school kan alleen met instemming van de klager.', en: 'a referral needs the complainant’s consent' },
  'no-measures-when-unfounded': { nl: 'bij een ongegronde of niet-ontvankelijke klacht horen geen maatregelen.', en: 'an unfounded or inadmissible complaint gets no measures' },
  'advice-answered': { nl: 'het bevoegd gezag heeft al op het advies gereageerd.', en: 'the school board has answered the advice already' },
  'reporting-duty-flagged': { nl: 'de meldplicht is al vastgelegd.', en: 'the reporting duty is flagged already' },
  'no-reporting-duty-awaited': { nl: 'er wordt geen bevestiging van de melding verwacht.', en: 'no reporting-duty confirmation is awaited' },
  'no-not-reportable-claim': { nl: 'er ligt geen verklaring van de school dat het incident niet gemeld hoeft te worden.', en: 'there is no statement of the school that the incident is not reportable' },
  'term-not-running': { nl: 'er loopt geen termijn "{termId}".', en: 'no running term "{termId}"' },
  'term-suspended': { nl: '{termId}: deze termijn is al opgeschort.', en: '{termId}: this term is already suspended' },
  'term-not-suspended': { nl: '{termId}: deze termijn is niet opgeschort.', en: '{termId}: this term is not suspended' },
  'term-not-extendable': { nl: '{termId}: deze termijn kan niet worden verlengd.', en: '{termId}: this term may not be extended' },
  'term-extended-already': { nl: '{termId}: deze termijn is al zo vaak verlengd als mag ({max} keer).', en: '{termId}: this term may be extended only {max} time(s), and has been' },

  'not-respondent-number': { nl: 'kies een van de personen over wie geklaagd is.', en: 'must be the number (1, 2, …) of a person complained about in this case' },
  'respondent-statement-term-over': {
    nl: 'de termijn voor een schriftelijke reactie is voorbij: de zaak is al verder dan het verweer.',
    en: 'the term for a written statement is over: the case has moved past the defence ({phase})',
  },
  'respondent-statement-received': { nl: 'uw schriftelijke reactie is al ontvangen.', en: 'a written statement of respondent {respondent} has been received already' },

  'hearing-cancelled': { nl: 'de hoorzitting in zaak {caseNumber} gaat niet door.', en: 'the hearing of case {caseNumber} is cancelled' },
  'hearing-recorded': { nl: 'de hoorzitting in zaak {caseNumber} is al vastgelegd.', en: 'the hearing of case {caseNumber} has been recorded already' },
  'wrong-hearing-status': { nl: 'dit kan niet in de stand waarin de hoorzitting nu is.', en: 'not allowed now: the hearing is "{status}" (allowed when: {allowed})' },
  'unknown-respondent': {
    nl: 'onbekend wie deze beschikbaarheid opgeeft.',
    en: 'unknown respondent "{respondent}"; expected complainant, school or a panel member id ({members})',
  },
  'date-in-past': { nl: '{date} ligt in het verleden.', en: '{date} is in the past' },
  'not-working-day': { nl: '{date} is geen werkdag (een zaterdag, zondag of erkende feestdag).', en: '{date} is not a working day (a Saturday, Sunday or recognised holiday)' },
  'within-notice': {
    nl: '{date} valt binnen de oproepingstermijn; de vroegst mogelijke datum voor de hoorzitting is {earliest}.',
    en: '{date} is within the notice period for the hearing; the earliest possible hearing date is {earliest}',
  },
  'too-soon': {
    nl: '{date} is te vroeg: de uitnodiging had uiterlijk {due} verstuurd moeten worden (oproepingstermijn) en het is vandaag {today}; de vroegst mogelijke datum is {earliest}.',
    en: '{date} is too soon: the invitation must go out by {due} (notice period, counted back from the hearing) and today is {today}; the earliest possible date is {earliest}',
  },
  'nothing-scheduled': { nl: 'er is nog geen hoorzitting gepland.', en: 'nothing is scheduled: this needs a scheduled hearing' },
  'hearing-not-yet': { nl: 'de hoorzitting is op {date}; die kan pas vanaf die dag worden vastgelegd.', en: 'the hearing is on {date}: it can be recorded on or after that day, not on {today}' },
  'absent-party-required': {
    nl: 'noem bij een hoorzitting die niet is gehouden de partij die afwezig was (uitstel vraagt een partij zelf aan).',
    en: 'a hearing that was not held names the absent party (to move a hearing, a party asks for a postponement)',
  },
  'postponement-used': { nl: 'deze partij heeft al eens uitstel gekregen (één keer per partij).', en: 'this party ({party}) has had its postponement already (a party may ask once)' },
  'postponement-too-late': {
    nl: 'te laat: uitstel moet uiterlijk drie werkdagen voor de hoorzitting van {date} worden gevraagd, dus op {due}.',
    en: 'too late: a postponement must be asked at least three working days before the hearing on {date}, so by {due}',
  },
  'panel-being-formed': { nl: 'het panel wordt nog samengesteld; er is niets opnieuw te proberen.', en: 'the panel is being formed; there is nothing to retry' },

  'compliance-ended': { nl: 'de naleving in zaak {caseNumber} is afgerond.', en: 'compliance of case {caseNumber} has ended' },
  'escalation-awaits-approval': { nl: 'alle maatregelen zijn afgehandeld; de melding aan de Inspectie wacht op goedkeuring.', en: 'every measure is settled: the escalation awaits approval' },
  'unknown-measure': { nl: 'onbekende maatregel {measureId}.', en: 'unknown measure {measureId}' },
  'measure-verified': { nl: 'maatregel {measureId} is al beoordeeld.', en: 'measure {measureId} is verified already' },
  'measure-not-reported': { nl: 'over maatregel {measureId} is nog niets gemeld om te beoordelen.', en: 'measure {measureId} has no report to verify (status {status})' },
  'measure-term-ended': { nl: 'de termijn en de respijttermijn van maatregel {measureId} zijn verstreken.', en: 'the term and grace period of measure {measureId} have ended' },
};

/** The {placeholders} a text uses. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

function fill(text: string, params: RefusalParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

/** A refusal worded in the reader's language. */
export function refusalText(lang: RefusalLang, refusal: Pick<Refusal, 'code' | 'params'>): string {
  return fill(REFUSAL_TEXTS[refusal.code][lang], refusal.params);
}
