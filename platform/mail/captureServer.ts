/**
 * A real SMTP server in-process, for development and tests: it accepts every message on loopback
 * and stores it in PostgreSQL (`dev_mailbox`) instead of delivering it, so `npm start` exercises
 * the same SMTP path as production without mailing anyone. `listDevMailbox` shows what arrived.
 *
 * On arrival it stores the raw message and its envelope, plus Subject and Message-ID read from the
 * header block alone (lookup columns); the MIME body (the PDF attachment) is parsed only when a
 * person looks (`listDevMailbox`), so a burst of letters costs the sender no parsing here.
 */
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import libmime from 'libmime';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { devMailboxRows, devMailRawRow, insertDevMail } from '../store/devMailbox';

export interface MailCapture {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startMailCapture(opts: { port: number; db: Knex; host?: string }): Promise<MailCapture> {
  const host = opts.host ?? '127.0.0.1';
  const server = new SMTPServer({
    // Loopback only and nothing real behind it: no TLS to negotiate, any login accepted (an
    // SMTP_URL with credentials pointed here still works).
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'capture' });
    },
    banner: 'klachtflow mail capture (development)',
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void store(opts.db, raw, session)
          .then(() => callback())
          // A 451 tells the client to try again later, like a real server with a broken disk.
          .catch((err: Error) => callback(Object.assign(new Error(`could not store the message: ${err.message}`), { responseCode: 451 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${host}:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function store(db: Knex, raw: Buffer, session: { envelope: { mailFrom: false | { address: string }; rcptTo: Array<{ address: string }> } }): Promise<void> {
  const headers = headerFields(raw);
  await insertDevMail(db, {
    envelope_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
    envelope_to: JSON.stringify(session.envelope.rcptTo.map((r) => r.address)),
    message_id: headers.messageId,
    subject: headers.subject,
    raw,
  });
}

/** Subject and Message-ID from the header block only (up to the first empty line), never the body. */
export function headerFields(raw: Buffer): { subject: string | null; messageId: string | null } {
  const end = raw.indexOf('\r\n\r\n');
  const block = raw.subarray(0, end < 0 ? raw.length : end).toString('binary');
  const headers = libmime.decodeHeaders(block);
  const first = (name: string) => {
    const value = headers[name]?.[0];
    return typeof value === 'string' ? value.trim() : null;
  };
  const subject = first('subject');
  return { subject: subject === null ? null : libmime.decodeWords(subject), messageId: first('message-id') };
}

export interface DevMail {
  id: string;
  receivedAt: Date;
  from: string | null;
  to: string[];
  messageId: string | null;
  subject: string | null;
  attachments: Array<{ filename: string | null; contentType: string; size: number }>;
}

/** What the capture server received, newest first, its attachments parsed from the raw message now (the lead exposes it as a development route). */
export async function listDevMailbox(db: Knex, opts: { limit?: number; to?: string } = {}): Promise<DevMail[]> {
  const rows = await devMailboxRows(db, Math.min(opts.limit ?? 100, 1000), opts.to);
  return Promise.all(
    rows.map(async (r) => ({
      id: String(r.id),
      receivedAt: r.received_at,
      from: r.envelope_from,
      to: r.envelope_to,
      messageId: r.message_id,
      subject: r.subject,
      attachments: (await simpleParser(r.raw)).attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    })),
  );
}

/** The raw message (RFC 5322) of one captured mail, to open in a mail client. */
export async function devMailRaw(db: Knex, id: string): Promise<Buffer | null> {
  const row = await devMailRawRow(db, id);
  return row?.raw ?? null;
}
