// The one way a file named by a user, a setting or a client is opened: regular files only, never blocking on
// a FIFO, and never read past the size seen when it was opened. `stat().size` is 0 for a device, so a size
// check alone lets `/dev/zero` through; a FIFO's `open()` blocks a libuv thread until a writer appears.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** O_NONBLOCK makes opening a FIFO return at once (it is 0 on Windows, where FIFOs do not exist). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Thrown for a path that exists but is not a regular file (folder, device, FIFO, socket). */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly kind: string) {
    super(`not a regular file (${kind})`);
  }
}

/** Thrown when a file is larger than a documented limit. */
export class FileTooLargeError extends Error {
  readonly code = 'EFBIG';
  constructor(readonly limit: number) {
    super(`larger than ${Math.round(limit / 1024 / 1024)} MB`);
  }
}

/** Thrown when a read was cancelled. */
export class ReadCancelledError extends Error {
  readonly code = 'ECANCELED';
  constructor() {
    super('cancelled');
  }
}

export interface OpenedFile {
  handle: FileHandle;
  /** Size when opened: reads stop here even if the file grows (an active log) or lies (a device). */
  size: number;
  dev: number;
  ino: number;
}

/** What a stat result is, for the "not a regular file" reason. */
export function fileKind(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'folder';
  if (st.isFIFO()) return 'FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** Opens `path` for reading if it is a regular file (checked on the opened descriptor, so no race). */
export async function openRegularFile(path: string, maxBytes = Infinity): Promise<OpenedFile> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new NotRegularFileError(fileKind(st));
    if (st.size > maxBytes) throw new FileTooLargeError(maxBytes);
    return { handle, size: st.size, dev: st.dev, ino: st.ino };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

export interface ReadWholeOptions {
  /** Documented limit: larger files are refused, not truncated. */
  maxBytes: number;
  isCancelled?: () => boolean;
}

const CHUNK = 1 << 20;

/** Reads a whole regular file, at most the size seen when it was opened, in cancellable chunks. */
export async function readRegularFile(path: string, options: ReadWholeOptions): Promise<Buffer> {
  const file = await openRegularFile(path, options.maxBytes);
  try {
    const buf = Buffer.alloc(file.size);
    let done = 0;
    while (done < file.size) {
      if (options.isCancelled?.()) throw new ReadCancelledError();
      const { bytesRead } = await file.handle.read(buf, done, Math.min(CHUNK, file.size - done), done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === file.size ? buf : buf.subarray(0, done);
  } finally {
    await file.handle.close();
  }
}
