/**
 * Staff passwords, hashed with scrypt from node:crypto. scrypt is memory-hard (an attacker with GPUs
 * pays for memory per guess, unlike PBKDF2), is one of the algorithms OWASP recommends, and ships
 * with Node, so no native add-on has to be built (argon2 would need one). Parameters and salt are
 * kept in the stored string, so they can be raised later and old hashes still verify.
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

// N=2^15, r=8, p=1: OWASP's minimum for scrypt; 32 MiB and ~50–100 ms per hash on a server core.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * PARAMS.N * PARAMS.r * 2;

export const PASSWORD_MIN_LENGTH = 12;

/**
 * Whether a password is too easy to guess: zxcvbn-ts (Dropbox's estimator) with its common
 * dictionary, which ships lists of the most used and breached passwords, keyboard patterns and
 * common words, so no network is needed. Score below 3 means fewer than 10^8 guesses: such a
 * password, or a simple variant of one ("qwertyuiop123", "password1234"), is refused. The user's
 * own name and e-mail count as known words.
 */
let estimator: ZxcvbnFactory | undefined;
export function isGuessablePassword(password: string, userInputs: string[] = []): boolean {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs });
  const words = userInputs.flatMap((s) => s.toLowerCase().split(/[\s@.]+/)).filter((w) => w.length >= 3);
  return estimator.check(password.slice(0, 256), words).score < 3;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...PARAMS, maxmem: MAX_MEMORY });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return crypto.timingSafeEqual(key, expected);
}

/** A hash of a password nobody has: verified against when the e-mail is unknown, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummyHash;
}
