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
  const octets = plainDottedQuad(bare);
  if (octets) {
    // The library's own parse of this form gives these octets and prints them back as `bare`.
    result = classified(new ipaddr.IPv4(octets), bare);
  } else if (!ipaddr.isValid(bare) || (bare.indexOf(':') < 0 && !ipaddr.IPv4.isValidFourPartDecimal(bare))) {
    result = { cls: 'invalid', range: 'invalid', canonical: '' };
  } else {
    let addr = ipaddr.parse(bare);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    result = classified(addr, addr.toString());
  }
  if (cache.size < 100_000) cache.set(text, result);
  return result;
}

function classified(addr: ipaddr.IPv4 | ipaddr.IPv6, canonical: string): ClassifiedAddress {
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
  return { cls, range, canonical };
}

/**
 * The octets of an IPv4 address in plain dotted decimal (four numbers 0-255 without leading zeros: what logs
 * write), or undefined for anything else, which goes through the library's general parser. Read by hand because
 * a log from an open relay holds millions of distinct client addresses, each parsed three times by the library's
 * regular expressions (about a fifth of a `check` on such a log).
 */
export function plainDottedQuad(text: string): number[] | undefined {
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  const octets = [0, 0, 0, 0];
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 3) return undefined;
      octets[part++] = value;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return undefined; // a leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return undefined;
    } else return undefined;
  }
  return part === 4 ? octets : undefined;
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
