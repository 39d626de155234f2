/** Who acts on a case: the roles, once, for the action table, the validators and the API. */
export const ROLES = ['secretary', 'chair', 'member', 'school', 'complainant', 'respondent', 'system'] as const;
export type Role = (typeof ROLES)[number];

export type Actor = { userId: string; role: Role };

/** The two parties of a hearing (postponements, absence). */
export const HEARING_PARTIES = ['complainant', 'school'] as const;
export type HearingParty = (typeof HEARING_PARTIES)[number];

/** Who may give availability, by respondent: a party for itself, a panel member for itself, a secretary for anyone. */
export const AVAILABILITY_ROLES = { complainant: ['complainant', 'secretary'], school: ['school', 'secretary'], panel: ['chair', 'member', 'secretary'] } as const satisfies Record<string, readonly Role[]>;
/** Who may ask a postponement, by party. */
export const POSTPONEMENT_ROLES = { complainant: ['complainant', 'secretary'], school: ['school', 'secretary'] } as const satisfies Record<string, readonly Role[]>;
