// RemoteIPRanges from the addresses seen: adjacent IPv4 addresses merge into `a-b` ranges only when every
// address of the range was seen; nothing is widened unless CIDR rounding is asked for, and rounding never
// covers an address the assessment saw in another role (refused, public, another connector's). Every value
// is re-printed from a parsed address, never copied from the log.
import * as ipaddr from 'ipaddr.js';

function v4ToInt(a: ipaddr.IPv4): number {
  const o = a.octets;
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}

function intToV4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Parses addresses into IPv4 integers and normalised IPv6 texts (invalid ones are ignored). */
function parseAll(addresses: readonly string[]): { v4: Set<number>; v6: Set<string> } {
  const v4 = new Set<number>();
  const v6 = new Set<string>();
  for (const text of addresses) {
    if (!ipaddr.isValid(text)) continue;
    let a = ipaddr.parse(text);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    if (a.kind() === 'ipv4') {
      if (!ipaddr.IPv4.isValidFourPartDecimal(text) && text.indexOf(':') < 0) continue;
      v4.add(v4ToInt(a as ipaddr.IPv4));
    } else {
      const v = a as ipaddr.IPv6;
      v6.add(new ipaddr.IPv6(v.parts).toNormalizedString().split(':').map((h) => h.padStart(4, '0')).join(':'));
    }
  }
  return { v4, v6 };
}

/** A block the rounding added: what it covers beyond the addresses seen. */
export interface WidenedBlock {
  block: string;
  seen: number;
  /** Addresses the block admits that were never seen. */
  added: number;
}

export interface ConnectorRanges {
  ranges: string[];
  widened: WidenedBlock[];
}

const prefixOf = (lo: number, hi: number): number => {
  let prefix = 32;
  while (prefix > 24 && lo >>> (32 - prefix) !== hi >>> (32 - prefix)) prefix--;
  return prefix;
};

/**
 * Covers sorted addresses (one /24) with CIDR blocks that contain no excluded address: the smallest block
 * around all of them if it is clean, else each half on its own, down to single addresses.
 */
function cover(sorted: number[], excluded: readonly number[], out: string[], widened: WidenedBlock[]): void {
  if (sorted.length === 0) return;
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  const prefix = prefixOf(lo, hi);
  const size = 2 ** (32 - prefix);
  const base = prefix === 32 ? lo : (lo & ((~0 << (32 - prefix)) >>> 0)) >>> 0;
  const dirty = excluded.some((x) => x >= base && x < base + size);
  if (prefix === 32 || (!dirty && sorted.length > 1 && size > 1)) {
    if (prefix === 32) out.push(intToV4(lo));
    else {
      out.push(`${intToV4(base)}/${prefix}`);
      if (size > sorted.length) widened.push({ block: `${intToV4(base)}/${prefix}`, seen: sorted.length, added: size - sorted.length });
    }
    return;
  }
  if (sorted.length === 1) {
    out.push(intToV4(lo));
    return;
  }
  const mid = base + size / 2;
  cover(sorted.filter((x) => x < mid), excluded, out, widened);
  cover(sorted.filter((x) => x >= mid), excluded, out, widened);
}

/**
 * The ranges for a connector, sorted (IPv4 first) and deterministic. With rounding, each /24 group of
 * addresses is covered by CIDR blocks that never include an address of `exclude`.
 */
export function connectorRanges(addresses: readonly string[], cidrRounding = false, exclude: readonly string[] = []): ConnectorRanges {
  const { v4, v6 } = parseAll(addresses);
  const sorted = [...v4].sort((a, b) => a - b);
  const out: string[] = [];
  const widened: WidenedBlock[] = [];
  if (cidrRounding) {
    const excluded = [...parseAll(exclude).v4].filter((x) => !v4.has(x)).sort((a, b) => a - b);
    let i = 0;
    while (i < sorted.length) {
      const net = sorted[i]! >>> 8;
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1]! >>> 8 === net) j++;
      cover(sorted.slice(i, j + 1), excluded, out, widened);
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
  return { ranges: out, widened };
}

/** The ranges alone (see connectorRanges). */
export function remoteIpRanges(addresses: readonly string[], cidrRounding = false, exclude: readonly string[] = []): string[] {
  return connectorRanges(addresses, cidrRounding, exclude).ranges;
}

/** True when a range list holds an IPv6 address (the connector must listen on [::] too). */
export function hasIpv6(ranges: readonly string[]): boolean {
  return ranges.some((r) => r.includes(':'));
}
