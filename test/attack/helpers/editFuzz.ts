// Differential edit fuzzing through the real server: random incremental edits to a document, and after each
// one the published diagnostics must equal those of a fresh open of the same text. The RNG is seeded and the
// seed is in every failure message, so a failure replays with ATTACK_SEED=<seed>.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver';
import type { TestLspClient } from '../../helpers/lspClient';

export interface FuzzLanguage {
  languageId: string;
  /** File name used for both documents (some rules look at it). */
  name: string;
  text: string;
  /** Snippets typical of the language (lines, directives, quotes, separators). */
  pieces: string[];
}

/** Mulberry32: small, seedable, good enough for fuzzing. */
export function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const BREAKS = ['\r\n', '\n', '\r'];

/** One random edit of `doc`: insert, delete, join or split lines, change a directive, mix line breaks. */
function randomEdit(doc: TextDocument, pieces: string[], r: (n: number) => number): { range: Range; text: string } {
  const lines = doc.lineCount;
  const pos = () => {
    const line = r(lines + 1) - (r(20) === 0 ? 1 : 0); // now and then out of range, as clients sometimes send
    return { line, character: r(60) };
  };
  const at = pos();
  switch (r(7)) {
    case 0: // insert a piece
      return { range: { start: at, end: at }, text: pieces[r(pieces.length)]! };
    case 1: {
      // delete a span (possibly across lines)
      const end = { line: at.line + r(3), character: r(40) };
      return { range: { start: at, end }, text: '' };
    }
    case 2: {
      // join a line with the next
      const line = r(Math.max(1, lines - 1));
      const len = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '').length;
      return { range: { start: { line, character: len }, end: { line: line + 1, character: 0 } }, text: '' };
    }
    case 3: // split a line
      return { range: { start: at, end: at }, text: BREAKS[r(3)]! };
    case 4: {
      // replace a whole line with a piece (directive changes, new records)
      const line = r(lines);
      const len = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '').length;
      return { range: { start: { line, character: 0 }, end: { line, character: len } }, text: pieces[r(pieces.length)]!.replace(/[\r\n]+$/, '') };
    }
    case 5: // a run of one character
      return { range: { start: at, end: at }, text: ' +,"\'<>#`'.charAt(r(10)).repeat(1 + r(200)) };
    default: {
      // swap the line break at the end of a line
      const line = r(lines);
      const len = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '').length;
      return { range: { start: { line, character: len }, end: { line: line + 1, character: 0 } }, text: line + 1 < lines ? BREAKS[r(3)]! : '' };
    }
  }
}

const comparable = (d: Diagnostic[]) =>
  d
    .map((x) => ({ range: x.range, code: x.code, severity: x.severity, message: x.message, tags: x.tags ?? [] }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)) || String(a.message).localeCompare(String(b.message)));

/** Runs `edits` random edits; returns how many edits were checked. */
export async function fuzzEdits(client: TestLspClient, lang: FuzzLanguage, seed: number, edits: number): Promise<number> {
  const r = rng(seed);
  const uri = `file:///fuzz/${seed}/edited/${lang.name}`;
  let mirror = TextDocument.create(uri, lang.languageId, 1, lang.text);
  await client.open(uri, lang.languageId, lang.text);
  await client.waitForVersion(uri, 1, 30_000);
  let fresh = 0;
  for (let i = 0; i < edits; i++) {
    const edit = randomEdit(mirror, lang.pieces, r);
    const version = await client.change(uri, edit.range, edit.text);
    mirror = TextDocument.update(mirror, [edit], version);
    const edited = await client.waitForVersion(uri, version, 30_000);
    const freshUri = `file:///fuzz/${seed}/fresh${++fresh}/${lang.name}`;
    await client.open(freshUri, lang.languageId, mirror.getText());
    const reference = await client.waitForVersion(freshUri, 1, 30_000);
    await client.close(freshUri);
    assert.deepEqual(
      comparable(edited.diagnostics),
      comparable(reference.diagnostics),
      `${lang.languageId} seed ${seed} edit ${i + 1}: ${JSON.stringify(edit)} (replay: ATTACK_SEED=${seed})`,
    );
  }
  await client.close(uri);
  return edits;
}
