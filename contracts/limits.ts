/**
 * Limits of the procedure that more than one layer checks. A measure's own compliance term: at most
 * 52 weeks (one year), the limit the advice form states (process.md sets only the default, 8 weeks).
 */
export const MEASURE_TERM_WEEKS = { min: 1, max: 52 } as const;
