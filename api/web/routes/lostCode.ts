/**
 * "Toegangscode kwijt?": the complainant gives the case number and gets a new access code at the
 * address on file (api/services/accessCodeReissue.ts). One answer for every case number, existing
 * or not; rate-limited per client and per case number.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { currentConfig } from '../../../platform/config';
import { reissueAccessCode, type ReissueDeps } from '../../services/accessCodeReissue';
import { LIMITS } from '../../portal/rateLimit';
import { ensureSession } from '../context';
import { buildField, errorSummary, fieldText, type FieldError, type FieldSpec } from '../forms';
import { translate } from '../i18n';
import { renderPage } from '../render';
import { clientIp, rateLimit } from '../guards';

const FIELDS: FieldSpec[] = [{ name: 'caseNumber', kind: 'text', labelKey: 'field.caseNumber', hintKey: 'field.caseNumber.hint', inputmode: 'numeric' }];

export function lostCodeRoutes(deps: { db: Knex; secret: string; mail?: ReissueDeps['mail'] }): Router {
  const router = Router();

  function render(req: Request, res: Response, values: Record<string, string>, errors: FieldError[], opts: { sent?: boolean; status?: number } = {}) {
    const fields = FIELDS.map((s) => buildField(req.portal.lang, s, values, errors));
    renderPage(req, res, 'track-lost-code', { titleKey: 'lostCode.title', fields, sent: opts.sent ?? false, errorSummary: errorSummary(fields) }, opts.status);
  }

  router.get('/zaak/code-kwijt', async (req, res) => {
    await ensureSession(deps.db, req, res);
    render(req, res, {}, []);
  });

  router.post('/zaak/code-kwijt', async (req, res) => {
    const caseNumber = fieldText(req.body?.caseNumber).trim().slice(0, 40);
    if (!caseNumber) return render(req, res, {}, [{ field: 'caseNumber', message: translate(req.portal.lang, 'lostCode.caseNumberRequired') }], { status: 400 });
    await rateLimit(deps.db, [[LIMITS.accessCodeReissuePerIp, clientIp(req)], [LIMITS.accessCodeReissuePerCase, caseNumber.slice(0, 20)]], 'caseNumber');
    await reissueAccessCode({ db: deps.db, secret: deps.secret, mail: deps.mail ?? currentConfig().mail }, caseNumber, req.ip);
    // The same page for every case number: nobody learns here which cases exist.
    render(req, res, {}, [], { sent: true });
  });

  return router;
}
