/**
 * Per-request portal state: the language, and the server-side session once there is one. Sessions
 * are made only when a page needs one (a form's CSRF token, a login), so passing readers and bots
 * write nothing.
 */
import type { Request, Response, NextFunction } from 'express';
import type { Knex } from 'knex';
import { currentConfig } from '../../platform/config';
import { LANGS, type Lang } from './i18n';
import { createSession, destroySession, loadSession, SESSION_COOKIE, type Session, type SessionData, type SessionParty } from '../portal/sessions';

export interface PortalContext {
  lang: Lang;
  session?: Session;
}

declare module 'express-serve-static-core' {
  interface Request {
    portal: PortalContext;
  }
}

export const LANG_COOKIE = 'kf_lang';

export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.get('Cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!(name in out)) {
      try {
        out[name] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        // a malformed cookie is ignored, not an error page
      }
    }
  }
  return out;
}

/** Secure cookies whenever the request came over HTTPS (also behind a trusted proxy) or in production. */
function secure(req: Request): boolean {
  return req.secure || currentConfig().production;
}

function setSessionCookie(req: Request, res: Response, id: string): void {
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/' });
}

export function portalContext(db: Knex) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const cookies = readCookies(req);
    let lang: Lang = 'nl';
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    if (asked && (LANGS as readonly string[]).includes(asked)) {
      lang = asked as Lang;
      res.cookie(LANG_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/', maxAge: 365 * 86_400_000 });
    } else if ((LANGS as readonly string[]).includes(cookies[LANG_COOKIE])) {
      lang = cookies[LANG_COOKIE] as Lang;
    }
    const sid = cookies[SESSION_COOKIE];
    const session = sid ? await loadSession(db, sid) : undefined;
    req.portal = { lang, session };
    next();
  };
}

/** The session, made now if the visitor has none yet (for a form's CSRF token). */
export async function ensureSession(db: Knex, req: Request, res: Response): Promise<Session> {
  if (req.portal.session) return req.portal.session;
  const { id, session } = await createSession(db);
  setSessionCookie(req, res, id);
  req.portal.session = session;
  return session;
}

/**
 * Starts a fresh session for someone who just proved who they are. The old session (and its id,
 * which may have been planted) is thrown away: no session fixation.
 */
export async function startPartySession(db: Knex, req: Request, res: Response, party: SessionParty, keep: SessionData = {}): Promise<Session> {
  if (req.portal.session) await destroySession(db, req.portal.session.idHash);
  const { id, session } = await createSession(db, { ...keep, party });
  setSessionCookie(req, res, id);
  req.portal.session = session;
  return session;
}

export async function endSession(db: Knex, req: Request, res: Response): Promise<void> {
  if (req.portal.session) await destroySession(db, req.portal.session.idHash);
  req.portal.session = undefined;
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secure(req), path: '/' });
}
