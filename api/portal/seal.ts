/**
 * Sealing small secrets with AES-256-GCM under a key derived from the server secret
 * (KLACHTFLOW_SECRET) and a purpose label: one key per purpose, none of them stored anywhere. A
 * sealed value cannot be read or altered without the server secret; changing that secret makes
 * every sealed value unreadable (for TOTP secrets: staff enrol again after an admin reset).
 */
import crypto from 'node:crypto';

function keyFor(secret: string, purpose: string): Buffer {
  return crypto.createHmac('sha256', secret).update(`klachtflow:${purpose}`).digest();
}

export function seal(secret: string, purpose: string, value: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** The sealed value, or undefined when it was not sealed with this secret and purpose or was tampered with. */
export function unseal(secret: string, purpose: string, sealed: string): string | undefined {
  const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
