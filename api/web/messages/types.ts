/** A page text in both languages, keyed by `area.item`. */
export type Messages = Record<string, { nl: string; en: string }>;
