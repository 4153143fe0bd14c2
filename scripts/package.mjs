// Builds the production bundle and packages the extension as a .vsix with @vscode/vsce.
// The build runs in a staging copy under os.tmpdir(), so the shared dist/ (used by protocol tests) stays as it is.
// Usage: node scripts/package.mjs [--out file.vsix]      Prints the .vsix path on its last line.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Files and folders the packaged extension is made from; .vscodeignore (an allow-list) picks the final set. */
const COPIED = ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'syntaxes', 'media', 'scripts/build.mjs'];
/** Sources the build reads; linked rather than copied. */
const LINKED = ['client', 'server', 'node_modules'];

function run(cmd, args, cwd, quiet) {
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) {
    const output = quiet ? `\n${result.stdout}${result.stderr}` : '';
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${result.status}${output}`);
  }
}

/** Packages into `out` (default: <name>-<version>.vsix in the repo root) and returns its path. */
export function packageExtension(out, { quiet = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const target = resolve(out ?? join(root, `${manifest.name}-${manifest.version}.vsix`));
  const stage = mkdtempSync(join(tmpdir(), 'iis-smtp-package-'));
  try {
    for (const name of COPIED) {
      const from = join(root, name);
      if (!existsSync(from)) continue;
      mkdirSync(join(stage, name, '..'), { recursive: true });
      cpSync(from, join(stage, name), { recursive: true });
    }
    for (const name of readdirNls()) cpSync(join(root, name), join(stage, name));
    for (const name of LINKED) symlinkSync(join(root, name), join(stage, name), 'dir');
    run(process.execPath, [join(stage, 'scripts/build.mjs'), '--production'], stage, quiet);
    const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
    run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', target], stage, quiet);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return target;
}

/** Translations of the manifest strings (package.nls.de.json, …) travel with package.nls.json. */
function readdirNls() {
  return readdirSync(root).filter((n) => /^package\.nls\.[\w-]+\.json$/.test(n));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    console.log(packageExtension(i > 0 ? process.argv[i + 1] : undefined));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
