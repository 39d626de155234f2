/**
 * Validates request bodies against the OpenAPI document's schemas, and turns ajv's errors into the
 * API's own `{field, message}` list naming every bad field.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ValidationError } from '../errors';
import { OPENAPI_DOCUMENT } from './document';

export const DOCUMENT_ID = 'https://klachtflow.local/api/openapi.json';

/** One ajv with the whole document loaded, so `#/components/schemas/…` references resolve. */
export function createAjv(): Ajv2020 {
  // strict off: the document carries OpenAPI keywords (paths, examples, …) ajv does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(OPENAPI_DOCUMENT as unknown as object, DOCUMENT_ID);
  return ajv;
}

let shared: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(name: string): ValidateFunction {
  shared ??= createAjv();
  let fn = compiled.get(name);
  if (!fn) {
    fn = shared.getSchema(`${DOCUMENT_ID}#/components/schemas/${name}`);
    if (!fn) throw new Error(`no schema ${name} in the OpenAPI document`);
    compiled.set(name, fn);
  }
  return fn;
}

function fieldOf(e: ErrorObject): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return [path, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') return [path, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  return path || 'body';
}

function messageOf(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  return e.message ?? 'is not valid';
}

/** Throws a ValidationError naming each bad field when `body` does not match the named schema. */
export function assertBody(name: string, body: unknown): void {
  const validate = schemaValidator(name);
  if (validate(body)) return;
  const seen = new Set<string>();
  const errors = (validate.errors ?? [])
    .map((e) => ({ field: fieldOf(e), message: messageOf(e) }))
    .filter((e) => !seen.has(`${e.field}:${e.message}`) && seen.add(`${e.field}:${e.message}`));
  throw new ValidationError(errors);
}
