// The editor reads a whole W3C log as bytes (smtpLog/fastReader.ts BufferLineReader) when it opens one: its
// entries must be exactly those the line parser gives line by line, on clean, damaged and hostile text, so the
// problems, hovers and sessions are the parser's. Edits re-parse lines with the parser alone.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { forEachLine } from '../../server/src/smtpLog/lineBreaks';
import { BLANK, LogLineParser, type LineEntry } from '../../server/src/smtpLog/lineParser';
import { generateLogs } from '../helpers/logGenerator';
import { logDoc, readLogFixture } from '../helpers/logDoc';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'logs');

/** Every line through LogLineParser, in the format the model detected. */
function parsedLineByLine(text: string, format: ConstructorParameters<typeof LogLineParser>[0]): LineEntry[] {
  const parser = new LogLineParser(format);
  const out: LineEntry[] = [];
  forEachLine(text, (start, end) => void out.push(parser.parse(text, out.length, start, end)), true);
  return out;
}

function assertSameEntries(name: string, text: string): void {
  const { model } = logDoc(text);
  const expected = parsedLineByLine(text, model.format);
  assert.equal(model.entries.length, expected.length, `${name}: line count`);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    assert.deepEqual(model.entries[i], want.kind === 'blank' ? BLANK : want, `${name}: line ${i}`);
  }
}

const relay = readLogFixture('w3c-relay.log');

test('a clean relay log and the generated logs: the same entries as the line parser', () => {
  assertSameEntries('w3c-relay', relay);
  for (const day of generateLogs({ days: 1 }).files) assertSameEntries(day.name, day.text);
});

test('damaged and hostile lines: the same entries (and problems) as the line parser', () => {
  const lines = relay.split('\r\n');
  const record = lines.find((l) => l.includes(' RCPT '))!;
  const damaged = [
    ...lines.slice(0, 8),
    record.replace(' 250 0 ', ' 2x0 0 '), // bad status
    record.replace(/ 0 SMTP /, ' 1.5 SMTP '), // bad time-taken
    record.replace(' 250 0 32 ', ' 250 0 3x2 '), // bad sc-bytes
    record.replace(' RCPT ', '  RCPT '), // doubled space
    record.slice(0, 60), // truncated
    `${record} extra`, // a field too many
    record.replace('erp01', 'erp\u000101'), // control character
    record.replace('erp01', 'erp\u007f01'), // DEL
    `\t${record}`, // leading tab
    ` ${record}`, // leading space
    '\t#Fields: date time c-ip', // a directive after white space
    record.replace(/^2026-11-02/, '2026-13-45'), // impossible date
    record.replace(/ \d\d:\d\d:\d\d /, ' 25:61:00 '), // impossible time
    record.replace('erp01', 'erp\u00e901'), // Latin-1 letter
    'x'.repeat(70_000), // overlong
    '',
    '#Date: nonsense',
    record,
    ...lines.slice(8),
  ].join('\r\n');
  assertSameEntries('damaged', damaged);
  // Without its control characters the text is read on the reader's space-only path: the same entries still.
  const clean = damaged.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  assert.ok(clean.includes('  RCPT ') && clean.includes(`${record} extra`) && clean.includes(`\t${record}`));
  assertSameEntries('damaged, no control characters', clean);
  assertSameEntries('tabs inside values', clean.replace(/erp01/g, 'erp\t01'));
  // Under a layout that does not start with the date, "\t#…" with the right field count is still a directive.
  assertSameEntries('directive after a tab', '#Fields: c-ip cs-username cs-method sc-status\r\n\t#Fields: u x 250\r\n10.0.0.1 app EHLO 250\r\n');
  // Lone CRs and LFs end lines too.
  assertSameEntries('mixed line breaks', damaged.replace(/\r\n/g, (_m, at: number) => (at % 3 === 0 ? '\n' : at % 3 === 1 ? '\r' : '\r\n')));
});

test('a document larger than the byte window, with a line longer than the window: the same entries', () => {
  // The reader writes the text to bytes a megabyte at a time: lines cross window edges, and a longer line is parsed as text.
  const lines = relay.split('\r\n');
  const body = lines.slice(4, 40).join('\r\n');
  const parts = [lines.slice(0, 4).join('\r\n')];
  for (let i = 0, size = 0; size < 2_500_000; i++) {
    parts.push(i === 300 ? 'y'.repeat(1_100_000) : body);
    size += parts[parts.length - 1]!.length;
  }
  assertSameEntries('large', parts.join('\r\n'));
});

test('text beyond Latin-1 and the other formats go to the line parser, with the same entries', () => {
  assertSameEntries('beyond Latin-1', relay.replace('erp01', 'erp\u20ac01').replace('hr-app', 'hr-\u{1f600}'));
  assertSameEntries('iis format', readLogFixture('iis-format.log'));
  assertSameEntries('ncsa', readLogFixture('ncsa.log'));
  assertSameEntries('quirks', readLogFixture('quirks.log'));
  assertSameEntries('no #Date', readLogFixture('w3c-nodate.log'));
});

test('the real public samples: the same entries as the line parser', () => {
  for (const name of readdirSync(CORPUS).filter((n) => n.endsWith('.log'))) assertSameEntries(name, readFileSync(join(CORPUS, name), 'latin1'));
});
