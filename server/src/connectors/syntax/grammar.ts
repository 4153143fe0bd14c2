// Loads the web-tree-sitter runtime and the PowerShell grammar once. In the bundle both wasm files sit
// next to dist/server.js (copied by scripts/build.mjs); from source (tsx) they come from node_modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const GRAMMAR_WASM = 'tree-sitter-powershell.wasm';

/** Where each wasm file is looked for, first hit wins: beside the running bundle, then the repo's node_modules. */
export function wasmCandidates(file: string, bundleDir: string = __dirname): string[] {
  const repoRoot = findRepoRoot(bundleDir);
  const fromModules =
    file === RUNTIME_WASM
      ? join(repoRoot, 'node_modules', 'web-tree-sitter', RUNTIME_WASM)
      : join(repoRoot, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', GRAMMAR_WASM);
  return [join(bundleDir, file), fromModules];
}

function findRepoRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = join(dir, '..');
    if (up === dir) break;
    dir = up;
  }
  return start;
}

export function locateWasm(file: string, bundleDir?: string): string {
  const candidates = wasmCandidates(file, bundleDir);
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

export interface LoadedGrammar {
  language: Language;
  /** Absolute paths the two wasm files were loaded from (a protocol test checks they are in dist/). */
  runtimePath: string;
  grammarPath: string;
}

let loading: Promise<LoadedGrammar> | undefined;
let loaded: LoadedGrammar | undefined;

/**
 * Initialises the runtime and loads the grammar; later calls share the first load. The wasm runs on V8's
 * baseline compiler only: the grammar's lexer is one huge function, and optimising it is a single compile of
 * some 6 CPU seconds. A short CLI run waited for it (check of a small .ps1: 11 s instead of 0.2 s), and in the
 * server it took a core from everything else; the baseline code parses fast enough (the 2 MB bench script: first
 * diagnostics 1.4-1.7 s -> 1.1 s, edit p95 76-90 -> 51 ms, hover p99 while typing 8-11 -> 3 ms).
 */
export function loadGrammar(): Promise<LoadedGrammar> {
  loading ??= (async () => {
    setFlagsFromString('--liftoff-only');
    const runtimePath = locateWasm(RUNTIME_WASM);
    const grammarPath = locateWasm(GRAMMAR_WASM);
    await Parser.init({ locateFile: () => runtimePath });
    const language = await Language.load(grammarPath);
    loaded = { language, runtimePath, grammarPath };
    return loaded;
  })();
  return loading;
}

/** The loaded grammar, or undefined before `loadGrammar()` has finished. */
export function grammarIfLoaded(): LoadedGrammar | undefined {
  return loaded;
}

export function newParser(grammar: LoadedGrammar): Parser {
  const parser = new Parser();
  parser.setLanguage(grammar.language);
  return parser;
}
