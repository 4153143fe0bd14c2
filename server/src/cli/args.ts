// Minimal argument reading shared by the CLI subcommands (node's util.parseArgs does the parsing).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files named on the command line; folders are walked for files whose name passes `accept`. */
export function expandPaths(paths: readonly string[], accept: (name: string) => boolean): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      missing.push(dir);
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path, depth + 1);
      else if (accept(name)) files.push(path);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else files.push(p);
  }
  return { files, missing };
}
