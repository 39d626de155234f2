/** Errors the API turns into 4xx answers with a body that names what was wrong. */
import type { FieldError } from '../domain/intake';

export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

export class NotFoundError extends Error {}

export class ConflictError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}
