/**
 * The checks every update validator shares, once for the three workflows: who acts (with the roles
 * from the action table in contracts/actions.ts, the same the API enforces) and the input's shape
 * (the action's schema). Refusals are thrown as codes (contracts/refusals.ts). Validators create no
 * workflow commands, so what they check can change without breaking replay.
 */
import { ACTIONS, type ActionName } from '../contracts/actions';
import type { Actor, Role } from '../contracts/actors';
import { parseInput, refuse } from '../contracts/refusals';

export function requireActor(by: Actor | undefined, roles: readonly Role[]): asserts by is Actor {
  if (!by || typeof by.userId !== 'string' || !by.userId) refuse('actor-required', 'by');
  if (!roles.includes(by.role)) refuse('role-not-allowed', 'by.role', { roles: roles.join(' or ') });
}

/** Who acts may take this action (or the narrower `roles` the input calls for), and its input fits the action's schema. */
export function validateAction(name: ActionName, req: unknown, roles: readonly Role[] = ACTIONS[name].roles): void {
  requireActor((req as { by?: Actor } | null | undefined)?.by, roles);
  parseInput(ACTIONS[name].input, req);
}

/** The input fits the action's schema (for actions whose actor is checked otherwise). */
export function validateInput(name: ActionName, req: unknown): void {
  parseInput(ACTIONS[name].input, req);
}
