/**
 * A short notice mailed straight from a request, outside the letter outbox: a new access code, a
 * board contact's login link or invitation. These carry a secret that is never stored, so they
 * cannot wait in the outbox to be retried; they are handed to SMTP after the answer, and a failure
 * is logged (the person asks again). Letters of the procedure never go this way: they go through
 * the outbox (activities/letters/delivery.ts), which keeps and retries them.
 */
import nodemailer from 'nodemailer';
import { logger } from '../log';
import type { MailConfig } from '../config';

export interface Notice {
  to: Array<{ name: string; address: string }>;
  subject: string;
  text: string;
}

export async function sendNotice(mail: Pick<MailConfig, 'smtpUrl' | 'from'>, notice: Notice): Promise<void> {
  const transport = nodemailer.createTransport({ url: mail.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  try {
    await transport.sendMail({ from: mail.from, to: notice.to, subject: notice.subject, text: notice.text });
  } finally {
    transport.close();
  }
}

/** Sends without waiting; what went wrong is logged with `context` (never the text: it holds the secret). */
export function sendNoticeInBackground(mail: Pick<MailConfig, 'smtpUrl' | 'from'>, notice: Notice, context: Record<string, unknown>): void {
  void sendNotice(mail, notice).catch((err: unknown) => {
    logger().error({ ...context, err: (err as Error).message }, 'notice not delivered');
  });
}
