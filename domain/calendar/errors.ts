/**
 * Typed errors of the calendar engine. Callers (CLI, HTTP, workflows) branch on the class and show
 * `field` to the user, so every input error names the input that caused it.
 */

/** Bad input: an impossible date, a non-positive amount, a year outside 1900–2200, … */
export class CalendarInputError extends Error {
  constructor(
    /** Path of the offending input, e.g. 'trigger', 'term.amount', 'suspensions[1].until'. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CalendarInputError';
  }
}

/**
 * The computation needs data the calendar does not have: a date before 1900 or after 2200, or a
 * school-holiday date outside the published school years. We refuse rather than guess.
 */
export class CalendarRangeError extends CalendarInputError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = 'CalendarRangeError';
  }
}

/** More extensions were asked for than the term's policy allows (maxExtensions). */
export class ExtensionLimitError extends CalendarInputError {
  constructor(
    readonly allowed: number,
    readonly requested: number,
  ) {
    super(
      'extensions',
      `this term may be extended at most ${allowed} time(s); ${requested} extensions were given`,
    );
    this.name = 'ExtensionLimitError';
  }
}

/** The calendar data (royal decrees, school holidays) is malformed. A programming/data error, not user input. */
export class CalendarDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarDataError';
  }
}
