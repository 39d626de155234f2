import type { Messages } from './types';

/** Texts of the administrator pages (users, policy versions, committee members). */
export const ADMIN_MESSAGES: Messages = {};
