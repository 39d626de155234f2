/** The public intake contract: file a complaint, and read it back with its access code. */
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { amsterdamDate } from '../../domain/clock';
import { validateComplaint } from '../../domain/intake';
import { approvedPolicyValidOn } from '../../platform/store/policies';
import type { CaseRow } from '../../platform/store/cases';
import { apiLang, loadCaseView, partyCaseJson } from '../web/caseView';
import { runCaseAction } from '../services/caseActions';
import { NotFoundError, UnauthorizedError, ValidationError } from '../errors';
import { caseByAccessCode } from '../services/complainantAccess';
import { fileComplaint } from '../services/intake';
import { reissueAccessCode, type ReissueDeps } from '../services/accessCodeReissue';
import { currentConfig } from '../../platform/config';
import { userForToken } from '../services/staffTokens';
import { LIMITS } from '../portal/rateLimit';
import { clientIp, rateLimit } from '../web/guards';

export interface ComplaintsRouterDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  secret: string;
  now?: () => Date;
  /** Where a new access code is mailed; the configured SMTP relay by default. */
  mail?: ReissueDeps['mail'];
}

/** The one answer to a request for a new access code, whether the case exists or not. */
export const ACCESS_CODE_REQUEST_ANSWER = 'If the case number exists, a new access code is on its way to the address on file; the previous code no longer works.';

const STAFF_ROLES: readonly string[] = ['secretary', 'chair', 'member'];

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: 'must be 8 to 200 characters of letters, digits, . _ : -' }]);
  }
  return key;
}

export function complaintsRouter(deps: ComplaintsRouterDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.post('/', async (req, res) => {
    const key = idempotencyKeyOf(req);
    // Categories, grounds and sectors: those of the policy version valid on the filing day (issue 13).
    const filingDay = amsterdamDate(now());
    const result = validateComplaint(req.body, filingDay, (await approvedPolicyValidOn(deps.db, filingDay)).content);
    if (!result.ok) throw new ValidationError(result.errors);
    await limitAnonymousIntake(req);
    const filed = await fileComplaint(deps, result.value, key);
    res.status(filed.created ? 201 : 200).location(`/api/complaints/${filed.caseNumber}`).json({
      caseNumber: filed.caseNumber,
      accessCode: filed.accessCode,
      status: filed.status,
    });
  });

  /**
   * Every complaint mails an official letter to the address it gives, so anonymous intake is
   * limited per client; the committee's own staff, with an API token, file in bulk unhindered.
   */
  async function limitAnonymousIntake(req: Request): Promise<void> {
    const authorization = req.get('Authorization');
    if (authorization !== undefined) {
      const token = /^Bearer (\S{1,200})$/.exec(authorization)?.[1];
      const user = token ? await userForToken(deps.db, token) : undefined;
      if (!user || !STAFF_ROLES.includes(user.role)) throw new UnauthorizedError('the API token is not valid for filing complaints; leave Authorization out to file as the public does');
      return;
    }
    const client = clientIp(req);
    await rateLimit(deps.db, [[LIMITS.intakePerIp, client], [LIMITS.intakePerIpDay, client]], 'client');
  }

  /** The complainant's case, by case number and access code; unknown case and wrong code answer alike. */
  async function complainantCase(req: Request): Promise<CaseRow> {
    const row = await caseByAccessCode(deps, req, String(req.params.caseNumber), req.get('X-Access-Code') ?? '', 'X-Access-Code');
    if (!row) throw new NotFoundError('case not found, or the access code does not match');
    return row;
  }

  router.post('/access-code-requests', async (req, res) => {
    const caseNumber = typeof req.body?.caseNumber === 'string' ? req.body.caseNumber.trim() : undefined;
    if (!caseNumber) throw new ValidationError([{ field: 'caseNumber', message: 'is required (a case number such as 2026-000123)' }]);
    if (caseNumber.length > 20) throw new ValidationError([{ field: 'caseNumber', message: 'must be a case number such as 2026-000123' }]);
    await rateLimit(deps.db, [[LIMITS.accessCodeReissuePerIp, clientIp(req)], [LIMITS.accessCodeReissuePerCase, caseNumber]], 'caseNumber');
    await reissueAccessCode({ db: deps.db, secret: deps.secret, mail: deps.mail ?? currentConfig().mail }, caseNumber, req.ip);
    res.status(202).json({ message: ACCESS_CODE_REQUEST_ANSWER });
  });

  router.post('/:caseNumber/actions/:action', async (req, res) => {
    const row = await complainantCase(req);
    const result = await runCaseAction(deps.temporal, row.case_number, String(req.params.action), req.body, { userId: `complainant:${row.case_number}`, role: 'complainant' });
    res.json(result);
  });

  router.get('/:caseNumber', async (req, res) => {
    const row = await complainantCase(req);
    // The same view as the complainant's portal page: one filter for both doors.
    const view = await loadCaseView(deps, { caseNumber: row.case_number, party: 'complainant', actor: 'complainant', ip: req.ip, lang: apiLang(req.query.lang), logAction: 'case.read' });
    if (!view) throw new NotFoundError('case not found, or the access code does not match');
    res.json(partyCaseJson(view));
  });

  return router;
}
