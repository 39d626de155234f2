/**
 * A refused case action on a page: each refusal worded from its code in the page's language (the
 * one catalogue, contracts/refusalTexts.ts), never from a message.
 */
import type { Refusal } from '../../contracts/refusals';
import { refusalText } from '../../contracts/refusalTexts';
import { translate, type Lang } from './i18n';

/** A refusal's reason in the page's language. */
export function refusalReason(lang: Lang, refusal: Refusal): string {
  return refusalText(lang, refusal);
}

/** "Dit kan nu niet: …" with the refusal's reason in the page's language. */
export function refusedText(lang: Lang, refusal: Refusal): string {
  return translate(lang, 'track.refused', { reason: refusalReason(lang, refusal) });
}
