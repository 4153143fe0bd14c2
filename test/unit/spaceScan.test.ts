// The WebAssembly pass that lists a chunk's spaces (smtpLog/spaceScan.wat) and the byte reader that takes token
// boundaries from it: the committed bytes are the .wat's, the pass lists exactly the spaces and control bytes a
// byte-by-byte reference finds at every alignment, and the reader gives the same entries, facts and records
// with the pass as with the JS path, on hostile and random input (synthetic data only).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRecordsFast, type FastReadOptions, type FastSink } from '../../server/src/smtpLog/fastReader';
import { LogLineParser, type LineEntry } from '../../server/src/smtpLog/lineParser';
import { setSpaceScan, spaceLists } from '../../server/src/smtpLog/spaceScan';
import { SPACE_SCAN_WASM } from '../../server/src/smtpLog/spaceScanWasm';
import { generateLogs } from '../helpers/logGenerator';
import { logDoc } from '../helpers/logDoc';

const WAT = join(__dirname, '..', '..', 'server', 'src', 'smtpLog', 'spaceScan.wat');

/** A small deterministic generator (xorshift). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** The bytes that matter to the pass and the reader, on both sides of every test. */
const SPECIAL = [0x20, 0x20, 0x20, 0x09, 0x0a, 0x0d, 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xff, 0x21, 0x30, 0x61, 0x2d];

test('the committed module is spaceScan.wat compiled by wabt', async () => {
  const wabt = await (require('wabt') as () => Promise<{ parseWat(name: string, text: string, features: object): { toBinary(o: object): { buffer: Uint8Array } } }>)();
  const bytes = wabt.parseWat('spaceScan.wat', readFileSync(WAT, 'utf8'), { simd: true }).toBinary({}).buffer;
  assert.equal(SPACE_SCAN_WASM, Buffer.from(bytes).toString('base64'));
});

test('the pass lists every space and flags control bytes, at every alignment of range start and end', () => {
  const lists = spaceLists(4096, 2) ?? [];
  assert.equal(lists.length, 2, 'WebAssembly SIMD is available on the test machine');
  const next = random(7);
  for (let round = 0; round < 400; round++) {
    const list = lists[round % 2]!;
    const buf = list.buf;
    // Mostly letters, a few specials: spaces, CR/LF and control bytes land on each side of 16-byte boundaries.
    const density = [0.05, 0.3, 0.9][round % 3]!;
    for (let i = 0; i < 300; i++) buf[i] = next() < density ? SPECIAL[Math.floor(next() * SPECIAL.length)]! : 0x61 + Math.floor(next() * 26);
    const begin = round % 17;
    const end = begin + Math.floor(next() * 260);
    assert.ok(list.scan(begin, end));
    const spaces: number[] = [];
    let control = false;
    for (let i = begin; i < end; i++) {
      const c = buf[i]!;
      if (c === 0x20) spaces.push(i);
      if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) control = true;
    }
    assert.deepEqual(Array.from(list.offsets.subarray(0, spaces.length)), spaces, `round ${round}`);
    assert.equal(list.offsets[spaces.length], 0x7fffffff, 'the sentinel follows the last space');
    assert.equal(list.control, control, `round ${round}: control`);
  }
});

test('the pass: an empty range lists nothing; a chunk of only spaces does not fit and reports it', () => {
  const [list] = spaceLists(4096, 1)!;
  list!.buf.fill(0x20);
  assert.ok(list!.scan(100, 100));
  assert.equal(list!.offsets[0], 0x7fffffff);
  assert.equal(list!.control, false);
  assert.equal(list!.scan(0, 4096), false);
  // A quarter of the bytes fit (one space per four bytes, less a step's room).
  list!.buf.fill(0x61);
  for (let i = 0; i < 4096; i += 8) list!.buf[i] = 0x20;
  assert.ok(list!.scan(0, 4096));
  assert.equal(list!.offsets[511], 4088);
});

test('the pass: a memory that cannot be had (beyond 4 GB) leaves the JS path, no error', () => {
  assert.equal(spaceLists(3 * 2 ** 30, 2), undefined);
});

/** Everything a file read hands out: entries, records and outbound facts (copied: the fact object is reused). */
async function readAll(path: string, options: FastReadOptions, facts: boolean): Promise<unknown[]> {
  const out: unknown[] = [];
  const sink: FastSink = { entry: (entry: LineEntry, line: number) => void out.push([line, entry]) };
  if (facts) sink.outbound = (fact) => void out.push({ ...fact });
  const result = await readRecordsFast(path, new LogLineParser('w3c'), sink, options);
  out.push(result);
  return out;
}

/**
 * Both paths on one file, as the strict reader (check) reads it (the only reader the pass serves), with and without
 * facts, in two chunk sizes.
 */
async function assertPathsAgree(path: string, name: string): Promise<void> {
  for (const facts of [false, true]) {
    for (const chunkSize of [1 << 16, (1 << 16) + 7]) {
      setSpaceScan(false);
      const js = await readAll(path, { strict: true, chunkSize }, facts);
      setSpaceScan(true);
      const wasm = await readAll(path, { strict: true, chunkSize }, facts);
      assert.deepEqual(wasm, js, `${name}: facts ${facts}, chunk ${chunkSize}`);
    }
  }
}

/** The specials but control bytes, CR and LF. */
const PRINTABLE = SPECIAL.filter((c) => c === 9 || (c >= 0x20 && c !== 0x7f));

/** A generated log with random damage: specials inserted, spaces doubled, lines cut, shifted by 0-16 bytes. */
function damaged(seed: number): string {
  const next = random(seed);
  const text = generateLogs({ days: 1, seed }).files[0]!.text.slice(0, 600_000);
  const lines = text.split('\r\n');
  const out: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    let line = lines[k]!;
    const r = next();
    if (r < 0.15 && line.length > 0) {
      const at = Math.floor(next() * line.length);
      // Control bytes only in a few stretches: most chunks are clean (the pass's strict path), some are not.
      const bytes = k % 1500 < 50 ? SPECIAL : PRINTABLE;
      line = line.slice(0, at) + String.fromCharCode(bytes[Math.floor(next() * bytes.length)]!) + line.slice(at);
    } else if (r < 0.2) line = line.replace(' ', '  ');
    else if (r < 0.25) line = line.slice(0, Math.floor(next() * line.length));
    else if (r < 0.3) line = 'x'.repeat(k % 17) + ' ' + line;
    out.push(line);
  }
  return out.join(seed % 2 ? '\r\n' : '\n');
}

test('file reader: the pass and the JS path give the same entries, records and facts on damaged and hostile logs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spaces-'));
  try {
    const header = '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip cs-username s-sitename s-ip s-port cs-method cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken\r\n';
    const cases: [string, string][] = [
      ['damaged 1', damaged(1)],
      ['damaged 2', damaged(2)],
      // Chunks of spaces (the list overflows: the JS path), of control bytes, of tabs.
      ['spaces', header + ' '.repeat(200_000) + '\r\n' + damaged(3).slice(0, 100_000)],
      ['controls', header + '\u0001 \u007f '.repeat(50_000) + '\r\n' + damaged(4).slice(0, 100_000)],
      ['tabs', damaged(5).replace(/a/g, '\t')],
    ];
    for (const [name, text] of cases) {
      const path = join(dir, 'x.log');
      writeFileSync(path, text, 'latin1');
      await assertPathsAgree(path, name);
    }
  } finally {
    setSpaceScan(true);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('editor: the pass and the JS path give the same entries on damaged logs', () => {
  try {
    for (const seed of [6, 7]) {
      const text = damaged(seed);
      setSpaceScan(false);
      const js = logDoc(text).model.entries;
      setSpaceScan(true);
      const wasm = logDoc(text).model.entries;
      assert.ok(js.filter((e) => e.kind === 'record').length > 500);
      assert.deepEqual(wasm, js, `seed ${seed}`);
    }
  } finally {
    setSpaceScan(true);
  }
});
