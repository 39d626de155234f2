/** Errors the API turns into 4xx answers with a body that names what was wrong. */
import type { FieldError } from '../domain/intake';

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
