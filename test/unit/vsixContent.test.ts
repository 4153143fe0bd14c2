// Packages the extension (production build + vsce) and inspects the .vsix: only run-time files, within budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { REPO_ROOT } from '../helpers/lspClient';

const BUDGET_BYTES = 3 * 1024 * 1024;

/** What a vsix may hold: vsce's own manifest files, then the allow-listed run-time files under extension/. */
const ALLOWED: RegExp[] = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/dist\/[^/]+\.(js|wasm)$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/[^/]*language-configuration\.json$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.txt)?$/i,
  /^extension\/media\/[\w./-]+\.(png|svg|md)$/,
];

interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

/** Lists a zip's entries from its central directory (stored or deflated entries, no zip64: a vsix is small). */
function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const read = () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    };
    entries.push({ name, size, read });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

test('the packaged vsix holds only run-time files, stays within budget and is complete', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iis-smtp-vsix-test-'));
  try {
    const { packageExtension } = (await import(join(REPO_ROOT, 'scripts/package.mjs'))) as {
      packageExtension(out: string, options: { quiet: boolean }): string;
    };
    const vsix = packageExtension(join(dir, 'test.vsix'), { quiet: true });
    const bytes = readFileSync(vsix);
    assert.ok(bytes.length <= BUDGET_BYTES, `vsix is ${bytes.length} bytes, budget ${BUDGET_BYTES}`);

    const entries = readZip(bytes);
    const names = entries.map((e) => e.name);
    const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], `files outside the allow-list: ${unexpected.join(', ')}`);

    const packaged = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8'));
    const required = [packaged.main, packaged.icon, 'dist/server.js', 'dist/poolWorker.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-powershell.wasm']
      .map((p: string) => `extension/${p.replace(/^\.\//, '')}`);
    for (const path of required) assert.ok(names.includes(path), `missing ${path}`);
    for (const walkthrough of packaged.contributes?.walkthroughs ?? []) {
      for (const step of walkthrough.steps) {
        const media = step.media?.markdown ?? step.media?.image;
        if (typeof media === 'string') assert.ok(names.includes(`extension/${media}`), `walkthrough media ${media} missing`);
      }
    }

    // Production bundle: minified, no source maps referenced or shipped.
    for (const entry of entries.filter((e) => e.name.endsWith('.js'))) {
      const text = entry.read().toString('utf8');
      assert.doesNotMatch(text, /sourceMappingURL=/, `${entry.name} references a source map`);
    }
    const extension = entries.find((e) => e.name === 'extension/dist/extension.js')!.read().toString('utf8');
    const lines = extension.split('\n').length;
    assert.ok(extension.length / lines > 500, `dist/extension.js does not look minified (${lines} lines)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the manifest is complete: metadata, localised strings, one command category, compatible engine', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  for (const field of ['displayName', 'description', 'icon', 'publisher', 'license', 'repository', 'categories', 'keywords']) {
    assert.ok(manifest[field], `package.json lacks ${field}`);
  }

  // Every user-facing manifest string is a %key% with a text in package.nls.json.
  const keys = [...JSON.stringify(manifest).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]!);
  assert.ok(keys.length > 0);
  assert.deepEqual(keys.filter((k) => !(k in nls)), [], 'keys missing from package.nls.json');
  for (const command of manifest.contributes.commands) {
    assert.equal(command.category, 'IIS SMTP', `${command.command} is outside the IIS SMTP category`);
    assert.match(command.title, /^%[\w.-]+%$/, `${command.command} title is not localised`);
  }

  // vsce refuses @types/vscode newer than engines.vscode, and the e2e workbench is VS Code 1.100.
  const engine = /^\^?(\d+)\.(\d+)\./.exec(manifest.engines.vscode);
  assert.ok(engine, `engines.vscode ${manifest.engines.vscode}`);
  const engineVersion = Number(engine[1]) * 1000 + Number(engine[2]);
  assert.ok(engineVersion <= 1100, 'engines.vscode must allow VS Code 1.100 (the e2e workbench)');
  const types = /(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode'])!;
  assert.ok(Number(types[1]) * 1000 + Number(types[2]) <= engineVersion, '@types/vscode is newer than engines.vscode');

  assert.ok(!manifest.activationEvents?.includes('*'), 'activation on every start-up');
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
  const icon = readFileSync(join(REPO_ROOT, manifest.icon));
  assert.equal(icon.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'icon is not 128x128');
});
