/**
 * TRUST_PROXY: which reverse proxies' X-Forwarded-For names the client. Believing the header from
 * anyone else would let every request claim a new address and so step around every per-client
 * rate limit; hence nothing is trusted unless configured.
 */
import ipaddr from 'ipaddr.js';

/** What Express's `trust proxy` setting is given: nothing trusted, a hop count, or addresses/subnets. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrSubnet(item: string): boolean {
  if (NAMED_RANGES.includes(item)) return true;
  if (item.includes('/')) {
    try {
      ipaddr.parseCIDR(item);
      return true;
    } catch {
      return false;
    }
  }
  return ipaddr.isValid(item);
}

/**
 * TRUST_PROXY: unset/"false"/"0" → the socket address; a number n → the address n proxies in front
 * of the app saw; a comma-separated list of addresses, subnets (10.0.0.0/8) or loopback, linklocal,
 * uniquelocal → the first address in X-Forwarded-For not in that list. "true" is refused: it would
 * believe any client's header.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^[0-9]{1,2}$/.test(value)) return Number(value);
  if (value === 'true') throw new Error('TRUST_PROXY=true would believe any client\'s X-Forwarded-For; give the number of proxies in front of the API or their addresses/subnets');
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !isAddressOrSubnet(i));
  if (bad.length || items.length === 0) throw new Error(`TRUST_PROXY must be false, a number of proxies, or a comma-separated list of addresses/subnets (or loopback, linklocal, uniquelocal); "${bad[0] ?? value}" is none of these`);
  return items;
}

