// Loads spaceScan.wat's module: one SIMD pass per chunk lists the offsets of its spaces and says whether it holds
// a control byte, so the strict byte reader (check, the editor) takes a clean chunk's token boundaries from a list
// instead of testing every byte; the same pass (or one of its own for the assessment's reader, which lists no
// spaces) lists the offsets of a chunk's LFs, so a file's line splitter walks a list instead of searching for CR
// and LF once per line. Where WebAssembly SIMD is unavailable, or a list would overflow, or a chunk holds a CR not
// followed by LF, the reader scans bytes in JS as before.
import { SPACE_SCAN_WASM } from './spaceScanWasm';

// The few WebAssembly names used here (the project's TypeScript lib has no WebAssembly declarations).
interface WasmModule {
  readonly kind?: 'module';
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
};

interface ScanExports {
  scan(begin: number, end: number, base: number, out: number, last: number, lfOut: number, lfLast: number): number;
  control: { readonly value: number };
  lines(begin: number, end: number, base: number, lfOut: number, lfLast: number): void;
  loneCr: { readonly value: number };
  lfEnd: { readonly value: number };
}

let compiled: WasmModule | null | undefined;
let enabled = true;

/** Tests switch the pass off to compare it with the JS path. */
export function setSpaceScan(on: boolean): void {
  enabled = on;
}

function module(): WasmModule | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(SPACE_SCAN_WASM, 'base64');
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** Bytes a step may read past a range's end. */
const PAD = 16;

const CR = 13;

/** One buffer in the pass's memory, with the list of its spaces after the last scan and of its LFs after the last `lines`. */
export class SpaceList {
  /** The offsets of the spaces of the range scanned, then a sentinel above any offset. */
  readonly offsets: Int32Array;
  /** Whether the range scanned last holds a control byte (C0 but tab, LF, CR; DEL). */
  control = true;
  /** The offsets of the LFs of the range scanned last (or read by `lines`), then a sentinel above any offset. */
  readonly lfs: Int32Array;
  /**
   * Whether `lfs` lists the LFs of the range scanned last and every CR there is followed by an LF there (none
   * is lone, none is its last byte): every line break of the range is then an LF of the list, or the CR just
   * before one.
   */
  lined = false;

  constructor(
    /** The buffer, a view of the instance's memory. */
    readonly buf: Buffer,
    private readonly exports: ScanExports,
    private readonly listAt: number,
    entries: number,
    private readonly lfsAt: number,
    lfEntries: number,
    memory: ArrayBuffer,
  ) {
    this.offsets = new Int32Array(memory, listAt, entries);
    this.lfs = new Int32Array(memory, lfsAt, lfEntries);
  }

  /** Lists the spaces and the LFs of buf[begin, end): false when the spaces do not fit (both lists are then unusable). */
  scan(begin: number, end: number): boolean {
    const base = this.buf.byteOffset;
    const count = this.exports.scan(base + begin, base + end, base, this.listAt, this.listAt + (this.offsets.length - 1) * 4, this.lfsAt, this.lfsLast());
    this.lined = false;
    if (count < 0) return false;
    this.offsets[count] = 0x7fffffff;
    this.control = this.exports.control.value !== 0;
    this.endLines(begin, end);
    return true;
  }

  /** Lists the LFs of buf[begin, end) alone: `lined`. */
  lines(begin: number, end: number): boolean {
    const base = this.buf.byteOffset;
    this.exports.lines(base + begin, base + end, base, this.lfsAt, this.lfsLast());
    return this.endLines(begin, end);
  }

  /** The last address the LF list's entries may use (the sentinel's slot follows). */
  private lfsLast(): number {
    return this.lfsAt + (this.lfs.length - 1) * 4;
  }

  /** Sets `lined` after a pass over buf[begin, end), and the LF list's sentinel. */
  private endLines(begin: number, end: number): boolean {
    const lfEnd = this.exports.lfEnd.value;
    this.lined = lfEnd >= 0 && this.exports.loneCr.value === 0 && !(end > begin && this.buf[end - 1] === CR);
    if (this.lined) this.lfs[(lfEnd - this.lfsAt) >> 2] = 0x7fffffff;
    return this.lined;
  }
}

/**
 * `count` buffers of `size` bytes in one instance's memory, each with a list holding up to one space per four
 * bytes and one holding up to one LF per eight (a denser chunk falls back to the JS path; pages of a list never
 * written cost no memory); undefined when the pass is unavailable, switched off or its memory cannot be had.
 */
export function spaceLists(size: number, count: number): SpaceList[] | undefined {
  const mod = enabled ? module() : null;
  if (!mod) return undefined;
  const bufBytes = (size + PAD + 3) & ~3;
  const entries = (size >> 2) + 1;
  const lfEntries = (size >> 3) + 1;
  const total = count * (bufBytes + entries * 4 + lfEntries * 4);
  let memory: WasmMemory;
  let exports: ScanExports;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) || 1 });
    exports = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as ScanExports;
  } catch {
    return undefined; // no room for the memory (a huge chunk size, or address space used up): the JS path
  }
  const lists: SpaceList[] = [];
  for (let k = 0; k < count; k++) {
    const at = k * bufBytes;
    const listAt = count * bufBytes + k * entries * 4;
    const lfsAt = count * (bufBytes + entries * 4) + k * lfEntries * 4;
    lists.push(new SpaceList(Buffer.from(memory.buffer, at, size), exports, listAt, entries, lfsAt, lfEntries, memory.buffer));
  }
  return lists;
}
