/**
 * Data access for the development mailbox (`dev_mailbox`): what the in-process capture server
 * (platform/mail/captureServer.ts) received instead of delivering it.
 */
import type { Knex } from 'knex';

export interface DevMailboxRow {
  id: string;
  received_at: Date;
  envelope_from: string | null;
  envelope_to: string[];
  message_id: string | null;
  subject: string | null;
  /** The message as received; parsed only when read. */
  raw: Buffer;
}

export async function insertDevMail(db: Knex, row: { envelope_from: string | null; envelope_to: string; message_id: string | null; subject: string | null; raw: Buffer }): Promise<void> {
  await db('dev_mailbox').insert(row);
}

/** The newest `limit` messages, newest first; with `to`, only those addressed (envelope) to it. */
export async function devMailboxRows(db: Knex, limit: number, to?: string): Promise<DevMailboxRow[]> {
  const query = db('dev_mailbox')
    .orderBy('id', 'desc')
    .limit(limit)
    .select<DevMailboxRow[]>('id', 'received_at', 'envelope_from', 'envelope_to', 'message_id', 'subject', 'raw');
  if (to) void query.whereRaw('envelope_to \\? ?', [to]);
  return query;
}

export async function devMailRawRow(db: Knex, id: string): Promise<{ raw: Buffer } | undefined> {
  return db('dev_mailbox').where({ id }).first<{ raw: Buffer } | undefined>('raw');
}
