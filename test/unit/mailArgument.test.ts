// The readers keep a MAIL argument without its ESMTP parameters (addresses.ts, mailArgumentEnd): the cut must
// never change the address read from it, and the byte reader, the line parser and the editor's model must cut
// the same way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { envelopeAddress, mailArgumentEnd, mailArgumentEndInBytes } from '../../server/src/smtpLog/addresses';
import { readRecordsFast } from '../../server/src/smtpLog/fastReader';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import type { LogRecord } from '../../server/src/smtpLog/types';
import { logDoc } from '../helpers/logDoc';

/** Pieces MAIL arguments are made of, the awkward ones included (brackets inside, '>' without '+', spaces). */
const PIECES = ['+', ' ', '<', '>', ':', '@', 'FROM', 'from', 'TO', 'a', 'b.example', '+SIZE=2884', '+BODY=8BITMIME', '>+', '> ', '<>', '.'];

test('cutting a MAIL argument at its parameters never changes the address read from it', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  let cut = 0;
  for (let i = 0; i < 50_000; i++) {
    const prefix = ['+FROM:', 'FROM:', '+FROM:+', 'FROM:<', '', '+TO:'][rand(6)]!;
    let text = prefix;
    for (let n = rand(9); n > 0; n--) text += PIECES[rand(PIECES.length)];
    const end = mailArgumentEnd(text, 0, text.length);
    assert.equal(mailArgumentEndInBytes(Buffer.from(text, 'latin1'), 0, text.length), end, JSON.stringify(text));
    if (end < text.length) cut++;
    assert.equal(envelopeAddress(text.slice(0, end)), envelopeAddress(text), JSON.stringify(text));
  }
  assert.ok(cut > 10_000, `the cut happened in ${cut} cases`);
});

test('where the cut falls: after the address, before the parameters; nothing to cut otherwise', () => {
  const at = (text: string) => text.slice(0, mailArgumentEnd(text, 0, text.length));
  assert.equal(at('FROM:<app@contoso.com>+SIZE=2884'), 'FROM:<app@contoso.com>');
  assert.equal(at('+FROM:<app@contoso.com> SIZE=2884 BODY=8BITMIME'), '+FROM:<app@contoso.com>');
  assert.equal(at('+FROM:<>+SIZE=10'), '+FROM:<>');
  assert.equal(at('+FROM:app@contoso.com+SIZE=2884'), '+FROM:app@contoso.com+SIZE=2884', 'no bracket: nothing is cut');
  assert.equal(at('+FROM:<a>b>+SIZE=1'), '+FROM:<a>b>');
  assert.equal(at('+FROM:<app@contoso.com>'), '+FROM:<app@contoso.com>');
  assert.equal(mailArgumentEnd('xx+FROM:<a>+S', 2, 11), 11, 'a range ending at the `>` is left whole');
});

const FIELDS = '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)';

const LOG = [
  '#Software: Microsoft Internet Information Services 6.0',
  FIELDS,
  '2026-11-02 08:00:00 10.1.1.9 app1 SMTPSVC1 R 10.1.1.25 0 EHLO - +app1 250 0 50 20 0 SMTP - - -',
  '2026-11-02 08:00:01 10.1.1.9 app1 SMTPSVC1 R 10.1.1.25 0 MAIL - +FROM:<app1@contoso.com>+SIZE=2048 250 0 50 20 0 SMTP - - -',
  '2026-11-02 08:00:02 10.1.1.9 app1 SMTPSVC1 R 10.1.1.25 0 MAIL - +FROM:app1@contoso.com+SIZE=2048 250 0 50 20 0 SMTP - - -',
  '2026-11-02 08:00:03 10.1.1.9 app1 SMTPSVC1 R 10.1.1.25 0 RCPT - +TO:<u@contoso.com>+NOTIFY=NEVER 250 0 50 20 0 SMTP - - -',
  '2026-11-02 08:00:04 52.101.68.10 OutboundConnectionCommand SMTPSVC1 R - 25 MAIL - FROM:<app1@contoso.com>+SIZE=2884 0 0 4 0 3 SMTP - - -',
  '',
].join('\r\n');

const MAIL_QUERIES = ['+FROM:<app1@contoso.com>', '+FROM:app1@contoso.com+SIZE=2048', 'FROM:<app1@contoso.com>'];

function mailQueries(records: Iterable<LogRecord>): string[] {
  return [...records].filter((r) => r.verb === 'MAIL').map((r) => r.query);
}

test('the line parser, the editor model and the file reader keep the same MAIL arguments (RCPT untouched)', async () => {
  const parser = new LogLineParser('w3c');
  const parsed: LogRecord[] = [];
  LOG.split('\r\n').forEach((line, i) => {
    const entry = parser.parse(line, i);
    if (entry.kind === 'record') parsed.push(entry);
  });
  assert.deepEqual(mailQueries(parsed), MAIL_QUERIES);
  assert.equal(parsed.find((r) => r.verb === 'RCPT')!.query, '+TO:<u@contoso.com>+NOTIFY=NEVER');
  assert.deepEqual(mailQueries(logDoc(LOG).model.records()), MAIL_QUERIES);
  const dir = mkdtempSync(join(tmpdir(), 'mail-arg-'));
  try {
    const path = join(dir, 'x.log');
    writeFileSync(path, LOG, 'latin1');
    const read: LogRecord[] = [];
    await readRecordsFast(path, new LogLineParser('w3c'), { entry: (e) => void (e.kind === 'record' && read.push(e)) });
    assert.deepEqual(mailQueries(read), MAIL_QUERIES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Microsoft IIS format: the MAIL argument is cut the same way', () => {
  const parser = new LogLineParser('iis');
  const entry = parser.parse('10.1.1.9, app1, 11/2/2026, 8:00:01, SMTPSVC1, R, 10.1.1.25, 0, 50, 20, 250, 0, MAIL, -, +FROM:<app1@contoso.com>+SIZE=2048,', 0);
  assert.equal(entry.kind, 'record');
  assert.equal(entry.kind === 'record' ? entry.query : '', '+FROM:<app1@contoso.com>');
});
