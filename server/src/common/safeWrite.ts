// Writing an output file without losing data: never onto one of the inputs (the same file through a
// symbolic or hard link counts: compared by device and inode), and atomically (a temporary file beside the
// target, renamed over it only once completely written), so a full disk leaves the old file as it was.
// A target that is not a regular file (/dev/null, /dev/stdout, a shell's pipe) is written as it is: a file
// renamed over it would replace the device node itself.
import { realpath, rename, stat, unlink, open } from 'node:fs/promises';
import { isatty } from 'node:tty';
import { basename, dirname, join } from 'node:path';
import { fileIdentity } from './files';

async function identity(path: string): Promise<string | undefined> {
  try {
    return fileIdentity(await stat(path));
  } catch {
    return undefined;
  }
}

/** Why `target` must not be written (it is one of `inputs`), or undefined. */
export async function overwritesInput(target: string, inputs: readonly string[]): Promise<string | undefined> {
  const id = await identity(target);
  if (id === undefined) return undefined;
  for (const input of inputs) {
    if ((await identity(input)) === id) return `${target} is one of the input files (${input}): not overwritten`;
  }
  return undefined;
}

export interface AtomicWriteOptions {
  /** Replaces the write of the temporary file (tests inject a full disk here). */
  writeTemp?: (path: string, data: string) => Promise<void>;
  /** What a terminal is given instead of `data` (a target that is a terminal device, such as /dev/stdout). */
  forTerminal?: (data: string) => string;
}

async function writeAndSync(path: string, data: string): Promise<void> {
  const handle = await open(path, 'wx', 0o666);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes into a device or a pipe as it is (no temporary file, no fsync: a device may not support it). */
async function writeInPlace(path: string, data: string, forTerminal: ((data: string) => string) | undefined): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(forTerminal && isatty(handle.fd) ? forTerminal(data) : data);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` to `target` through a temporary file in the same folder, renamed over it when complete; a target
 * that exists and is a device or a pipe is written in place, a folder refused.
 */
export async function writeFileAtomic(target: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  // Through a symbolic link, the file it points to is replaced (not the link).
  const real = await realpath(target).catch(() => target);
  const existing = await stat(real).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error('it is a folder');
  if (existing && !existing.isFile()) return writeInPlace(real, data, options.forTerminal);
  // Loaded here, not at start-up: node:crypto costs every CLI run ~5 ms to load, and only a write needs it.
  const { randomBytes } = await import('node:crypto');
  const temp = join(dirname(real), `.${basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await (options.writeTemp ?? writeAndSync)(temp, data);
    await rename(temp, real);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
