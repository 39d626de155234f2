/**
 * One identity per person. A staff user acts as `user:<id>` wherever they act: in the console, on
 * the panel pages and through an API token, so four-eyes compares the same id for the same person.
 *
 * Until this rule, an API token of a staff account acted as the bare account id (`42`) while the
 * console used `user:42`. Running workflows and the letters table still hold such bare ids, so
 * comparisons go through sameActor, which reads both forms as one person (no workflow command or
 * stored history changes for it).
 */

/** The actor id of a staff user (the users table's id). */
export function staffActorId(userId: string | number): string {
  return `user:${String(userId)}`;
}

/** An actor id in its current form: a bare account id (the old token form) becomes `user:<id>`. */
export function canonicalActorId(id: string): string {
  return /^\d+$/.test(id) ? staffActorId(id) : id;
}

/** Whether two actor ids name the same person, whichever form each was recorded in. */
export function sameActor(a: string, b: string): boolean {
  return canonicalActorId(a) === canonicalActorId(b);
}
