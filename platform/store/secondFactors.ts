/**
 * Data access for second factors (api/portal/twoFactor.ts holds the TOTP and recovery-code rules):
 * staff keep theirs in `users`, board contacts in `board_contacts` (same columns), each kind with its
 * own table of recovery codes (stored as sha256 hashes).
 */
import type { Knex } from 'knex';

/** Where a kind of account keeps its second factor. */
export interface FactorAccounts {
  table: 'users' | 'board_contacts';
  recoveryTable: 'staff_recovery_codes' | 'board_contact_recovery_codes';
  recoveryKey: 'user_id' | 'contact_id';
}
export const STAFF_ACCOUNTS: FactorAccounts = { table: 'users', recoveryTable: 'staff_recovery_codes', recoveryKey: 'user_id' };
export const BOARD_CONTACT_ACCOUNTS: FactorAccounts = { table: 'board_contacts', recoveryTable: 'board_contact_recovery_codes', recoveryKey: 'contact_id' };

/** When the account enabled its second factor, and how many recovery codes are unused. */
export async function factorCounts(db: Knex, accounts: FactorAccounts, userId: string): Promise<{ enabledAt: Date | null | undefined; left: number }> {
  const row = await db(accounts.table).where({ id: userId }).first('totp_enabled_at');
  const left = await db(accounts.recoveryTable).where({ [accounts.recoveryKey]: userId }).whereNull('used_at').count<{ n: string }[]>({ n: '*' });
  return { enabledAt: row?.totp_enabled_at, left: Number(left[0]?.n ?? 0) };
}

/** Stores a confirmed enrolment: the sealed secret, its first used step, and fresh recovery codes replacing old ones. */
export async function storeEnrolment(db: Knex, accounts: FactorAccounts, userId: string, sealedSecret: string, step: number, codeHashes: string[]): Promise<void> {
  await db.transaction(async (trx) => {
    await trx(accounts.table).where({ id: userId }).update({ totp_secret: sealedSecret, totp_enabled_at: trx.fn.now(), totp_last_step: step });
    await trx(accounts.recoveryTable).where({ [accounts.recoveryKey]: userId }).delete();
    await trx(accounts.recoveryTable).insert(codeHashes.map((h) => ({ [accounts.recoveryKey]: userId, code_hash: h })));
  });
}

export async function enabledFactor(db: Knex, accounts: FactorAccounts, userId: string): Promise<{ totp_secret: string | null; totp_last_step: string | number | null } | undefined> {
  return db(accounts.table).where({ id: userId }).whereNotNull('totp_enabled_at').first('totp_secret', 'totp_last_step');
}

/** Moves the last used TOTP step forward to `step`; false when another request used it (or a later one) first. */
export async function advanceTotpStep(db: Knex, accounts: FactorAccounts, userId: string, step: number): Promise<boolean> {
  const moved = await db(accounts.table)
    .where({ id: userId })
    .where((q) => q.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step });
  return moved === 1;
}

/** Spends an unused recovery code; false when there was none with this hash. */
export async function useRecoveryCode(db: Knex, accounts: FactorAccounts, userId: string, codeHash: string): Promise<boolean> {
  const used = await db(accounts.recoveryTable).where({ [accounts.recoveryKey]: userId, code_hash: codeHash }).whereNull('used_at').update({ used_at: db.fn.now() });
  return used === 1;
}

export async function deleteFactor(db: Knex, accounts: FactorAccounts, userId: string): Promise<void> {
  await db(accounts.table).where({ id: userId }).update({ totp_secret: null, totp_enabled_at: null, totp_last_step: null });
  await db(accounts.recoveryTable).where({ [accounts.recoveryKey]: userId }).delete();
}
