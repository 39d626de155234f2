/**
 * Where letters are sent: `SMTP_URL` (smtp://user:pass@relay:587, or smtps:// for implicit TLS)
 * names a real relay. Without it, mail goes to the in-process SMTP capture that `npm start` runs on
 * loopback (platform/mail/captureServer.ts), so development never mails a real person. The
 * variables are parsed with the rest in platform/config.ts.
 */
import { currentConfig, loadConfig, type MailConfig } from '../config';

export type { MailConfig };

/** The mail settings of `env`, or of this process. */
export function loadMailConfig(env?: NodeJS.ProcessEnv): MailConfig {
  return env ? loadConfig(env).mail : currentConfig().mail;
}

/** The SMTP URL without its password, for logs. */
export function redactSmtpUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
