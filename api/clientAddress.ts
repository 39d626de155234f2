/**
 * Who the client is, for rate limits: req.ip, which is the socket's address unless TRUST_PROXY
 * (platform/trustProxy.ts) names the reverse proxies whose X-Forwarded-For may be believed.
 */
import type { Request } from 'express';
import ipaddr from 'ipaddr.js';

/**
 * The rate-limit key of a request's client. An IPv6 client is keyed by its /64: one subscriber
 * usually holds a whole /64 and could otherwise take a fresh address for every attempt.
 */
export function clientKey(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress;
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
