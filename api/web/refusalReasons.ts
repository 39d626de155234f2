/**
 * The workflows' validators give their reasons in English (they are code, and the JSON API passes
 * them on as they are). The pages speak Dutch: this catalogue words each reason for a Dutch reader,
 * by the reason's shape, keeping the dates, numbers and names it carries. A reason the catalogue
 * does not know is shown as the workflow worded it, so a new validator never hides its reason.
 * The field has been taken off already (see refusal() in api/services/caseActions.ts).
 */
import { translate, type Lang } from './i18n';

type Wording = (match: RegExpExecArray) => string;

const DUTCH: Array<[RegExp, Wording]> = [
  [/^is required$/, () => 'dit moet worden ingevuld.'],
  [/^must be at most (\d+) characters$/, (m) => `dit mag hoogstens ${m[1]} tekens zijn.`],
  [/^must be text of at most (\d+) characters$/, (m) => `vul een tekst in van hoogstens ${m[1]} tekens.`],
  [/^must be true or false$/, () => 'kies ja of nee.'],
  [/^must be a date (?:as )?YYYY-MM-DD$/, () => 'vul een datum in (JJJJ-MM-DD).'],
  [/^must be a time HH:MM$/, () => 'vul een tijd in (UU:MM).'],
  [/^must be an https:\/\/ link$/, () => 'vul een link in die begint met https://.'],
  [/^must be a whole number of weeks from 1 to 52$/, () => 'vul een heel aantal weken in, van 1 tot en met 52.'],
  [/^must be a list of document ids$/, () => 'de bijlagen zijn niet goed doorgegeven.'],
  [/^must be a list \(empty when there are none\)$/, () => 'de maatregelen zijn niet goed doorgegeven.'],
  [/^must be gegrond, deels-gegrond, ongegrond or niet-ontvankelijk$/, () => 'kies gegrond, deels gegrond, ongegrond of niet-ontvankelijk.'],
  [/^must be chair or committee$/, () => 'kies de voorzitter of de commissie.'],
  [/^must be complainant or school$/, () => 'kies de klager of de school.'],
  [/^must be waiting-for-school, waiting-for-complainant, mediation or postponement$/, () => 'kies een reden voor de opschorting.'],
  [/^a list of complainant and\/or school$/, () => 'kies de klager en/of de school.'],
  [/^list at least one date$/, () => 'kies of vul ten minste één datum in.'],
  [/^at most (\d+) dates$/, (m) => `hoogstens ${m[1]} datums.`],
  [/^list at least one missing item$/, () => 'noem ten minste één onderdeel dat ontbreekt.'],
  [/^"(.*)" is not a date YYYY-MM-DD$/, (m) => `"${m[1]}" is geen datum (JJJJ-MM-DD).`],
  [/^(\d{4}-\d{2}-\d{2}) is in the past$/, (m) => `${m[1]} ligt in het verleden.`],
  [/^(\d{4}-\d{2}-\d{2}) is not a working day/, (m) => `${m[1]} is geen werkdag (een zaterdag, zondag of erkende feestdag).`],
  [/^(\d{4}-\d{2}-\d{2}) is within the .*; the earliest possible hearing date is (\d{4}-\d{2}-\d{2})$/, (m) => `${m[1]} valt binnen de oproepingstermijn; de vroegst mogelijke datum voor de hoorzitting is ${m[2]}.`],
  [/^the acting user is required$/, () => 'het is niet bekend wie dit doet; log opnieuw in.'],
  [/^only .* may do this$/, () => 'u mag dit niet doen.'],
  [/^the drafter of a decision cannot approve it \(four-eyes\)$/, () => 'wie een besluit opstelt, kan het niet zelf goedkeuren (vier-ogenprincipe).'],
  [/^letter (\S+) is not awaiting approval$/, (m) => `brief ${m[1]} wacht niet op goedkeuring.`],
  [/^mediation needs the agreement of both parties$/, () => 'bemiddeling kan alleen als beide partijen ermee instemmen.'],
  [/^a referral needs the complainant’s consent$/, () => 'terugverwijzen naar de school kan alleen met instemming van de klager.'],
  [/^an unfounded or inadmissible complaint gets no measures$/, () => 'bij een ongegronde of niet-ontvankelijke klacht horen geen maatregelen.'],
  [/^a hearing that was not held names the absent party/, () => 'noem bij een hoorzitting die niet is gehouden de partij die afwezig was (uitstel vraagt een partij zelf aan).'],
  [/^only the complainant, or a secretary recording it, can withdraw a complaint$/, () => 'alleen de klager, of het secretariaat namens de klager, kan de klacht intrekken.'],
  [/^not allowed now: the case is in phase/, () => 'dit kan niet in de fase waarin de zaak nu is.'],
  [/^not allowed now: the hearing is/, () => 'dit kan niet in de stand waarin de hoorzitting nu is.'],
  [/^case (\S+) is closed/, (m) => `zaak ${m[1]} is afgesloten.`],
  [/^compliance of case (\S+) has ended$/, (m) => `de naleving in zaak ${m[1]} is afgerond.`],
  [/^every measure is settled: the escalation awaits approval$/, () => 'alle maatregelen zijn afgehandeld; de melding aan de Inspectie wacht op goedkeuring.'],
  [/^the hearing of case (\S+) is cancelled$/, (m) => `de hoorzitting in zaak ${m[1]} gaat niet door.`],
  [/^the hearing of case (\S+) has been recorded already$/, (m) => `de hoorzitting in zaak ${m[1]} is al vastgelegd.`],
  [/^nothing is scheduled/, () => 'er is nog geen hoorzitting gepland.'],
  [/^the hearing is on (\d{4}-\d{2}-\d{2}): it can be recorded on or after that day/, (m) => `de hoorzitting is op ${m[1]}; die kan pas vanaf die dag worden vastgelegd.`],
  [/^the (complainant|school) has had its postponement already/, () => 'deze partij heeft al eens uitstel gekregen (één keer per partij).'],
  [/^too late: .* the hearing on (\d{4}-\d{2}-\d{2}), so by (\d{4}-\d{2}-\d{2})$/, (m) => `te laat: uitstel moet uiterlijk drie werkdagen voor de hoorzitting van ${m[1]} worden gevraagd, dus op ${m[2]}.`],
  [/^unknown respondent/, () => 'onbekend wie deze beschikbaarheid opgeeft.'],
  [/^the panel is being formed; there is nothing to retry$/, () => 'het panel wordt nog samengesteld; er is niets opnieuw te proberen.'],
  [/^the school board has answered the advice already$/, () => 'het bevoegd gezag heeft al op het advies gereageerd.'],
  [/^the reporting duty is flagged already$/, () => 'de meldplicht is al vastgelegd.'],
  [/^no reporting-duty confirmation is awaited$/, () => 'er wordt geen bevestiging van de melding verwacht.'],
  [/^unknown measure (.*)$/, (m) => `onbekende maatregel ${m[1]}.`],
  [/^measure (\S+) is verified already$/, (m) => `maatregel ${m[1]} is al beoordeeld.`],
  [/^measure (\S+) has no report to verify/, (m) => `over maatregel ${m[1]} is nog niets gemeld om te beoordelen.`],
  [/^the term and grace period of measure (\S+) have ended$/, (m) => `de termijn en de respijttermijn van maatregel ${m[1]} zijn verstreken.`],
  [/^no running term "(.*)"$/, (m) => `er loopt geen termijn "${m[1]}".`],
  [/^the (\S+) term is already suspended$/, (m) => `de termijn ${m[1]} is al opgeschort.`],
  [/^the (\S+) term is not suspended$/, (m) => `de termijn ${m[1]} is niet opgeschort.`],
];

/** A validator's reason in the page's language (English as the workflow worded it). */
export function refusalReason(lang: Lang, message: string): string {
  if (lang !== 'nl') return message;
  for (const [pattern, word] of DUTCH) {
    const match = pattern.exec(message);
    if (match) return word(match);
  }
  return message;
}

/** "Dit kan nu niet: …" with the validator's reason in the page's language. */
export function refusedText(lang: Lang, message: string): string {
  return translate(lang, 'track.refused', { reason: refusalReason(lang, message) });
}
