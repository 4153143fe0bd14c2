// Command-line and client paths to files: folders walked (iteratively, each real folder once, bounded in depth
// and count, cancellable), anything that is not a regular file kept with the reason it is skipped.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileKind } from './safeRead';

/** A short reason for a file system error, for people. */
export function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    if (e.code === 'ENOENT') return 'file not found';
    if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
    if (e.code === 'EISDIR') return 'is a folder';
    if (e.code === 'ELOOP') return 'too many symbolic links';
    // Our own errors (safeRead.ts) carry a sentence.
    if (e.code === 'ENOTREG' || e.code === 'EFBIG' || e.code === 'ECANCELED') return e.message;
    return e.code;
  }
  return err instanceof Error ? err.message : String(err);
}

export interface ExpandedPath {
  path: string;
  /** Name shown in reports: relative to the folder given, or the file name. */
  label: string;
  size: number;
  error?: string;
  /** `dev:ino` of the file (the same file reached twice, through links, is listed once). */
  id?: string;
}

export interface WalkOptions {
  isCancelled?: () => boolean;
  /** Most directory entries looked at over the whole walk. */
  maxEntries?: number;
  /** Why a path may not be read (see readPolicy.ts); refused entries inside a folder are left out unseen. */
  refusal?: (path: string) => Promise<string | undefined>;
}

const isLogName = (name: string): boolean => name.toLowerCase().endsWith('.log');

const MAX_DEPTH = 16;
const MAX_ENTRIES = 1_000_000;

/** `dev:ino` of a stat result: what makes two paths the same file, through symbolic and hard links. */
export function fileIdentity(st: { dev: number; ino: number }): string {
  return `${st.dev}:${st.ino}`;
}

const byLabel = (a: ExpandedPath, b: ExpandedPath): number => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/**
 * Expands folders into the files whose name passes `accept` (`*.log` by default), sorted by path; files
 * named directly are kept whatever their name. Unreadable paths, special files (devices, FIFOs) and the end
 * of a bounded walk are kept with an error, so callers report them.
 */
export async function expandPaths(paths: readonly string[], accept: (name: string) => boolean = isLogName, options: WalkOptions = {}): Promise<ExpandedPath[]> {
  const out: ExpandedPath[] = [];
  const seen = new Set<string>();
  const budget = { left: options.maxEntries ?? MAX_ENTRIES };
  for (const p of paths) {
    if (options.isCancelled?.()) break;
    const refused = await options.refusal?.(p);
    if (refused) {
      out.push({ path: p, label: basename(p), size: 0, error: refused });
      continue;
    }
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      out.push({ path: p, label: basename(p), size: 0, error: errorText(err) });
      continue;
    }
    if (st.isDirectory()) {
      const found: ExpandedPath[] = [];
      await walk(p, basename(p), found, seen, budget, accept, options);
      found.sort(byLabel);
      out.push(...found);
    } else if (!st.isFile()) out.push({ path: p, label: basename(p), size: 0, error: `not a regular file (${fileKind(st)})` });
    else if (!seen.has(fileIdentity(st))) {
      seen.add(fileIdentity(st));
      out.push({ path: p, label: basename(p), size: st.size, id: fileIdentity(st) });
    }
  }
  return out;
}

async function walk(
  root: string,
  rootLabel: string,
  out: ExpandedPath[],
  seen: Set<string>,
  budget: { left: number },
  accept: (name: string) => boolean,
  options: WalkOptions,
): Promise<void> {
  const rootStat = await stat(root);
  seen.add(fileIdentity(rootStat));
  const stack: { dir: string; label: string; depth: number }[] = [{ dir: root, label: rootLabel, depth: 0 }];
  while (stack.length > 0) {
    if (options.isCancelled?.()) return;
    const { dir, label, depth } = stack.pop()!;
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (err) {
      out.push({ path: dir, label, size: 0, error: errorText(err) });
      continue;
    }
    for (const name of names) {
      if (--budget.left < 0) {
        out.push({ path: dir, label, size: 0, error: `not walked further: more than ${options.maxEntries ?? MAX_ENTRIES} entries` });
        stack.length = 0;
        return;
      }
      if (options.isCancelled?.()) return;
      const full = join(dir, name);
      if (options.refusal && (await options.refusal(full))) continue;
      let st;
      try {
        st = await stat(full);
      } catch {
        continue;
      }
      const id = fileIdentity(st);
      if (st.isDirectory()) {
        if (seen.has(id)) continue;
        seen.add(id);
        if (depth + 1 > MAX_DEPTH) out.push({ path: full, label: `${label}/${name}`, size: 0, error: `not walked: deeper than ${MAX_DEPTH} folders` });
        else stack.push({ dir: full, label: `${label}/${name}`, depth: depth + 1 });
      } else if (accept(name)) {
        if (seen.has(id)) continue;
        seen.add(id);
        if (st.isFile()) out.push({ path: full, label: `${label}/${name}`, size: st.size, id });
        else out.push({ path: full, label: `${label}/${name}`, size: 0, error: `not a regular file (${fileKind(st)})` });
      }
    }
  }
}
