/** A problem with one field of a request, as the API answers it and the pages show it. */
export interface FieldError {
  field: string;
  message: string;
  /** Set for a refusal of a case action: the refusal code (contracts/refusals.ts). */
  code?: string;
}
