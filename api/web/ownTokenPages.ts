/**
 * Staff see and revoke their own API tokens under /api-sleutels. The account is read again on each
 * request (as on the admin pages): a disabled account's session ends here too.
 */
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import type { StaffUser } from '../portal/users';
import { currentStaffUser } from './guards';
import { mountTokenPages } from './tokenPages';

const owners = new WeakMap<Request, StaffUser>();

export function mountOwnTokenPages(router: Router, db: Knex): void {
  router.use('/api-sleutels', async (req, res, next) => {
    const user = await currentStaffUser(db, req, res);
    if (!user) return;
    owners.set(req, user);
    next();
  });
  const owner = (req: Request) => owners.get(req)!;
  mountTokenPages(router, db, {
    base: '/api-sleutels',
    actor: (req: Request) => ({ userId: owner(req).id, name: owner(req).name, ip: req.ip }),
    ownerOf: (req: Request, _res: Response) => owner(req).id,
    view: () => ({ current: 'api-tokens' }),
  });
}
