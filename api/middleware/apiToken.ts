/** Bearer-token authentication of the JSON API: the user and role come from the token, never the body. */
import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { NotFoundError, UnauthorizedError } from '../errors';
import { userForToken, type TokenRole, type TokenUser } from '../services/staffTokens';

declare module 'express-serve-static-core' {
  interface Request {
    user?: TokenUser;
  }
}

export function requireApiToken(db: Knex, roles?: readonly TokenRole[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    const user = token ? await userForToken(db, token) : undefined;
    if (!user) return next(new UnauthorizedError('a valid API token is required (Authorization: Bearer …)'));
    // A role without access does not learn that the resource exists.
    if (roles && !roles.includes(user.role as TokenRole)) return next(new NotFoundError('not found'));
    req.user = user;
    next();
  };
}
