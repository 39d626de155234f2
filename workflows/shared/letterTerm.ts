/**
 * A term as a letter states it: its id, its last day and the explanation of how it was counted
 * (letters are Dutch). Null for a term without a due date (suspended open-ended), which a letter
 * then leaves out.
 */
import type { TermState } from '../../domain/termLedger';

export function letterTerm(term: TermState | undefined): { termId: string; due: string; explanation: string } | null {
  return term && term.due ? { termId: term.id, due: term.due, explanation: term.explanation.nl } : null;
}
