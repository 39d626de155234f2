/**
 * A refused case action on a page: each refusal worded from its code in the page's language (the
 * one catalogue, contracts/refusalTexts.ts), never from a message.
 */
import type { Refusal } from '../../contracts/refusals';
import { refusalText } from '../../contracts/refusalTexts';
import { POLICY_VERSIONS } from '../../domain/policy';
import { translate, type Lang } from './i18n';

/** A term id ("admissibility", "compliance:m1") as the policy names its term in the page's language. */
function termName(lang: Lang, termId: string): string {
  const key = termId.split(':')[0];
  for (const policy of POLICY_VERSIONS) {
    const term = (policy.terms as Record<string, { label: { nl: string; en: string } } | undefined>)[key];
    if (term) return term.label[lang];
  }
  return termId;
}

/** A refusal's reason in the page's language; a term is named by its label, never by its id. */
export function refusalReason(lang: Lang, refusal: Refusal): string {
  const termId = refusal.params?.termId;
  return refusalText(lang, typeof termId === 'string' ? { ...refusal, params: { ...refusal.params, termId: termName(lang, termId) } } : refusal);
}

/** "Dit kan nu niet: …" with the refusal's reason in the page's language. */
export function refusedText(lang: Lang, refusal: Refusal): string {
  return translate(lang, 'track.refused', { reason: refusalReason(lang, refusal) });
}
