// A byte-level reader of W3C log records for the assessment of large files. It reads the same records as
// LogLineParser for clean lines, straight from the file buffer: tokens are found on bytes, repeated
// column values (addresses, HELO names, verbs) are recognised by comparing bytes with the previous
// line, and only the values the assessment needs become strings. Any line it is not sure about
// (directives, other formats, wrong field count, control characters, odd numbers or times) goes to
// LogLineParser, so results are identical. test/unit/assessmentFastReader.test.ts checks that.
import { openRegularFile } from '../common/safeRead';
import { mailArgumentEndInBytes } from './addresses';
import { catalogVerb } from './catalog/verbs';
import { LogLineParser, MAX_LINE_LENGTH, MAX_QUERY, MAX_TOKENS, OUT_COMMAND, OUT_RESPONSE, QUERY_VERBS, type LineEntry } from './lineParser';
import { StringPool } from './intern';
import type { Direction, FieldLayout, LogRecord } from './types';
import { parseIsoDate } from './values';
import { spaceLists, type SpaceList } from './spaceScan';

export interface ReadOptions {
  chunkSize?: number;
  /** Called after each chunk with bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Polled after each chunk; reading stops when it returns true. */
  isCancelled?: () => boolean;
}

export interface ReadResult {
  bytes: number;
  lines: number;
  cancelled: boolean;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
/** The columns a layout's lines are read up to, and whether they start with date and time. */
interface Reach {
  /** The last column an outbound line needs (the rest of it is not tokenised). */
  outbound: number;
  /** The last column an inbound record needs. */
  inbound: number;
  /** date then time first: 10 and 8 bytes wide on every line the fast path reads. */
  dateTimeFirst: boolean;
}
const reaches = new WeakMap<FieldLayout, Reach>();

function reachOf(layout: FieldLayout): Reach {
  let r = reaches.get(layout);
  if (r === undefined) {
    const x = layout.index;
    const cap = (m: number): number => (m >= MAX_TOKENS ? Number.MAX_SAFE_INTEGER : m);
    const outbound = Math.max(x.date, x.time, x.clientIp, x.username, x.serverPort, x.method, x.uriQuery);
    // sc-bytes and time-taken are not read (the record says -1) except by strict readers, which read every column.
    const inbound = Math.max(outbound, x.siteName, x.serverIp, x.status, x.win32Status, x.bytesReceived);
    r = { outbound: cap(outbound), inbound: cap(inbound), dateTimeFirst: x.date === 0 && x.time === 1 };
    reaches.set(layout, r);
  }
  return r;
}

/** Bytes [start, end) of a file: a reader of it takes the lines that start there (their line numbers count from 0). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FastReadOptions extends ReadOptions {
  /** Read only the lines that start in this byte range (line numbers then count from its first line). */
  range?: ByteRange;
  /** Send every line the parser would report a problem on through the parser (for diagnostics). */
  strict?: boolean;
}

export interface FastReadResult extends ReadResult {
  /** Lines handed to LogLineParser (directives and anything unusual). */
  slowLines: number;
}

/** Token offsets of the current line (shared, reused: no per-line allocation). */
const tokenStart = new Int32Array(MAX_TOKENS);
const tokenEnd = new Int32Array(MAX_TOKENS);

/**
 * The offset of the first byte in [i, e) that is a space, or -1. Four bytes at a time (a token is about seven
 * bytes long): the lowest flagged byte of the zero-byte test on `word ^ 0x20202020` is exact.
 */
function nextSpace(u8: Uint8Array, dv: DataView, i: number, e: number): number {
  for (; i + 4 <= e; i += 4) {
    const x = dv.getInt32(i, true) ^ 0x20202020;
    const m = (x - 0x01010101) & ~x & 0x80808080;
    if (m !== 0) return i + ((31 - Math.clz32(m & -m)) >> 3);
  }
  for (; i < e; i++) if (u8[i] === SPACE) return i;
  return -1;
}

/**
 * The offset of the first byte in [i, e) that is a space, a control character or DEL (tab included), or -1.
 * Four bytes at a time, as nextSpace: flagged are bytes below 0x21 and bytes equal to 0x7f; bytes from 0x80
 * up are never flagged.
 */
function nextSpecial(u8: Uint8Array, dv: DataView, i: number, e: number): number {
  for (; i + 4 <= e; i += 4) {
    const v = dv.getInt32(i, true);
    const d = v ^ 0x7f7f7f7f;
    const m = (((v - 0x21212121) & ~v) | ((d - 0x01010101) & ~d)) & 0x80808080;
    if (m !== 0) return i + ((31 - Math.clz32(m & -m)) >> 3);
  }
  for (; i < e; i++) {
    const c = u8[i]!;
    if (c <= SPACE || c === 127) return i;
  }
  return -1;
}

/**
 * Token offsets of a line into tokenStart/tokenEnd, from offset `s` (where token `count` starts) up to column
 * `need` (the rest of the line, ending at `e`, is not read): the token count, or -1 for a line the parser must
 * read (doubled or leading space, too many tokens).
 */
function tokenize(chunk: Chunk, s: number, e: number, count: number, need: number): number {
  const u8 = chunk.u8;
  const dv = chunk.dv;
  let start = s;
  for (;;) {
    const i = nextSpace(u8, dv, start, e);
    if (i < 0) break;
    if (i === start || count >= MAX_TOKENS) return -1;
    tokenStart[count] = start;
    tokenEnd[count++] = i;
    start = i + 1;
    if (count > need) return count;
  }
  if (start >= e) return -1;
  tokenStart[count] = start;
  tokenEnd[count++] = e;
  return count;
}

/**
 * Strict readers (diagnostics) hand any line with the wrong field count or control bytes to the parser, which
 * reports them; the assessment only needs the values, which those lines still give. -1 for those lines.
 */
function tokenizeAll(chunk: Chunk, s: number, e: number, fields: number): number {
  const u8 = chunk.u8;
  const dv = chunk.dv;
  let count = 0;
  let start = s;
  let i = s;
  for (;;) {
    i = nextSpecial(u8, dv, i, e);
    if (i < 0) break;
    const c = u8[i]!;
    if (c !== SPACE) {
      if (c !== 9) return -1; // a tab is part of a value; any other control byte goes to the parser
      i++;
      continue;
    }
    if (i === start || count >= MAX_TOKENS) return -1;
    tokenStart[count] = start;
    tokenEnd[count++] = i;
    start = ++i;
  }
  if (start >= e || count >= MAX_TOKENS) return -1;
  tokenStart[count] = start;
  tokenEnd[count++] = e;
  return count === fields ? count : -1;
}

/**
 * tokenizeAll for a line of a chunk whose spaces are listed and that holds no control byte (chunk.clean):
 * a line holds no CR or LF, so its only bytes below 0x21 are spaces and tabs (part of a value),
 * and its tokens lie between the listed spaces. The list's cursor moves forward with the lines; a line before
 * it (never, in practice) is found by bisection.
 */
function tokenizeAllListed(chunk: Chunk, s: number, e: number, fields: number): number {
  const offsets = chunk.offsets;
  let c = chunk.cursor;
  if (c > 0 && offsets[c - 1]! >= s) {
    let lo = 0;
    while (lo < c) {
      const mid = (lo + c) >> 1;
      if (offsets[mid]! < s) lo = mid + 1;
      else c = mid;
    }
  }
  // The sentinel after the last space stops both loops.
  while (offsets[c]! < s) c++;
  let count = 0;
  let start = s;
  for (;;) {
    const i = offsets[c]!;
    if (i >= e) break;
    c++;
    if (i === start || count >= MAX_TOKENS) {
      chunk.cursor = c;
      return -1;
    }
    tokenStart[count] = start;
    tokenEnd[count++] = i;
    start = i + 1;
  }
  chunk.cursor = c;
  if (start >= e || count >= MAX_TOKENS) return -1;
  tokenStart[count] = start;
  tokenEnd[count++] = e;
  return count === fields ? count : -1;
}

/** Column value: -1 for `-` or no column, -2 when not plain digits (the parser then reports it). */
function num(b: Uint8Array, column: number): number {
  if (column < 0) return -1;
  const ns = tokenStart[column]!;
  const ne = tokenEnd[column]!;
  if (ne - ns === 1 && b[ns] === 45) return -1;
  if (ne - ns > 15) return -2;
  let v = 0;
  for (let k = ns; k < ne; k++) {
    const c = b[k]! - 48;
    if (c < 0 || c > 9) return -2;
    v = v * 10 + c;
  }
  return v;
}

/** A buffer lines are read from, with the views the hot path reads it through (made once per buffer). */
class Chunk {
  readonly buf: Buffer;
  /** Indexing a plain Uint8Array is faster than indexing the Buffer subclass. */
  readonly u8: Uint8Array;
  /** For comparing four bytes at a time. */
  readonly dv: DataView;
  /** The offsets of the spaces of the bytes indexed last, then a sentinel (when `clean`). */
  readonly offsets: Int32Array;
  /**
   * Whether `offsets` lists the spaces of the lines read now (the WebAssembly pass ran, and they fitted) and those
   * bytes hold no control byte (C0 but tab, LF, CR; DEL).
   */
  clean = false;
  /** The first entry of `offsets` not yet passed (lines are read in increasing order). */
  cursor = 0;
  /**
   * The offsets of the LFs of the bytes split now, then a sentinel, when every line break there is an LF or a
   * CRLF (see listLines); else undefined, and the splitter searches the bytes.
   */
  lfs: Int32Array | undefined = undefined;

  /** A buffer of `size` bytes: in the WebAssembly pass's memory when it is available. */
  constructor(
    size: number,
    private readonly list?: SpaceList,
    /** Whether index() lists spaces (strict readers only). */
    private readonly listsSpaces = false,
  ) {
    this.buf = list ? list.buf : Buffer.allocUnsafe(size);
    this.offsets = list ? list.offsets : new Int32Array(1);
    this.u8 = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  /**
   * `count` chunks of `size` bytes, sharing one WebAssembly instance when the pass is available; the spaces are
   * listed for a strict reader only. The assessment's reader reads outbound lines only up to their query (half of
   * a relay's lines): listing every space of a chunk cost it more than it saved (1.61 -> 1.67 s CPU on a 200 MB
   * log); listing its line breaks pays (assess --jobs 1 on the 200 MB direct-to-MX log: 1.52 -> 1.42 s CPU).
   */
  static make(size: number, count: number, strict: boolean): Chunk[] {
    const lists = spaceLists(size, count);
    return Array.from({ length: count }, (_, k) => new Chunk(size, lists?.[k], strict));
  }

  /**
   * Lists the spaces (strict readers) and the LFs of buf[begin, end) (the lines read next lie there), when the
   * pass is available: the LFs into `lfs` when every CR there is followed by an LF there (no lone CR, none as the
   * last byte), so that a file's lines are cut without a native search (two per line, the CR's and the LF's).
   */
  index(begin: number, end: number): void {
    const list = this.list;
    if (list === undefined) return;
    this.cursor = 0;
    this.clean = this.listsSpaces && list.scan(begin, end) && !list.control;
    if (!this.listsSpaces) list.lines(begin, end);
    this.lfs = list.lined ? list.lfs : undefined;
  }
}

/**
 * Remembers a column's recent values (bytes and string), so a repeated value costs a byte comparison, not a
 * decoded string. Direct-mapped: a value's slot is a hash of its bytes, so many interleaved values (forty
 * applications' HELO names) each keep their slot; the value of the line before is checked first.
 */
class ColumnCache {
  private static readonly WIDTH = 64;
  /** A hash's top bits name its slot. */
  private readonly shift: number;
  private readonly bytes: Uint8Array;
  private readonly held: DataView;
  private readonly lengths: Int32Array;
  private readonly values: string[];
  /** The slot of the last value returned: a column mostly repeats the value of the line before. */
  private last = 0;
  /**
   * The slot of the value returned before it: columns that alternate between two values (the two outbound markers
   * in the username column, a reply after its command) find it without hashing.
   */
  private prev = 0;

  /** The slot of the value the last `get` returned (not meaningful after an empty or overlong value). */
  get lastSlot(): number {
    return this.last;
  }

  /**
   * @param slots a power of two, at least 2
   * @param pool interns the values decoded (the editor keeps them; the assessment counts and drops them).
   * @param literals values the reader compares against on every line, given as the literals themselves: a value
   * equal to one is returned as that string (interned by V8), so the comparison is by pointer.
   */
  constructor(
    slots = 64,
    private readonly pool?: StringPool,
    private readonly literals?: ReadonlyMap<string, string>,
  ) {
    this.shift = Math.clz32(slots) + 1;
    this.bytes = new Uint8Array(slots * ColumnCache.WIDTH);
    this.held = new DataView(this.bytes.buffer);
    this.lengths = new Int32Array(slots).fill(-1);
    this.values = new Array<string>(slots).fill('');
  }

  /** The value at [s, e) of the chunk: '' for `-`. */
  get(chunk: Chunk, s: number, e: number): string {
    const u8 = chunk.u8;
    const n = e - s;
    if (n === 1 && u8[s] === 45) return '';
    const last = this.last;
    if (this.matches(last, chunk, s, n)) return this.values[last]!;
    const prev = this.prev;
    if (this.matches(prev, chunk, s, n)) {
      this.prev = last;
      this.last = prev;
      return this.values[prev]!;
    }
    if (n > ColumnCache.WIDTH) return this.decode(chunk.buf, s, e);
    const slot = ColumnCache.hash(chunk, s, e) >>> this.shift;
    this.prev = last;
    this.last = slot;
    // The two slots just compared hold other values: no need to compare again.
    if (slot !== last && slot !== prev && this.matches(slot, chunk, s, n)) return this.values[slot]!;
    const value = this.decode(chunk.buf, s, e);
    const base = slot * ColumnCache.WIDTH;
    for (let i = 0; i < n; i++) this.bytes[base + i] = u8[s + i]!;
    this.lengths[slot] = n;
    this.values[slot] = value;
    return value;
  }

  /** Fibonacci hashing four bytes at a time: the top bits of the last product depend on every byte. */
  private static hash(chunk: Chunk, s: number, e: number): number {
    const dv = chunk.dv;
    const u8 = chunk.u8;
    let h = e - s;
    let i = s;
    for (; i + 4 <= e; i += 4) h = Math.imul(h ^ dv.getInt32(i, true), 0x9e3779b1);
    for (; i < e; i++) h = Math.imul(h ^ u8[i]!, 0x9e3779b1);
    return h;
  }

  private decode(buf: Buffer, s: number, e: number): string {
    const decoded = buf.toString('latin1', s, e);
    const literal = this.literals?.get(decoded);
    if (literal !== undefined) return literal;
    return this.pool ? this.pool.internFlat(decoded) : decoded;
  }

  /**
   * Whether `slot` holds the n bytes at `s`: four at a time from the end (values that differ mostly differ
   * there), the first four last (overlapping the word after them when n is not a multiple of four).
   */
  private matches(slot: number, chunk: Chunk, s: number, n: number): boolean {
    if (this.lengths[slot] !== n) return false;
    const base = slot * ColumnCache.WIDTH;
    if (n < 4) {
      const u8 = chunk.u8;
      const bytes = this.bytes;
      for (let i = 0; i < n; i++) if (u8[s + i] !== bytes[base + i]) return false;
      return true;
    }
    const line = chunk.dv;
    const held = this.held;
    for (let i = n - 4; i > 0; i -= 4) if (line.getInt32(s + i, true) !== held.getInt32(base + i, true)) return false;
    return line.getInt32(s, true) === held.getInt32(base, true);
  }
}

/** The method column: its string, upper-cased verb and whether the query is kept, for repeated methods. */
class MethodCache {
  private readonly columns: ColumnCache;
  /** Per method text: its verb and whether its query is kept (one lookup when the method changes). */
  private readonly known = new Map<string, MethodInfo>();
  /** The same, per slot of the column cache, for the method text the slot held when it was looked up. */
  private readonly bySlot: (MethodInfo | undefined)[] = new Array<MethodInfo | undefined>(METHOD_SLOTS).fill(undefined);
  private lastMethod = '';
  verb = '';
  keepsQuery = false;

  /** @param pool the editor's document pool; the assessment keeps only a few verbs (hostile logs invent methods). */
  constructor(pool?: StringPool) {
    this.pool = pool ?? new StringPool(10_000);
    // Inbound and outbound verbs interleave: room for all the common ones.
    this.columns = new ColumnCache(METHOD_SLOTS, pool);
  }

  private readonly pool: StringPool;

  /** Sets `verb` and `keepsQuery` for the method at [s, e) and returns the method text. */
  read(chunk: Chunk, s: number, e: number): string {
    const method = this.columns.get(chunk, s, e);
    if (method === this.lastMethod) return method;
    this.lastMethod = method;
    if (method === '') {
      this.verb = '';
      this.keepsQuery = false;
      return method;
    }
    // Inbound verbs change on every line: the slot the column cache found the method in says its verb (a stale
    // slot, after a value too long to cache, only misses: the method text is compared).
    const slot = this.columns.lastSlot;
    let info = this.bySlot[slot];
    if (info?.method !== method) {
      info = this.known.get(method);
      if (info === undefined) {
        const upper = method.toUpperCase();
        const verb = catalogVerb(upper) ?? this.pool.intern(upper);
        info = { method, verb, keepsQuery: QUERY_VERBS.has(verb) };
        if (this.known.size < 10_000) this.known.set(method, info);
      }
      this.bySlot[slot] = info;
    }
    this.verb = info.verb;
    this.keepsQuery = info.keepsQuery;
    return method;
  }
}

interface MethodInfo {
  method: string;
  verb: string;
  keepsQuery: boolean;
}

/** The username column's two outbound markers, tested on every line (FastLines.line). */
const OUTBOUND_MARKERS: ReadonlyMap<string, string> = new Map([OUT_COMMAND, OUT_RESPONSE].map((m) => [m, m]));

/** Slots of the method column's cache. */
const METHOD_SLOTS = 64;

/**
 * What an outbound line says, for the assessment (one object, reused for every line: copy what you keep).
 * `query` is set only where the assessment reads it: 220 replies (banners) and MAIL, RCPT and AUTH commands.
 */
export interface OutboundFact {
  line: number;
  clientIp: string;
  time: number;
  response: boolean;
  /** s-port (-1 when not logged): 587 is client submission. */
  serverPort: number;
  verb: string;
  code: number;
  query: string;
}

/** Outbound commands whose argument the assessment reads (sender, recipient domain, AUTH mechanism). */
const FACT_ARGUMENT_VERBS = new Set(['MAIL', 'RCPT', 'AUTH']);

export interface FastSink {
  /** Records (inbound ones always; outbound ones too when there is no `outbound` handler) and other entries. */
  entry: (entry: LineEntry, line: number) => void;
  outbound?: (fact: OutboundFact) => void;
}

/** The 3-digit reply code at the start of a reply (as replyCodeOf reads it), or -1. */
function codeAt(b: Uint8Array, s: number, e: number): number {
  if (e - s < 3) return -1;
  const x = b[s]! - 48;
  const y = b[s + 1]! - 48;
  const z = b[s + 2]! - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 && z >= 0 && z <= 9 ? x * 100 + y * 10 + z : -1;
}

/** Reads the lines of one file; a class so the hot path works on fields, not closure slots. */
class FastLines {
  readonly fact: OutboundFact = { line: 0, clientIp: '', time: NaN, response: false, serverPort: -1, verb: '', code: -1, query: '' };
  private readonly clientIps: ColumnCache;
  /** HELO names of inbound records and the two outbound markers interleave. */
  private readonly usernames: ColumnCache;
  private readonly serverIps: ColumnCache;
  private readonly siteNames: ColumnCache;
  /** Outbound replies and command arguments repeat a handful of texts ("250 2.1.5 Recipient OK"…). */
  private readonly queries: ColumnCache;
  private readonly methods: MethodCache;
  private lastDateA = 0;
  private lastDateB = 0;
  private lastDateC = 0;
  private lastDateValid = false;
  private lastDay = NaN;
  private layout: FieldLayout | undefined = undefined;
  private reach: Reach = { outbound: 0, inbound: 0, dateTimeFirst: false };
  slowLines = 0;
  lineNo = 0;

  constructor(
    private readonly parser: LogLineParser,
    private readonly sink: FastSink,
    private readonly strict = false,
    pool?: StringPool,
  ) {
    this.clientIps = new ColumnCache(256, pool);
    this.usernames = new ColumnCache(256, pool, OUTBOUND_MARKERS);
    this.serverIps = new ColumnCache(16, pool);
    this.siteNames = new ColumnCache(16, pool);
    this.queries = new ColumnCache(256, pool);
    this.methods = new MethodCache(pool);
  }

  slow(buf: Buffer, s: number, e: number): void {
    this.slowLines++;
    const entry = this.parser.parse(buf.toString('latin1', s, e), this.lineNo);
    if (entry.kind === 'blank') return;
    this.sink.entry(entry, this.lineNo);
  }

  overlong(): void {
    this.slowLines++;
    const entry = this.parser.parse('\u0000'.repeat(MAX_LINE_LENGTH + 1), this.lineNo);
    if (entry.kind === 'blank') return;
    this.sink.entry(entry, this.lineNo);
  }

  /** One line [s, e) without its line break. */
  line(chunk: Chunk, s: number, e: number): void {
    const layout = this.parser.state.layout;
    const buf = chunk.buf;
    const u8 = chunk.u8;
    // Directives, leading white space (the parser reads "\t#Fields" as a directive) and a BOM go to the parser.
    const head = u8[s];
    if (e - s > MAX_LINE_LENGTH || this.parser.format !== 'w3c' || !layout || e === s || head === 35 || head === SPACE || head === 9 || head === 0xef) return this.slow(buf, s, e);
    if (layout !== this.layout) {
      this.layout = layout;
      this.reach = reachOf(layout);
    }
    // Tokens up to the last column the assessment reads. Like LogLineParser, values are taken by position,
    // so a line with extra or missing trailing fields gives the same values; control characters only
    // add a diagnostic there, so they need no check here.
    const reach = this.reach;
    let count: number;
    let need = reach.outbound;
    if (this.strict) {
      count = chunk.clean ? tokenizeAllListed(chunk, s, e, layout.names.length) : tokenizeAll(chunk, s, e, layout.names.length);
      need = reach.inbound;
    } else if (reach.dateTimeFirst && e - s > 20 && u8[s + 10] === SPACE && u8[s + 19] === SPACE) {
      // Date and time are fixed-width (checked below, digit by digit): no need to look for their spaces.
      tokenStart[0] = s;
      tokenEnd[0] = s + 10;
      tokenStart[1] = s + 11;
      tokenEnd[1] = s + 19;
      count = tokenize(chunk, s + 20, e, 2, need);
    } else count = tokenize(chunk, s, e, 0, need);
    if (count <= need) return this.slow(buf, s, e); // fewer fields than the layout: the parser knows what is missing
    const idx = layout.index;
    let day = layout.blockDate;
    if (idx.date >= 0) {
      const ds = tokenStart[idx.date]!;
      if (tokenEnd[idx.date]! - ds !== 10) return this.slow(buf, s, e);
      // The ten bytes as three numbers: one comparison each with the date of the line before.
      const dv = chunk.dv;
      const a = dv.getInt32(ds);
      const b = dv.getInt32(ds + 4);
      const c = dv.getUint16(ds + 8);
      if (this.lastDateValid && a === this.lastDateA && b === this.lastDateB && c === this.lastDateC) day = this.lastDay;
      else {
        day = parseIsoDate(buf.toString('latin1', ds, ds + 10));
        if (Number.isNaN(day)) return this.slow(buf, s, e);
        this.lastDateA = a;
        this.lastDateB = b;
        this.lastDateC = c;
        this.lastDateValid = true;
        this.lastDay = day;
      }
    }
    let time = day;
    if (idx.time >= 0) {
      const ts = tokenStart[idx.time]!;
      if (tokenEnd[idx.time]! - ts !== 8) return this.slow(buf, s, e);
      const clock = clockAt(u8, ts);
      if (clock < 0) return this.slow(buf, s, e);
      time = Number.isNaN(day) ? NaN : day + clock;
    }
    const serverPort = num(u8, idx.serverPort);
    if (serverPort === -2) return this.slow(buf, s, e);
    const methods = this.methods;
    let method = '';
    let verb = '';
    let keepsQuery = false;
    if (idx.method >= 0) {
      method = methods.read(chunk, tokenStart[idx.method]!, tokenEnd[idx.method]!);
      verb = methods.verb;
      keepsQuery = methods.keepsQuery;
    }
    const username = idx.username >= 0 ? this.usernames.get(chunk, tokenStart[idx.username]!, tokenEnd[idx.username]!) : '';
    const q = idx.uriQuery;
    const qs = q >= 0 ? tokenStart[q]! : 0;
    const qe = q >= 0 ? tokenEnd[q]! : 0;
    const noQuery = q < 0 || (qe - qs === 1 && u8[qs] === 45);
    let direction: Direction = 'in';
    if (username === OUT_COMMAND) direction = 'out-command';
    else if (username === OUT_RESPONSE) direction = 'out-response';
    else if (idx.serverPort >= 0 && serverPort > 0) direction = method === '' ? 'out-response' : 'out-command';
    else if (idx.username < 0 && idx.serverPort < 0) return this.slow(buf, s, e); // the rare field sets: let the parser decide
    const clientIp = idx.clientIp >= 0 ? this.clientIps.get(chunk, tokenStart[idx.clientIp]!, tokenEnd[idx.clientIp]!) : '';
    if (direction !== 'in' && this.sink.outbound) {
      // Outbound lines become facts, not records: only the reply code, and the text of banners and MAIL.
      const fact = this.fact;
      const response = direction === 'out-response';
      fact.line = this.lineNo;
      fact.clientIp = clientIp;
      fact.time = time;
      fact.response = response;
      fact.serverPort = serverPort;
      fact.verb = verb;
      fact.code = response && !noQuery ? codeAt(u8, qs, qe) : -1;
      fact.query = '';
      if (!noQuery && (response ? fact.code === 220 : FACT_ARGUMENT_VERBS.has(verb))) fact.query = this.queryText(chunk, verb, qs, qe);
      this.sink.outbound(fact);
      return;
    }
    if (count <= reach.inbound) {
      // A record (not an outbound fact): the columns after the query too.
      count = tokenize(chunk, tokenEnd[count - 1]! + 1, e, count, reach.inbound);
      if (count <= reach.inbound) return this.slow(buf, s, e);
    }
    const status = num(u8, idx.status);
    const win32Status = num(u8, idx.win32Status);
    const bytesReceived = num(u8, idx.bytesReceived);
    if (status === -2 || win32Status === -2 || bytesReceived === -2) return this.slow(buf, s, e);
    // Strict readers (diagnostics, the editor) read the numeric columns the assessment leaves unread too.
    let bytesSent = -1;
    let timeTaken = -1;
    if (this.strict) {
      bytesSent = num(u8, idx.bytesSent);
      timeTaken = num(u8, idx.timeTaken);
      if (bytesSent === -2 || timeTaken === -2) return this.slow(buf, s, e);
    }
    const record: LogRecord = {
      kind: 'record',
      line: this.lineNo,
      format: 'w3c',
      time,
      localTime: false,
      clientIp,
      username,
      serverIp: idx.serverIp >= 0 ? this.serverIps.get(chunk, tokenStart[idx.serverIp]!, tokenEnd[idx.serverIp]!) : '',
      siteName: idx.siteName >= 0 ? this.siteNames.get(chunk, tokenStart[idx.siteName]!, tokenEnd[idx.siteName]!) : '',
      serverPort,
      method,
      verb,
      query: '',
      status,
      win32Status,
      bytesSent,
      bytesReceived,
      timeTaken,
      direction,
      layout,
    };
    if (!noQuery && (direction !== 'in' || keepsQuery)) record.query = this.queryText(chunk, verb, qs, qe);
    this.sink.entry(record, this.lineNo);
  }

  /** The query [qs, qe) as kept on records and facts: a MAIL argument without its parameters, at most MAX_QUERY. */
  private queryText(chunk: Chunk, verb: string, qs: number, qe: number): string {
    const end = verb === 'MAIL' ? mailArgumentEndInBytes(chunk.u8, qs, qe) : qe;
    return end - qs <= MAX_QUERY ? this.queries.get(chunk, qs, end) : chunk.buf.toString('latin1', qs, qs + MAX_QUERY);
  }
}

/** Characters of a document written to bytes at a time (a window, not a copy of a 40 MB document). */
const TEXT_WINDOW = 1 << 20;

let sharedWindow: Chunk | undefined;

/**
 * The editor's one window (with its WebAssembly memory), made on first use: a document is parsed synchronously,
 * one at a time, so every TextLineReader can write into it (a reader sets its `from`/`to` anew when it starts).
 */
function textWindow(): Chunk {
  sharedWindow ??= Chunk.make(TEXT_WINDOW, 1, true)[0]!;
  return sharedWindow;
}

/**
 * The editor's whole-document parse: the lines of a text with no character above U+00FF, read as bytes (written
 * a window at a time as Latin-1, one byte per character) strictly as `check` reads a file: any line with a problem
 * goes to the parser, so the entries are the parser's. Values are interned in the document's pool.
 */
export class TextLineReader {
  private readonly lines: FastLines;
  private readonly chunk = textWindow();
  private readonly window = this.chunk.buf;
  /** Text offsets the window holds. */
  private from = 0;
  private to = 0;

  constructor(
    private readonly text: string,
    parser: LogLineParser,
    entry: FastSink['entry'],
    pool: StringPool,
  ) {
    this.lines = new FastLines(parser, { entry }, true, pool);
  }

  /**
   * Line `line` at text offsets [start, end) (line break excluded); blank lines are not reported. False for a
   * line longer than the window, which the caller parses as text.
   */
  read(start: number, end: number, line: number): boolean {
    if (end - start > TEXT_WINDOW) return false;
    if (start < this.from || end > this.to) {
      this.from = start;
      this.to = Math.min(this.text.length, start + TEXT_WINDOW);
      this.window.write(this.text.slice(this.from, this.to), 0, 'latin1');
      this.chunk.index(0, this.to - this.from);
    }
    this.lines.lineNo = line;
    this.lines.line(this.chunk, start - this.from, end - this.from);
    return true;
  }
}

/**
 * Cuts a file's chunks into lines for FastLines: CRLF, LF or a lone CR ends a line (a CRLF split between two
 * chunks ends one line), a line longer than MAX_LINE_LENGTH is skipped and reported as overlong, and lines
 * before a range's first line break, or starting at or after its end, are not read. A class of its own so that
 * V8 compiles the per-chunk loop apart from the async reading function (which it had recompiled seven times a file).
 */
class LineSplitter {
  /** The chunk before ended with a CR: an LF starting this one belongs to that line break. */
  skipLf = false;
  /** Inside an overlong line, which started at file offset `skipFrom`. */
  skipping = false;
  skipFrom = 0;

  constructor(
    private readonly lines: FastLines,
    /** A range's reading starts one byte early: its first line break ends the range before's last line. */
    private discard: boolean,
    /** File offset where the range ends: lines starting there or later are the next range's. */
    private readonly stopAt: number,
  ) {}

  /**
   * The lines of buf[pos, end), whose byte 0 is at file offset `base`: the offset where the unfinished last line
   * starts, to be carried in front of the next chunk (end when none, or when it is overlong and being skipped),
   * or -1 once a line starts at or after the range's end.
   */
  split(chunk: Chunk, pos: number, end: number, base: number, eof: boolean): number {
    const lines = this.lines;
    const buf = chunk.buf;
    if (this.skipLf && pos < end && buf[pos] === LF) pos++;
    this.skipLf = false;
    let lineStart = pos;
    const lfs = chunk.lfs;
    if (lfs !== undefined) {
      // Every CR of the chunk starts a CRLF: the line breaks are the listed LFs, each with the CR just before it
      // when there is one. The bytes after the last LF (no line break) are left to the loop below.
      const u8 = chunk.u8;
      let k = 0;
      while (lfs[k]! < pos) k++; // the sentinel stops it
      for (let lf = lfs[k]!; lf < end; lf = lfs[++k]!) {
        if (!this.ended(chunk, lineStart, lf > lineStart && u8[lf - 1] === CR ? lf - 1 : lf, base)) return -1;
        lineStart = lf + 1;
      }
      pos = lineStart;
    }
    // The next CR and the next LF are each searched once and reused until passed, so a chunk with only
    // one kind of line break is not rescanned to its end for every line (that was quadratic).
    let nextCr = -2;
    let nextLf = -2;
    while (pos < end) {
      if (nextCr !== -1 && nextCr < pos) {
        nextCr = buf.indexOf(CR, pos);
        if (nextCr >= end) nextCr = -1;
      }
      if (nextLf !== -1 && nextLf < pos) {
        nextLf = buf.indexOf(LF, pos);
        if (nextLf >= end) nextLf = -1;
      }
      const lf = nextLf;
      let brk: number;
      let width = 1;
      if (nextCr >= 0 && (lf < 0 || nextCr < lf)) {
        brk = nextCr;
        if (nextCr + 1 < end) width = buf[nextCr + 1] === LF ? 2 : 1;
        else if (!eof) this.skipLf = true;
      } else if (lf >= 0) brk = lf;
      else break;
      if (!this.ended(chunk, lineStart, brk, base)) return -1;
      pos = brk + width;
      lineStart = pos;
    }
    if (eof && (lineStart < end || this.skipping) && (this.skipping ? this.skipFrom : base + lineStart) < this.stopAt && !this.discard) {
      if (this.skipping) lines.overlong();
      else lines.line(chunk, lineStart, end);
      lines.lineNo++;
      this.skipping = false;
      return end;
    }
    if (end - lineStart > MAX_LINE_LENGTH || this.skipping) {
      if (!this.skipping) this.skipFrom = base + lineStart;
      this.skipping = true;
      return end;
    }
    return lineStart;
  }

  /**
   * The line at [lineStart, brk) of the chunk ended at a line break: it is read (or ends the overlong line being
   * skipped, or is the range before's, discarded). False when it starts at or after the range's end.
   */
  private ended(chunk: Chunk, lineStart: number, brk: number, base: number): boolean {
    if ((this.skipping ? this.skipFrom : base + lineStart) >= this.stopAt) return false;
    const lines = this.lines;
    if (this.discard) this.discard = false;
    else {
      if (this.skipping) lines.overlong();
      else lines.line(chunk, lineStart, brk);
      lines.lineNo++;
    }
    this.skipping = false;
    return true;
  }
}

/**
 * Streams `path` and hands every non-blank line to `sink`: records (fast or parsed), the parser's directive
 * and invalid entries, and (with `sink.outbound`) outbound lines as facts. `parser` starts in the detected
 * format; lines of other formats all go through it.
 */
export async function readRecordsFast(path: string, parser: LogLineParser, sink: FastSink, options: FastReadOptions = {}): Promise<FastReadResult> {
  const lines = new FastLines(parser, sink, options.strict);
  // Regular files only, read up to the size seen at open (a device or a growing log never reads forever).
  const { handle, size: total } = await openRegularFile(path);
  // With a range, reading starts one byte early: the first line break at or after that byte ends the line
  // that belongs to the range before (a line belongs to the range its first byte is in).
  const range = options.range;
  let filePos = range && range.start > 0 ? range.start - 1 : 0;
  const splitter = new LineSplitter(lines, !!range && range.start > 0, range ? range.end : Number.MAX_SAFE_INTEGER);
  // 256 KB chunks: the chunk, its space list and its line-break list stay small enough to stay in cache, and a
  // reader touches 10 MB less fresh memory than with 2 MB chunks (page faults are dear in a VM: ~14 us per page here).
  const chunkSize = Math.max(1 << 16, options.chunkSize ?? 1 << 18);
  // Two buffers: the next chunk is read into one while the other is parsed, so the disk and the CPU overlap.
  // Each chunk is read after room for the unfinished line of the chunk before, which is copied in front of it.
  const front = MAX_LINE_LENGTH + 2;
  let [current, spare] = Chunk.make(front + chunkSize, 2, !!options.strict) as [Chunk, Chunk];
  const readInto = (into: Buffer, at: number): Promise<{ bytesRead: number }> => {
    const n = Math.min(chunkSize, total - at);
    return n > 0 ? handle.read(into, front, n, at) : Promise.resolve({ bytesRead: 0 });
  };
  let ahead = readInto(current.buf, filePos);
  try {
    /** Bytes of the unfinished line, at `carryFrom` in `spare` (the chunk before). */
    let carry = 0;
    let carryFrom = 0;
    let read = 0;
    const done = (cancelled: boolean): FastReadResult => ({ bytes: read, lines: lines.lineNo, cancelled, slowLines: lines.slowLines });
    for (;;) {
      if (options.isCancelled?.()) return done(true);
      const { bytesRead } = await ahead;
      if (carry > 0) spare.buf.copy(current.buf, front - carry, carryFrom, carryFrom + carry);
      const chunkAt = filePos;
      filePos += bytesRead;
      read += bytesRead;
      if (bytesRead > 0) ahead = readInto(spare.buf, filePos);
      const begin = front - carry;
      const end = front + bytesRead;
      const eof = bytesRead === 0;
      current.index(begin, end);
      let pos = begin;
      if (chunkAt === 0 && carry === 0 && bytesRead >= 3 && current.u8[front] === 0xef && current.u8[front + 1] === 0xbb && current.u8[front + 2] === 0xbf) pos += 3;
      const lineStart = splitter.split(current, pos, end, chunkAt - front, eof);
      if (lineStart < 0) return done(false);
      if (eof) {
        options.onProgress?.(read, total);
        return done(false);
      }
      carry = end - lineStart;
      carryFrom = lineStart;
      const parsed = current;
      current = spare;
      spare = parsed;
      options.onProgress?.(read, total);
    }
  } finally {
    await ahead.catch(() => undefined);
    await handle.close();
  }
}

/** `HH:mm:ss` at `s` → ms since midnight, or -1. */
function clockAt(b: Uint8Array, s: number): number {
  if (b[s + 2] !== 58 || b[s + 5] !== 58) return -1;
  const h0 = b[s]! - 48;
  const h1 = b[s + 1]! - 48;
  const m0 = b[s + 3]! - 48;
  const m1 = b[s + 4]! - 48;
  const s0 = b[s + 6]! - 48;
  const s1 = b[s + 7]! - 48;
  if (h0 < 0 || h0 > 9 || h1 < 0 || h1 > 9 || m0 < 0 || m0 > 9 || m1 < 0 || m1 > 9 || s0 < 0 || s0 > 9 || s1 < 0 || s1 > 9) return -1;
  const h = h0 * 10 + h1;
  const m = m0 * 10 + m1;
  const sec = s0 * 10 + s1;
  if (h > 23 || m > 59 || sec > 60) return -1;
  return ((h * 60 + m) * 60 + sec) * 1000;
}
