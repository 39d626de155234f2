/**
 * Access codes let a complainant read their case with nothing but the case number. A code has 60
 * random bits, is shown once, and is stored only as an HMAC keyed with the server secret.
 */
import crypto from 'node:crypto';

// No 0/O, 1/I: codes are read aloud over the phone and typed from paper.
export const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ALPHABET = ACCESS_CODE_ALPHABET;
const LENGTH = 12;

function encode(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < LENGTH; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

export function randomAccessCode(): string {
  return encode(crypto.randomBytes(LENGTH));
}

/**
 * The code of an intake retried under the same Idempotency-Key: derived, so a client that lost the
 * first answer gets the same code again without the code ever being stored.
 */
export function derivedAccessCode(secret: string, idempotencyKey: string, caseNumber: string): string {
  return encode(crypto.createHmac('sha256', secret).update(`intake:${idempotencyKey}:${caseNumber}`).digest());
}

export function normaliseAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashAccessCode(secret: string, caseNumber: string, code: string): string {
  return crypto.createHmac('sha256', secret).update(`access:${caseNumber}:${normaliseAccessCode(code)}`).digest('hex');
}

export function accessCodeMatches(secret: string, caseNumber: string, code: string, storedHash: string): boolean {
  const given = Buffer.from(hashAccessCode(secret, caseNumber, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && crypto.timingSafeEqual(given, stored);
}
