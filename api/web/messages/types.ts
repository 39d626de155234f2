/** A page text in both languages. */
export interface Message {
  nl: string;
  en: string;
}

/** Page texts keyed by `area.item`; each catalogue is declared `satisfies Messages` so its keys stay literal. */
export type Messages = Record<string, Message>;
