import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogLines } from '../../server/src/smtpLog/fileReader';
import { scanLogFile } from '../../server/src/smtpLog/scan';
import { checkLogFile } from '../../server/src/smtpLog/fileCheck';
import { logDoc, readLogFixture, settings } from '../helpers/logDoc';
import { logDiagnostics } from '../../server/src/smtpLog/diagnostics';
import type { Session } from '../../server/src/smtpLog/types';

const dir = mkdtempSync(join(tmpdir(), 'smtplog-reader-'));

async function linesOf(content: Buffer | string, chunkSize: number): Promise<string[]> {
  const path = join(dir, `f${Math.random()}.log`);
  writeFileSync(path, content);
  const out: string[] = [];
  await readLogLines(path, (t, _l, s, e) => out.push(t.slice(s, e)), { chunkSize });
  return out;
}

test('line ends: LF, CRLF, lone CR, CRLF split across chunks, BOM, no final newline', async () => {
  for (const chunk of [1, 2, 3, 7, 1 << 16]) {
    assert.deepEqual(await linesOf('a\nb\r\nc\rd', chunk), ['a', 'b', 'c', 'd'], `chunk ${chunk}`);
    assert.deepEqual(await linesOf('\ufeffx\r\n\r\ny\r\n', chunk), ['x', '', 'y'], `chunk ${chunk}`);
    assert.deepEqual(await linesOf('', chunk), [], `chunk ${chunk}`);
  }
});

test('bytes that are not UTF-8 decode as Latin-1; an overlong line becomes one marker line', async () => {
  assert.deepEqual(await linesOf(Buffer.from([0x41, 0xff, 0xfe, 0x0a, 0x42]), 2), ['A\u00ff\u00fe', 'B']);
  const lines = await linesOf(`a\n${'z'.repeat(300_000)}\nb\n`, 4096);
  assert.equal(lines.length, 3);
  assert.equal(lines[0], 'a');
  assert.ok(lines[1]!.length > 65536);
  assert.equal(lines[2], 'b');
});

test('streaming a file from disk gives the same sessions and diagnostics as the editor model', async () => {
  const text = readLogFixture('w3c-relay.log');
  const path = join(dir, 'relay.log');
  writeFileSync(path, text);
  const streamed: Session[] = [];
  const result = await scanLogFile(path, { onSession: (s) => streamed.push(s) }, { chunkSize: 64 });
  assert.equal(result.format, 'w3c');
  streamed.sort((a, b) => a.firstLine - b.firstLine);
  const { doc, model } = logDoc(text);
  assert.deepEqual(streamed, model.sessions().sessions);
  const check = await checkLogFile(path, { acceptedDomains: [], maxProblems: 1000 });
  const editor = logDiagnostics(model, doc, settings());
  assert.deepEqual(
    check.problems.map((p) => `${p.line}:${p.code}`),
    editor.map((d) => `${d.range.start.line}:${String(d.code)}`),
  );
});

test('cancellation stops reading', async () => {
  const path = join(dir, 'big.log');
  writeFileSync(path, 'x\n'.repeat(100_000));
  let n = 0;
  const result = await readLogLines(path, () => n++, { chunkSize: 1024, isCancelled: () => n > 1000 });
  assert.ok(result.cancelled);
  assert.ok(n < 100_000);
});
