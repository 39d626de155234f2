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

export class TooManyRequests extends Error {
  constructor(readonly retryAfter: number) {
    super('too many requests');
  }
}

export class UploadTooLarge extends Error {
  constructor() {
    super('upload too large');
  }
}
