/**
 * The board's contact persons in the console (/medewerkers/besturen/:number/contactpersonen): the
 * committee's secretary or administrator sees them and invites one (typically the board's first,
 * managing contact; the board invites the rest itself under /bestuur). Audited in admin_audit.
 */
import { currentConfig, type MailConfig } from '../../../platform/config';
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { listContacts } from '../../portal/boardContacts';
import { boardByNumber } from '../../../platform/store/boardContacts';
import { consoleUser, type ConsoleUser } from '../console/access';
import { PageNotFound } from '../errors';
import { errorSummary, type FieldError } from '../forms';
import { messageKey, translate } from '../i18n';
import { renderPage } from '../render';
import { boardSchools, inviteFields, inviteFromForm, renderInvited } from '../boards/invite';

export function boardConsoleRoutes(deps: { db: Knex; mail?: Pick<MailConfig, 'smtpUrl' | 'from'> }): Router {
  const router = Router();
  const { db } = deps;

  /** Secretaries and administrators manage board accounts; other staff are told the page does not exist. */
  async function manager(req: Request): Promise<ConsoleUser> {
    const user = await consoleUser(db, req);
    if (!user || (user.role !== 'secretary' && user.role !== 'admin')) throw new PageNotFound();
    return user;
  }

  async function boardOf(req: Request) {
    const number = String(req.params.number);
    const board = /^[0-9]{1,10}$/.test(number) ? await boardByNumber(db, number) : undefined;
    if (!board) throw new PageNotFound();
    return board as { number: string; name: string };
  }

  async function render(req: Request, res: Response, board: { number: string; name: string }, values: Record<string, string>, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const fields = inviteFields(lang, await boardSchools(db, board.number), values, errors);
    const contacts = (await listContacts(db, board.number)).map((c) => ({ ...c, roleLabel: translate(lang, messageKey(`board.role.${c.role}`)) }));
    renderPage(req, res, 'console-board-contacts', {
      titleKey: 'board.contacts.title',
      heading: translate(lang, 'console.boardContacts.title', { name: board.name }),
      board,
      contacts,
      fields,
      action: `/medewerkers/besturen/${board.number}/contactpersonen`,
      errorSummary: errorSummary(fields),
    }, status);
  }

  router.get('/medewerkers/besturen/:number/contactpersonen', async (req, res) => {
    await manager(req);
    await render(req, res, await boardOf(req), {}, []);
  });

  router.post('/medewerkers/besturen/:number/contactpersonen', async (req, res) => {
    const user = await manager(req);
    const board = await boardOf(req);
    const outcome = await inviteFromForm(db, deps.mail ?? currentConfig().mail, req, board.number, { actorId: `user:${user.userId}`, name: user.name });
    if ('errors' in outcome) return render(req, res, board, outcome.values, outcome.errors, 400);
    renderInvited(req, res, outcome, `/medewerkers/besturen/${board.number}/contactpersonen`);
  });

  return router;
}
