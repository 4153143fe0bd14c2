// The Exchange log reader's shortcuts give what the plain way gives, on awkward synthetic input: control bytes
// found in the chunk's bytes (four at a time) instead of by a regular expression over each line, a time's
// second recognised by its characters, enhanced codes looked up once per distinct reply start, session texts
// and permissions kept once per distinct value, the session sort skipped when the lines are in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSession, type SessionOutcome } from '../../server/src/exchangeLog/analyze';
import { ExDocumentModel } from '../../server/src/exchangeLog/documentModel';
import { ExLineParser, type ExEntry } from '../../server/src/exchangeLog/parser';
import { LineTextDocument } from '../../server/src/lineDocument';
import { CONTROL_CHAR as CONTROL, hasControlBytes, mayHoldControlChars } from '../../server/src/exchangeLog/controlChars';
import { readFileLines } from '../../server/src/exchangeLog/readLines';
import { replyParts } from '../../server/src/exchangeLog/refusals';
import { ExScanner } from '../../server/src/exchangeLog/scan';
import type { ExSession } from '../../server/src/exchangeLog/sessions';
import { findEnhancedCode } from '../../server/src/smtpLog/catalog';
import { EXCHANGE_RECEIVE_HEADER } from '../helpers/exchangeLogHeader';

const CHUNK = 1 << 20;

test('control bytes: every byte value at every place in a word, against the regular expression', () => {
  const base = Buffer.alloc(64, 0x61);
  for (let value = 0; value < 256; value++) {
    const expected = CONTROL.test(String.fromCharCode(value));
    for (let at = 0; at < 12; at++) {
      const bytes = Buffer.from(base);
      bytes[20 + at] = value;
      // Views that start off a word boundary and end inside a word.
      for (const from of [0, 1, 2, 3]) for (const to of [61, 62, 63, 64]) assert.equal(hasControlBytes(bytes.subarray(from, to)), expected, `0x${value.toString(16)} at ${at} in [${from}, ${to})`);
    }
  }
  assert.equal(hasControlBytes(Buffer.from('a,b\r\n\tc\n')), false, 'tab, CR and LF are not control characters here');
  assert.equal(hasControlBytes(Buffer.alloc(0)), false);
  // Short views off a word boundary, empty ones included (a reader's last, empty chunk): no throw, every byte looked at.
  const words = new Uint8Array(new ArrayBuffer(16)).fill(0x61);
  for (let from = 0; from < 8; from++) {
    for (let to = from; to <= from + 4; to++) {
      assert.equal(hasControlBytes(words.subarray(from, to)), false, `[${from}, ${to})`);
      if (to > from) {
        const dirty = words.slice();
        dirty[to - 1] = 1;
        assert.equal(hasControlBytes(dirty.subarray(from, to)), true, `[${from}, ${to}) with a control byte last`);
      }
    }
  }
});

test('text check: no false all-clear for any character, and a control character far into a long text is found', () => {
  for (let code = 0; code < 0x800; code++) {
    const text = `ab${String.fromCharCode(code)}cd`;
    if (CONTROL.test(text)) assert.equal(mayHoldControlChars(text), true, `U+${code.toString(16)}`);
    else if (code < 0x100) assert.equal(mayHoldControlChars(text), false, `U+${code.toString(16)}`);
  }
  const long = 'x,'.repeat(100_000);
  assert.equal(mayHoldControlChars(long), false);
  assert.equal(mayHoldControlChars(`${long}\u001f`), true);
  assert.equal(mayHoldControlChars(''), false);
});

/** Synthetic records in the standard field order. */
const record = (time: string, session: string, seq: string, event: string, data: string, context = ''): string => `${time},EDGE01\\App relay,${session},${seq},10.0.0.30:25,10.20.5.11:50100,${event},${data},${context}`;

/** Awkward lines: CSV quoting, empty fields, bad times and fractions, invalid dates, control characters, bad lines. */
const AWKWARD: readonly string[] = [
  ...EXCHANGE_RECEIVE_HEADER,
  record('2026-11-20T08:00:00.123Z', '08DF3B4470A10001', '0', '+', ''),
  record('2026-11-20T08:00:00.9Z', '08DF3B4470A10001', '1', '*', 'SMTPSubmit SMTPAcceptAnyRecipient', 'Set Session Permissions'),
  record('2026-11-20T08:00:00.1234567Z', '08df3b4470a10001', '2', '>', '"220 EDGE01 ready, ""quoted"" banner"'),
  record('2026-11-20T08:00:00Z', '08DF3B4470A10001', '3', '<', 'EHLO app1'),
  record('"2026-11-20T08:00:00.500Z"', '08DF3B4470A10001', '4', '>', '250 EDGE01 Hello'),
  record('2026-11-20T08:00:01.000Z', '08DF3B4470A10001', '6', '<', 'MAIL FROM:<a@contoso.com>'),
  record('2026-11-20T08:00:01.000Z', '08DF3B4470A10001', '5', '>', '250 2.1.0 Sender OK'),
  record('2026-11-20T08:00:01.00xZ', '08DF3B4470A10001', '7', '<', 'RCPT TO:<b@fabrikam.example>'),
  record('2026-11-20T08:00:01.000', '08DF3B4470A10001', '8', '>', '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain'),
  record('2026-13-45T08:00:01.000Z', '08DF3B4470A10002', '0', '+', ''),
  record('2026-13-45T08:00:01.000Z', '08DF3B4470A10002', '1', '>', '550 5.7.1 relay denied'),
  record('2026-13-45T08:00:01.500Z', '08DF3B4470A10002', '2', '-', '', 'Local'),
  record('2026-11-20T08:00:02.000Z', '08DF3B4470A10001', 'x', '>', '5.7.64;TenantAttribution'),
  record('2026-11-20T08:00:02.000Z', '08DF3B4470A10001', '9', '>', '550 5.7.123456 long'),
  record('2026-11-20T08:00:02.000Z', '', '10', '?', ''),
  'not,a,record',
  '',
  ',,,,,,,,',
  record('2026-11-20T08:00:02.000Z', '08DF3B4470A10001', '11', '>', '"unbalanced'),
  record('2026-11-20T08:00:02.000Z', '08DF3B4470A10001', '12', '*', 'bell\u0007 inside', 'TLS negotiation failed'),
  record('2026-11-20T08:00:03.000Z', '08DF3B4470A10001', '13', '>', '454 4.7.0 TLS not available'),
  record('2026-11-20T08:00:03.000Z', '08DF3B4470A10001', '14', '-', '', 'Local'),
  record('2026-11-20T08:00:04.000Z', '08DF3B4470A10003', '0', '+', ''),
  record('2026-11-20T08:00:04.000Z', '08DF3B4470A10003', '1', '*', 'SMTPSubmit SMTPAcceptAnyRecipient', 'Set Session Permissions'),
  record('2026-11-20T08:00:04.000Z', '08DF3B4470A10003', '2', '<', `EHLO ${'h'.repeat(600)}`),
  record('2026-11-20T08:00:04.000Z', '08DF3B4470A10003', '3', '*', 'SMTPSubmit '.repeat(60), 'Set Session Permissions'),
  record('2026-11-20T08:00:04.000Z', '08DF3B4470A10003', '4', '-', '', 'Local'),
];

/** Each line read by a parser of its own (no second, reply or text remembered from the line before). */
function freshEntries(lines: readonly string[]): ExEntry[] {
  const header = new ExLineParser();
  return lines.map((line) => {
    const p = new ExLineParser(header.logType);
    p.layout = header.layout;
    const entry = p.parse(line);
    if (line.startsWith('#')) header.parse(line);
    return entry;
  });
}

test('one parser over the lines gives what a fresh parser per line gives; a clean line reads the same either way', () => {
  const expected = freshEntries(AWKWARD);
  const parser = new ExLineParser();
  assert.deepEqual(AWKWARD.map((l) => parser.parse(l)), expected);
  const cleanParser = new ExLineParser();
  assert.deepEqual(AWKWARD.map((l) => cleanParser.parse(l, !CONTROL.test(l))), expected);
  assert.ok(expected.some((e) => e.kind === 'record' && Number.isNaN(e.time)) && expected.some((e) => e.kind === 'record' && e.time === Date.parse('2026-11-20T08:00:00.123Z')), 'the fixture holds readable and unreadable times');
});

test('times: every fraction length, shared and changing seconds, bad shapes, against Date.parse', () => {
  const times = ['2026-11-20T08:00:00Z', '2026-11-20T08:00:00.1Z', '2026-11-20T08:00:00.12Z', '2026-11-20T08:00:00.123Z', '2026-11-20T08:00:00.1234Z', '2026-11-20T08:00:00.1234567Z', '2026-11-20T08:00:00.12345678Z', '2026-11-20T08:00:00.Z', '2026-11-20T08:00:00.1x3Z', '2026-11-20T08:00:00.123', '2026-11-20T08:00:01.999Z', '2026-11-20T08:00:01.000Z', '2026-11-20T08:00:00.500Z', '2026-11-20 08:00:00.500Z', '2026-13-45T08:00:00.500Z', '2026-13-45T08:00:00.600Z', '2026-11-20T08:00:0a.500Z', '2026-11-20T08:00:00.500Z', '２026-11-20T08:00:00.500Z', '2026-12-31T23:59:59.9999999Z', '2027-01-01T00:00:00.0000001Z'];
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/;
  const parser = new ExLineParser();
  for (const time of [...times, ...times.reverse()]) {
    const entry = parser.parse(record(time, '08DF3B4470A10001', '1', '*', 'x'));
    assert.equal(entry.kind, 'record');
    const expected = iso.test(time) ? Date.parse(time) : NaN;
    assert.equal((entry as { time: number }).time, expected, time);
  }
});

test('reply parts: the cached enhanced code equals the catalogue lookup, for replies that share and differ in their start', () => {
  const replies = ['250 2.1.0 Sender OK', '250 2.1.0 Sender OK', '550 5.7.54 SMTP; Unable to relay', '550 5.7.1', '550 5.7.1;x', '550 5.7.123456 long', '550 05.07.01 zeros', '5.7.64;TenantAttribution', '421 4.4.2 Connection dropped', '250', '250-EDGE01 Hello', '25 short', 'EHLO x', '', '550 5.7.1', '452 4.5.3 Too many recipients (x)'];
  for (const text of replies) {
    const parts = replyParts(text);
    const isReply = /^\d{3}(?:[ -]|$)/.test(text);
    assert.equal(Number.isNaN(parts.code), !isReply, text);
    if (isReply) assert.deepEqual(parts, { code: Number(text.slice(0, 3)), enhanced: findEnhancedCode(text)?.info.code ?? '' }, text);
  }
});

async function withFile<T>(bytes: Buffer, read: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'exfast-'));
  try {
    const path = join(dir, 'RECV2026112008-1.LOG');
    writeFileSync(path, bytes);
    return await read(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines read from disk with their clean flags. */
const readWithFlags = (bytes: Buffer): Promise<[string, boolean][]> =>
  withFile(bytes, async (path) => {
    const out: [string, boolean][] = [];
    await readFileLines(path, (text, _line, clean) => void out.push([text, clean]));
    return out;
  });

test('a line read from disk is called clean only when it holds no control character, across the chunk edge too', async () => {
  const line = `${record('2026-11-20T08:00:00.000Z', '08DF3B4470A10001', '0', '*', 'ok')}\r\n`;
  const filler = (bytes: number): string => line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
  const cases: [string, string][] = [
    ['clean', filler(CHUNK * 2 + 77)],
    ['control in the first chunk', `${filler(1000)}\u0001${filler(CHUNK * 2)}`],
    ['control in a line across the edge, before it', `${filler(CHUNK - 40)}\u0007${filler(CHUNK)}`],
    ['control in a line across the edge, after it', `${filler(CHUNK - 40)}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u007f${filler(CHUNK)}`],
    ['control in the last line, no final line break', `${filler(CHUNK + 3)}tail\u0000`],
    ['a line longer than a chunk', `${'a'.repeat(CHUNK * 2 + 5)}\u0002\r\n${filler(100)}`],
  ];
  for (const [name, text] of cases) {
    const lines = await readWithFlags(Buffer.from(text, 'latin1'));
    assert.ok(lines.length > 1, name);
    for (const [i, [t, clean]] of lines.entries()) if (clean) assert.ok(!CONTROL.test(t), `${name}: line ${i} called clean`);
    if (name === 'clean') assert.ok(lines.every(([, clean]) => clean), 'a clean file is clean throughout');
  }
});

/** Sessions and entries of a log, read from disk (clean flags) or from its text line by line (none). */
async function scanBoth(text: string): Promise<{ disk: unknown; plain: unknown }> {
  const run = () => {
    const entries: ExEntry[] = [];
    const sessions: [ExSession, SessionOutcome][] = [];
    const scanner = new ExScanner({ onEntry: (e) => void entries.push(e), onSession: (s, o) => void sessions.push([s, o]) });
    return { scanner, entries, sessions };
  };
  const disk = run();
  await withFile(Buffer.from(text, 'utf8'), (path) => readFileLines(path, (t, line, clean) => void disk.scanner.line(t, line, clean)));
  disk.scanner.end();
  const plain = run();
  text.split(/\r\n|\n|\r/).slice(0, -1).forEach((t, line) => plain.scanner.line(t, line));
  plain.scanner.end();
  return { disk: { entries: disk.entries, sessions: disk.sessions }, plain: { entries: plain.entries, sessions: plain.sessions } };
}

test('a log read from disk (clean flags, cached texts) gives the entries and sessions of the plain line-by-line read', async () => {
  const text = `${AWKWARD.join('\r\n')}\r\n`;
  const { disk, plain } = await scanBoth(text);
  assert.deepEqual(disk, plain);
  // Twice in one process: the caches (texts, permissions, enhanced codes) are warm the second time.
  assert.deepEqual((await scanBoth(text)).disk, plain);
});

test('sessions: each owns its permissions, and lines out of sequence are still put in order', () => {
  const sessions: [ExSession, SessionOutcome][] = [];
  const scanner = new ExScanner({ onSession: (s, o) => void sessions.push([s, o]) });
  AWKWARD.forEach((l, i) => scanner.line(l, i));
  scanner.end();
  const withPermissions = sessions.filter(([, o]) => o.permissions.length > 0);
  assert.equal(withPermissions.length, 2);
  // Texts too long to be cached are kept the same way: the long HELO cut to 80 characters, 40 permissions at most.
  const long = sessions.find(([s]) => s.id === '08DF3B4470A10003')![1];
  assert.equal(long.helo, `${'h'.repeat(80)}…`);
  assert.equal(long.permissions.length, 40);
  withPermissions[0]![1].permissions.push('changed');
  assert.ok(!withPermissions[1]![1].permissions.includes('changed'));
  const first = sessions.find(([s]) => s.id === '08DF3B4470A10001')![0];
  const seqs = first.events.map((e) => e.seq).filter((n) => !Number.isNaN(n));
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.equal(analyzeSession(first).permissions.length, 2);
});

test('editor: a log opened clean or with a control character has the problems of its lines read one by one', () => {
  for (const text of [AWKWARD.filter((l) => !CONTROL.test(l)).join('\r\n'), AWKWARD.join('\r\n')]) {
    const doc = new LineTextDocument('file:///x.LOG', 'exchange-protocol-log', 1, text);
    const model = new ExDocumentModel(doc);
    const parser = new ExLineParser();
    const expected = text.split('\r\n').flatMap((l, line) => (parser.parse(l).problems ?? []).map((problem) => ({ line, problem })));
    assert.deepEqual(model.problems, expected);
    // The same model read again after open (as after an edit of a directive) reads each line for itself.
    model.rebuild(doc);
    assert.deepEqual(model.problems, expected);
  }
  const binary = new ExDocumentModel(new LineTextDocument('file:///x.LOG', 'exchange-protocol-log', 1, AWKWARD.join('\r\n')));
  assert.ok(binary.problems.some((p) => p.problem.code === 'EXLOG008'), 'the control character is reported');
});
