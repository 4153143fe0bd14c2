// Address classes for IPs read from logs and configuration, using ipaddr.js for the range tables.
import * as ipaddr from 'ipaddr.js';

export type AddressClass = 'private' | 'loopback' | 'link-local' | 'public' | 'special' | 'invalid';

export interface ClassifiedAddress {
  cls: AddressClass;
  /** ipaddr.js range name (e.g. `private`, `unicast`, `carrierGradeNat`). */
  range: string;
  /** Canonical text, re-printed from the parsed address (IPv4-mapped IPv6 shown as IPv4). */
  canonical: string;
}

const cache = new Map<string, ClassifiedAddress>();

export function classifyAddress(text: string): ClassifiedAddress {
  const hit = cache.get(text);
  if (hit) return hit;
  let result: ClassifiedAddress;
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare) || (bare.indexOf(':') < 0 && !ipaddr.IPv4.isValidFourPartDecimal(bare))) {
    result = { cls: 'invalid', range: 'invalid', canonical: '' };
  } else {
    let addr = ipaddr.parse(bare);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    const range = addr.range();
    let cls: AddressClass;
    switch (range) {
      case 'private':
      case 'uniqueLocal':
      case 'carrierGradeNat':
        cls = 'private';
        break;
      case 'loopback':
        cls = 'loopback';
        break;
      case 'linkLocal':
        cls = 'link-local';
        break;
      case 'unicast':
        cls = 'public';
        break;
      default:
        cls = 'special';
    }
    result = { cls, range, canonical: addr.toString() };
  }
  if (cache.size < 100_000) cache.set(text, result);
  return result;
}

/** Human wording for hovers. */
export function describeAddressClass(c: ClassifiedAddress): string {
  switch (c.cls) {
    case 'private':
      return c.range === 'carrierGradeNat' ? 'shared address space (RFC 6598, carrier-grade NAT)' : 'private address (internal network)';
    case 'loopback':
      return 'loopback: an application on the IIS server itself';
    case 'link-local':
      return 'link-local address';
    case 'public':
      return 'public Internet address';
    case 'special':
      return `special-purpose address (${c.range})`;
    default:
      return 'not an IP address';
  }
}
