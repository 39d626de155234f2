/**
 * The complainant's door, shared by the case page (/zaak) and the JSON API: a case number and its
 * access code, with every attempt rate-limited per client, per case and client, and (slowing down
 * only) per case from anywhere — so a guesser elsewhere can never lock the complainant out.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { isCaseNumber } from '../../domain/caseNumber';
import { findCase, type CaseRow } from '../../platform/store/cases';
import { LIMITS } from '../portal/rateLimit';
import { clientIp, guessAttempt } from '../web/guards';
import { accessCodeMatches } from './accessCodes';

/** Longer than any access code, with or without dashes and spaces. */
const CODE_MAX = 64;

/** The case when the code matches it; undefined for an unknown case and a wrong code alike. Throws TooManyRequests. */
export async function caseByAccessCode(deps: { db: Knex; secret: string }, req: Request, caseNumber: string, code: string, field = 'accessCode'): Promise<CaseRow | undefined> {
  const client = clientIp(req);
  const caseKey = caseNumber.slice(0, 20);
  const attempt = await guessAttempt(
    deps.db,
    [
      [LIMITS.accessCodePerIp, client],
      [LIMITS.accessCodePerCase, `${caseKey}|${client}`],
      [LIMITS.accessCodePerCaseSlow, caseKey],
    ],
    field,
  );
  const row = isCaseNumber(caseNumber) && code && code.length <= CODE_MAX ? await findCase(deps.db, caseNumber) : undefined;
  if (!row || !accessCodeMatches(deps.secret, row.case_number, code, row.access_code_hash)) return undefined;
  await attempt.succeeded();
  return row;
}
