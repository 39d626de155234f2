/**
 * The school board's door: /school/:token opens the case the link was issued for (rate-limited; an
 * unknown, revoked token, or one whose case is closed, is a plain 404) and trades the token for a
 * session, so the token leaves the address bar and every later page is reached by session. Each
 * request checks the link again: a revoked link closes the session's door too. The pages themselves
 * (complaint, documents, letters, defence, the later procedure forms) are the school case pages of
 * parties/schoolCasePages.ts, which a logged-in board contact reaches under /bestuur as well.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { LIMITS } from '../../portal/rateLimit';
import { linkStillValid, resolveSchoolLink } from '../../portal/schoolLinks';
import { endSession, startPartySession } from '../context';
import { PageNotFound } from '../errors';
import { clientIp, guessAttempt, partyOf } from '../guards';
import { schoolCasePages } from '../parties/schoolCasePages';

export function schoolRoutes(deps: { db: Knex; temporal: Client }): Router {
  const router = Router();

  const school = (req: Request) => partyOf(req, 'school');

  // Pages of an opened link: the session must belong to a school link that still holds.
  const requireLink = async (req: Request, res: Response, next: NextFunction) => {
    const party = school(req);
    if (!party || !(await linkStillValid(deps.db, party.linkId))) {
      if (party) await endSession(deps.db, req, res);
      return next(new PageNotFound('school.linkInvalid'));
    }
    next();
  };

  router.use(
    schoolCasePages(deps, {
      base: '/school',
      guard: requireLink,
      resolve: async (req) => {
        const party = school(req)!;
        return { caseId: party.caseId, caseNumber: party.caseNumber, actorId: `school-link:${party.linkId}`, canAct: true };
      },
    }),
  );

  // Last: any other /school/<something> is a token.
  router.get('/school/:token', async (req, res) => {
    const attempt = await guessAttempt(deps.db, [[LIMITS.schoolTokenPerIp, clientIp(req)]]);
    const link = await resolveSchoolLink(deps.db, String(req.params.token));
    if (!link) {
      throw new PageNotFound('school.linkInvalid');
    }
    await attempt.succeeded();
    await startPartySession(deps.db, req, res, { kind: 'school', linkId: link.linkId, caseId: link.caseId, caseNumber: link.caseNumber });
    res.redirect(303, '/school');
  });

  return router;
}
