/**
 * Hands one letter to the SMTP server (nodemailer) and classifies what went wrong, because the
 * outbox must know more than "it failed": was the mail certainly not accepted (safe to retry), was
 * it refused for good (give up), or did the connection break after the message was on its way (in
 * doubt: resending could deliver it twice, so a person decides)?
 *
 * One pooled transport per SMTP URL, kept for the life of the process (closed with the worker:
 * `closeMailTransports`), so a letter does not pay for a TCP connection and an EHLO. The pool never
 * sends a message again by itself (`maxRequeues: 0`): a connection that closes mid-message fails
 * that message, which counts as in doubt here, never as something to resend.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';

export interface LetterMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  pdf: { filename: string; content: Buffer };
  /** Per letter and addressee; also makes the Message-ID, so a receiver can spot a duplicate. */
  idempotencyKey: string;
}

export type SendOutcome =
  | { ok: true; messageId: string; response: string }
  | { ok: false; kind: 'retry' | 'permanent' | 'in-doubt'; error: string };

/** A stable Message-ID per letter and addressee: the same letter always carries the same ID. */
export function letterMessageId(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'klachtflow.invalid';
  return `<${crypto.createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

// Stages at which a failure means the server never got the message body.
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS', 'MAIL FROM', 'RCPT TO', 'API']);
const NOT_SENT_CODES = new Set(['EDNS', 'ETLS', 'EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG', 'EPROXY', 'EREQUIRETLS']);

interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

/**
 * `bodyStarted`: the message's last part (the PDF, streamed) was being read into the DATA stream, so
 * the end of the message may have reached the server. nodemailer labels a connection that closes at
 * any stage "ECONNECTION at CONN"; only this tells a close before the hand-over from one during it.
 */
export function classifySmtpError(err: SmtpError, bodyStarted = false): 'retry' | 'permanent' | 'in-doubt' {
  // The server answered: a 5xx refusal is final (bad address, rejected content), a 4xx is temporary.
  if (typeof err.responseCode === 'number') return err.responseCode >= 500 ? 'permanent' : 'retry';
  if (bodyStarted) return 'in-doubt';
  if (err.code && NOT_SENT_CODES.has(err.code)) return 'retry';
  if (err.command && (BEFORE_DATA.has(err.command) || err.command.startsWith('AUTH'))) return 'retry';
  return 'in-doubt';
}

// At most as many connections per server as letters are sent at once by one worker (the print slots).
const POOL_CONNECTIONS = 4;
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: POOL_CONNECTIONS,
      maxMessages: 100,
      // Never resent by the pool when a connection closes during a message: that is in doubt.
      maxRequeues: 0,
      // Bounded, so a hanging server ends in a retry well within the outbox's claim lease.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Closes the pooled SMTP connections (on worker shutdown); the next letter opens new ones. */
export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

export async function sendLetterMail(smtpUrl: string, mail: LetterMail): Promise<SendOutcome> {
  // The PDF is the message's last part: read only once the server took DATA and the text went out.
  let bodyStarted = false;
  const pdf = new Readable({
    read() {
      bodyStarted = true;
      this.push(mail.pdf.content);
      this.push(null);
    },
  });
  try {
    const info = await transportFor(smtpUrl).sendMail({
      from: mail.from,
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: letterMessageId(mail.idempotencyKey, mail.from),
      headers: { 'X-Klachtflow-Idempotency-Key': mail.idempotencyKey },
      attachments: [{ filename: mail.pdf.filename, content: pdf, contentType: 'application/pdf' }],
    });
    return { ok: true, messageId: info.messageId ?? letterMessageId(mail.idempotencyKey, mail.from), response: info.response ?? '' };
  } catch (err) {
    const e = err as SmtpError;
    return { ok: false, kind: classifySmtpError(e, bodyStarted), error: `${e.code ?? 'ERROR'}${e.command ? ` at ${e.command}` : ''}: ${e.message}` };
  }
}
