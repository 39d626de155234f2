import type { Messages } from './types';

/** Texts of the panel members' pages and the parties' procedure forms. */
export const PARTY_MESSAGES: Messages = {};
