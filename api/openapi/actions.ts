/**
 * The case actions in the OpenAPI document, generated from their zod schemas (contracts/actions.ts):
 * one request body schema per action, and per operation which actions it takes, who may take them
 * and the refusal codes each can answer with.
 */
import { z } from 'zod';
import { ACTION_NAMES, ACTIONS, type ActionName } from '../../contracts/actions';
import type { Role } from '../../contracts/actors';

/** The component name of an action's body: decideAdmissibility → DecideAdmissibilityBody. */
export function actionBodySchemaName(name: ActionName): string {
  return `${name[0].toUpperCase()}${name.slice(1)}Body`;
}

/** The JSON Schema (2020-12) of what a client sends: the action's input without what the API sets itself. */
export function actionBodySchema(name: ActionName): Record<string, unknown> {
  const contract = ACTIONS[name];
  const generated = z.toJSONSchema(contract.input, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema: _dialect, ...schema } = generated;
  const setByApi: readonly string[] = ('setByApi' in contract ? contract.setByApi : undefined) ?? [];
  if (setByApi.length && schema.properties) {
    schema.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, unknown>).filter(([key]) => !setByApi.includes(key)));
    if (Array.isArray(schema.required)) schema.required = (schema.required as string[]).filter((key) => !setByApi.includes(key));
  }
  return schema;
}

export function actionBodySchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(ACTION_NAMES.map((name) => [actionBodySchemaName(name), { description: `The body of the action ${name}.`, ...actionBodySchema(name) }]));
}

/** x-actions of an operation: per action (the ones `role` may take, when given) its body, roles and refusal codes. */
export function actionsOperation(role?: Role): Record<string, { requestBody: { $ref: string }; roles: Role[]; refusals: string[] }> {
  const names = ACTION_NAMES.filter((name) => role === undefined || (ACTIONS[name].roles as readonly Role[]).includes(role));
  return Object.fromEntries(
    names.map((name) => [name, { requestBody: { $ref: `#/components/schemas/${actionBodySchemaName(name)}` }, roles: [...ACTIONS[name].roles], refusals: [...ACTIONS[name].refusals] }]),
  );
}
