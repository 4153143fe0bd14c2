// Which relay grants survive connection control. IIS checks IPSecurity when a client connects and the
// relay list at RCPT time, so a host may relay only if both allow it (reference metabase.md §2.2, §3.4).
// The Edge has one list per connector, so the script may grant only the intersection; every relay
// grant, or part of one, that connection control refused is listed with the reason.
import type { AddressEntry, DecodedIpList } from './relayList';
import { maskPrefixOf } from './relayList';
import type { IpListSummary } from './virtualServer';

/** Half-open interval [start, end) of IPv4 addresses as numbers. */
type Interval = readonly [number, number];

const ALL: Interval = [0, 2 ** 32];

export interface RelayGrants {
  /** RemoteIPRanges texts (address or CIDR), re-printed from numbers. */
  granted: string[];
  /** Relay grants (or parts of them) left out, with the reason. */
  refused: { range: string; reason: string }[];
  /** Why nothing could be checked against connection control, when so. */
  unchecked?: string;
}

function ipText(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** Minimal CIDR blocks covering exactly [start, end). */
function cidrs([start, end]: Interval): string[] {
  const out: string[] = [];
  let s = start;
  while (s < end) {
    let size = s === 0 ? 2 ** 32 : 2 ** Math.min(32, countTrailingZeros(s));
    while (s + size > end) size /= 2;
    const prefix = 32 - Math.log2(size);
    out.push(prefix === 32 ? ipText(s) : `${ipText(s)}/${prefix}`);
    s += size;
  }
  return out;
}

function countTrailingZeros(v: number): number {
  let n = 0;
  while (n < 32 && Math.floor(v / 2 ** n) % 2 === 0) n++;
  return n;
}

/** The intervals of a list's entries (contiguous masks only), or null when one is not contiguous. */
function intervals(entries: readonly AddressEntry[]): Interval[] | null {
  const out: Interval[] = [];
  for (const e of entries) {
    const prefix = maskPrefixOf(e.maskValue);
    if (prefix === null) return null;
    const size = 2 ** (32 - prefix);
    for (const v of e.values) {
      const start = ((v & e.maskValue) >>> 0);
      out.push([start, start + size]);
    }
  }
  return merge(out);
}

function merge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s1, e1] of a) for (const [s2, e2] of b) if (Math.max(s1, s2) < Math.min(e1, e2)) out.push([Math.max(s1, s2), Math.min(e1, e2)]);
  return merge(out);
}

function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest: Interval[] = [...a];
  for (const [s2, e2] of b) {
    const next: Interval[] = [];
    for (const [s1, e1] of rest) {
      if (e2 <= s1 || s2 >= e1) next.push([s1, e1]);
      else {
        if (s1 < s2) next.push([s1, s2]);
        if (e2 < e1) next.push([e2, e1]);
      }
    }
    rest = next;
  }
  return rest;
}

/** Addresses connection control lets connect, or a reason it cannot be told from the file. */
function connectable(cc: IpListSummary): Interval[] | string {
  const list: DecodedIpList | null = cc.list;
  if (!list || cc.mode === 'absent' || cc.mode === 'no-list') return [ALL];
  switch (list.mode) {
    case 'nobody':
      return [];
    case 'only-listed':
      return intervals(list.grantEntries) ?? 'connection control (IPSecurity) has a non-contiguous mask';
    case 'all-except': {
      const denied = intervals(list.denyEntries);
      return denied ? subtract([ALL], denied) : 'connection control (IPSecurity) has a non-contiguous mask';
    }
    case 'only-names':
      return 'connection control (IPSecurity) admits hosts by reverse DNS name, which cannot be checked here';
    default:
      return 'connection control (IPSecurity) could not be decoded';
  }
}

/** The relay list's grants that connection control also allows. Call only for an "Only the list below" relay list. */
export function relayGrants(relay: DecodedIpList, cc: IpListSummary): RelayGrants {
  const granted: string[] = [];
  const refused: RelayGrants['refused'] = [];
  const allowed = connectable(cc);
  for (const e of relay.grantEntries) {
    const prefix = maskPrefixOf(e.maskValue);
    if (prefix === null) continue; // non-contiguous: RemoteIPRanges cannot express it; reported by the caller
    for (let i = 0; i < e.values.length; i++) {
      const range = e.addresses[i]!.cidr!;
      if (typeof allowed === 'string') {
        refused.push({ range, reason: allowed });
        continue;
      }
      const start = (e.values[i]! & e.maskValue) >>> 0;
      const own: Interval[] = [[start, start + 2 ** (32 - prefix)]];
      const ok = intersect(own, allowed);
      granted.push(...ok.flatMap(cidrs));
      const lost = subtract(own, ok);
      const whole = ok.length === 0;
      for (const part of lost.flatMap(cidrs)) {
        refused.push({ range: part, reason: `IPSecurity refuses ${whole ? 'it' : `this part of ${range}`} at connect time` });
      }
    }
  }
  return { granted: [...new Set(granted)], refused, unchecked: typeof allowed === 'string' ? allowed : undefined };
}
