// Decoder for the IPSECLIST blob behind RelayIpList and IPSecurity (reference metabase.md §3).
// The buffer is self-relative: every reference is `offset | 0x80000000`. The decoder follows the
// references exactly (entries are sorted by mask and their data is appended at the end, so data is
// not in entry order), never assumes fixed offsets, and reports malformed input precisely instead
// of throwing.

export const MAX_BLOB_BYTES = 4 * 1024 * 1024;
const REF = 0x80000000;

export interface BlobProblem {
  /** Byte offset inside the blob (hex offset = 2 × byte offset). */
  offset: number;
  length: number;
  message: string;
  /** True when the list could not be decoded at all. */
  fatal?: boolean;
}

export interface IpRange {
  /** Address as stored. */
  address: string;
  mask: string;
  /** Prefix length for a contiguous mask, null for a non-contiguous one. */
  prefix: number | null;
  /** Network address (address & mask). */
  network: string;
  /** `a.b.c.d` for /32, `network/prefix` otherwise; null when the mask is not contiguous. */
  cidr: string | null;
  /** Network address as an unsigned 32-bit number. */
  networkValue: number;
  /** Byte offset of the address inside the blob. */
  offset: number;
}

export interface AddressEntry {
  offset: number;
  family: number;
  slotCount: number;
  fullMaskBytes: number;
  lastMaskByte: number;
  dataOffset: number;
  mask: string;
  maskValue: number;
  /** The addresses as unsigned 32-bit numbers (cheap; `addresses` renders them on first use). */
  values: Uint32Array;
  readonly addresses: IpRange[];
}

export interface NameRule {
  /** Name as stored. */
  name: string;
  /** `*.name` when it covers subdomains, else the exact host name. */
  display: string;
  exactHost: boolean;
}

export interface IpListHeader {
  denyAddrRef: number;
  grantAddrRef: number;
  denyNameRef: number;
  grantNameRef: number;
  flags: number;
  refAreaSize: number;
}

/** What the SMTP service does with the list at run time (reference §3.4). */
export type IpListMode =
  /** Deny list has addresses: everyone except those (grant list ignored). */
  | 'all-except'
  /** Grant list has real addresses: only those. */
  | 'only-listed'
  /** Grant list is just the 0.0.0.0/32 sentinel: nobody by address. */
  | 'nobody'
  /** Only DNS-name grants: hosts whose reverse DNS matches. */
  | 'only-names'
  /** No address in any list: everyone. */
  | 'no-list'
  /** The blob could not be decoded. */
  | 'malformed';

export interface DecodedIpList {
  byteLength: number;
  header?: IpListHeader;
  grantEntries: AddressEntry[];
  denyEntries: AddressEntry[];
  /** All grant / deny addresses, rendered on first use. */
  readonly grant: IpRange[];
  readonly deny: IpRange[];
  grantCount: number;
  denyCount: number;
  grantNames: NameRule[];
  denyNames: NameRule[];
  /** What IIS Manager / ADSI shows: TRUE = "All except the list below". */
  grantByDefault: boolean;
  /** Grant list is exactly the sentinel entry 0.0.0.0 / 255.255.255.255. */
  sentinel: boolean;
  /** A grant or deny entry holds only its mask (written by template scripts; variant D). */
  degenerate: boolean;
  mode: IpListMode;
  problems: BlobProblem[];
}

function hexToBytes(hex: string, problems: BlobProblem[]): Uint8Array | null {
  let clean = hex;
  if (/\s/.test(clean)) clean = clean.replace(/\s+/g, '');
  if (clean.length % 2 !== 0) {
    problems.push({ offset: 0, length: 0, fatal: true, message: `The value has an odd number of hex digits (${clean.length}); a blob is written as two hex digits per byte.` });
    return null;
  }
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) {
    problems.push({ offset: Math.floor(bad.index / 2), length: 1, fatal: true, message: `Character '${bad[0]}' at hex position ${bad.index} is not a hex digit.` });
    return null;
  }
  return Buffer.from(clean, 'hex');
}



/** An address with its mask; the text forms are computed on first use (lists can hold thousands). */
class Range implements IpRange {
  constructor(
    private readonly addr: number,
    private readonly maskBits: number,
    readonly offset: number,
  ) {}
  private static text(v: number): string {
    return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  }
  get address(): string {
    return Range.text(this.addr);
  }
  get mask(): string {
    return Range.text(this.maskBits);
  }
  get prefix(): number | null {
    return prefixOf(this.maskBits);
  }
  get network(): string {
    return Range.text((this.addr & this.maskBits) >>> 0);
  }
  get cidr(): string | null {
    const p = this.prefix;
    return p === null ? null : p === 32 ? this.network : `${this.network}/${p}`;
  }
  /** Network address as an unsigned 32-bit number. */
  get networkValue(): number {
    return (this.addr & this.maskBits) >>> 0;
  }
  toJSON(): object {
    return { address: this.address, mask: this.mask, prefix: this.prefix, network: this.network, cidr: this.cidr, offset: this.offset };
  }
}

class Entry implements AddressEntry {
  private rendered?: IpRange[];
  constructor(
    readonly offset: number,
    readonly family: number,
    readonly slotCount: number,
    readonly fullMaskBytes: number,
    readonly lastMaskByte: number,
    readonly dataOffset: number,
    readonly maskValue: number,
    readonly values: Uint32Array,
  ) {}
  get mask(): string {
    return ipText(this.maskValue);
  }
  get addresses(): IpRange[] {
    this.rendered ??= Array.from(this.values, (v, i) => new Range(v, this.maskValue, this.dataOffset + 4 * (i + 1)));
    return this.rendered;
  }
}

function ipText(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** Prefix length of a 32-bit mask, or null if its one bits are not contiguous. */
export function maskPrefixOf(v: number): number | null {
  return prefixOf(v);
}

function prefixOf(v: number): number | null {
  const inv = ~v >>> 0;
  if ((inv & (inv + 1)) !== 0) return null;
  let n = 0;
  for (let x = v; x & 0x80000000; x = (x << 1) >>> 0) n++;
  return n;
}

/** Prefix length of a 4-byte mask, or null if its one bits are not contiguous. */
export function maskPrefix(m: readonly number[]): number | null {
  return prefixOf(((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0);
}

export function makeRange(addr: readonly number[], mask: readonly number[], offset: number): IpRange {
  const v = (b: readonly number[]): number => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return new Range(v(addr), v(mask), offset);
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    readonly problems: BlobProblem[],
  ) {}
  fits(off: number, len: number): boolean {
    return off >= 0 && off + len <= this.b.length;
  }
  /** An IPv4 address or mask: four bytes in network order. */
  be32(off: number): number {
    const b = this.b;
    return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
  }
  u32(off: number): number {
    const b = this.b;
    return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
  }
  /** Reads a self-relative reference at `at`; returns the offset or -1 (problem reported). */
  ref(at: number, what: string, room: number): number {
    if (!this.fits(at, 4)) {
      this.problems.push({ offset: at, length: 0, message: `${what}: the reference at byte ${at} lies beyond the end of the blob (${this.b.length} bytes).` });
      return -1;
    }
    const v = this.u32(at);
    if ((v & REF) === 0) {
      this.problems.push({ offset: at, length: 4, message: `${what}: the DWORD at byte ${at} (0x${v.toString(16).padStart(8, '0')}) is not a self-relative reference (bit 31 clear).` });
      return -1;
    }
    const off = v & 0x7fffffff;
    if (!this.fits(off, room)) {
      this.problems.push({ offset: at, length: 4, message: `${what}: the reference at byte ${at} points to byte ${off}, outside the ${this.b.length}-byte blob.` });
      return -1;
    }
    return off;
  }
}

function decodeAddressList(r: Reader, at: number, which: 'grant' | 'deny', refAreaSize: number): { entries: AddressEntry[]; addressCount: number } {
  const entries: AddressEntry[] = [];
  const label = `${which === 'grant' ? 'Grant' : 'Deny'} address list`;
  const entryCount = r.u32(at);
  const addressCount = r.u32(at + 4);
  // Entries live in the reference area (header, list headers and entries; data follows it).
  const maxEntries = Math.floor((Math.min(refAreaSize, r.b.length) - at - 8) / 20);
  if (entryCount > maxEntries) {
    r.problems.push({ offset: at, length: 4, message: `${label}: header at byte ${at} says ${entryCount} entries, but only ${Math.max(0, maxEntries)} fit in the reference area (${Math.min(refAreaSize, r.b.length)} bytes).` });
  }
  const n = Math.min(entryCount, Math.max(0, maxEntries));
  let slotsTotal = 0;
  for (let k = 0; k < n; k++) {
    const e = at + 8 + 20 * k;
    const family = r.u32(e);
    const slotCount = r.u32(e + 4);
    const fullMaskBytes = r.u32(e + 8);
    const lastMaskByte = r.u32(e + 12);
    if (e + 20 > refAreaSize) {
      r.problems.push({ offset: e, length: 20, message: `${label}: entry ${k} at byte ${e} lies outside the reference area (${refAreaSize} bytes).` });
    }
    if (family !== 2) {
      r.problems.push({ offset: e, length: 4, message: `${label}: entry ${k} at byte ${e} has address family ${family}; only 2 (IPv4) is understood. The entry is skipped.` });
      continue;
    }
    if (slotCount < 1) {
      r.problems.push({ offset: e + 4, length: 4, message: `${label}: entry ${k} at byte ${e} has 0 slots; it needs at least the mask slot.` });
      continue;
    }
    const maxSlots = Math.floor(r.b.length / 4);
    const data = r.ref(e + 16, `${label}, entry ${k}`, 4 * Math.min(slotCount, maxSlots + 1));
    if (data < 0) continue;
    if (slotCount > maxSlots || !r.fits(data, 4 * slotCount)) {
      r.problems.push({ offset: e + 4, length: 4, message: `${label}: entry ${k} claims ${slotCount} slots at byte ${data}, which runs past the end of the blob.` });
      continue;
    }
    if (data < refAreaSize) {
      r.problems.push({ offset: e + 16, length: 4, message: `${label}: entry ${k}'s data (byte ${data}) lies inside the reference area (${refAreaSize} bytes).` });
    }
    const mask = [r.b[data]!, r.b[data + 1]!, r.b[data + 2]!, r.b[data + 3]!];
    let full = 0;
    while (full < 4 && mask[full] === 0xff) full++;
    const last = full < 4 ? mask[full]! : 0;
    const contiguous = maskPrefix(mask) !== null;
    if (contiguous && (fullMaskBytes !== full || lastMaskByte !== last)) {
      r.problems.push({ offset: e + 8, length: 8, message: `${label}: entry ${k} describes its mask as ${fullMaskBytes} full bytes + ${lastMaskByte}, but the mask is ${mask.join('.')}.` });
    }
    const maskBits = r.be32(data);
    const values = new Uint32Array(slotCount - 1);
    for (let k2 = 1; k2 < slotCount; k2++) values[k2 - 1] = r.be32(data + 4 * k2);
    slotsTotal += slotCount - 1;
    entries.push(new Entry(e, family, slotCount, fullMaskBytes, lastMaskByte, data, maskBits, values));
  }
  if (slotsTotal !== addressCount && n === entryCount) {
    r.problems.push({ offset: at + 4, length: 4, message: `${label}: header at byte ${at} says ${addressCount} address${addressCount === 1 ? '' : 'es'}, but its entries hold ${slotsTotal}.` });
  }
  return { entries, addressCount };
}

function decodeNameList(r: Reader, at: number, which: 'grant' | 'deny'): NameRule[] {
  const label = `${which === 'grant' ? 'Grant' : 'Deny'} name list`;
  const out: NameRule[] = [];
  const entryCount = r.u32(at);
  const nameCount = r.u32(at + 4);
  let p = at + 8;
  let seen = 0;
  for (let k = 0; k < entryCount; k++) {
    if (!r.fits(p, 8)) {
      r.problems.push({ offset: at, length: 4, message: `${label}: header at byte ${at} says ${entryCount} entries, but entry ${k} would start past the end of the blob.` });
      return out;
    }
    const labels = r.u32(p);
    const n = r.u32(p + 4);
    if (!r.fits(p + 8, 4 * n)) {
      r.problems.push({ offset: p + 4, length: 4, message: `${label}: entry ${k} at byte ${p} claims ${n} names, which runs past the end of the blob.` });
      return out;
    }
    for (let i = 0; i < n; i++) {
      const s = r.ref(p + 8 + 4 * i, `${label}, entry ${k}, name ${i}`, 1);
      if (s < 0) continue;
      let e = s;
      while (e < r.b.length && r.b[e] !== 0) e++;
      if (e >= r.b.length) {
        r.problems.push({ offset: s, length: e - s, message: `${label}: name at byte ${s} is not NUL-terminated.` });
        continue;
      }
      let name = '';
      for (let c = s; c < e; c++) name += String.fromCharCode(r.b[c]!);
      const exactHost = (labels & REF) !== 0;
      out.push({ name, display: exactHost ? name : `*.${name}`, exactHost });
    }
    seen += n;
    p += 8 + 4 * n;
  }
  if (seen !== nameCount) {
    r.problems.push({ offset: at + 4, length: 4, message: `${label}: header at byte ${at} says ${nameCount} names, but its entries hold ${seen}.` });
  }
  return out;
}

class List implements DecodedIpList {
  private grantRendered?: IpRange[];
  private denyRendered?: IpRange[];
  header?: IpListHeader;
  grantEntries: AddressEntry[] = [];
  denyEntries: AddressEntry[] = [];
  grantNames: NameRule[] = [];
  denyNames: NameRule[] = [];
  grantByDefault = true;
  sentinel = false;
  degenerate = false;
  constructor(
    readonly byteLength: number,
    readonly problems: BlobProblem[],
    public mode: IpListMode,
  ) {}
  get grantCount(): number {
    return this.grantEntries.reduce((n, e) => n + e.values.length, 0);
  }
  get denyCount(): number {
    return this.denyEntries.reduce((n, e) => n + e.values.length, 0);
  }
  get grant(): IpRange[] {
    this.grantRendered ??= this.grantEntries.flatMap((e) => e.addresses);
    return this.grantRendered;
  }
  get deny(): IpRange[] {
    this.denyRendered ??= this.denyEntries.flatMap((e) => e.addresses);
    return this.denyRendered;
  }
}

function emptyList(byteLength: number, problems: BlobProblem[], mode: IpListMode): DecodedIpList {
  return new List(byteLength, problems, mode);
}

/** Decodes bytes. Never throws. */
export function decodeIpListBytes(b: Uint8Array): DecodedIpList {
  const problems: BlobProblem[] = [];
  if (b.length === 0) return emptyList(0, problems, 'no-list');
  if (b.length < 24) {
    problems.push({ offset: 0, length: b.length, fatal: true, message: `The blob is ${b.length} bytes long; the list header alone needs 24.` });
    return emptyList(b.length, problems, 'malformed');
  }
  const r = new Reader(b, problems);
  const refAreaSize = r.u32(20);
  if (refAreaSize > b.length) {
    problems.push({ offset: 20, length: 4, message: `The reference area size (${refAreaSize} bytes) is larger than the blob (${b.length} bytes).` });
  }
  if (refAreaSize < 56 && refAreaSize <= b.length) {
    problems.push({ offset: 20, length: 4, message: `The reference area size (${refAreaSize} bytes) is smaller than the header plus four empty list headers (56 bytes).` });
  }
  // A reference area too small to hold the list headers is already reported; bound by the blob instead.
  const area = refAreaSize >= 56 ? Math.min(refAreaSize, b.length) : b.length;
  const refs = ['Deny address list', 'Grant address list', 'Deny name list', 'Grant name list'].map((what, i) => {
    const off = r.ref(i * 4, what, 8);
    if (off >= 0 && (off % 4 !== 0 || off + 8 > area)) {
      problems.push({ offset: i * 4, length: 4, message: `${what}: its header at byte ${off} is ${off % 4 !== 0 ? 'not 4-byte aligned' : 'outside the reference area'}.` });
    }
    return off;
  });
  const header: IpListHeader = { denyAddrRef: refs[0]!, grantAddrRef: refs[1]!, denyNameRef: refs[2]!, grantNameRef: refs[3]!, flags: r.u32(16), refAreaSize };
  if (refs.some((x) => x < 0)) {
    problems.forEach((p) => (p.fatal = true));
    const bad = new List(b.length, problems, 'malformed');
    bad.header = header;
    return bad;
  }
  const list = new List(b.length, problems, 'no-list');
  list.header = header;
  const deny = decodeAddressList(r, header.denyAddrRef, 'deny', area);
  const grant = decodeAddressList(r, header.grantAddrRef, 'grant', area);
  list.denyEntries = deny.entries;
  list.grantEntries = grant.entries;
  list.denyNames = decodeNameList(r, header.denyNameRef, 'deny');
  list.grantNames = decodeNameList(r, header.grantNameRef, 'grant');
  const grantAddresses = list.grantCount;
  const denyAddresses = list.denyCount;
  // ADSI's rule uses the header counts (reference §3.3).
  list.grantByDefault = !(grant.addressCount + list.grantNames.length > deny.addressCount + list.denyNames.length);
  const only = list.grantEntries.length === 1 ? list.grantEntries[0]! : undefined;
  list.sentinel = !list.grantByDefault && grantAddresses === 1 && list.grantNames.length === 0 && only !== undefined && only.values[0] === 0 && only.maskValue === 0xffffffff;
  list.degenerate = [...list.grantEntries, ...list.denyEntries].some((e) => e.slotCount === 1);
  if (denyAddresses > 0 || (list.denyNames.length > 0 && grantAddresses === 0 && list.grantNames.length === 0)) list.mode = 'all-except';
  else if (list.sentinel) list.mode = 'nobody';
  else if (grantAddresses > 0) list.mode = 'only-listed';
  else if (list.grantNames.length > 0) list.mode = 'only-names';
  else list.mode = 'no-list';
  return list;
}

/** Decodes the hex text of a RelayIpList / IPSecurity attribute. Never throws. */
export function decodeIpListHex(hex: string): DecodedIpList {
  const problems: BlobProblem[] = [];
  if (hex.length > MAX_BLOB_BYTES * 2 + 1024) {
    problems.push({ offset: 0, length: 0, fatal: true, message: `The value is ${hex.length} characters long; blobs over ${MAX_BLOB_BYTES / 1024 / 1024} MB are not decoded.` });
    return emptyList(Math.floor(hex.length / 2), problems, 'malformed');
  }
  const bytes = hexToBytes(hex, problems);
  if (!bytes) return emptyList(0, problems, 'malformed');
  return decodeIpListBytes(bytes);
}

export type ListPurpose = 'relay' | 'connect';

/** One line a person understands: "only these 3 ranges may relay", "open relay: all except 1 range". */
export function ipListVerdict(list: DecodedIpList, purpose: ListPurpose): string {
  const verb = purpose === 'relay' ? 'relay' : 'connect';
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  switch (list.mode) {
    case 'all-except': {
      const count = list.denyCount + list.denyNames.length;
      return purpose === 'relay'
        ? `open relay: every host except ${n(count, 'denied entry')} may relay`
        : `every host except ${n(count, 'denied entry')} may connect`;
    }
    case 'only-listed': {
      const count = list.grantCount + list.grantNames.length;
      return count === 1 ? `only this 1 range may ${verb}` : `only these ${count} ranges may ${verb}`;
    }
    case 'nobody':
      return `no host may ${verb} by address (empty "Only the list below")`;
    case 'only-names':
      return `only hosts whose reverse DNS matches ${n(list.grantNames.length, 'name')} may ${verb}`;
    case 'no-list':
      return purpose === 'relay' ? 'open relay: the list is empty, so every host may relay' : 'no connection control: every host may connect';
    case 'malformed':
      return 'the list could not be decoded';
  }
}
