// Where an SMTP client sits relative to the IIS server: the one rule every feature (editor diagnostics,
// CodeLens, assessment, plan) uses to tell an application from an Internet host.
import { classifyAddress } from '../common/ipClass';

/**
 * `loopback`: 127.0.0.1 / ::1. `local`: the client address is the IIS server's own (c-ip = s-ip), an
 * application on the server itself. `internal`: private, unique-local, shared (CGNAT) or link-local.
 * `public`: anything else that parses, including special-purpose ranges that are not an internal network.
 */
export type SourceOrigin = 'loopback' | 'local' | 'internal' | 'public' | 'invalid';

export interface SourceAddress {
  /** Canonical text re-printed from the parsed address, zone index dropped ('' when invalid). */
  address: string;
  /** ipClass address class of the address ('invalid' when it does not parse). */
  addressClass: string;
  origin: SourceOrigin;
  /** The log wrote a zone index (`fe80::1%eth0`, `%25eth0`): it is dropped, it has no meaning on another host. */
  zoneDropped: boolean;
}

/** `fe80::1%eth0` / `fe80::1%25eth0` → `fe80::1` (IPv6 only: IPv4 has no zones). */
function withoutZone(ip: string): { bare: string; zone: boolean } {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const pct = bare.indexOf('%');
  if (pct < 0 || bare.indexOf(':') < 0) return { bare, zone: false };
  return { bare: bare.slice(0, pct), zone: true };
}

const cache = new Map<string, SourceAddress>();

/** Canonical address and class of a log address (zone dropped). */
export function sourceAddress(ip: string): Omit<SourceAddress, 'origin'> & { origin: Exclude<SourceOrigin, 'local'> } {
  const hit = cache.get(ip);
  if (hit) return hit as ReturnType<typeof sourceAddress>;
  const { bare, zone } = withoutZone(ip);
  const c = classifyAddress(bare);
  const origin: Exclude<SourceOrigin, 'local'> =
    c.cls === 'invalid' ? 'invalid' : c.cls === 'loopback' ? 'loopback' : c.cls === 'private' || c.cls === 'link-local' ? 'internal' : 'public';
  const result = { address: c.canonical, addressClass: c.cls, origin, zoneDropped: zone && c.cls !== 'invalid' };
  if (cache.size < 100_000) cache.set(ip, result);
  return result;
}

// The last answer of sourceOrigin and what it was asked: the rules and the assessment ask it of one session in turn.
let lastClientIp = '';
let lastServerIp = '';
let lastOrigin: SourceAddress | undefined;

/** The origin of a client talking to the server at `serverIp` (s-ip; '' when not logged). */
export function sourceOrigin(clientIp: string, serverIp: string): SourceAddress {
  if (lastOrigin && clientIp === lastClientIp && serverIp === lastServerIp) return lastOrigin;
  lastClientIp = clientIp;
  lastServerIp = serverIp;
  lastOrigin = readSourceOrigin(clientIp, serverIp);
  return lastOrigin;
}

function readSourceOrigin(clientIp: string, serverIp: string): SourceAddress {
  const c = sourceAddress(clientIp);
  if (c.origin === 'invalid' || c.origin === 'loopback' || serverIp === '') return c;
  const s = sourceAddress(serverIp);
  return s.address !== '' && s.address === c.address ? { ...c, origin: 'local' } : c;
}

/** Sources that may be applications of the organisation (never granted anything when false). */
export function isOrganisationSource(origin: SourceOrigin): boolean {
  return origin === 'loopback' || origin === 'local' || origin === 'internal';
}
