// Decoders for metabase value encodings (reference metabase.md §1.1): DWORD, BOOL, flag names,
// MULTISZ and bindings. Each returns a value or a reason; none throws.
import ipaddr from 'ipaddr.js';
import { flagNames, type FlagTable } from './catalog/flags';
import type { PropertyDef } from './catalog/properties';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Decoded<T> => ({ ok: true, value });
const fail = <T>(error: string): Decoded<T> => ({ ok: false, error });

export function decodeDword(raw: string): Decoded<number> {
  const t = raw.trim();
  if (/^\d{1,10}$/.test(t)) {
    const n = Number(t);
    return n <= 0xffffffff ? ok(n) : fail(`${t} is larger than a DWORD (4294967295).`);
  }
  if (/^-\d{1,10}$/.test(t)) {
    const n = Number(t);
    return n >= -0x80000000 ? ok(n >>> 0) : fail(`${t} is out of range for a DWORD.`);
  }
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) return ok(parseInt(t.slice(2), 16) >>> 0);
  return fail(`'${t.slice(0, 40)}' is not a number; a DWORD is written in decimal (e.g. 4294967295 for -1).`);
}

export function decodeBool(raw: string): Decoded<boolean> {
  const t = raw.trim().toUpperCase();
  if (t === 'TRUE') return ok(true);
  if (t === 'FALSE') return ok(false);
  // Some writers store BOOL as DWORD.
  const n = decodeDword(t);
  if (n.ok) return ok(n.value !== 0);
  return fail(`'${raw.trim().slice(0, 40)}' is not TRUE or FALSE.`);
}

/** Flag values are names joined by '|' (any spacing) or a number. */
export function decodeFlags(raw: string, table: FlagTable): Decoded<number> & { unknownNames?: string[] } {
  const t = raw.trim();
  if (t === '') return ok(0);
  const n = decodeDword(t);
  if (n.ok) return n;
  let value = 0;
  const unknown: string[] = [];
  for (const part of t.split('|')) {
    const name = part.trim();
    if (name === '') continue;
    if (table.zeroName && name.toLowerCase() === table.zeroName.toLowerCase()) continue;
    const bit = table.bits.find((b) => b.name.toLowerCase() === name.toLowerCase());
    if (bit) value = (value | bit.value) >>> 0;
    else unknown.push(name);
  }
  if (unknown.length > 0) return { ok: false, error: `Unknown ${table.property} flag${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => u.slice(0, 40)).join(', ')}.`, unknownNames: unknown };
  return ok(value);
}

export function describeFlags(table: FlagTable, value: number): string {
  const { names, unknownBits } = flagNames(table, value);
  const parts = [...names];
  if (unknownBits) parts.push(`unknown bits 0x${unknownBits.toString(16)}`);
  return parts.length ? parts.join(' | ') : '(none)';
}

const isBlank = (c: number): boolean => c === 9 || c === 32;

/** `s` without leading and trailing tabs and spaces, in linear time (`/[\t ]+$/` is quadratic on a long run of spaces). */
function trimBlanks(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  while (end > start && isBlank(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** MULTISZ entries are separated by a line break plus tabs inside the attribute. */
export function splitMultiSz(raw: string): string[] {
  return raw
    .split(/\r?\n|\r/)
    .map(trimBlanks)
    .filter((s) => s.length > 0);
}

export interface Binding {
  /** Null for an empty IP ("All Unassigned": every interface). */
  ip: string | null;
  port: number;
  hostHeader: string;
  raw: string;
}

/** `IP:port:` (IP may be empty); IPv6 is not used by IIS 6 SMTP. */
export function decodeBinding(entry: string): Decoded<Binding> {
  const m = /^([^:]*):(\d{1,5}):(.*)$/.exec(entry.trim());
  if (!m) return fail(`'${entry.trim().slice(0, 60)}' is not a binding of the form IP:port: (the IP may be empty).`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return fail(`Port ${m[2]} in '${entry.trim()}' is out of range.`);
  const host = m[1]!.trim();
  if (host === '') return ok({ ip: null, port, hostHeader: m[3]!, raw: entry.trim() });
  if (!ipaddr.IPv4.isValidFourPartDecimal(host)) return fail(`'${host.slice(0, 40)}' in '${entry.trim().slice(0, 60)}' is not an IPv4 address.`);
  return ok({ ip: ipaddr.IPv4.parse(host).toString(), port, hostHeader: m[3]!, raw: entry.trim() });
}

export function decodeBindings(raw: string): { bindings: Binding[]; errors: string[] } {
  const bindings: Binding[] = [];
  const errors: string[] = [];
  for (const e of splitMultiSz(raw)) {
    const d = decodeBinding(e);
    if (d.ok) bindings.push(d.value);
    else errors.push(d.error);
  }
  return { bindings, errors };
}

/** Checks a raw value against the property's type; returns an error message or null. */
export function checkValue(def: PropertyDef, raw: string): string | null {
  switch (def.type) {
    case 'DWORD': {
      const d = def.flags ? decodeFlags(raw, def.flags) : decodeDword(raw);
      if (!d.ok) return d.error;
      if (def.min !== undefined && d.value < def.min) return `${d.value} is below the allowed minimum ${def.min}.`;
      if (def.max !== undefined && d.value > def.max) return `${d.value} is above the allowed maximum ${def.max}.`;
      if (def.enumValues && !(d.value in def.enumValues)) return `${d.value} is not one of the known values (${Object.keys(def.enumValues).join(', ')}).`;
      return null;
    }
    case 'BOOL': {
      const d = decodeBool(raw);
      return d.ok ? null : d.error;
    }
    case 'BINARY':
    case 'NTACL':
      if (raw.trim() !== '' && !/^[0-9a-fA-F\s]*$/.test(raw)) return 'A binary value is written as hex digits.';
      if (raw.replace(/\s+/g, '').length % 2 !== 0) return 'A binary value needs an even number of hex digits.';
      return null;
    default:
      return null;
  }
}

/** Human rendering of a decoded value for hovers. */
export function renderValue(def: PropertyDef | undefined, raw: string): string {
  if (!def) return raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  if (def.secure) return '(encrypted secret; present)';
  switch (def.type) {
    case 'DWORD': {
      const d = def.flags ? decodeFlags(raw, def.flags) : decodeDword(raw);
      if (!d.ok) return raw.trim().slice(0, 200);
      if (def.flags) return `${describeFlags(def.flags, d.value)} (${d.value}, 0x${d.value.toString(16)})`;
      let s = String(d.value);
      if (def.enumValues?.[d.value]) s += ` — ${def.enumValues[d.value]}`;
      if (def.dwordBoolean) s += d.value === 0 ? ' (off)' : ' (on)';
      if (def.unit === 'seconds') s += ` s (${formatDuration(d.value)})`;
      if (def.unit === 'minutes') s += ` min`;
      if (def.unit === 'bytes') s += ` bytes (${formatBytes(d.value)})`;
      if (d.value === 4294967295) s += ' (= -1)';
      return s;
    }
    case 'BOOL': {
      const d = decodeBool(raw);
      return d.ok ? (d.value ? 'TRUE' : 'FALSE') : raw.trim();
    }
    case 'MULTISZ':
      return splitMultiSz(raw).join(', ') || '(empty)';
    default:
      return raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  }
}

export function formatBytes(n: number): string {
  if (n === 0) return '0 = unlimited';
  if (n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MB`;
  if (n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

export function formatDuration(seconds: number): string {
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
