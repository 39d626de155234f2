/**
 * Security headers on every answer. The CSP allows scripts from nowhere (the pages need none) and
 * styles only from our own stylesheet; no framing (clickjacking), no referrer (a school link's token
 * must never leak to another site), no MIME sniffing.
 */
import type { NextFunction, Request, Response } from 'express';
import { currentConfig } from '../../platform/config';

export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  });
  if (currentConfig().production) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}

/**
 * Case data must not stay behind in a browser's or proxy's cache (a shared computer, a school's
 * proxy): every JSON answer that may carry it is marked no-store, as the portal's pages, letters and
 * documents are (render.ts and their routes).
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  next();
}
