/**
 * One log line per request (pino-http), each with a request id: the caller's X-Request-Id when it
 * is a sane token (a proxy's or a client's, so lines can be followed across services), else a new
 * UUID; the response carries it back in X-Request-Id. Handlers log through `req.log`, so their
 * lines carry the same id. Request lines hold no body, no query values and no secret path segment:
 * those are where e-mail addresses, access codes and link tokens travel.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../platform/log';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Query parameters whose values say nothing about a person (the language, a page, a filter state). */
const SHOWN_QUERY = new Set(['lang', 'page', 'state', 'category', 'sector', 'overdue', 'waiting', 'gedaan', 'vrijgegeven']);
const HEADERS_SHOWN = ['user-agent', 'content-type', 'content-length', 'accept-language', 'x-forwarded-for'];

/** The URL as logged: values of query parameters not in SHOWN_QUERY and a school link's token or a respondent's code censored. */
export function loggableUrl(url: string): string {
  const [pathPart, query] = url.split('?', 2) as [string, string | undefined];
  const pathShown = pathPart
    .replace(/^\/school\/(?!brieven\/|documenten\/|ontvangstbewijs\/)[^/]+/, '/school/[redacted]')
    // A respondent's personal code (/betrokkene/<code>) is as secret as a school link's token.
    .replace(/^\/betrokkene\/(?!brieven\/|documenten\/|ontvangstbewijs\/|reactie$)[^/]+/, '/betrokkene/[redacted]');
  if (query === undefined) return pathShown;
  const params = new URLSearchParams(query);
  const shown = [...params.keys()].map((k) => `${encodeURIComponent(k)}=${SHOWN_QUERY.has(k) ? encodeURIComponent(params.get(k) ?? '') : '[redacted]'}`);
  return `${pathShown}?${shown.join('&')}`;
}

const QUIET_PATHS = new Set(['/health', '/metrics']);

export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Probes every few seconds (container healthchecks, Prometheus) would drown the rest.
    customLogLevel: (req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : QUIET_PATHS.has((req.url ?? '').split('?')[0]!) ? 'debug' : 'info'),
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
        remoteAddress: req.remoteAddress,
        headers: Object.fromEntries(HEADERS_SHOWN.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]])),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
