import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLogFile } from '../../server/src/smtpLog/scan';
import { byteRanges, checkLogFile, checkLogFileInRanges, checkLogFilePart, mergeFileCheck } from '../../server/src/smtpLog/fileCheck';
import { generateLogs } from '../helpers/logGenerator';
import { logDoc, readLogFixture, settings } from '../helpers/logDoc';
import { logDiagnostics } from '../../server/src/smtpLog/service';
import type { Session } from '../../server/src/smtpLog/types';

const dir = mkdtempSync(join(tmpdir(), 'smtplog-reader-'));

/** The line numbers and kinds of the entries a scan of `content` reports. */
async function entriesOf(content: Buffer | string, chunkSize: number): Promise<string[]> {
  const path = join(dir, `f${Math.random()}.log`);
  writeFileSync(path, content);
  const out: string[] = [];
  await scanLogFile(path, { onEntry: (e, line) => out.push(`${line}:${e.kind}${e.kind === 'record' ? `:${e.clientIp}` : ''}`) }, { chunkSize });
  return out;
}

const HEAD = '#Software: Microsoft Internet Information Services 6.0';
const FIELDS = '#Fields: c-ip cs-method sc-status';

test('line ends: LF, CRLF, lone CR, CRLF split across chunks, BOM, no final newline', async () => {
  for (const chunk of [1, 2, 3, 7, 1 << 16]) {
    const text = `\ufeff${HEAD}\r\n${FIELDS}\n10.0.0.1 EHLO 250\r10.0.0.2 EHLO 250\r\n\r\n10.0.0.3 QUIT 240`;
    assert.deepEqual(
      await entriesOf(Buffer.from(text, 'utf8'), chunk),
      ['0:directive', '1:directive', '2:record:10.0.0.1', '3:record:10.0.0.2', '5:record:10.0.0.3'],
      `chunk ${chunk}`,
    );
    assert.deepEqual(await entriesOf('', chunk), [], `chunk ${chunk}`);
  }
});

test('a CRLF split across two chunks is one line break', async () => {
  // The reader works in chunks of at least 64 KiB: put the CR on the last byte of the first chunk.
  const head = `${FIELDS}\n`;
  const filler = '10.0.0.9 NOOP 250\n';
  let text = head;
  while (text.length + filler.length < 65536 - 20) text += filler;
  const last = '10.0.0.1 EHLO 250';
  text += 'x'.repeat(65536 - 1 - text.length - last.length - 1) + '\n' + last + '\r\n10.0.0.2 EHLO 250\n';
  assert.equal(text.indexOf('\r'), 65535);
  const lines = await entriesOf(text, 65536);
  const tail = lines.slice(-2);
  const n = Number(tail[0]!.split(':')[0]);
  assert.deepEqual(tail, [`${n}:record:10.0.0.1`, `${n + 1}:record:10.0.0.2`]);
});

test('bytes that are not UTF-8 decode as Latin-1; an overlong line becomes one reported line', async () => {
  const bytes = Buffer.concat([Buffer.from(`${FIELDS}\n10.0.0.1 `), Buffer.from([0xff, 0xfe]), Buffer.from(' 250\n')]);
  const path = join(dir, 'latin1.log');
  writeFileSync(path, bytes);
  const records: string[] = [];
  await scanLogFile(path, { onEntry: (e) => e.kind === 'record' && records.push(e.method) });
  assert.deepEqual(records, ['\u00ff\u00fe']);
  const lines = await entriesOf(`${FIELDS}\n10.0.0.1 EHLO 250\n${'z'.repeat(300_000)}\n10.0.0.2 EHLO 250\n`, 4096);
  assert.deepEqual(lines, ['0:directive', '1:record:10.0.0.1', '2:invalid', '3:record:10.0.0.2']);
});

for (const [name, text] of [
  ['relay fixture', readLogFixture('w3c-relay.log')],
  [
    'damaged lines',
    readLogFixture('w3c-relay.log').replace(/(\r\n)(2026-11-02 07:05:01 )/, '$1$2extra ').replace(/(2026-11-02 07:06:01 10\.1\.20\.31) hr-app/, '$1 hr\u0001app').replace(/ 240 400 /, ' 240 40x '),
  ],
  [
    // sc-bytes and time-taken: columns the assessment never reads, which `check` must still check.
    'bad numbers in the columns the assessment skips',
    readLogFixture('w3c-relay.log').replace(' RCPT - +TO:<ap@contoso.com> 250 0 32 22 0 ', ' RCPT - +TO:<ap@contoso.com> 250 0 3x2 22 0 ').replace(' RCPT - +TO:<ar@contoso.com> 250 0 32 22 0 ', ' RCPT - +TO:<ar@contoso.com> 250 0 32 22 1.5 '),
  ],
  [
    // A chunk without control characters is tokenised on spaces alone: the same problems must still be found.
    'damaged lines, no control characters',
    readLogFixture('w3c-relay.log').replace(/(\r\n)(2026-11-02 07:05:01 )/, '$1$2extra ').replace(/ 240 400 /, ' 240 40x ').replace(/(2026-11-02 07:06:01) /, '$1  ').replace(/( QUIT .*)(\r\n)/, '$1 $2'),
  ],
  ['quirks fixture', readLogFixture('quirks.log')],
] as const) {
test(`streaming a file from disk gives the same sessions and diagnostics as the editor model (${name})`, async () => {
  const path = join(dir, 'relay.log');
  writeFileSync(path, text);
  const streamed: Session[] = [];
  const result = await scanLogFile(path, { onSession: (s) => streamed.push(s) }, { chunkSize: 64 });
  assert.equal(result.format, 'w3c');
  void name;
  streamed.sort((a, b) => a.firstLine - b.firstLine);
  const { doc, model } = logDoc(text);
  assert.deepEqual(streamed, model.sessions().sessions);
  const check = await checkLogFile(path, { acceptedDomains: [], maxProblems: 1000 });
  const editor = logDiagnostics(model, doc, settings());
  const key = (line: number, code: unknown) => `${String(line).padStart(6, '0')}:${String(code)}`;
  assert.deepEqual(check.problems.map((p) => key(p.range.start.line, p.code)).sort(), editor.map((d) => key(d.range.start.line, d.code)).sort());
});
}

test('cancellation stops reading', async () => {
  const path = join(dir, 'big.log');
  writeFileSync(path, `${FIELDS}\n${'10.0.0.1 NOOP 250\n'.repeat(200_000)}`);
  let n = 0;
  const result = await scanLogFile(path, { onEntry: () => n++ }, { chunkSize: 1 << 16, isCancelled: () => n > 1000 });
  assert.ok(result.cancelled);
  assert.ok(n < 200_000);
});

for (const nextHop of ['smart-host', 'mx'] as const) {
  test(`a file checked in byte ranges and stitched gives the same diagnostics as one pass (${nextHop}, sessions across range starts)`, async () => {
    // Synthetic: a generated relay day, plus a bad line, a bogus directive, a second header block mid-file and
    // sessions left open (no QUIT) that ranges must carry across their starts.
    const day = generateLogs({ start: '2026-11-02', days: 1, seed: 9, nextHop }).files[0]!.text.split('\r\n');
    day.splice(200, 0, '2026-11-02 08:00:00 10.9.9.9 x SMTPSVC1 RELAY01 10.1.0.5 0 EHLO - +x 250 0 1 1 0 SMTP - - - -', '2026-11-02 08:00:01 10.9.9.9 x SMTPSVC1 RELAY01 10.1.0.5 0 MAIL - +FROM:<a@contoso.com> 250 0 1 1 0 SMTP - - - -');
    day.splice(Math.floor(day.length / 2), 0, '#Date: 2026-11-02 12:00:00', '#Fields: time c-ip cs-username s-ip s-port cs-method cs-uri-query sc-status sc-win32-status cs-bytes', '12:00:01 10.9.9.8 y 10.1.0.5 0 EHLO +y 250 0 1', '12:00:02 10.9.9.8 y 10.1.0.5 0 MAIL +FROM:<b@contoso.com> 250 0 1');
    const text = `${day.join('\r\n')}2026-11-02 23:59:59 10.9.9.9 x SMTPSVC1\u0001 RELAY01 10.1.0.5 0 EHLO - +x 250 0 1 1 0 SMTP - - - -\r\n#Bogus: directive\r\n`;
    const path = join(dir, `ranges-${nextHop}.log`);
    writeFileSync(path, text, 'latin1');
    const size = Buffer.byteLength(text, 'latin1');
    for (const acceptedDomains of [[], ['contoso.com']]) {
      const options = { acceptedDomains, maxProblems: 100_000 };
      const whole = await checkLogFile(path, options);
      assert.ok(whole.problems.some((p) => p.code === 'SMTPLOG013') && whole.problems.some((p) => p.code === 'SMTPLOG006'));
      // Many small ranges: range starts fall inside sessions, inside lines and on CRLF pairs.
      for (const count of [2, 3, 7, 41]) {
        const parts = await Promise.all(byteRanges(size, count).map((range) => checkLogFilePart(path, { ...options, range })));
        assert.equal(parts.reduce((n, p) => n + p.lines, 0), whole.lines, `${count} ranges: lines`);
        const merged = mergeFileCheck(parts, options);
        assert.ok(merged, `${count} ranges stitch`);
        assert.deepEqual(merged.problems, whole.problems, `${count} ranges, accepted ${acceptedDomains.join()}`);
        assert.equal(merged.total, whole.total);
        assert.equal(merged.sessions, whole.sessions);
      }
    }
  });
}

test('ranges that cannot be stitched (a session open across many of the client\'s later sessions) fall back to one pass', async () => {
  // Synthetic: a client opens a session, then another (parallel connection) keeps starting and ending sessions.
  const rows = ['#Fields: time c-ip s-ip cs-method cs-uri-query sc-status'];
  rows.push('00:00:00 10.1.1.1 10.0.0.5 EHLO +a 250', '00:00:01 10.1.1.1 10.0.0.5 MAIL +FROM:<a@contoso.com> 250');
  for (let k = 0; k < 200; k++) rows.push(`00:01:${String(k % 60).padStart(2, '0')} 10.1.1.1 10.0.0.5 EHLO +b 250`, `00:01:${String(k % 60).padStart(2, '0')} 10.1.1.1 10.0.0.5 QUIT +b 240`);
  rows.push('00:05:00 10.1.1.1 10.0.0.5 RCPT +TO:<x@fabrikam.example> 250', '00:05:00 10.1.1.1 10.0.0.5 QUIT +a 240');
  const text = rows.join('\n') + '\n';
  const path = join(dir, 'unstitchable.log');
  writeFileSync(path, text);
  const options = { acceptedDomains: [], maxProblems: 1000 };
  const whole = await checkLogFile(path, options);
  const ranges = byteRanges(text.length, 4);
  const parts = await Promise.all(ranges.map((range) => checkLogFilePart(path, { ...options, range })));
  assert.equal(mergeFileCheck(parts, options), undefined);
  const { readInOnePass, ...inRanges } = await checkLogFileInRanges(path, options, ranges);
  assert.equal(readInOnePass, true);
  assert.deepEqual(inRanges, whole);
});
