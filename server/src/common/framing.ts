// Reads LSP base-protocol framing defensively, in front of vscode-jsonrpc's reader. That reader stops at a
// malformed header (no Content-Length, a line without ':') and, since the bytes after it are then taken for
// headers, never reads another message: the server keeps running but is deaf. Here a bad header is dropped
// up to the next `Content-Length`, and only well-formed frames (re-written with just their length) go on.
// Each body goes on as one buffer, gathered while it arrives: the reader then takes it without a copy, where
// it would otherwise join the pipe's 64 KB pieces itself once the last one came (an open 40 MB log: 0.1 s
// of fresh memory on the path to its first diagnostics).
import { Transform, type TransformCallback } from 'node:stream';

/** Longest header block kept while waiting for its end. */
const MAX_HEADER = 8 * 1024;
/** Largest message body accepted (an open 50 MB log is sent as one message, JSON-escaped). */
const MAX_BODY = 1 << 30;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const LENGTH_NAME = 'content-length';

/** The body length a header block declares, or undefined when the block is malformed. */
export function contentLength(header: string): number | undefined {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    if (line.slice(0, colon).trim().toLowerCase() !== LENGTH_NAME) continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_BODY) return undefined;
    length = Number(value);
  }
  return length;
}

/** An uninitialised buffer of `length` bytes, or undefined when it cannot be allocated. */
function reserve(length: number): Buffer | undefined {
  try {
    return Buffer.allocUnsafeSlow(length);
  } catch {
    return undefined;
  }
}

export class FramingGuard extends Transform {
  private buf: Buffer = Buffer.alloc(0);
  /** The body of the current frame, filled up to `bodyFilled`; undefined between frames. */
  private body: Buffer | undefined;
  private bodyFilled = 0;
  /** Malformed header blocks skipped so far. */
  skipped = 0;

  constructor(private readonly onSkip?: (count: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.body) {
        const filling = this.body;
        const take = Math.min(filling.length - this.bodyFilled, this.buf.length);
        if (take > 0) {
          this.buf.copy(filling, this.bodyFilled, 0, take);
          this.bodyFilled += take;
          this.buf = this.buf.subarray(take);
        }
        if (this.bodyFilled < filling.length) return;
        this.push(filling);
        this.body = undefined;
        continue;
      }
      const end = this.buf.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buf.length <= MAX_HEADER) return;
        this.resync();
        continue;
      }
      const length = end <= MAX_HEADER ? contentLength(this.buf.toString('latin1', 0, end)) : undefined;
      // Pages are committed as bytes arrive, so a declared length costs no more memory than was sent; a length
      // the process cannot even reserve is a malformed header like any other.
      const body = length ? reserve(length) : undefined;
      if (length === undefined || (length > 0 && !body)) {
        this.resync();
        continue;
      }
      this.push(Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'latin1'));
      this.buf = this.buf.subarray(end + HEADER_END.length);
      this.body = body;
      this.bodyFilled = 0;
    }
  }

  /** Drops a malformed header: up to the next `Content-Length` after its start, or all but a possible prefix of one. */
  private resync(): void {
    this.skipped++;
    this.onSkip?.(this.skipped);
    const next = this.buf.toString('latin1').toLowerCase().indexOf(LENGTH_NAME, 1);
    this.buf = next > 0 ? this.buf.subarray(next) : this.buf.subarray(Math.max(1, this.buf.length - LENGTH_NAME.length));
  }
}
