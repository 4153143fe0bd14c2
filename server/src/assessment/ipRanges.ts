// RemoteIPRanges from the addresses seen: adjacent IPv4 addresses merge into `a-b` ranges only when every
// address of the range was seen; nothing is widened unless CIDR rounding is asked for. Every value is
// re-printed from a parsed address, never copied from the log.
import * as ipaddr from 'ipaddr.js';

function v4ToInt(a: ipaddr.IPv4): number {
  const o = a.octets;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}

function intToV4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Smallest CIDR block containing lo..hi that stays inside their common /24 (or exactly one address). */
function coveringCidr(lo: number, hi: number): string {
  let prefix = 32;
  while (prefix > 24 && (lo >>> (32 - prefix)) !== (hi >>> (32 - prefix))) prefix--;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const base = (lo & mask) >>> 0;
  return prefix === 32 ? intToV4(base) : `${intToV4(base)}/${prefix}`;
}

/**
 * The ranges for a connector. `addresses` are textual IPs (invalid ones are ignored); the result is sorted,
 * IPv4 first, and deterministic.
 */
export function remoteIpRanges(addresses: readonly string[], cidrRounding = false): string[] {
  const v4 = new Set<number>();
  const v6 = new Set<string>();
  for (const text of addresses) {
    if (!ipaddr.isValid(text)) continue;
    let a = ipaddr.parse(text);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    if (a.kind() === 'ipv4') {
      if (!ipaddr.IPv4.isValidFourPartDecimal(text) && text.indexOf(':') < 0) continue;
      v4.add(v4ToInt(a as ipaddr.IPv4));
    } else v6.add((a as ipaddr.IPv6).toNormalizedString().split(':').map((h) => h.padStart(4, '0')).join(':'));
  }
  const sorted = [...v4].sort((a, b) => a - b);
  const out: string[] = [];
  if (cidrRounding) {
    // Group by /24 and cover each group's lowest..highest address with one block.
    let i = 0;
    while (i < sorted.length) {
      const net = sorted[i]! >>> 8;
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1]! >>> 8 === net) j++;
      out.push(coveringCidr(sorted[i]!, sorted[j]!));
      i = j + 1;
    }
  } else {
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      out.push(i === j ? intToV4(sorted[i]!) : `${intToV4(sorted[i]!)}-${intToV4(sorted[j]!)}`);
      i = j + 1;
    }
  }
  for (const full of [...v6].sort()) out.push(ipaddr.parse(full).toString());
  return out;
}
