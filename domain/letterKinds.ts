/**
 * Every letter of the procedure (process.md, "Letters"), by its Dutch kind. Workflows name a kind;
 * templates/registry.json holds a versioned template per kind and language.
 */
export const LETTER_KINDS = {
  ontvangstbevestiging: { nl: 'Ontvangstbevestiging', en: 'Acknowledgement of receipt', decision: false },
  'verzoek-om-aanvulling': { nl: 'Verzoek om aanvulling', en: 'Request to complete the complaint', decision: false },
  'beslissing-niet-ontvankelijk': { nl: 'Beslissing niet-ontvankelijk', en: 'Decision: inadmissible', decision: true },
  // Not in process.md's table: the complainant hears that the complaint was admitted (issue 14).
  'beslissing-ontvankelijk': { nl: 'Beslissing ontvankelijk', en: 'Decision: admissible', decision: false },
  terugverwijzing: { nl: 'Terugverwijzing naar de school', en: 'Referral to the school', decision: false },
  'uitnodiging-bemiddeling': { nl: 'Uitnodiging bemiddeling', en: 'Invitation to mediation', decision: false },
  'bevestiging-schikking': { nl: 'Bevestiging schikking', en: 'Confirmation of settlement', decision: false },
  'kennisgeving-klacht': { nl: 'Kennisgeving klacht en verzoek om verweer', en: 'Notice of complaint and request for a defence', decision: false },
  'herinnering-verweer': { nl: 'Herinnering verweer', en: 'Reminder: defence', decision: false },
  'toezending-verweer': { nl: 'Toezending verweer', en: 'Defence forwarded', decision: false },
  'toezending-reactie': { nl: 'Toezending reactie', en: 'Reply forwarded', decision: false },
  'verzoek-beschikbaarheid': { nl: 'Verzoek beschikbaarheid hoorzitting', en: 'Request for hearing availability', decision: false },
  'uitnodiging-hoorzitting': { nl: 'Uitnodiging hoorzitting', en: 'Invitation to the hearing', decision: false },
  'bevestiging-uitstel': { nl: 'Bevestiging uitstel', en: 'Confirmation of postponement', decision: false },
  'verdaging-advies': { nl: 'Verdaging advies', en: 'Advice term extended', decision: false },
  'wijziging-termijn': { nl: 'Gewijzigde einddatum van een termijn', en: 'Changed last day of a term', decision: false },
  advies: { nl: 'Advies van de commissie', en: 'Advice of the committee', decision: true },
  // process.md step 14: the board's answer to the advice reaches the complainant and the person complained about.
  'doorzending-reactie-advies': { nl: 'Doorzending reactie op het advies', en: 'Answer to the advice forwarded', decision: false },
  'herinnering-reactie': { nl: 'Herinnering reactie op het advies', en: 'Reminder: answer to the advice', decision: false },
  'herinnering-naleving': { nl: 'Herinnering naleving', en: 'Reminder: compliance', decision: false },
  'bevestiging-naleving': { nl: 'Bevestiging naleving', en: 'Compliance confirmed', decision: false },
  'melding-niet-naleving': { nl: 'Melding niet-naleving', en: 'Report of non-compliance', decision: true },
  'kennisgeving-meldplicht': { nl: 'Kennisgeving meldplicht', en: 'Notice of the reporting duty', decision: false },
  // An escalation to the Inspectorate: proposed by the system, approved by a chair (process.md, "Who decides").
  'melding-inspectie': { nl: 'Melding aan de Inspectie', en: 'Report to the Inspectorate', decision: true },
  // process.md step 14: an advice left unanswered after the reminder and a week's grace is reported to the Inspectorate.
  'melding-advies-onbeantwoord': { nl: 'Melding: advies onbeantwoord', en: 'Report: advice left unanswered', decision: true },
  'bevestiging-intrekking': { nl: 'Bevestiging intrekking', en: 'Confirmation of withdrawal', decision: false },
  afsluiting: { nl: 'Afsluiting van de zaak', en: 'Closure of the case', decision: false },
} as const;

export type LetterKind = keyof typeof LETTER_KINDS;

export function isLetterKind(value: string): value is LetterKind {
  return Object.prototype.hasOwnProperty.call(LETTER_KINDS, value);
}
