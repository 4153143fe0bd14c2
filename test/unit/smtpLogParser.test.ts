import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, leadingLines } from '../../server/src/smtpLog/detectFormat';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import { forEachLine } from '../../server/src/smtpLog/lineBreaks';
import type { LogRecord } from '../../server/src/smtpLog/types';
import { envelopeAddress } from '../../server/src/smtpLog/addresses';
import { decodePlus } from '../../server/src/smtpLog/values';
import { logDoc, readLogFixture } from '../helpers/logDoc';
import { assertLinear } from '../helpers/growth';

function records(text: string): LogRecord[] {
  return [...logDoc(text).model.records()];
}

test('W3C: CRLF file, trailing space after #Fields, every field of an inbound record', () => {
  const recs = records(readLogFixture('w3c-relay.log'));
  const mail = recs.find((r) => r.verb === 'MAIL' && r.clientIp === '10.1.20.15')!;
  assert.equal(mail.format, 'w3c');
  assert.equal(mail.time, Date.UTC(2026, 10, 2, 7, 0, 1));
  assert.equal(mail.username, 'erp01.corp.contoso.com');
  assert.equal(mail.serverIp, '10.1.0.5');
  assert.equal(mail.serverPort, 0);
  assert.equal(mail.status, 250);
  assert.equal(mail.direction, 'in');
  assert.equal(mail.query, '+FROM:<erp@contoso.com>', 'the MAIL argument without its parameters (addresses.ts: mailArgumentEnd)');
  assert.equal(envelopeAddress(mail.query), 'erp@contoso.com');
  assert.equal(mail.problems, undefined);
  const data = recs.find((r) => r.verb === 'DATA')!;
  assert.equal(data.bytesReceived, 2048, 'cs-bytes of DATA is the message size');
  assert.equal(data.query, '', 'the Message-ID of DATA is not kept');
});

test('W3C: a second header block redefines the columns of the records after it', () => {
  const recs = records(readLogFixture('w3c-relay.log'));
  const late = recs.filter((r) => r.line > 46);
  assert.ok(late.length >= 5);
  const ehlo = late.find((r) => r.verb === 'EHLO')!;
  assert.equal(ehlo.clientIp, '10.1.20.15');
  assert.equal(ehlo.status, 250);
  assert.equal(ehlo.serverIp, '', 's-ip is not in the second field set');
  assert.equal(ehlo.time, Date.UTC(2026, 10, 2, 8, 0, 1), 'date taken from #Date when the date column is missing');
  assert.equal(ehlo.layout?.names.length, 6);
});

test('W3C: outbound records are told apart from inbound ones', () => {
  const recs = records(readLogFixture('w3c-relay.log'));
  const out = recs.filter((r) => r.clientIp === '52.101.0.10');
  assert.equal(out.length, 9);
  assert.deepEqual([...new Set(out.map((r) => r.direction))].sort(), ['out-command', 'out-response']);
  const response = out.find((r) => r.query.startsWith('550'))!;
  assert.equal(response.direction, 'out-response');
  assert.equal(response.status, 0);
  const rcpt = out.find((r) => r.verb === 'RCPT')!;
  assert.equal(rcpt.direction, 'out-command');
  assert.equal(envelopeAddress(rcpt.query), 'customer@fabrikam.example');
});

test('W3C without date and time columns takes the day from #Date; MAIL without brackets', () => {
  const recs = records(readLogFixture('w3c-nodate.log'));
  assert.equal(recs.length, 5);
  assert.ok(recs.every((r) => r.time === Date.UTC(2026, 10, 4)));
  assert.equal(envelopeAddress(recs[1]!.query), 'info@contoso.com');
  assert.ok(recs.every((r) => !r.problems));
});

test('Microsoft IIS format: commas and spaces inside the last field, local time, 4-digit year', () => {
  const text = readLogFixture('iis-format.log');
  assert.equal(detectFormat(leadingLines(text)), 'iis');
  const recs = records(text);
  assert.equal(recs.length, 6);
  assert.ok(recs.every((r) => r.format === 'iis' && r.localTime && !r.problems));
  const mail = recs[1]!;
  assert.equal(mail.clientIp, '10.3.0.7');
  assert.equal(mail.username, 'printer01');
  assert.equal(mail.verb, 'MAIL');
  assert.equal(envelopeAddress(mail.query), 'scan@contoso.com');
  assert.equal(mail.time, Date.UTC(2026, 10, 5, 9, 14, 2));
  const banner = recs[4]!;
  assert.equal(banner.direction, 'out-response');
  assert.match(banner.query, /^220 mx\.contoso\.example Microsoft ESMTP MAIL Service, Version: 6\.0 ready at Thu, 5 Nov 2026 09:14:05$/);
  const quit = recs[5]!;
  assert.equal(quit.status, 240);
  assert.equal(quit.win32Status, 1200);
});

test('IIS format: two-digit years and irregular spacing as in the old documentation', () => {
  const p = new LogLineParser('iis');
  const r = p.parse('10.0.0.1,   CompanyA.com,  8/18/97,  13:17:37,  SMTPSVC1, MAIL01,  10.0.0.2,  90, 42,  0,  250,  0,  MAIL FROM,  -,FROM:<mariab@CompanyA.com>,', 0);
  assert.equal(r.kind, 'record');
  if (r.kind !== 'record') return;
  assert.equal(r.time, Date.UTC(1997, 7, 18, 13, 17, 37));
  assert.equal(r.verb, 'MAIL');
  assert.equal(envelopeAddress(r.query), 'mariab@companya.com');
  assert.equal(r.problems, undefined);
});

test('NCSA: stray quotes inside the request, offset applied to get UTC', () => {
  const text = readLogFixture('ncsa.log');
  assert.equal(detectFormat(leadingLines(text)), 'ncsa');
  const recs = records(text);
  assert.equal(recs.length, 5);
  assert.ok(recs.every((r) => !r.problems), JSON.stringify(recs.map((r) => r.problems)));
  assert.equal(recs[0]!.time, Date.UTC(2026, 10, 5, 16, 0, 0), '10:00 at -0600 is 16:00 UTC');
  assert.equal(envelopeAddress(recs[1]!.query), 'app9@contoso.com');
  const response = recs[3]!;
  assert.equal(response.direction, 'out-response');
  assert.match(response.query, /^354\+Start/);
  assert.equal(recs[2]!.status, 550);
});

test('problems: field count, bad date, bad status, unknown directive and field, record before #Fields', () => {
  const { model } = logDoc(readLogFixture('quirks.log'));
  const codes = model.entries.flatMap((e, line) => (e.kind === 'blank' ? [] : (e.problems ?? []).map((p) => `${line + 1}:${p.code}`)));
  assert.deepEqual(codes, ['4:SMTPLOG008', '4:SMTPLOG010', '6:SMTPLOG001', '7:SMTPLOG002', '8:SMTPLOG003', '9:SMTPLOG006']);
  const orphan = logDoc('2026-11-03 00:00:01 10.2.0.1 app1 EHLO +app1 250\n').model.entries[0]!;
  assert.equal(orphan.kind, 'invalid');
  assert.equal(orphan.kind === 'invalid' && orphan.problems[0]!.code, 'SMTPLOG005');
});

test('the default IIS field set (no date, no query, no username) is flagged as unusable for an assessment', () => {
  const { model } = logDoc('#Software: Microsoft Internet Information Services 6.0\n#Fields: time c-ip cs-method cs-uri-stem sc-status\n13:17:37 10.3.5.1 MAIL - 250\n');
  const p = model.entries[1]!.kind === 'directive' ? model.entries[1]!.problems ?? [] : [];
  assert.equal(p.length, 1);
  assert.equal(p[0]!.code, 'SMTPLOG010');
  assert.match(p[0]!.message, /cs-uri-query/);
  assert.match(p[0]!.message, /cs-username/);
  assert.match(p[0]!.message, /date/);
});

test('`+` decodes to a space, `-` is empty', () => {
  assert.equal(decodePlus('Mozilla/4.0+(compatible;+MSIE+6.0)'), 'Mozilla/4.0 (compatible; MSIE 6.0)');
  const r = new LogLineParser('w3c');
  r.parse('#Fields: c-ip cs-username cs-method cs-uri-query sc-status', 0);
  const rec = r.parse('10.0.0.1 - EHLO - 250', 1);
  assert.equal(rec.kind === 'record' && rec.username, '');
});

test('totality: BOM, NUL bytes, CR-only line ends, huge lines, truncated last line, control bytes', () => {
  const bom = logDoc('\ufeff#Software: Microsoft Internet Information Services 6.0\r#Fields: c-ip cs-method sc-status\r10.0.0.1 EHLO 250\r10.0.0.1 MA');
  assert.equal(bom.model.entries.length, 4);
  assert.equal(bom.model.entries[0]!.kind, 'directive');
  assert.equal(bom.model.entries[2]!.kind, 'record');
  assert.equal(bom.model.entries[3]!.kind === 'record' && bom.model.entries[3]!.problems![0]!.code, 'SMTPLOG001');
  const junk = logDoc('#Fields: c-ip cs-method sc-status\n10.0.0.1 \u0000\u0001\u0002 250\n' + 'x'.repeat(70000) + '\n');
  const codes = junk.model.entries.flatMap((e) => (e.kind === 'blank' ? [] : (e.problems ?? []).map((p) => p.code)));
  assert.ok(codes.includes('SMTPLOG013'), codes.join());
  assert.ok(codes.includes('SMTPLOG014'), codes.join());
});

test('format detection', () => {
  assert.equal(detectFormat(['']), 'w3c');
  assert.equal(detectFormat(['#Software: Microsoft Internet Information Services 6.0']), 'w3c');
  assert.equal(detectFormat(['1.2.3.4 - - [11/Oct/2006:13:16:41 -0600] "QUIT - SMTP" 240 0']), 'ncsa');
  assert.equal(detectFormat(['a, b, 1/1/2020, 1:00:00, s, c, i, 0, 0, 0, 250, 0, QUIT, -, x,']), 'iis');
});

test('growth: lines without a space and CR-only line ends parse in time linear in the document', () => {
  const header = '#Software: Microsoft Internet Information Services 6.0\n#Fields: date time c-ip cs-method sc-status\n';
  // Each tokenizer search must stop at the end of its line, not run on to the end of the document (the
  // parser reads lines in place in the document text). The entries are not kept, so memory stays small.
  const parseEvery = (text: string): void => {
    const parser = new LogLineParser('w3c');
    let line = 0;
    forEachLine(text, (start, end) => void parser.parse(text, line++, start, end), true);
  };
  assertLinear('lines of "a"', 100_000, (n) => header + 'a\n'.repeat(n), parseEvery);
  assertLinear('CR-only line ends', 10_000, (n) => header.replace(/\n/g, '\r') + '2026-11-02 10:00:00 10.0.0.1 EHLO 250\r'.repeat(n), (text) => logDoc(text));
});
