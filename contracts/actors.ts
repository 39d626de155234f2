/** Who acts on a case: the roles, once, for the action table, the validators and the API. */
export const ROLES = ['secretary', 'chair', 'member', 'school', 'complainant', 'respondent', 'system'] as const;
export type Role = (typeof ROLES)[number];

export type Actor = { userId: string; role: Role };

/** The two parties of a hearing (postponements, absence). */
export const HEARING_PARTIES = ['complainant', 'school'] as const;
export type HearingParty = (typeof HEARING_PARTIES)[number];
