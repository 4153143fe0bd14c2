// Tokenizes synthetic IIS SMTP log lines (written for this test) with the real TextMate grammar and checks scopes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELDS, VERBS } from '../../server/src/smtpLog/catalog';
import { hasScope, loadTokenizer, tokenAt, type Token, type Tokenizer } from '../helpers/textmate';

const SUCCESS = 'markup.inserted.status.success.iis-smtp';
const INTERMEDIATE = 'constant.numeric.status.intermediate.iis-smtp';
const TRANSIENT = 'markup.changed.status.transient.iis-smtp';
const PERMANENT = 'invalid.illegal.status.permanent.iis-smtp';
const SESSION_END = 'constant.numeric.status.session-end.iis-smtp';
const DIRECTIVE = 'keyword.other.directive.iis-smtp';
const VERB = 'keyword.control.verb.iis-smtp';
const UNKNOWN_VERB = 'invalid.illegal.unrecognised-verb.iis-smtp';
const IPV4 = 'variable.other.ip-address.ipv4.iis-smtp';
const IPV6 = 'variable.other.ip-address.ipv6.iis-smtp';
const EMAIL = 'string.other.link.email.iis-smtp';
const EMPTY = 'comment.other.empty.iis-smtp';
const INTEGER = 'constant.numeric.integer.iis-smtp';

let tokenizer: Tokenizer;
before(async () => {
  tokenizer = await loadTokenizer('syntaxes/iis-smtp-log.tmLanguage.json', 'text.log.iis-smtp');
});

function lines(text: string): Token[][] {
  return tokenizer.tokenizeLines(text);
}

function assertScope(line: Token[], needle: string, scope: string, occurrence = 0): void {
  const token = tokenAt(line, needle, occurrence);
  assert.ok(hasScope(token, scope), `"${needle}" → ${JSON.stringify(token)} lacks ${scope}`);
  assert.equal(token.text, needle, `"${needle}" should be one token, got "${token.text}"`);
}

function assertNoScope(line: Token[], needle: string, scopePrefix: string, occurrence = 0): void {
  const token = tokenAt(line, needle, occurrence);
  assert.ok(!hasScope(token, scopePrefix), `"${needle}" → ${JSON.stringify(token.scopes)} has ${scopePrefix}`);
}

const FULL_FIELDS =
  'date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query ' +
  'sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)';
const W3C = [
  '\ufeff#Software: Microsoft Internet Information Services 6.0',
  '#Version: 1.0',
  '#Date: 2024-05-02 08:00:00',
  `#Fields: ${FULL_FIELDS} x-custom `,
  '2024-05-02 08:00:01 10.1.20.15 erp01.contoso.local SMTPSVC1 RELAY01 10.1.20.5 0 EHLO - +erp01.contoso.local 250 0 245 25 0 SMTP - - - -',
  '2024-05-02 08:00:01 10.1.20.15 erp01.contoso.local SMTPSVC1 RELAY01 10.1.20.5 0 MAIL - +FROM:<erp@contoso.example>+SIZE=2048 250 0 52 40 0 SMTP - - - -',
  '2024-05-02 08:00:01 10.1.20.15 erp01.contoso.local SMTPSVC1 RELAY01 10.1.20.5 0 RCPT - +TO:<someone@fabrikam.example> 550 0 45 34 0 SMTP - - - -',
  '2024-05-02 08:00:01 10.1.20.15 erp01.contoso.local SMTPSVC1 RELAY01 10.1.20.5 0 RCPT - +TO:<busy@fabrikam.example> 452 0 45 34 0 SMTP - - - -',
  '2024-05-02 08:00:02 10.1.20.15 erp01.contoso.local SMTPSVC1 RELAY01 10.1.20.5 0 AUTH - +LOGIN 334 0 18 11 0 SMTP - - - -',
  '2024-05-02 08:00:03 10.1.20.15 erp01.contoso.local SMTPSVC1 RELAY01 10.1.20.5 0 QUIT - erp01.contoso.local 240 1850 68 4 0 SMTP - - - -',
  '2024-05-02 08:00:04 203.0.113.9 - SMTPSVC1 RELAY01 10.1.20.5 0 get - +/+HTTP/1.1 500 0 32 16 0 SMTP - - - -',
  '2024-05-02 08:00:05 203.0.113.9 - SMTPSVC1 RELAY01 10.1.20.5 0 xxxx - +probe.example 500 0 32 16 0 SMTP - - - -',
  '2024-05-02 08:01:00 192.0.2.25 OutboundConnectionResponse SMTPSVC1 RELAY01 - 25 - - 550+5.1.1+User+unknown 0 0 22 0 1200 SMTP - - - -',
  '2024-05-02 08:01:00 192.0.2.25 OutboundConnectionResponse SMTPSVC1 RELAY01 - 25 - - 250-mx.fabrikam.example 0 0 12 0 900 SMTP - - - -',
  '2024-05-02 08:01:00 192.0.2.25 OutboundConnectionCommand SMTPSVC1 RELAY01 - 25 MAIL - FROM:<>+SIZE=900 0 0 4 0 800 SMTP - - - -',
  '2024-05-02 08:02:00 2001:db8::25 [2001:db8::25] SMTPSVC1 RELAY01 ::ffff:10.1.20.5 0 HELO - +[2001:db8::25] 250 0 40 20 0 SMTP - - - -',
].join('\r\n');

test('W3C directives: name, punctuation and value are scoped (BOM and CRLF tolerated)', () => {
  const [software, version, date, fields] = lines(W3C);
  for (const [line, name] of [[software, 'Software'], [version, 'Version'], [date, 'Date'], [fields, 'Fields']] as const) {
    assertScope(line, name, DIRECTIVE);
    assertScope(line, '#', 'punctuation.definition.directive.iis-smtp');
    assertScope(line, ':', 'punctuation.separator.key-value.iis-smtp');
    assert.ok(hasScope(tokenAt(line, '#'), DIRECTIVE));
  }
  assertScope(software, '6.0', 'constant.numeric.version.iis-smtp');
  assert.ok(hasScope(tokenAt(software, 'Microsoft'), 'string.unquoted.directive-value.software.iis-smtp'));
  assertScope(version, '1.0', 'constant.numeric.version.iis-smtp');
  assertScope(date, '2024-05-02', 'constant.numeric.date.iis-smtp');
  assertScope(date, '08:00:00', 'constant.numeric.time.iis-smtp');
});

test('#Fields: known field names vs custom ones', () => {
  const fields = lines(W3C)[3];
  assertScope(fields, 'cs-uri-query', 'support.type.field.iis-smtp');
  assertScope(fields, 'cs(User-Agent)', 'support.type.field.iis-smtp');
  assertScope(fields, 'x-custom', 'variable.other.field.custom.iis-smtp');
  assertNoScope(fields, 'x-custom', 'support.type.field');
});

test('every catalogue field name is highlighted as a known field', () => {
  const line = lines(`#Fields: ${FIELDS.map((f) => f.name).join(' ')}`)[0];
  for (const f of FIELDS) assertScope(line, f.name, 'support.type.field.iis-smtp');
});

test('W3C inbound records: dates, IPs, verbs, addresses and reply codes by class', () => {
  const [, , , , ehlo, mail, rcpt550, rcpt452, auth, quit, get, xxxx] = lines(W3C);
  assertScope(ehlo, '2024-05-02', 'constant.numeric.date.iis-smtp');
  assertScope(ehlo, '08:00:01', 'constant.numeric.time.iis-smtp');
  assertScope(ehlo, '10.1.20.15', IPV4);
  assertScope(ehlo, '10.1.20.5', IPV4);
  assertScope(ehlo, 'SMTPSVC1', 'entity.name.type.site.iis-smtp');
  assertScope(ehlo, 'EHLO', VERB);
  assertScope(ehlo, '250', SUCCESS);
  assertScope(ehlo, 'SMTP', 'support.constant.protocol.iis-smtp', 1); // occurrence 0 is in SMTPSVC1
  assertScope(ehlo, '-', EMPTY, 2); // occurrences 0 and 1 are inside the date
  // Byte counts are numbers, not reply codes, even when they look like one.
  assertScope(ehlo, '245', INTEGER);
  assertNoScope(ehlo, '245', 'markup.inserted');

  assertScope(mail, 'FROM', 'keyword.other.envelope.iis-smtp');
  assertScope(mail, 'erp@contoso.example', EMAIL);
  assertScope(mail, 'SIZE', 'variable.parameter.esmtp.iis-smtp');
  assertScope(mail, '2048', 'constant.other.esmtp-value.iis-smtp');

  assertScope(rcpt550, 'someone@fabrikam.example', EMAIL);
  assertScope(rcpt550, '550', PERMANENT);
  assertScope(rcpt452, '452', TRANSIENT);
  assertScope(auth, 'AUTH', VERB);
  assertScope(auth, '334', INTERMEDIATE);
  assertScope(quit, 'QUIT', VERB);
  assertScope(quit, '240', SESSION_END);
  assertScope(quit, '1850', INTEGER);
  assertScope(get, 'get', UNKNOWN_VERB);
  assertScope(get, '500', PERMANENT);
  assertScope(xxxx, 'xxxx', UNKNOWN_VERB);
});

test('the four reply classes get four different scopes', () => {
  const [, , , , ehlo, , rcpt550, rcpt452, auth] = lines(W3C);
  const scopes = [tokenAt(ehlo, '250'), tokenAt(auth, '334'), tokenAt(rcpt452, '452'), tokenAt(rcpt550, '550')].map(
    (t) => t.scopes[t.scopes.length - 1],
  );
  assert.equal(new Set(scopes).size, 4, scopes.join(', '));
});

test('W3C outbound records: markers, remote reply code and enhanced code', () => {
  const all = lines(W3C);
  const [reject, multiline, command, ipv6] = all.slice(12);
  assertScope(reject, 'OutboundConnectionResponse', 'support.function.outbound.response.iis-smtp');
  assertScope(reject, '550', PERMANENT);
  assertScope(reject, '5.1.1', 'invalid.illegal.enhanced-status.permanent.iis-smtp');
  assert.ok(hasScope(tokenAt(reject, '+User+unknown'), 'string.unquoted.reply-text.iis-smtp'));
  assertScope(reject, '25', INTEGER, 1); // occurrence 0 is in 192.0.2.25
  assertScope(multiline, '250', SUCCESS);
  assert.ok(hasScope(tokenAt(multiline, 'mx.fabrikam.example'), 'string.unquoted.reply-text.iis-smtp'));
  assertScope(command, 'OutboundConnectionCommand', 'support.function.outbound.command.iis-smtp');
  assertScope(command, 'MAIL', VERB);
  assertScope(command, '<>', 'constant.language.null-sender.iis-smtp');
  assertScope(ipv6, '2001:db8::25', IPV6);
  assertScope(ipv6, '2001:db8::25', IPV6, 1);
  assertScope(ipv6, '::ffff:10.1.20.5', IPV6);
  assertScope(ipv6, '08:02:00', 'constant.numeric.time.iis-smtp');
});

test('a field subset without sc-status never colours numbers as reply codes', () => {
  const text = [
    '#Fields: c-ip cs-username cs-method cs-uri-query sc-win32-status cs-bytes',
    '127.0.0.1 WEB01 MAIL +FROM:app@contoso.example 0 250',
    '127.0.0.1 WEB01 DATA <WEB01abc0000001@WEB01> 0 550',
  ].join('\n');
  const [, mail, data] = lines(text);
  assertScope(mail, 'MAIL', VERB);
  assertScope(mail, 'app@contoso.example', EMAIL);
  assertScope(mail, '250', INTEGER);
  assertNoScope(mail, '250', 'markup.inserted');
  assertScope(data, 'WEB01abc0000001@WEB01', 'string.unquoted.angle-bracketed.iis-smtp');
  assertNoScope(data, '550', 'invalid');
});

test('every catalogue verb is a known verb; other lower-case input is not', () => {
  for (const v of VERBS) {
    if (v.kind === 'unrecognised' || v.verb === '-') continue;
    const line = lines(`2024-05-02 08:00:01 10.1.20.15 ${v.verb} - +arg 250 0 1 1 0 SMTP`)[0];
    assertScope(line, v.verb, VERB);
  }
  const lower = lines('2024-05-02 08:00:01 10.1.20.15 user-agent: - +Mozilla/5.0 500 0 32 24 0 SMTP')[0];
  assertScope(lower, 'user-agent:', UNKNOWN_VERB);
  // A lower-case host name not followed by a 5xx status stays plain text.
  const host = lines('2024-05-02 08:00:01 10.1.20.15 erp01.contoso.local SMTPSVC1 EHLO - +erp01 250')[0];
  assertNoScope(host, 'erp01.contoso.local', 'invalid');
});

test('Microsoft IIS log format: fixed comma-separated fields, parameters with commas', () => {
  const text = [
    '10.1.20.15, erp01.contoso.local, 5/2/2024, 10:00:01, SMTPSVC1, RELAY01, 10.1.20.5, 0, 40, 52, 550, 0, RCPT, -, TO:<someone@fabrikam.example>,',
    '192.0.2.25, OutboundConnectionResponse, 5/2/2024, 10:01:00, SMTPSVC1, RELAY01, -, 1200, 0, 48, 0, 0, -, -, 421 4.7.0 mx.fabrikam.example Try again later, closing connection,',
    '203.0.113.9, -, 5/2/2024, 10:02:00, SMTPSVC1, RELAY01, 10.1.20.5, 0, 16, 32, 500, 0, get, -, /index.html HTTP/1.1,',
  ].join('\n');
  const [rcpt, outbound, get] = lines(text);
  assertScope(rcpt, '10.1.20.15', IPV4);
  assertScope(rcpt, '5/2/2024', 'constant.numeric.date.iis-smtp');
  assertScope(rcpt, '10:00:01', 'constant.numeric.time.iis-smtp');
  assertScope(rcpt, 'RCPT', VERB);
  assertScope(rcpt, '550', PERMANENT);
  assertScope(rcpt, '40', INTEGER);
  assertScope(rcpt, 'someone@fabrikam.example', EMAIL);
  assert.ok(hasScope(rcpt[0], 'meta.record.iis.iis-smtp'));
  assertScope(outbound, 'OutboundConnectionResponse', 'support.function.outbound.response.iis-smtp');
  assertScope(outbound, '421', TRANSIENT);
  assertScope(outbound, '4.7.0', 'markup.changed.enhanced-status.transient.iis-smtp');
  assertScope(get, 'get', UNKNOWN_VERB);
  assertScope(get, '500', PERMANENT);
});

test('NCSA common format: timestamp, quoted request with stray quotes, status and bytes', () => {
  const text = [
    '10.1.20.15 - erp01.contoso.local [02/May/2024:10:00:01 +0200] "RCPT -?+TO:<someone@fabrikam.example> SMTP" 550 45',
    '192.0.2.25 - OutboundConnectionResponse [02/May/2024:10:01:00 +0200] "- -?354+Send+data,+end+with+"."+alone SMTP" 0 40',
    '203.0.113.9 - - [02/May/2024:10:02:00 +0200] "get -?+/+HTTP/1.1 SMTP" 500 32',
    '10.1.20.15 - erp01.contoso.local [02/May/2024:10:00:09 +0200] "QUIT -?erp01.contoso.local SMTP" 240 68',
  ].join('\n');
  const [rcpt, outbound, get, quit] = lines(text);
  assertScope(rcpt, '10.1.20.15', IPV4);
  assertScope(rcpt, '02/May/2024', 'constant.numeric.date.iis-smtp');
  assertScope(rcpt, '10:00:01', 'constant.numeric.time.iis-smtp');
  assertScope(rcpt, '+0200', 'constant.numeric.timezone.iis-smtp');
  assertScope(rcpt, 'RCPT', VERB);
  assertScope(rcpt, 'someone@fabrikam.example', EMAIL);
  assertScope(rcpt, '550', PERMANENT);
  assertScope(rcpt, '45', INTEGER);
  assertScope(outbound, 'OutboundConnectionResponse', 'support.function.outbound.response.iis-smtp');
  assertScope(outbound, '354', INTERMEDIATE);
  assertScope(outbound, 'SMTP', 'support.constant.protocol.iis-smtp');
  assertScope(outbound, '40', INTEGER);
  assertScope(get, 'get', UNKNOWN_VERB);
  assertScope(get, '500', PERMANENT);
  assertScope(quit, '240', SESSION_END);
});

test('other comment lines, unknown directives and junk do not break tokenizing', () => {
  const text = [
    '#Remark: copied by hand',
    '#Bogus: value',
    '# plain comment',
    '\u0000\u0001\u00ff binary \ufffd junk "unbalanced [ < ',
    'x'.repeat(50_000),
    '',
  ].join('\n');
  const [remark, bogus, comment, junk, long, empty] = lines(text);
  assertScope(remark, 'Remark', DIRECTIVE);
  assert.ok(hasScope(tokenAt(remark, 'copied'), 'comment.line.remark.iis-smtp'));
  assertScope(bogus, 'Bogus', 'keyword.other.directive.unknown.iis-smtp');
  assert.ok(hasScope(comment[0], 'comment.line.number-sign.iis-smtp'));
  assert.ok(junk.length > 0);
  assert.equal(long.map((t) => t.text).join('').length, 50_000);
  assert.ok(empty.length <= 1);
});
