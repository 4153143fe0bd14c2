// The protocol log file reader decodes ASCII chunks as Latin-1 and the rest as UTF-8: lines equal those of
// decoding the whole file at once, including characters (valid or cut short) across the 1 MiB chunk edge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileLines } from '../../server/src/exchangeLog/readLines';

const CHUNK = 1 << 20;

async function linesOf(bytes: Buffer): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'readlines-'));
  try {
    const path = join(dir, 'RECV2026112008-1.LOG');
    writeFileSync(path, bytes);
    const out: string[] = [];
    await readFileLines(path, (text) => void out.push(text));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const expected = (bytes: Buffer): string[] => {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** ASCII lines up to `at` bytes, then `middle`, then ASCII lines filling a second chunk. */
function around(at: number, middle: Buffer): Buffer {
  const line = Buffer.from('2026-11-20T08:00:00.000Z,EDGE01\\App relay,08DF3B4470A10001,0,10.0.0.30:25,10.20.5.11:50100,*,,ok\r\n');
  const head = Buffer.alloc(at, 0x61);
  for (let i = 0; i + line.length <= at; i += line.length) line.copy(head, i);
  const tail = Buffer.alloc(CHUNK + 500, 0x62);
  for (let i = 0; i + line.length <= tail.length; i += line.length) line.copy(tail, i);
  return Buffer.concat([head, middle, tail]);
}

test('a character split across the chunk edge, and one cut short before an ASCII chunk, read as whole-file decoding does', async () => {
  const cases: [string, Buffer][] = [
    ['é across the edge', around(CHUNK - 1, Buffer.from('é\r\n'))],
    ['€ across the edge', around(CHUNK - 2, Buffer.from('€\r\n'))],
    ['a cut é before ASCII', around(CHUNK - 1, Buffer.from([0xc3]))],
    ['ASCII only', around(CHUNK, Buffer.from('x\r\n'))],
    ['BOM first', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), around(CHUNK, Buffer.alloc(0))])],
  ];
  for (const [name, bytes] of cases) assert.deepEqual(await linesOf(bytes), expected(bytes), name);
});
