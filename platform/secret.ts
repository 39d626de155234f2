/**
 * The server secret keys access-code hashes. Production sets KLACHTFLOW_SECRET; a development
 * install keeps a generated one under .data so codes stay valid across restarts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Shorter secrets make the access-code HMAC guessable offline from a database copy. */
export const MIN_SECRET_LENGTH = 32;

/** Why this KLACHTFLOW_SECRET cannot be used, in one sentence; undefined when it can. */
export function secretProblem(secret: string | undefined): string | undefined {
  if (!secret) return 'KLACHTFLOW_SECRET is required (e.g. `openssl rand -hex 32`).';
  if (secret.length < MIN_SECRET_LENGTH) return `KLACHTFLOW_SECRET must be at least ${MIN_SECRET_LENGTH} characters (it has ${secret.length}); make one with \`openssl rand -hex 32\`.`;
  return undefined;
}

export function loadOrCreateSecret(dataDir: string, fromEnv?: string): string {
  if (fromEnv) {
    const problem = secretProblem(fromEnv);
    if (problem) throw new Error(problem);
    return fromEnv;
  }
  const file = path.join(dataDir, 'secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
