// Bundles the client, the language server and the CLI with esbuild, and copies the
// tree-sitter runtime and PowerShell grammar wasm files next to the bundles.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

/** esbuild picks web-tree-sitter's ESM build, where import.meta.url is undefined once bundled as CJS. */
const treeSitterCjs = join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  alias: { 'web-tree-sitter': treeSitterCjs },
};

const entries = [
  { entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'extension.js'), external: ['vscode'] },
  { entryPoints: [join(root, 'server/src/server.ts')], outfile: join(dist, 'server.js') },
  { entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: [join(root, 'server/src/cli/poolWorker.ts')], outfile: join(dist, 'poolWorker.js') },
];

function copyWasm() {
  mkdirSync(dist, { recursive: true });
  const runtime = join(dirname(treeSitterCjs), 'tree-sitter.wasm');
  copyFileSync(runtime, join(dist, 'tree-sitter.wasm'));
  const grammar = join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-powershell.wasm');
  copyFileSync(grammar, join(dist, 'tree-sitter-powershell.wasm'));
}

/** Bundles an older build wrote and this one does not (renamed entries) would otherwise be packaged. */
function removeStaleBundles() {
  const current = new Set(entries.map((e) => e.outfile));
  for (const name of readdirSync(dist)) {
    const file = join(dist, name);
    const bundle = file.replace(/\.map$/, '');
    if (bundle.endsWith('.js') && !current.has(bundle)) rmSync(file);
  }
}

async function main() {
  copyWasm();
  removeStaleBundles();
  const contexts = [];
  for (const entry of entries) contexts.push(await esbuild.context({ ...common, ...entry }));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
