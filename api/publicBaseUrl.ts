import type { Request } from 'express';
import { currentConfig } from '../platform/config';

/** Where school links point: PUBLIC_BASE_URL when set (production), else the address this request came to. */
export function baseUrl(req: Request): string {
  const configured = currentConfig().publicBaseUrl;
  if (configured) return configured.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host')}`;
}
