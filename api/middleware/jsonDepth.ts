/**
 * Refuses JSON bodies nested deeper than any message of this API needs. JSON.parse reads a body of
 * a few hundred kilobytes nested tens of thousands deep, but everything after it that walks the value
 * recursively (JSON.stringify in Temporal's payload converter, validators) overflows the stack on
 * it: such a body must end as a 400 here, not as a 500 further on.
 */
import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '../errors';

export const MAX_JSON_DEPTH = 32;

/** The nesting depth of a parsed JSON value (a scalar is 0), counted without recursion. */
export function jsonDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > stopAt) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, inner]);
  }
  return deepest;
}

export function refuseDeepJson(req: Request, _res: Response, next: NextFunction): void {
  if (jsonDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return next(new ValidationError([{ field: 'body', message: `is nested more than ${MAX_JSON_DEPTH} levels deep` }]));
  }
  next();
}
