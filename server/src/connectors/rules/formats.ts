// Value formats of connector parameters (reference: connectors.md §1, cmdlets.json `valueTypes`).
// Each check is a pure function of the literal text; IP arithmetic uses ipaddr.js.
import ipaddr from 'ipaddr.js';
import { groupDigits } from '../../common/numbers';

export type Check = { ok: true; note?: string } | { ok: false; message: string };
const ok = (note?: string): Check => ({ ok: true, note });
const bad = (message: string): Check => ({ ok: false, message });

export interface IpSpan {
  family: 4 | 6;
  first: bigint;
  last: bigint;
  text: string;
  /** True when every address is private (RFC 1918 / ULA / link-local) or loopback. */
  internal: boolean;
}

function toBig(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function fromBig(n: bigint, family: 4 | 6): string {
  const bytes: number[] = [];
  for (let i = 0; i < (family === 4 ? 4 : 16); i++) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** The shape ipaddr.js's isValidFourPartDecimal also requires: tested first, since its parse throws (slowly) on a host name. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.replace(/%[A-Za-z0-9_.-]+$/, '');
  if (FOUR_PART_DECIMAL.test(bare) && ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  if (bare.includes(':') && ipaddr.IPv6.isValid(bare)) return ipaddr.IPv6.parse(bare);
  return undefined;
}

const INTERNAL_RANGES = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'unspecified']);
function isInternal(addr: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return INTERNAL_RANGES.has(addr.range());
}

const rangeMemo = new Map<string, { span?: IpSpan; error?: string; note?: string }>();

/** Parses an `IPRange` value (single, a-b range, CIDR); memoised, since scripts repeat the same ranges. */
export function parseIpRange(text: string): { span?: IpSpan; error?: string; note?: string } {
  let r = rangeMemo.get(text);
  if (!r) {
    if (rangeMemo.size > 50_000) rangeMemo.clear();
    r = parseIpRangeUncached(text);
    rangeMemo.set(text, r);
  }
  return r;
}

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Fast path for the commonest value, a single dotted IPv4 address (same result as the general path). */
function singleIpv4(text: string): { span?: IpSpan } | undefined {
  const m = DOTTED.exec(text);
  if (!m) return undefined;
  const o = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (o.some((x) => x > 255) || m.slice(1).some((x) => x.length > 1 && x.startsWith('0'))) return undefined;
  const v = BigInt(((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!);
  const internal = o[0] === 10 || o[0] === 127 || (o[0] === 172 && o[1]! >= 16 && o[1]! <= 31) || (o[0] === 192 && o[1] === 168) || (o[0] === 169 && o[1] === 254) || o[0] === 0; // as ipaddr.js: 0.0.0.0/8 is "unspecified"
  return { span: { family: 4, first: v, last: v, text, internal } };
}

function parseIpRangeUncached(text: string): { span?: IpSpan; error?: string; note?: string } {
  const fast = singleIpv4(text);
  if (fast) return fast;
  const t = text.trim();
  if (t !== text || /\s/.test(t)) return { error: 'contains spaces' };
  const dash = t.indexOf('-');
  if (dash > 0) {
    const a = parseAddress(t.slice(0, dash));
    const b = parseAddress(t.slice(dash + 1));
    if (!a || !b) return { error: 'both ends of a range must be IP addresses' };
    if (a.kind() !== b.kind()) return { error: 'both ends of a range must be in the same address family' };
    const first = toBig(a);
    const last = toBig(b);
    if (first > last) return { error: 'the start of the range is above its end' };
    const family = a.kind() === 'ipv4' ? 4 : 6;
    return { span: { family, first, last, text: t, internal: isInternal(a) && isInternal(b) && sameInternalBlock(a, b) } };
  }
  const slash = t.indexOf('/');
  if (slash > 0) {
    const addr = parseAddress(t.slice(0, slash));
    const prefixText = t.slice(slash + 1);
    if (!addr) return { error: 'the base of a CIDR range must be an IP address' };
    if (!/^\d{1,3}$/.test(prefixText)) return { error: 'the prefix length must be a number' };
    const family = addr.kind() === 'ipv4' ? 4 : 6;
    const bits = family === 4 ? 32 : 128;
    const prefix = Number(prefixText);
    if (prefix > bits) return { error: `an IPv${family} prefix length runs from 0 to ${bits}` };
    const hostBits = BigInt(bits - prefix);
    const base = toBig(addr);
    const first = (base >> hostBits) << hostBits;
    const last = first + (1n << hostBits) - 1n;
    const lastAddr = parseAddress(fromBig(last, family))!;
    const note = first !== base ? `host bits are set; Exchange treats it as ${fromBig(first, family)}/${prefix}` : undefined;
    return { span: { family, first, last, text: t, internal: isInternal(addr) && isInternal(lastAddr) && prefix >= (family === 4 ? 8 : 7) }, note };
  }
  const addr = parseAddress(t);
  if (!addr) return { error: 'not an IPv4/IPv6 address, a range a-b or a CIDR block' };
  const v = toBig(addr);
  return { span: { family: addr.kind() === 'ipv4' ? 4 : 6, first: v, last: v, text: t, internal: isInternal(addr) } };
}

function sameInternalBlock(a: ipaddr.IPv4 | ipaddr.IPv6, b: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (a.kind() !== 'ipv4') return true;
  const blocks = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8'].map((c) => ipaddr.IPv4.parseCIDR(c));
  return blocks.some((blk) => (a as ipaddr.IPv4).match(blk) && (b as ipaddr.IPv4).match(blk));
}

export function ipCount(span: IpSpan): bigint {
  return span.last - span.first + 1n;
}

export function describeIpSpan(span: IpSpan): string {
  return `${fromBig(span.first, span.family)} – ${fromBig(span.last, span.family)} (${groupDigits(ipCount(span))} address${ipCount(span) === 1n ? '' : 'es'})`;
}

/** "Everyone": 0.0.0.0-255.255.255.255, 0.0.0.0/0, ::/0 and friends. */
export function isEveryone(span: IpSpan): boolean {
  return span.family === 4 ? ipCount(span) >= 1n << 31n : ipCount(span) >= 1n << 120n;
}

/** Wider than a /24 (IPv4) or a /64 (IPv6). */
export function isWide(span: IpSpan): boolean {
  return span.family === 4 ? ipCount(span) > 256n : ipCount(span) > 1n << 64n;
}

export function checkIpRange(text: string): Check {
  const r = parseIpRange(text);
  return r.error ? bad(`'${text}' is not a valid IP range: ${r.error}. Use a single address (192.168.1.10), a range (192.168.1.1-192.168.1.254) or a CIDR block (192.168.1.0/24).`) : ok(r.note);
}

export function checkBinding(text: string): Check {
  const m = /^(?:\[([^\]]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const form = 'Use IPv4:port (0.0.0.0:25, 10.1.1.1:25) or [IPv6]:port ([::]:25).';
  if (!m) return bad(`'${text}' is not a valid binding. ${form}`);
  const host = m[1] ?? m[2]!;
  const addr = parseAddress(host);
  if (!addr || (m[1] !== undefined && addr.kind() !== 'ipv6') || (m[2] !== undefined && addr.kind() !== 'ipv4')) {
    return bad(`'${text}' is not a valid binding: '${host}' is not an ${m[1] !== undefined ? 'IPv6' : 'IPv4'} address. ${form}`);
  }
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return bad(`'${text}' is not a valid binding: the port must be 1–65535.`);
  return ok();
}

/** True when a binding listens on every local address (0.0.0.0 or [::]). */
export function isAllInterfaces(binding: string): boolean {
  return /^(?:0\.0\.0\.0|\[::\]|\[0:0:0:0:0:0:0:0\]):\d+$/.test(binding);
}

export function bindingPort(binding: string): number | undefined {
  const m = /:(\d{1,5})$/.exec(binding);
  return m ? Number(m[1]) : undefined;
}

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export function isFqdn(text: string): boolean {
  if (text.length === 0 || text.length > 255) return false;
  return text.replace(/\.$/, '').split('.').every((l) => LABEL.test(l));
}

export function checkFqdn(text: string): Check {
  return isFqdn(text) ? ok() : bad(`'${text}' is not a valid host name: use DNS labels of letters, digits and hyphens separated by dots (e.g. mail.contoso.com).`);
}

export function checkDomainWithSubdomains(text: string): Check {
  if (text === '*') return ok();
  const body = text.startsWith('*.') ? text.slice(2) : text;
  if (body.includes('*')) return bad(`'${text}' is not a valid domain: only a leading '*.' wildcard is allowed (e.g. *.contoso.com).`);
  return isFqdn(body) ? ok() : bad(`'${text}' is not a valid domain name.`);
}

export interface AddressSpace {
  type: string;
  space: string;
  cost?: number;
}

export function parseAddressSpace(text: string): AddressSpace | string {
  let rest = text;
  let type = 'SMTP';
  const colon = rest.indexOf(':');
  if (colon > 0) {
    type = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  let cost: number | undefined;
  const semi = rest.lastIndexOf(';');
  if (semi >= 0) {
    const costText = rest.slice(semi + 1);
    if (!/^\d+$/.test(costText) || Number(costText) < 1 || Number(costText) > 100) return `the cost after ';' must be a whole number from 1 to 100`;
    cost = Number(costText);
    rest = rest.slice(0, semi);
  }
  if (type.toUpperCase() === 'SMTP') {
    if (rest === '*' || rest === '--') return { type: 'SMTP', space: rest, cost };
    const body = rest.startsWith('*.') ? rest.slice(2) : rest;
    if (body.includes('*')) return `only '*', '*.domain' or a plain domain are valid SMTP address spaces ('${rest}' has an embedded wildcard)`;
    if (!isFqdn(body)) return `'${rest}' is not a valid SMTP domain`;
  } else if (rest.length === 0) {
    return 'the address space after the type is empty';
  }
  return { type, space: rest, cost };
}

export function checkAddressSpace(text: string): Check {
  const r = parseAddressSpace(text);
  return typeof r === 'string' ? bad(`'${text}' is not a valid address space: ${r}. The form is [Type:]domain[;cost], e.g. contoso.com, *.contoso.com, "SMTP:*;1".`) : ok();
}

export function checkSmartHost(text: string, allowCidr: boolean): Check {
  if (text === '--') return ok();
  const inner = /^\[(.+)\]$/.exec(text)?.[1] ?? text;
  if (parseAddress(inner)) return ok();
  if (allowCidr && inner.includes('/') && !parseIpRange(inner).error) return ok();
  if (/^[^:]+:\d+$/.test(text)) {
    return bad(`'${text}' is not a valid smart host: there is no host:port form; give the host alone and set the port with -Port.`);
  }
  return isFqdn(text) ? ok() : bad(`'${text}' is not a valid smart host: use a host name (smtp.contoso.com) or an IP address (10.10.1.1 or [10.10.1.1]).`);
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i;
const SIZE_DISPLAY = /^\d+(?:\.\d+)?\s*(?:B|KB|MB|GB|TB)\s*\(([\d,]+) bytes\)$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** Byte count of a ByteQuantifiedSize text, or undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const display = SIZE_DISPLAY.exec(text);
  if (display) return Number(display[1]!.replace(/,/g, ''));
  const m = SIZE.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT[(m[2] ?? 'b').toLowerCase()]!);
}

/** Seconds in a `[d.]hh:mm:ss` time span, or undefined when malformed. */
export function parseTimeSpan(text: string): number | undefined {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,7})?$/.exec(text.trim());
  if (!m) return undefined;
  const [d, h, mi, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3]), Number(m[4])];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return ((d * 24 + h) * 60 + mi) * 60 + s;
}

export function formatSeconds(total: number): string {
  const d = Math.floor(total / 86400);
  const rest = total % 86400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return d > 0 ? `${d}.${hms}` : hms;
}

export function checkCertificateName(text: string): Check {
  const upper = text.toUpperCase();
  const i = upper.indexOf('<I>');
  const s = upper.indexOf('<S>');
  const form = `Build it from the certificate: $c = Get-ExchangeCertificate -Thumbprint …; "<I>$($c.Issuer)<S>$($c.Subject)".`;
  if (/^[0-9A-F]{40}$/i.test(text)) return bad(`'${text}' looks like a certificate thumbprint, but TlsCertificateName takes '<I>issuer<S>subject'; the connector would present the wrong certificate or none. ${form}`);
  if (i < 0 || s < 0) return bad(`'${text}' is not in the '<I>issuer DN<S>subject DN' form, so the connector presents the wrong certificate or none. ${form}`);
  if (s < i) return bad(`'${text}' has <S> before <I>; the form is '<I>issuer DN<S>subject DN'. ${form}`);
  if (text.slice(i + 3, s).trim() === '' || text.slice(s + 3).trim() === '') return bad(`'${text}' has an empty issuer or subject. ${form}`);
  return ok();
}

export function checkTlsDomainCapability(text: string): Check {
  const m = /^([^:]+):([A-Za-z]+(?:,[A-Za-z]+)*)$/.exec(text);
  if (!m || !(m[1] === 'NO-TLS' || isFqdn(m[1]!.replace(/^\*\./, '')))) {
    return bad(`'${text}' is not a valid TLS domain capability: the form is domain:Capability[,Capability], e.g. mail.protection.outlook.com:AcceptCloudServicesMail.`);
  }
  return ok();
}

export function checkIpv4OrCidr24to32(text: string): Check {
  const m = /^([0-9.]+)(?:\/(\d{1,2}))?$/.exec(text);
  if (!m || !ipaddr.IPv4.isValidFourPartDecimal(m[1]!) || (m[2] !== undefined && (Number(m[2]) < 24 || Number(m[2]) > 32))) {
    return bad(`'${text}' is not accepted by Exchange Online: SenderIPAddresses takes IPv4 addresses or CIDR blocks from /24 to /32 (no IPv6, no a-b ranges).`);
  }
  return ok();
}

export function checkIpAddress(text: string): Check {
  return parseAddress(text) ? ok() : bad(`'${text}' is not an IP address.`);
}
