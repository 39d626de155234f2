/**
 * The rules of a new policy version (issue 13), pure: its number, its valid-from date and who may
 * approve it. The admin pages and the store apply them; the database's constraints repeat the last.
 */

/** Why a valid-from date is refused (a code), or undefined: today or later, and after the version it follows. */
export function validFromRefusal(validFrom: string, today: string, previousValidFrom: string | undefined): 'valid-from-past' | 'valid-from-order' | undefined {
  if (validFrom < today) return 'valid-from-past';
  if (previousValidFrom !== undefined && validFrom <= previousValidFrom) return 'valid-from-order';
  return undefined;
}

/** The next version's number: the valid-from year and a sequence within it ("2027.1", "2027.2"). */
export function nextVersionNumber(validFrom: string, existing: readonly string[]): string {
  const year = validFrom.slice(0, 4);
  const used = existing.filter((v) => v.startsWith(`${year}.`)).map((v) => Number(v.slice(5)));
  return `${year}.${used.length ? Math.max(...used) + 1 : 1}`;
}

/** Why `userId` may not approve the version now (a code), or undefined when they may: four eyes. */
export function approvalRefusal(version: { status: 'draft' | 'approved'; createdBy: string | null }, userId: string): 'four-eyes' | 'not-draft' | undefined {
  if (version.status !== 'draft') return 'not-draft';
  if (version.createdBy === userId) return 'four-eyes';
  return undefined;
}
