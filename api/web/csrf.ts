/**
 * CSRF protection with a synchroniser token: each session has a random token, every form carries it
 * in a hidden field, and every POST must send it back. SameSite=Lax cookies already stop most
 * cross-site posts; the token also covers older browsers and same-site attackers.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CsrfError } from './errors';
import { dropRestOfBody, isUploadPath } from './uploads';

export function csrfTokenMatches(req: Request, given: unknown): boolean {
  const session = req.portal.session;
  if (!session || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function assertCsrf(req: Request, given: unknown): void {
  if (!csrfTokenMatches(req, given)) throw new CsrfError();
}

/**
 * Checks every state-changing request with a form body. Multipart bodies are accepted only on the
 * upload paths, whose handler checks the token in the body's first part (or a header) before it
 * reads any file (see readUploadForm in uploads.ts); anywhere else a multipart body would carry a
 * token nobody checks.
 */
export function csrfProtection(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if (req.is('multipart/form-data')) {
    // No session cannot become a valid token later: refuse before parsing, and hold none of it.
    if (!req.portal.session || !isUploadPath(req.path)) {
      dropRestOfBody(req);
      return next(new CsrfError());
    }
    return next();
  }
  assertCsrf(req, (req.body as Record<string, unknown> | undefined)?._csrf);
  next();
}
