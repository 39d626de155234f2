/** The states of a case (process.md, "Case states") and the typed outcomes it can end in. */

export const OPEN_STATUSES = [
  'received',
  'awaiting-completion',
  'admissibility',
  'referred-to-school',
  'mediation',
  'defence',
  'reply-round',
  'hearing-scheduling',
  'hearing-scheduled',
  'deliberation',
  'advice-issued',
  'compliance',
] as const;

export const CLOSED_OUTCOMES = [
  'inadmissible',
  'referred',
  'settled',
  'withdrawn',
  'advised-complied',
  'advised-partly-complied',
  'advised-not-complied',
  'advised-no-measures',
] as const;

export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type ClosedOutcome = (typeof CLOSED_OUTCOMES)[number];
export type CaseStatus = OpenStatus | ClosedOutcome;

export function isClosed(status: CaseStatus): status is ClosedOutcome {
  return (CLOSED_OUTCOMES as readonly string[]).includes(status);
}

/** How the state reads to a party, in plain language. */
export const STATUS_LABELS: Record<CaseStatus, { nl: string; en: string }> = {
  received: { nl: 'Klacht ontvangen', en: 'Complaint received' },
  'awaiting-completion': { nl: 'Wacht op aanvulling van de klacht', en: 'Waiting for the complaint to be completed' },
  admissibility: { nl: 'Ontvankelijkheid wordt beoordeeld', en: 'Admissibility under review' },
  'referred-to-school': { nl: 'Teruggelegd bij de school', en: 'Referred to the school' },
  mediation: { nl: 'Bemiddeling', en: 'Mediation' },
  defence: { nl: 'Wacht op verweer van de school', en: 'Waiting for the school’s defence' },
  'reply-round': { nl: 'Repliek en dupliek', en: 'Reply and rejoinder' },
  'hearing-scheduling': { nl: 'Hoorzitting wordt gepland', en: 'Scheduling the hearing' },
  'hearing-scheduled': { nl: 'Hoorzitting gepland', en: 'Hearing scheduled' },
  deliberation: { nl: 'Commissie beraadslaagt', en: 'Committee deliberating' },
  'advice-issued': { nl: 'Advies uitgebracht', en: 'Advice issued' },
  compliance: { nl: 'Naleving van het advies', en: 'Compliance with the advice' },
  inadmissible: { nl: 'Niet-ontvankelijk', en: 'Inadmissible' },
  referred: { nl: 'Afgehandeld door de school', en: 'Handled by the school' },
  settled: { nl: 'Geschikt', en: 'Settled' },
  withdrawn: { nl: 'Ingetrokken', en: 'Withdrawn' },
  'advised-complied': { nl: 'Advies nageleefd', en: 'Advice complied with' },
  'advised-partly-complied': { nl: 'Advies deels nageleefd', en: 'Advice partly complied with' },
  'advised-not-complied': { nl: 'Advies niet nageleefd (gemeld aan de Inspectie)', en: 'Advice not complied with (reported to the Inspectorate)' },
  'advised-no-measures': { nl: 'Advies zonder maatregelen', en: 'Advice without measures' },
};
