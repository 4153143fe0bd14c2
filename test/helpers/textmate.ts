// Tokenizes text with one of the extension's TextMate grammars the way VS Code does (vscode-textmate +
// the Oniguruma WebAssembly build), so grammar tests assert real scopes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const REPO_ROOT = join(__dirname, '..', '..');

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
  readonly startIndex: number;
}

export interface Tokenizer {
  /** Tokens of each line, tokenized in order with the rule stack carried from line to line. */
  tokenizeLines(text: string): Token[][];
}

let onigReady: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  onigReady ??= (async () => {
    const wasm = readFileSync(join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  })();
  return onigReady;
}

/** Loads `grammarFile` (path relative to the repo root) and returns a tokenizer for `scopeName`. */
export async function loadTokenizer(grammarFile: string, scopeName: string): Promise<Tokenizer> {
  await loadOniguruma();
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (name: string) => {
      if (name !== scopeName) return null;
      const path = join(REPO_ROOT, grammarFile);
      return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) throw new Error(`grammar ${scopeName} not found in ${grammarFile}`);
  return {
    tokenizeLines(text: string): Token[][] {
      let state = textmate.INITIAL;
      return text.split(/\r?\n/).map((line) => {
        const result = grammar.tokenizeLine(line, state);
        state = result.ruleStack;
        return result.tokens.map((t) => ({
          text: line.slice(t.startIndex, t.endIndex),
          scopes: t.scopes,
          startIndex: t.startIndex,
        }));
      });
    },
  };
}

/** The token covering the `occurrence`-th (0-based) appearance of `needle` in the line; throws when absent. */
export function tokenAt(line: Token[], needle: string, occurrence = 0): Token {
  const text = line.map((t) => t.text).join('');
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (#${occurrence}) not in line: ${text}`);
  }
  const token = line.find((t) => t.startIndex <= index && index < t.startIndex + t.text.length);
  if (!token) throw new Error(`no token at ${index} in: ${text}`);
  return token;
}

/** True when some scope of the token starts with `prefix` (e.g. `markup.inserted`). */
export function hasScope(token: Token, prefix: string): boolean {
  return token.scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}
