/**
 * The API-token pages: a list (name, owner, role, created, last used, expiry, status) and revoking
 * one after a confirmation page. Administrators see every token under /beheer/api-sleutels; staff
 * see their own under /api-sleutels. Each revocation is written to the administrators' audit trail
 * in the same transaction. The same pages serve both; the caller decides whose tokens they show.
 */
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import { findToken, listTokens, revokeToken, type TokenRow } from '../services/staffTokens';
import { recordAdminAction, type AdminActor } from './admin/audit';
import { PageNotFound } from './errors';
import { errorSummary } from './forms';
import { messageKey, translate, type Lang } from './i18n';
import { renderPage } from './render';

export interface TokenPagesScope {
  /** Where the pages live: '/beheer/api-sleutels' or '/api-sleutels'. */
  base: string;
  /** Who acts (for the audit trail). */
  actor(req: Request, res: Response): AdminActor;
  /** Only this account's tokens; undefined: all tokens. */
  ownerOf(req: Request, res: Response): string | undefined;
  /** Extra view fields (the admin navigation and its notice). */
  view(req: Request, res: Response): Record<string, unknown>;
}

function tokenView(lang: Lang, t: TokenRow, now: Date) {
  const status = t.revokedAt ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active';
  return {
    ...t,
    roleLabel: translate(lang, messageKey(`admin.role.${t.role}`)),
    statusLabel: translate(lang, `tokens.status.${status}`),
    active: status === 'active',
    owner: t.schoolBrin ? `${t.ownerName} (${t.schoolBrin})` : t.ownerName,
  };
}

export function mountTokenPages(router: Router, db: Knex, scope: TokenPagesScope): void {
  const { base } = scope;

  router.get(base, async (req, res) => {
    const lang = req.portal.lang;
    const mine = scope.ownerOf(req, res);
    const now = new Date();
    const tokens = (await listTokens(db, mine === undefined ? {} : { staffUserId: mine })).map((t) => tokenView(lang, t, now));
    const done = req.query.gedaan === 'tokenRevoked' ? translate(lang, 'tokens.done.revoked') : undefined;
    renderPage(req, res, 'api-tokens', { titleKey: mine === undefined ? 'tokens.allTitle' : 'tokens.ownTitle', all: mine === undefined, tokens, base, done, ...scope.view(req, res) });
  });

  async function tokenOr404(req: Request, res: Response): Promise<TokenRow> {
    const mine = scope.ownerOf(req, res);
    const token = await findToken(db, String(req.params.tokenId), mine === undefined ? {} : { staffUserId: mine });
    if (!token) throw new PageNotFound('tokens.notFound');
    return token;
  }

  router.get(`${base}/:tokenId/intrekken`, async (req, res) => {
    const token = await tokenOr404(req, res);
    const lang = req.portal.lang;
    renderPage(req, res, 'api-token-revoke', { titleKey: 'tokens.revokeTitle', token: tokenView(lang, token, new Date()), base, ...scope.view(req, res) });
  });

  router.post(`${base}/:tokenId/intrekken`, async (req, res) => {
    const token = await tokenOr404(req, res);
    const lang = req.portal.lang;
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'ja') {
      const errors = [{ field: 'confirm', message: translate(lang, 'tokens.err.confirm') }];
      return renderPage(req, res, 'api-token-revoke', { titleKey: 'tokens.revokeTitle', token: tokenView(lang, token, new Date()), base, confirmError: errors[0].message, errorSummary: errorSummary([], errors), ...scope.view(req, res) }, 400);
    }
    const actor = scope.actor(req, res);
    await db.transaction(async (trx) => {
      if (await revokeToken(trx, token.id, `user:${actor.userId}`)) {
        await recordAdminAction(trx, actor, { action: 'token.revoked', targetType: 'api-token', targetId: token.id, data: { name: token.name, owner: token.ownerName, role: token.role } });
      }
    });
    res.redirect(303, `${base}?gedaan=tokenRevoked`);
  });
}
