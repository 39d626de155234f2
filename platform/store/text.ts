/**
 * PostgreSQL refuses a NUL byte in text. What visitors type (an e-mail address, a case number) can
 * hold one; where such text is stored or used as a key (rate-limit counters, the audit trail), the
 * NUL becomes U+FFFD, so the row is written and still shows that something odd was typed.
 */
export function storableText(text: string): string {
  return text.replace(/\0/g, '\uFFFD');
}

/** For LIKE: the query's own % and _ are text, not wildcards. */
export const likeEscape = (w: string) => w.replace(/[\\%_]/g, (c) => `\\${c}`);
