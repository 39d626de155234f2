/** Errors the API turns into 4xx answers with a body that names what was wrong. */
import type { FieldError } from '../contracts/fieldError';
import type { Refusal } from '../contracts/refusals';
import { refusalText } from '../contracts/refusalTexts';

export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

export class NotFoundError extends Error {}

export class UnauthorizedError extends Error {}

/** The request is well-formed but not allowed now (422 by default; 409 for a refused workflow action, 403 for a role). */
export class ConflictError extends Error {
  readonly errors: FieldError[];
  constructor(
    message: string,
    readonly field?: string,
    readonly status = 422,
    errors?: FieldError[],
  ) {
    super(message);
    this.errors = errors ?? [{ field: field ?? 'body', message }];
  }
}

/**
 * A case action refused, with codes: by the API (a role that may not act, a body that is no
 * object, no running procedure) or by the workflow's validator. The JSON API and the pages word
 * the refusals from their codes in the reader's language; `errors` holds them in English.
 */
export class ActionRefused extends ConflictError {
  constructor(
    readonly refusals: Refusal[],
    status = 409,
  ) {
    const errors = refusals.map((r) => ({ code: r.code, field: r.field, message: refusalText('en', r) }));
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '), refusals[0]?.field, status, errors);
  }
}

/**
 * A request that could not be read, refused before any route saw it: a body parser's error (bad
 * JSON, an unknown charset or content encoding, a body that does not decompress, too large) or the
 * router's (a path with broken percent-encoding). These carry a 4xx status; anything else is ours.
 */
export function unreadableRequest(err: unknown): { status: number; error: FieldError } | undefined {
  const e = err as { type?: string; status?: number; expose?: boolean } | undefined;
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status > 499) return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return { status: 400, error: { field: 'body', message: 'is not valid JSON' } };
    case 'entity.too.large':
      return { status: 413, error: { field: 'body', message: 'is too large' } };
    case 'charset.unsupported':
      return { status: 415, error: { field: 'Content-Type', message: 'names a charset that is not supported' } };
    case 'encoding.unsupported':
      return { status: 415, error: { field: 'Content-Encoding', message: 'is not supported (use gzip, deflate or br, or none)' } };
  }
  if (err instanceof URIError) return { status: 400, error: { field: 'path', message: 'is not valid percent-encoding' } };
  if (e.expose) return { status: e.status, error: { field: 'body', message: 'could not be read' } };
  return undefined;
}
