/**
 * The reporting duty (meldplicht): complaints that describe a serious incident oblige the school board
 * to report it to the Inspectorate's confidential inspector. These categories are flagged at intake;
 * the secretary can flag any other complaint on its facts.
 */
import type { ComplaintCategory } from './intake';

export const SERIOUS_INCIDENT_CATEGORIES: readonly ComplaintCategory[] = ['seksuele-intimidatie', 'seksueel-misbruik', 'geweld', 'radicalisering'];

export function flaggedAtIntake(category: string): boolean {
  return (SERIOUS_INCIDENT_CATEGORIES as readonly string[]).includes(category);
}

/**
 * Categories that may describe a reportable incident without being one by their name: serious
 * bullying (the minister's letter extends the duty to it) and threats (psychological or physical
 * violence, depending on the facts). The secretary judges the facts and flags the duty
 * (flagReportingDuty); until then the case view marks it as possibly reportable.
 */
export const POSSIBLY_REPORTABLE_CATEGORIES: readonly ComplaintCategory[] = ['pesten', 'bedreiging'];

/** Whether the complaint is, or may be, about a reportable incident (sexual harassment always is). */
export function possiblyReportable(category: string): boolean {
  return flaggedAtIntake(category) || (POSSIBLY_REPORTABLE_CATEGORIES as readonly string[]).includes(category);
}
