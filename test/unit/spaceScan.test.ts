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

type PassList = NonNullable<ReturnType<typeof spaceLists>>[number];

/**
 * `rounds` rounds over two lists of the pass: `fill` writes 300 random bytes, then `check` reads a range that starts
 * at each alignment (0-16) and is up to 260 bytes long.
 */
function eachRound(rounds: number, seed: number, fill: (buf: Buffer, next: () => number, round: number) => void, check: (list: PassList, begin: number, end: number, round: number) => void): void {
  const lists = spaceLists(4096, 2) ?? [];
  assert.equal(lists.length, 2, 'WebAssembly SIMD is available on the test machine');
  const next = random(seed);
  for (let round = 0; round < rounds; round++) {
    const list = lists[round % 2]!;
    fill(list.buf, next, round);
    const begin = round % 17;
    check(list, begin, begin + Math.floor(next() * 260), round);
  }
}

test('the pass lists every space and flags control bytes, at every alignment of range start and end', () => {
  const fill = (buf: Buffer, next: () => number, round: number): void => {
    // Mostly letters, a few specials: spaces, CR/LF and control bytes land on each side of 16-byte boundaries.
    const density = [0.05, 0.3, 0.9][round % 3]!;
    for (let i = 0; i < 300; i++) buf[i] = next() < density ? SPECIAL[Math.floor(next() * SPECIAL.length)]! : 0x61 + Math.floor(next() * 26);
  };
  eachRound(400, 7, fill, (list, begin, end, round) => {
    const buf = list.buf;
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
  });
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

/** Line breaks and their neighbours: CR and LF land on each side of every 16-byte step and of a range's ends. */
const BREAKS = [0x0d, 0x0a, 0x0d, 0x0a, 0x0d, 0x0d, 0x0a, 0x0a, 0x20, 0x61];

/** What `lines` must give for buf[begin, end): the LF offsets, or false when a CR there is not followed by an LF there. */
function expectedLines(buf: Uint8Array, begin: number, end: number): number[] | false {
  const lfs: number[] = [];
  for (let i = begin; i < end; i++) {
    if (buf[i] === 0x0a) lfs.push(i);
    if (buf[i] === 0x0d && (i + 1 >= end || buf[i + 1] !== 0x0a)) return false;
  }
  return lfs;
}

/** The LF list of both passes: lines' own, and scan's (with the spaces). */
function assertLines(list: PassList, begin: number, end: number, name: string): void {
  const expected = expectedLines(list.buf, begin, end);
  for (const pass of ['lines', 'scan']) {
    const ok = pass === 'lines' ? list.lines(begin, end) : list.scan(begin, end) && list.lined;
    assert.equal(ok, expected !== false, `${name}, ${pass}: lone CR`);
    if (expected === false) continue;
    assert.deepEqual(Array.from(list.lfs.subarray(0, expected.length)), expected, `${name}, ${pass}`);
    assert.equal(list.lfs[expected.length], 0x7fffffff, `${name}, ${pass}: the sentinel follows the last LF`);
  }
}

test('the line pass lists every LF and refuses a lone CR, at every alignment of range start and end', () => {
  const fill = (buf: Buffer, next: () => number, round: number): void => {
    // Mostly CRLF pairs among letters, so that many rounds have no lone CR; some rounds stray CRs and LFs.
    const stray = round % 4 === 0 ? 0.05 : 0;
    for (let i = 0; i < 300; i++) buf[i] = next() < stray ? BREAKS[Math.floor(next() * BREAKS.length)]! : 0x61 + Math.floor(next() * 26);
    for (let i = 0; i < 300; i++) if (next() < 0.08) [buf[i], buf[i + 1]] = next() < 0.7 ? [0x0d, 0x0a] : [0x0a, 0x61];
  };
  eachRound(2000, 11, fill, (list, begin, end, round) => assertLines(list, begin, end, `round ${round}`));
});

test('the line pass: a CRLF, a CR and an LF at each side of every 16-byte boundary and of the range end', () => {
  const [list] = spaceLists(4096, 1)!;
  for (const pattern of [[0x0d, 0x0a], [0x0d], [0x0a], [0x0d, 0x0d, 0x0a], [0x0a, 0x0d]]) {
    for (let at = 0; at < 50; at++) {
      for (const begin of [0, 1, 15, 16]) {
        list!.buf.fill(0x61, 0, 200);
        pattern.forEach((c, k) => (list!.buf[at + k] = c));
        for (const end of [at, at + 1, at + 2, at + 3, 64, 100]) if (end >= begin) assertLines(list!, begin, end, `${pattern} at ${at}, [${begin}, ${end})`);
      }
    }
  }
});

test('the line pass: an empty range lists nothing; only LFs overflow the list; only CRs are lone', () => {
  const [list] = spaceLists(4096, 1)!;
  assert.ok(list!.lines(100, 100));
  assert.equal(list!.lfs[0], 0x7fffffff);
  list!.buf.fill(0x0a);
  assert.equal(list!.lines(0, 4096), false);
  assert.ok(list!.scan(0, 4096));
  assert.equal(list!.lined, false, 'the LFs overflow, not the spaces');
  list!.buf.fill(0x0d);
  assert.equal(list!.lines(0, 4096), false);
  assert.ok(list!.scan(0, 4096));
  assert.equal(list!.lined, false);
  // One LF per eight bytes fits (less a step's room); the CRs before them are not lone.
  list!.buf.fill(0x61);
  for (let i = 8; i < 4096; i += 8) [list!.buf[i - 1], list!.buf[i]] = [0x0d, 0x0a];
  assert.ok(list!.lines(0, 3798));
  assert.equal(list!.lines(0, 3800), false, "a CR as the last byte");
  assert.equal(list!.lfs[0], 8);
  assert.equal(list!.lfs[473], 3792);
  assert.equal(list!.lines(0, 4096), false);
  assert.ok(list!.scan(0, 3798) && list!.lined);
  assert.equal(list!.lfs[473], 3792);
});

/** Both paths on one file, strict and not, with and without facts, whole and in two byte ranges. */
async function assertLinePathsAgree(path: string, name: string, chunkSize: number, size: number): Promise<void> {
  const ranges = [undefined, { start: 0, end: chunkSize + 3 }, { start: chunkSize - 2, end: size }];
  for (const strict of [false, true]) {
    for (const range of ranges) {
      const options: FastReadOptions = { strict, chunkSize, ...(range ? { range } : {}) };
      setSpaceScan(false);
      const js = await readAll(path, options, !strict);
      setSpaceScan(true);
      const wasm = await readAll(path, options, !strict);
      assert.deepEqual(wasm, js, `${name}: strict ${strict}, range ${JSON.stringify(range)}`);
    }
  }
}

test('file reader: the line list and the JS search cut the same lines, breaks on each side of chunk boundaries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lines-'));
  try {
    const chunkSize = 1 << 16;
    const body = generateLogs({ days: 1, seed: 9 }).files[0]!.text.slice(0, 200_000);
    const cases: [string, string][] = [];
    // A break sequence ending just before, at and just after the first chunk's end (the reading carries a line).
    for (const sep of ['\r\n', '\n', '\r', '\r\r\n', '\n\r', '\r\n\r\n']) {
      for (let d = -3; d <= 2; d++) cases.push([`${JSON.stringify(sep)} at ${d}`, body.slice(0, chunkSize + d) + sep + body.slice(chunkSize + d)]);
    }
    // Mixed breaks (some chunks with a lone CR, some without), LF only, and hostile chunks.
    const next = random(13);
    const recs = body.split('\r\n');
    cases.push(['rare lone CR', recs.map((l, k) => l + (k % 700 === 5 ? '\r' : '\r\n')).join('')]);
    cases.push(['mixed', recs.map((l) => l + ['\r\n', '\n', '\r', '\r\n\r\n'][Math.floor(next() * 4)]).join('')]);
    cases.push(['LF only', recs.join('\n')]);
    cases.push(['blank lines', body.slice(0, 50_000) + '\r\n'.repeat(100_000) + body.slice(50_000, 100_000)]);
    cases.push(['only LFs', '\n'.repeat(150_000)]);
    cases.push(['only CRs', '\r'.repeat(150_000)]);
    cases.push(['CR at the end', body.slice(0, 100_000) + '\r']);
    cases.push(['overlong', body.slice(0, 30_000) + 'x'.repeat(200_000) + '\r\n' + body.slice(30_000, 90_000)]);
    for (const [name, text] of cases) {
      const path = join(dir, 'x.log');
      writeFileSync(path, text, 'latin1');
      await assertLinePathsAgree(path, name, chunkSize, text.length);
    }
  } finally {
    setSpaceScan(true);
    rmSync(dir, { recursive: true, force: true });
  }
});
