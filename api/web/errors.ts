/** Errors of the pages, rendered as HTML pages by the portal's error handler. */
export class PageNotFound extends Error {
  constructor(readonly messageKey = 'error.notFoundText') {
    super('page not found');
  }
}

export class CsrfError extends Error {
  constructor() {
    super('CSRF token missing or wrong');
  }
}

/** A rate limit refused the request; the JSON API names `field` and `reason`, the pages say it in Dutch. */
export class TooManyRequests extends Error {
  constructor(
    readonly retryAfter: number,
    readonly reason = 'too many requests',
    readonly field = 'request',
  ) {
    super(reason);
  }
}

export class UploadTooLarge extends Error {
  constructor() {
    super('upload too large');
  }
}

/** A multipart body that does not parse (no boundary, cut off, broken part headers): the client's fault, a 400. */
export class MalformedForm extends Error {
  readonly status = 400;
  readonly expose = true;
  constructor(cause: unknown) {
    super(`malformed multipart form: ${(cause as Error)?.message ?? String(cause)}`);
  }
}
