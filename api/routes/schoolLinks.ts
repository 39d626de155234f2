/**
 * POST /api/cases/:caseNumber/school-links — the secretary issues the school board's link to one
 * case. The URL (with its token) is in this answer only; the database keeps its hash. It holds until
 * the case is closed, unless expiresInDays asks for less. Issuing again
 * revokes every earlier link of the case. Recorded in the case's audit log.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { isCaseNumber } from '../../domain/caseNumber';
import { appendEvent, findCase } from '../../platform/store/cases';
import { ConflictError, NotFoundError, UnauthorizedError } from '../errors';
import { assertBody } from '../openapi/validate';
import { issueSchoolLink } from '../portal/schoolLinks';
import { userForToken } from '../services/staffTokens';
import { baseUrl } from '../publicBaseUrl';


export function schoolLinksRouter(deps: { db: Knex }): Router {
  const router = Router();

  const bearer = async (req: Request, _res: Response, next: NextFunction) => {
    const token = /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    const user = token ? await userForToken(deps.db, token) : undefined;
    if (!user) return next(new UnauthorizedError('a valid API token is required (Authorization: Bearer …)'));
    req.user = user;
    next();
  };

  router.post('/:caseNumber/school-links', bearer, async (req, res) => {
    const user = req.user!;
    if (user.role !== 'secretary') throw new ConflictError(`a ${user.role} may not issue school links`, 'role', 403);
    const body = req.body === undefined || (typeof req.body === 'object' && req.body !== null && Object.keys(req.body).length === 0) ? {} : req.body;
    assertBody('SchoolLinkRequest', body);
    const caseNumber = String(req.params.caseNumber);
    const row = isCaseNumber(caseNumber) ? await findCase(deps.db, caseNumber) : undefined;
    if (!row) throw new NotFoundError('case not found');
    const days = (body as { expiresInDays?: number }).expiresInDays;
    const actor = `${user.role}:${user.userId}`;
    const link = await issueSchoolLink(deps.db, row.id, actor, { days });
    await appendEvent(deps.db, { caseId: row.id, type: 'school-link.issued', actor, data: { linkId: link.linkId, expiresAt: link.expiresAt?.toISOString() ?? null, revokedPrevious: link.revoked } });
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json({ url: `${baseUrl(req)}/school/${link.token}`, linkId: link.linkId, expiresAt: link.expiresAt?.toISOString() ?? null, revokedPrevious: link.revoked });
  });

  return router;
}
