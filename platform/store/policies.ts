/**
 * The stored policy versions (migration 20261205_policydb_001): the version valid on a day, one by
 * its number, and the steps of a new one (draft, approval, discard) with their admin audit rows in
 * the same transaction. Approved rows cannot change (a trigger refuses it).
 */
import type { Knex } from 'knex';
import type { PolicyVersion } from '../../domain/policy';
import { parsePolicyVersion } from '../../domain/policySchema';

export interface StoredPolicyVersion {
  version: string;
  validFrom: string;
  status: 'draft' | 'approved';
  content: PolicyVersion;
  createdBy: string | null;
  createdByName: string;
  approvedBy: string | null;
  approvedByName: string | null;
  createdAt: Date;
  approvedAt: Date | null;
}

interface Row {
  version: string;
  valid_from: string;
  status: 'draft' | 'approved';
  content: unknown;
  created_by: string | null;
  created_by_name: string;
  approved_by: string | null;
  approved_by_name: string | null;
  created_at: Date;
  approved_at: Date | null;
}

function fromRow(row: Row): StoredPolicyVersion {
  return {
    version: row.version,
    validFrom: row.valid_from,
    status: row.status,
    // Checked on every read: a row edited by hand past the app never reaches a case unnoticed.
    content: parsePolicyVersion(row.content),
    createdBy: row.created_by === null ? null : String(row.created_by),
    createdByName: row.created_by_name,
    approvedBy: row.approved_by === null ? null : String(row.approved_by),
    approvedByName: row.approved_by_name,
    createdAt: row.created_at,
    approvedAt: row.approved_at,
  };
}

/** Every version, newest valid-from first (drafts among them). */
export async function listPolicyVersions(db: Knex): Promise<StoredPolicyVersion[]> {
  const rows = await db<Row>('policy_versions').orderBy([{ column: 'valid_from', order: 'desc' }, { column: 'created_at', order: 'desc' }]);
  return rows.map(fromRow);
}

export async function findPolicyVersion(db: Knex, version: string): Promise<StoredPolicyVersion | undefined> {
  // PostgreSQL refuses a NUL in text (a 500 for /beheer/beleid/a%00b): no version has one.
  if (version.includes('\0')) return undefined;
  const row = await db<Row>('policy_versions').where({ version }).first();
  return row ? fromRow(row) : undefined;
}

/** The approved version valid on `date` (YYYY-MM-DD): the newest whose valid-from is not after it. */
export async function approvedPolicyValidOn(db: Knex, date: string): Promise<StoredPolicyVersion> {
  const row = await db<Row>('policy_versions').where({ status: 'approved' }).andWhere('valid_from', '<=', date).orderBy('valid_from', 'desc').first();
  if (!row) throw new Error(`no approved policy version valid on ${date}`);
  return fromRow(row);
}

/** The newest approved version: the one a new version starts from. */
export async function latestApprovedPolicy(db: Knex): Promise<StoredPolicyVersion> {
  const row = await db<Row>('policy_versions').where({ status: 'approved' }).orderBy('valid_from', 'desc').first();
  if (!row) throw new Error('no approved policy version');
  return fromRow(row);
}

/** The policy of a case, by the version number on its row (stored versions; the bundled ones are among them). */
export async function casePolicy(db: Knex, version: string): Promise<PolicyVersion> {
  const found = await findPolicyVersion(db, version);
  if (!found) throw new Error(`unknown policy version ${version}`);
  return found.content;
}

export async function insertPolicyDraft(trx: Knex.Transaction, content: PolicyVersion, by: { userId: string; name: string }): Promise<void> {
  await trx('policy_versions').insert({
    version: content.version,
    valid_from: content.validFrom,
    content: JSON.stringify(content),
    status: 'draft',
    created_by: by.userId,
    created_by_name: by.name,
  });
}

/** Approves a draft; false when it was no longer a draft (someone else was first). */
export async function markPolicyApproved(trx: Knex.Transaction, version: string, by: { userId: string; name: string }): Promise<boolean> {
  const n = await trx('policy_versions')
    .where({ version, status: 'draft' })
    .whereNot({ created_by: by.userId })
    .update({ status: 'approved', approved_by: by.userId, approved_by_name: by.name, approved_at: trx.fn.now() });
  return n === 1;
}

export async function deletePolicyDraft(trx: Knex.Transaction, version: string): Promise<boolean> {
  return (await trx('policy_versions').where({ version, status: 'draft' }).delete()) === 1;
}
