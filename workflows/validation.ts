/**
 * The checks every update validator shares, once for the three workflows: who acts (with the roles
 * from the action table in contracts/actions.ts, the same the API enforces) and the input's shape
 * (the action's schema). Refusals are thrown as codes (contracts/refusals.ts). Validators create no
 * workflow commands, so what they check can change without breaking replay.
 */
import type { ActionName } from '../contracts/actions';
import type { Actor, Role } from '../contracts/actors';
import { parseInput, refuse } from '../contracts/refusals';

type ActionTable = (typeof import('../contracts/actions'))['ACTIONS'];
let table: ActionTable | undefined;

/**
 * The action table, with its zod schemas, loaded by a workflow's first validation instead of when
 * the workflow's code is loaded. The SDK evaluates the workflow code's modules once per workflow
 * (only the preloaded domain modules are shared, platform/worker.ts), and zod with the schemas of
 * every action is the larger part of a cached case's memory; zod cannot be shared that way (the SDK
 * freezes shared modules, and zod binds its methods lazily on each schema). A case waiting for a
 * timer runs no validator, and replay runs none either, so most open cases never load it.
 */
function actions(): ActionTable {
  // A `require` here, not an import: webpack then evaluates the module at the first call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (table ??= (require('../contracts/actions') as typeof import('../contracts/actions')).ACTIONS);
}

/** The roles the action table gives an action (the same the API enforces). */
export function actionRoles(name: ActionName): readonly Role[] {
  return actions()[name].roles;
}

export function requireActor(by: Actor | undefined, roles: readonly Role[]): asserts by is Actor {
  if (!by || typeof by.userId !== 'string' || !by.userId) refuse('actor-required', 'by');
  if (!roles.includes(by.role)) refuse('role-not-allowed', 'by.role', { roles: roles.join(' or ') });
}

/** Who acts may take this action (or the narrower `roles` the input calls for), and its input fits the action's schema. */
export function validateAction(name: ActionName, req: unknown, roles: readonly Role[] = actionRoles(name)): void {
  requireActor((req as { by?: Actor } | null | undefined)?.by, roles);
  parseInput(actions()[name].input, req);
}

/** The input fits the action's schema (for actions whose actor is checked otherwise). */
export function validateInput(name: ActionName, req: unknown): void {
  parseInput(actions()[name].input, req);
}
