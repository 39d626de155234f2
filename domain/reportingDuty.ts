/**
 * The reporting duty (meldplicht): complaints that describe a serious incident oblige the school board
 * to report it to the Inspectorate's confidential inspector. These categories are flagged at intake;
 * the secretary can flag any other complaint on its facts.
 */
import type { ComplaintCategory } from './intake';

export const SERIOUS_INCIDENT_CATEGORIES: readonly ComplaintCategory[] = ['seksuele-intimidatie', 'geweld', 'radicalisering'];

export function flaggedAtIntake(category: ComplaintCategory): boolean {
  return SERIOUS_INCIDENT_CATEGORIES.includes(category);
}
