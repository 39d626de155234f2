/** API tokens for tests, made as the system makes them: a staff token belongs to a real staff account. */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { createUser, type StaffRole } from '../../api/portal/users';
import { createApiToken } from '../../api/services/staffTokens';

export const TOKEN_USER_PASSWORD = 'token-account-password-1';

/** A new staff account (unique e-mail) and a token for it. */
export async function staffToken(db: Knex, who: { name: string; role: StaffRole; email?: string }): Promise<{ token: string; userId: string }> {
  const email = who.email ?? `${who.role}.${crypto.randomBytes(4).toString('hex')}@tokens.example.nl`;
  const user = await createUser(db, { email, name: who.name, role: who.role, password: TOKEN_USER_PASSWORD });
  return { token: await createApiToken(db, { staffUserId: user.id }), userId: user.id };
}

export function schoolToken(db: Knex, who: { subject: string; name: string; brin: string }): Promise<string> {
  return createApiToken(db, { school: { subject: who.subject, brin: who.brin }, name: who.name });
}
