// The layering of server/src and client/src, read from the import statements themselves (the TypeScript
// compiler's preProcessFile, type-only imports and re-exports included): no cycles; the language folders import
// neither the cross-language layers nor the host; the server never imports `vscode`; the client imports server
// code only through the protocol module, and the protocol imports nothing from outside itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../helpers/lspClient';

interface Module {
  /** Repository-relative path, e.g. `server/src/smtpLog/service.ts`. */
  file: string;
  /** Other source files this one imports (resolved, repository-relative). */
  files: string[];
  /** Package imports, e.g. `vscode`, `vscode-languageserver/node`. */
  packages: string[];
}

const LANGUAGE_FOLDERS = ['smtpLog', 'metabase', 'connectors', 'exchangeLog'].map((f) => `server/src/${f}/`);
/** What a language folder must not import: the cross-language layers and the host that wires them. */
const ABOVE_LANGUAGES = [
  'server/src/assessment/',
  'server/src/cutover/',
  'server/src/cli/',
  ...['server.ts', 'cli.ts', 'commandRegistry.ts', 'serverCommand.ts', 'capabilities.ts', 'documents.ts', 'languages.ts'].map((f) => `server/src/${f}`),
];
const PROTOCOL = 'server/src/protocol/';

/**
 * Cycles tolerated for a while, each one strongly connected set, sorted; none today. A stale entry fails the
 * test, so the list cannot outlive its cycles.
 */
const KNOWN_CYCLES: readonly string[][] = [];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(REPO_ROOT, dir)).sort()) {
    const path = `${dir}/${name}`;
    if (statSync(join(REPO_ROOT, path)).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = relative(REPO_ROOT, resolve(REPO_ROOT, dirname(from), spec)).split('\\').join('/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (existsSync(join(REPO_ROOT, candidate)) && statSync(join(REPO_ROOT, candidate)).isFile()) return candidate;
  }
  return undefined;
}

function readModule(file: string): Module {
  const info = ts.preProcessFile(readFileSync(join(REPO_ROOT, file), 'utf8'), true, true);
  const files: string[] = [];
  const packages: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) {
      packages.push(fileName);
      continue;
    }
    const target = resolveImport(file, fileName);
    assert.ok(target, `${file} imports ${fileName}, which resolves to no file`);
    files.push(target);
  }
  return { file, files, packages };
}

const modules = new Map<string, Module>([...sourceFiles('server/src'), ...sourceFiles('client/src')].map((f) => [f, readModule(f)]));

/** Strongly connected sets of more than one file, or a file importing itself (Tarjan's algorithm). */
function cycles(graph: ReadonlyMap<string, Module>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.files ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const set: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      set.push(w);
    } while (w !== v);
    if (set.length > 1 || graph.get(v)!.files.includes(v)) found.push(set.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** `a -> b` for every import of a file matching `from` into a file matching `to`. */
function edges(from: (f: string) => boolean, to: (target: string, source: string) => boolean): string[] {
  return [...modules.values()].filter((m) => from(m.file)).flatMap((m) => m.files.filter((t) => to(t, m.file)).map((t) => `${m.file} -> ${t}`));
}

test('the graph is read: every source file is found and the known layers have imports', () => {
  assert.ok(modules.size > 100, `only ${modules.size} files`);
  assert.ok(modules.get('server/src/server.ts')!.files.includes('server/src/languages.ts'));
  assert.ok(modules.get('client/src/extension.ts')!.packages.includes('vscode'));
});

test('the cycle finder finds a cycle, a longer cycle and a self-import, and nothing in a chain', () => {
  const graph = (edgesOf: Record<string, string[]>): Map<string, Module> => new Map(Object.entries(edgesOf).map(([file, files]) => [file, { file, files, packages: [] }]));
  assert.deepEqual(cycles(graph({ a: ['b'], b: ['a'], c: ['d'], d: ['e'], e: ['c'], f: ['f'], g: ['h'], h: [] })), [['a', 'b'], ['c', 'd', 'e'], ['f']]);
});

test('no import cycle in server/src or client/src (but the known one, while it lasts)', () => {
  const found = cycles(modules).map((c) => c.join(' <-> '));
  const known = KNOWN_CYCLES.map((c) => c.join(' <-> '));
  assert.deepEqual(
    found.filter((c) => !known.includes(c)),
    [],
    'import cycles',
  );
  for (const k of known) assert.ok(found.includes(k), `the known cycle ${k} is gone: remove it from KNOWN_CYCLES`);
});

test('language folders import neither assessment/, cutover/, cli/ nor the host files', () => {
  const inLanguage = (f: string): boolean => LANGUAGE_FOLDERS.some((l) => f.startsWith(l));
  assert.deepEqual(
    edges(inLanguage, (t) => ABOVE_LANGUAGES.some((a) => (a.endsWith('/') ? t.startsWith(a) : t === a))),
    [],
  );
});

test('no server file imports vscode (the server runs in any LSP client and as a CLI)', () => {
  const offenders = [...modules.values()].filter((m) => m.file.startsWith('server/') && m.packages.some((p) => p === 'vscode' || p.startsWith('vscode/'))).map((m) => m.file);
  assert.deepEqual(offenders, []);
});

test('the client imports server code only from server/src/protocol/', () => {
  assert.deepEqual(
    edges(
      (f) => f.startsWith('client/'),
      (t) => t.startsWith('server/') && !t.startsWith(PROTOCOL),
    ),
    [],
  );
});

test('the protocol module imports nothing outside itself (no package, no server code)', () => {
  const protocol = [...modules.values()].filter((m) => m.file.startsWith(PROTOCOL));
  assert.ok(protocol.length >= 3);
  assert.deepEqual(protocol.flatMap((m) => m.packages.map((p) => `${m.file} -> ${p}`)), []);
  assert.deepEqual(
    edges(
      (f) => f.startsWith(PROTOCOL),
      (t) => !t.startsWith(PROTOCOL),
    ),
    [],
  );
});

test('the CLI and its pool worker bundle no LSP server library (the features import LSP values from vscode-languageserver-types)', async () => {
  // The CLI loads its whole bundle at every start: the server library, with JSON-RPC and the protocol, cost it
  // about 30 ms of a one-second `assess`, for enums the features take from the types package.
  const esbuild = await import('esbuild');
  const serverLibrary = /node_modules\/(vscode-languageserver|vscode-languageserver-protocol|vscode-jsonrpc)\//;
  for (const entry of ['server/src/cli.ts', 'server/src/cli/poolWorker.ts', 'server/src/server.ts']) {
    const result = await esbuild.build({ entryPoints: [join(REPO_ROOT, entry)], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent', outdir: join(REPO_ROOT, 'out-unused') });
    const inputs = Object.keys(result.metafile.inputs).filter((p) => serverLibrary.test(p));
    if (entry.endsWith('server.ts')) assert.ok(inputs.length > 0, 'the check reads the bundle: the server itself does bundle the library');
    else assert.deepEqual(inputs, [], `${entry} bundles the LSP server library`);
  }
});
