/**
 * The process's logger (pino). JSON lines on stdout, or pino-pretty's readable lines when
 * LOG_FORMAT=pretty (the default on a terminal); LOG_LEVEL filters. Personal data never reaches a
 * log: the fields that carry it (names, e-mail addresses, access codes, complaint text, passwords,
 * Authorization/Cookie headers) are censored wherever a caller puts them, and request lines carry
 * no bodies and no query values (platform/httpLog.ts).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentConfig, type Config } from './config';

export type { Logger };

/** Field names that hold personal data or secrets, censored at the top level and one level down. */
const PERSONAL_FIELDS = ['name', 'email', 'emailAddress', 'accessCode', 'access_code', 'password', 'description', 'complaint', 'text', 'body', 'phone', 'address', 'token', 'secret'];

export const REDACT_PATHS = [
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-access-code"]',
  'res.headers["set-cookie"]',
];

export const CENSORED = '[redacted]';

/** A logger with klachtflow's redaction and format; `destination` replaces stdout (tests read it). */
export function createLogger(settings: Config['log'], destination?: DestinationStream): Logger {
  const options = { level: settings.level, redact: { paths: REDACT_PATHS, censor: CENSORED }, base: { pid: process.pid } };
  if (destination) return pino(options, destination);
  const format = settings.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  if (format === 'pretty') return pino(options, pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
  return pino(options);
}

let root: Logger | undefined;

/** The process's logger, made on first use from LOG_LEVEL and LOG_FORMAT. */
export function logger(): Logger {
  root ??= createLogger(currentConfig().log);
  return root;
}
