/**
 * Where letters are sent: `SMTP_URL` (smtp://user:pass@relay:587, or smtps:// for implicit TLS)
 * names a real relay. Without it, mail goes to the in-process SMTP capture that `npm start` runs on
 * loopback (platform/mail/captureServer.ts), so development never mails a real person.
 */
import { DEFAULT_COMMITTEE } from '../../domain/committee';

export interface MailConfig {
  smtpUrl: string;
  /** True when no SMTP_URL is set: `npm start` must run the capture server on `capturePort`. */
  capture: boolean;
  capturePort: number;
  /** The From header of every letter. */
  from: string;
}

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const rawPort = env.MAIL_CAPTURE_PORT;
  const capturePort = rawPort ? Number(rawPort) : 2525;
  if (!Number.isInteger(capturePort) || capturePort <= 0 || capturePort > 65535) throw new Error(`MAIL_CAPTURE_PORT must be a port number, got "${rawPort}"`);
  const from = env.MAIL_FROM || `"${DEFAULT_COMMITTEE.name}" <${DEFAULT_COMMITTEE.email}>`;
  const url = env.SMTP_URL;
  if (!url) return { smtpUrl: `smtp://127.0.0.1:${capturePort}`, capture: true, capturePort, from };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SMTP_URL is not a URL; expected smtp://user:pass@host:587 or smtps://host:465');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${parsed.protocol}//`);
  if (!parsed.hostname) throw new Error('SMTP_URL names no host');
  return { smtpUrl: url, capture: false, capturePort, from };
}

/** The SMTP URL without its password, for logs. */
export function redactSmtpUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
