/**
 * Hands one letter to the SMTP server (nodemailer) and classifies what went wrong, because the
 * outbox must know more than "it failed": was the mail certainly not accepted (safe to retry), was
 * it refused for good (give up), or did the connection break after the message was on its way (in
 * doubt: resending could deliver it twice, so a person decides)?
 */
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';

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

export function classifySmtpError(err: SmtpError): 'retry' | 'permanent' | 'in-doubt' {
  // The server answered: a 5xx refusal is final (bad address, rejected content), a 4xx is temporary.
  if (typeof err.responseCode === 'number') return err.responseCode >= 500 ? 'permanent' : 'retry';
  if (err.code && NOT_SENT_CODES.has(err.code)) return 'retry';
  if (err.command && (BEFORE_DATA.has(err.command) || err.command.startsWith('AUTH'))) return 'retry';
  return 'in-doubt';
}

export async function sendLetterMail(smtpUrl: string, mail: LetterMail): Promise<SendOutcome> {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Bounded, so a hanging server ends in a retry well within the outbox's claim lease.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({
      from: mail.from,
      to: { name: mail.to.name, address: mail.to.address },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: letterMessageId(mail.idempotencyKey, mail.from),
      headers: { 'X-Klachtflow-Idempotency-Key': mail.idempotencyKey },
      attachments: [{ filename: mail.pdf.filename, content: mail.pdf.content, contentType: 'application/pdf' }],
    });
    return { ok: true, messageId: info.messageId, response: info.response };
  } catch (err) {
    const e = err as SmtpError;
    return { ok: false, kind: classifySmtpError(e), error: `${e.code ?? 'ERROR'}${e.command ? ` at ${e.command}` : ''}: ${e.message}` };
  } finally {
    transport.close();
  }
}
