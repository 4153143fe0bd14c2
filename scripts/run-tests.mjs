// Runs every *.test.ts under the given test folders with node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [folder ...]   (default: unit, protocol and robustness suites, and the fast
// part of the attack suite; `npm run test:attack` runs all of test/attack, minutes long)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['test/unit', 'test/protocol', 'test/robustness', 'test/attack/fast'];

function collect(dir, out) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = folders.flatMap((f) => collect(join(root, f), []));
if (files.length === 0) {
  console.error(`no test files under ${folders.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
