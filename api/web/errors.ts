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
