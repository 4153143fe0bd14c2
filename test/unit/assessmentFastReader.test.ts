// The fast byte-level path (fastReader + OutboundTracker) must give exactly the assessment of the plain path
// (LogLineParser records grouped by SessionBuilder), on generated, hostile, damaged and real sample logs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { assessFilePart, mergeAssessParts, type AssessPart } from '../../server/src/assessment/fileRanges';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { assessFile } from '../../server/src/assessment/sources';
import type { Assessment } from '../../server/src/protocol/assessment';
import { readRecordsFast } from '../../server/src/smtpLog/fastReader';
import { byteRanges } from '../../server/src/smtpLog/fileCheck';
import { LogLineParser, MAX_LINE_LENGTH as MAX_LINE } from '../../server/src/smtpLog/lineParser';
import { scanLogFile } from '../../server/src/smtpLog/scan';
import type { LogRecord } from '../../server/src/smtpLog/types';
import { assertLinearAsync } from '../helpers/growth';
import { generateLogs } from '../helpers/logGenerator';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'logs');

/** The plain path: every line through LogLineParser, every record through SessionBuilder. */
async function plain(path: string): Promise<Assessment> {
  const acc = new AssessmentAccumulator();
  const file = acc.beginFile('x.log', '', 0);
  const r = await scanLogFile(path, {
    onEntry: (entry) => {
      if (entry.kind === 'record') acc.addRecord(entry);
      else if (entry.kind === 'directive' && entry.layout) acc.addLayout(entry.layout.names);
    },
    onSession: (s) => acc.addSession(s),
  });
  file.format = r.format;
  file.lines = r.lines;
  return finalizeAssessment(acc, { acceptedDomains: [] });
}

async function fast(path: string): Promise<Assessment> {
  const acc = new AssessmentAccumulator();
  await assessFile(acc, path, 'x.log');
  acc.files[0]!.bytes = 0;
  return finalizeAssessment(acc, { acceptedDomains: [] });
}

/** The file read in `count` byte ranges (as worker threads do), stitched in file order. */
async function ranged(path: string, count: number): Promise<Assessment> {
  const parts: AssessPart[] = [];
  for (const range of byteRanges(statSync(path).size, count)) parts.push(await assessFilePart(path, 'x.log', range));
  // Ranges that cannot be stitched are read in one pass, as assessFiles does.
  const acc = mergeAssessParts(parts) ?? (await assessFilePart(path, 'x.log')).acc;
  acc.files[0]!.bytes = 0;
  return finalizeAssessment(acc, { acceptedDomains: [] });
}

async function same(name: string, content: string | Buffer): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fast-'));
  try {
    const path = join(dir, 'x.log');
    writeFileSync(path, content);
    const expected = await plain(path);
    assert.deepEqual(await fast(path), expected, name);
    assert.deepEqual(await ranged(path, 2), expected, `${name}, 2 ranges`);
    assert.deepEqual(await ranged(path, 3), expected, `${name}, 3 ranges`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deterministic damage: cut lines, doubled spaces, junk bytes, lone CRs, bad numbers and times. */
function damage(text: string, seed: number): string {
  let a = seed;
  const rnd = (): number => ((a = (a * 1103515245 + 12345) & 0x7fffffff), a / 0x7fffffff);
  return text
    .split('\r\n')
    .map((line) => {
      const r = rnd();
      if (r < 0.02) return line.slice(0, Math.floor(rnd() * line.length));
      if (r < 0.04) return line.replace(' ', '  ');
      if (r < 0.05) return line.replace(/ 250 /, ' 2x0 ');
      if (r < 0.06) return line.replace(/(\d\d):(\d\d):(\d\d)/, '$1:$2');
      if (r < 0.07) return `${line}\x00\x1b`;
      if (r < 0.08) return line.replace(' ', '\r');
      if (r < 0.09) return `${line} extra field`;
      if (r < 0.1) return line.replace(/OutboundConnection\w+/, '-');
      return line;
    })
    .join(rnd() < 0.5 ? '\r\n' : '\n');
}

test('generated logs: fast and plain paths agree', async () => {
  const { files } = generateLogs({ days: 3, seed: 21, scale: 3 });
  await same('generated', files.map((f) => f.text).join(''));
});

test('damaged logs: fast and plain paths agree line for line', async () => {
  const { files } = generateLogs({ days: 2, seed: 4 });
  for (let seed = 1; seed <= 6; seed++) await same(`damaged ${seed}`, damage(files.map((f) => f.text).join(''), seed));
});

test('LF-only, BOM and field sets without date or username', async () => {
  const { files } = generateLogs({ days: 1, seed: 8 });
  const text = files[0]!.text;
  await same('lf', text.replace(/\r\n/g, '\n'));
  await same('bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'latin1')]));
  const noDate = text.replace('#Fields: date time ', '#Fields: time ').replace(/^\d{4}-\d\d-\d\d /gm, '');
  await same('no date', noDate);
  const noUser = text.replace('c-ip cs-username ', 'c-ip ').replace(/^(\d\S+ \S+ \S+) \S+ /gm, '$1 ');
  await same('no username', noUser);
  const noIp = text.replace('c-ip ', '').replace(/^(\d\S+ \S+) \S+ /gm, '$1 ');
  await same('no c-ip', noIp);
});

test('floods past the source caps: byte ranges keep exactly the same detailed sources', async () => {
  const lines: string[] = ['#Software: Microsoft Internet Information Services 6.0', '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)'];
  const rec = (ip: string, verb: string, query: string, status: number): string => `2026-11-02 08:00:00 ${ip} spam SMTPSVC1 R 10.1.1.25 0 ${verb} - ${query} ${status} 0 50 20 0 SMTP - - -`;
  for (let i = 0; i < 1500; i++) {
    const ip = `198.18.${(i * 7) & 255}.${(i * 13) & 255}`;
    lines.push(rec(ip, 'EHLO', '+spam', 250), rec(ip, 'MAIL', '+FROM:<s@spam.example>', 250), rec(ip, 'RCPT', `+TO:<v${i % 7}@victim.example>`, 550), rec(ip, 'QUIT', 'spam', 240));
  }
  for (let i = 0; i < 5200; i++) {
    const ip = `10.${(i >> 8) & 255}.${i & 255}.9`;
    lines.push(rec(ip, 'EHLO', '+probe', 250), rec(ip, 'QUIT', 'probe', 240));
  }
  await same('flood', lines.join('\r\n'));
});

test('binary junk, overlong lines, empty and header-only files: no throw, same result', async () => {
  const { files } = generateLogs({ days: 1, seed: 12 });
  let a = 99;
  const junk = Buffer.alloc(300_000);
  for (let i = 0; i < junk.length; i++) junk[i] = (a = (a * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  await same('binary', junk);
  await same('text then binary', Buffer.concat([Buffer.from(files[0]!.text, 'latin1'), junk]));
  const overlong = files[0]!.text.replace(/\r\n(?=2026)/, `\r\n${'x'.repeat(200_000)}\r\n`);
  await same('overlong line', overlong);
  await same('empty', '');
  await same('header only', '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip\r\n');
  await same('no line break at the end', files[0]!.text.trimEnd());
});

test('small chunks and lines across chunk boundaries: the same records, on the same line numbers', async () => {
  const { files } = generateLogs({ days: 1, seed: 13 });
  const text = files[0]!.text.replace(/\r\n(?=2026)/, `\r\n${'y'.repeat(150_000)}\r\n`).replace(/\r\n(?=2026-11-02 1)/, '\r');
  const dir = mkdtempSync(join(tmpdir(), 'chunks-'));
  try {
    const path = join(dir, 'x.log');
    writeFileSync(path, text, 'latin1');
    const key = (r: LogRecord): string => `${r.line} ${r.clientIp} ${r.verb} ${r.status} ${r.query} ${r.direction} ${r.time}`;
    const expected: string[] = [];
    await scanLogFile(path, { onEntry: (e) => void (e.kind === 'record' && expected.push(key(e))) });
    const got: string[] = [];
    await readRecordsFast(path, new LogLineParser('w3c'), { entry: (e) => void (e.kind === 'record' && got.push(key(e))) }, { chunkSize: 1 << 16 });
    assert.ok(expected.length > 1000);
    assert.deepEqual(got, expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a line break on each side of a chunk boundary (CRLF split, lone CR, LF, BOM, overlong): the same entries', async () => {
  const chunk = 1 << 16;
  const { files } = generateLogs({ days: 1, seed: 14 });
  const body = files[0]!.text.slice(0, 3 * chunk);
  const dir = mkdtempSync(join(tmpdir(), 'boundary-'));
  try {
    const path = join(dir, 'x.log');
    const key = (e: { kind: string }, line: number): string => `${line} ${e.kind} ${e.kind === 'record' ? (e as LogRecord).clientIp + ' ' + (e as LogRecord).verb + ' ' + (e as LogRecord).time : ''}`;
    let cases = 0;
    // The first line is padded so that the break lands on the last bytes of the first chunk, or just after.
    for (const brk of ['\r\n', '\r', '\n']) {
      for (let shift = -3; shift <= 2; shift++) {
        for (const bom of [false, true]) {
          const head = (bom ? '\ufeff' : '') + '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip cs-method\r\n';
          const headBytes = Buffer.byteLength(head, 'latin1') + (bom ? 2 : 0);
          const pad = 'x'.repeat(chunk - headBytes - brk.length + shift);
          const text = `${head}${pad}${brk}${body}${brk}${'z'.repeat(MAX_LINE + 10)}${brk}2026-11-01 00:00:00 10.0.0.1 QUIT`;
          writeFileSync(path, bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.slice(1), 'latin1')]) : Buffer.from(text, 'latin1'));
          const expected: string[] = [];
          await scanLogFile(path, { onEntry: (e, line) => void expected.push(key(e, line)) });
          const got: string[] = [];
          await readRecordsFast(path, new LogLineParser('w3c'), { entry: (e, line) => void got.push(key(e, line)) }, { chunkSize: chunk });
          assert.deepEqual(got, expected, `${JSON.stringify(brk)} shifted ${shift}${bom ? ', BOM' : ''}`);
          cases++;
        }
      }
    }
    assert.equal(cases, 36);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('real sample logs from the corpus: fast and plain paths agree', async () => {
  assert.ok(existsSync(CORPUS), `corpus expected at ${CORPUS}`);
  const names = readdirSync(CORPUS).filter((n) => n.endsWith('.log') || n.endsWith('.txt'));
  assert.ok(names.length >= 5);
  for (const n of names) await same(n, readFileSync(join(CORPUS, n)));
});

test('growth: reading a file is linear with CR-only line ends and with lines without a space', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fast-growth-'));
  try {
    let k = 0;
    const read = async (text: string): Promise<void> => {
      const path = join(dir, `g${k++}.log`);
      writeFileSync(path, text, 'latin1');
      await readRecordsFast(path, new LogLineParser('w3c'), { entry: () => {} }, { strict: true });
    };
    const header = (brk: string) => `#Software: Microsoft Internet Information Services 6.0${brk}#Fields: date time c-ip cs-method sc-status${brk}`;
    await assertLinearAsync('CR-only line ends', 10_000, (n) => header('\r') + '2026-11-02 10:00:00 10.0.0.1 EHLO 250\r'.repeat(n), read);
    await assertLinearAsync('lines of "a"', 20_000, (n) => header('\n') + 'a\n'.repeat(n), read);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
