/** Who acts on a case: the roles, once, for the action table, the validators and the API. */
export const ROLES = ['secretary', 'chair', 'member', 'school', 'complainant', 'respondent', 'system'] as const;
export type Role = (typeof ROLES)[number];

export type Actor = { userId: string; role: Role };

/** The two parties of a hearing (postponements, absence). */
export const HEARING_PARTIES = ['complainant', 'school'] as const;
export type HearingParty = (typeof HEARING_PARTIES)[number];

/** A person complained about, numbered as letters address them: respondent:1, respondent:2, … */
export type RespondentParty = `respondent:${number}`;
export const RESPONDENT_PARTY = /^respondent:[1-9]\d{0,2}$/;
export const isRespondentParty = (x: unknown): x is RespondentParty => typeof x === 'string' && RESPONDENT_PARTY.test(x);
/** Who may ask a postponement of the hearing: the two parties and each person complained about (issue 12). */
export type PostponingParty = HearingParty | RespondentParty;
export const isPostponingParty = (x: unknown): x is PostponingParty => (HEARING_PARTIES as readonly unknown[]).includes(x) || isRespondentParty(x);

/** Who may give availability, by respondent: a party for itself, a panel member for itself, a secretary for anyone. */
export const AVAILABILITY_ROLES = { complainant: ['complainant', 'secretary'], school: ['school', 'secretary'], respondent: ['respondent', 'secretary'], panel: ['chair', 'member', 'secretary'] } as const satisfies Record<string, readonly Role[]>;
/** Who may ask a postponement, by party. */
export const POSTPONEMENT_ROLES = { complainant: ['complainant', 'secretary'], school: ['school', 'secretary'], respondent: ['respondent', 'secretary'] } as const satisfies Record<string, readonly Role[]>;
