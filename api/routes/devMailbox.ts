/**
 * Development only (no SMTP_URL set): what the local SMTP capture received, so a secretary trying
 * klachtflow out can see the letters as the parties would get them. Staff token required.
 */
import { Router } from 'express';
import type { Knex } from 'knex';
import { devMailRaw, listDevMailbox } from '../../platform/mail/captureServer';
import { NotFoundError, ValidationError } from '../errors';
import { requireApiToken } from '../middleware/apiToken';

export function devMailboxRouter(deps: { db: Knex }): Router {
  const router = Router();
  router.use(requireApiToken(deps.db, ['secretary', 'chair']));
  router.get('/', async (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError([{ field: 'limit', message: 'must be a whole number from 1 to 1000' }]);
    const to = req.query.to === undefined ? undefined : String(req.query.to);
    res.json({ mails: await listDevMailbox(deps.db, { limit, to }) });
  });
  router.get('/:id/raw', async (req, res) => {
    if (!/^\d+$/.test(req.params.id)) throw new NotFoundError('not found');
    const raw = await devMailRaw(deps.db, req.params.id);
    if (!raw) throw new NotFoundError('not found');
    res.type('message/rfc822').send(raw);
  });
  return router;
}
