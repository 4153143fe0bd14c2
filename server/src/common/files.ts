// Command-line paths to files: folders walked recursively, unreadable paths kept with a reason.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** A short reason for a file system error, for people. */
export function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    if (e.code === 'ENOENT') return 'file not found';
    if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
    if (e.code === 'EISDIR') return 'is a folder';
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
}

const isLogName = (name: string): boolean => name.toLowerCase().endsWith('.log');

/**
 * Expands folders (recursively) into the files whose name passes `accept` (`*.log` by default), sorted
 * by path; files named directly are kept whatever their name. Unreadable paths are kept, with an error.
 */
export async function expandPaths(paths: readonly string[], accept: (name: string) => boolean = isLogName): Promise<ExpandedPath[]> {
  const out: ExpandedPath[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      out.push({ path: p, label: basename(p), size: 0, error: errorText(err) });
      continue;
    }
    if (st.isDirectory()) {
      const found: ExpandedPath[] = [];
      await walk(p, basename(p), found, 0, accept);
      found.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      out.push(...found);
    } else out.push({ path: p, label: basename(p), size: st.size });
  }
  return out;
}

async function walk(dir: string, label: string, out: ExpandedPath[], depth: number, accept: (name: string) => boolean): Promise<void> {
  if (depth > 16) return;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    out.push({ path: dir, label, size: 0, error: errorText(err) });
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    let st;
    try {
      st = await stat(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) await walk(full, `${label}/${name}`, out, depth + 1, accept);
    else if (accept(name)) out.push({ path: full, label: `${label}/${name}`, size: st.size });
  }
}
