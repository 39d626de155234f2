import type { Messages } from './types';

/** Texts of the secretary's console. */
export const CONSOLE_MESSAGES: Messages = {};
