import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalogVerb,
  DEFAULT_LOG_EXT_FILE_FLAGS,
  DIRECTIVES,
  ENHANCED_DETAILS,
  FIELDS,
  REPLY_CODES,
  SMTPSVC_FIELD_ORDER,
  UNRECOGNISED_VERB,
  VERBS,
  closestFieldName,
  directiveByName,
  editDistance,
  enhancedCodeInfo,
  fieldByName,
  fieldsForFlags,
  findEnhancedCode,
  isKnownVerb,
  replyClass,
  replyCodeInfo,
  verbInfo,
  win32StatusInfo,
} from '../../server/src/smtpLog/catalog';

// LogExtFileFlags bits and on-disk order from the IIS SDK constants and the reference (§2.2).
const EXPECTED_FIELDS: ReadonlyArray<[string, number, string]> = [
  ['date', 0x1, 'LogExtFileDate'],
  ['time', 0x2, 'LogExtFileTime'],
  ['c-ip', 0x4, 'LogExtFileClientIp'],
  ['cs-username', 0x8, 'LogExtFileUserName'],
  ['s-sitename', 0x10, 'LogExtFileSiteName'],
  ['s-computername', 0x20, 'LogExtFileComputerName'],
  ['s-ip', 0x40, 'LogExtFileServerIp'],
  ['s-port', 0x8000, 'LogExtFileServerPort'],
  ['cs-method', 0x80, 'LogExtFileMethod'],
  ['cs-uri-stem', 0x100, 'LogExtFileUriStem'],
  ['cs-uri-query', 0x200, 'LogExtFileUriQuery'],
  ['sc-status', 0x400, 'LogExtFileHttpStatus'],
  ['sc-win32-status', 0x800, 'LogExtFileWin32Status'],
  ['sc-bytes', 0x1000, 'LogExtFileBytesSent'],
  ['cs-bytes', 0x2000, 'LogExtFileBytesRecv'],
  ['time-taken', 0x4000, 'LogExtFileTimeTaken'],
  ['cs-version', 0x80000, 'LogExtFileProtocolVersion'],
  ['cs-host', 0x100000, 'LogExtFileHost'],
  ['cs(User-Agent)', 0x10000, 'LogExtFileUserAgent'],
  ['cs(Cookie)', 0x20000, 'LogExtFileCookie'],
  ['cs(Referer)', 0x40000, 'LogExtFileReferer'],
];

test('every SMTPSVC field is present, in on-disk order, with its LogExtFileFlags bit and flag name', () => {
  assert.deepEqual(SMTPSVC_FIELD_ORDER, EXPECTED_FIELDS.map(([name]) => name));
  for (const [name, bit, flag] of EXPECTED_FIELDS) {
    const field = fieldByName(name);
    assert.ok(field, name);
    assert.equal(field.flagBit, bit, name);
    assert.equal(field.flagName, flag, name);
    assert.ok(field.uiLabel.endsWith(`(${name})`), `${name}: ${field.uiLabel}`);
  }
  const substatus = fieldByName('sc-substatus');
  assert.equal(substatus?.flagBit, 0x200000);
  assert.equal(substatus?.smtpUsage, 'not-written');
  assert.equal(FIELDS.length, 22);
});

test('field bits are unique single bits and every field has text', () => {
  const bits = FIELDS.map((f) => f.flagBit);
  assert.equal(new Set(bits).size, bits.length);
  for (const f of FIELDS) {
    assert.equal(f.flagBit & (f.flagBit - 1), 0, `${f.name} is one bit`);
    for (const text of [f.summary, f.detail, f.inbound, f.outbound]) assert.ok(text.length > 5, f.name);
    assert.ok(!f.summary.includes('\n'), `${f.name} summary is one line`);
  }
});

test('the default flags yield the default field set, without what a relay assessment needs', () => {
  assert.deepEqual(
    fieldsForFlags(DEFAULT_LOG_EXT_FILE_FLAGS).map((f) => f.name),
    ['time', 'c-ip', 'cs-method', 'cs-uri-stem', 'sc-status'],
  );
  const essential = FIELDS.filter((f) => f.required === 'essential').map((f) => f.name).sort();
  assert.deepEqual(essential, ['c-ip', 'cs-method', 'cs-uri-query', 'cs-username', 'sc-status']);
  assert.equal(fieldByName('c-ip')?.uiLabel, 'Client IP Address (c-ip)');
  assert.equal(fieldByName('cs-uri-query')?.kind, 'text');
  assert.equal(fieldByName('s-port')?.kind, 'port');
});

test('field lookup ignores case and surrounding spaces', () => {
  assert.equal(fieldByName('C-IP')?.name, 'c-ip');
  assert.equal(fieldByName('CS(user-agent)')?.name, 'cs(User-Agent)');
  assert.equal(fieldByName(' date ')?.name, 'date');
  assert.equal(fieldByName('x-custom'), undefined);
});

test('closest field name suggests likely typos and nothing for unrelated names', () => {
  assert.equal(closestFieldName('c_ip'), 'c-ip');
  assert.equal(closestFieldName('cs-uri-querry'), 'cs-uri-query');
  assert.equal(closestFieldName('date '), 'date');
  assert.equal(closestFieldName('CS-USERNAM'), 'cs-username');
  assert.equal(closestFieldName('sc-win32status'), 'sc-win32-status');
  assert.equal(closestFieldName('x-forwarded-for'), undefined);
  assert.equal(closestFieldName('zz'), undefined);
  assert.equal(closestFieldName(''), undefined);
  assert.equal(closestFieldName('a'.repeat(100_000)), undefined);
});

test('edit distance', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.ok(editDistance('abcdefgh', 'zzzzzzzz', 2) > 2);
});

test('verbs: lookup is case-insensitive and covers IIS pseudo entries', () => {
  assert.equal(verbInfo('ehlo')?.verb, 'EHLO');
  assert.equal(verbInfo('RCPT')?.typicalStatus.includes(550), true);
  assert.deepEqual(verbInfo('QUIT')?.typicalStatus, [240]);
  assert.equal(verbInfo('QUIT')?.kind, 'pseudo');
  assert.equal(verbInfo('TLS')?.aliasOf, 'STARTTLS');
  assert.equal(verbInfo('bdat')?.verb, 'BDAT');
  assert.equal(verbInfo('xxxx')?.kind, 'unrecognised');
  assert.equal(verbInfo('-')?.kind, 'pseudo');
  assert.equal(verbInfo('MAIL FROM')?.verb, 'MAIL');
  assert.equal(verbInfo('RCPT TO')?.verb, 'RCPT');
  assert.equal(verbInfo(''), undefined);
  for (const v of VERBS) assert.ok(v.query.length > 0 && v.typicalStatus.length > 0, v.verb);
});

test('unknown lower-cased input maps to the unrecognised entry with status 500', () => {
  for (const input of ['get', 'user-agent:', 'accept:']) {
    const info = verbInfo(input);
    assert.equal(info, UNRECOGNISED_VERB, input);
    assert.deepEqual(info?.typicalStatus, [500]);
    assert.equal(isKnownVerb(input), false);
  }
  assert.equal(isKnownVerb('DATA'), true);
});

test('reply codes: known codes, IIS values and class fallback', () => {
  assert.equal(replyCodeInfo(250)?.replyClass, 'success');
  assert.equal(replyCodeInfo(250)?.exact, true);
  assert.match(replyCodeInfo(550)?.iisNote ?? '', /relay/i);
  assert.equal(replyCodeInfo(354)?.replyClass, 'intermediate');
  assert.equal(replyCodeInfo(421)?.replyClass, 'transient');
  assert.equal(replyCodeInfo(240)?.replyClass, 'iis');
  assert.match(replyCodeInfo(240)?.detail ?? '', /milliseconds/);
  assert.equal(replyCodeInfo(0)?.replyClass, 'iis');
  assert.equal(replyCodeInfo(535)?.source, 'RFC 4954');

  const fallback = replyCodeInfo(599);
  assert.equal(fallback?.exact, false);
  assert.equal(fallback?.replyClass, 'permanent');
  assert.equal(replyCodeInfo(471)?.replyClass, 'transient');
  assert.equal(replyCodeInfo(299)?.replyClass, 'success');
  assert.equal(replyCodeInfo(199), undefined);
  assert.equal(replyCodeInfo(600), undefined);
  assert.equal(replyCodeInfo(-1), undefined);
  assert.equal(replyCodeInfo(Number.NaN), undefined);
  assert.equal(replyClass(2.5), undefined);
  const codes = REPLY_CODES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length, 'no duplicate codes');
});

test('enhanced codes: lookup and detection at the start of a reply text', () => {
  const relay = enhancedCodeInfo('5.7.1');
  assert.equal(relay?.classInfo.digit, 5);
  assert.equal(relay?.subjectInfo?.subject, 7);
  assert.match(relay?.summary ?? '', /relay/i);
  assert.equal(enhancedCodeInfo('2.0.0')?.detailInfo?.key, '0.0');
  assert.match(enhancedCodeInfo('4.1.99')?.summary ?? '', /Addressing/);
  assert.equal(enhancedCodeInfo('3.1.1'), undefined);
  assert.equal(enhancedCodeInfo('5.1'), undefined);

  const unknownUser = findEnhancedCode('550+5.1.1+User+unknown');
  assert.equal(unknownUser?.info.code, '5.1.1');
  assert.deepEqual([unknownUser?.start, unknownUser?.end], [4, 9]);
  assert.match(unknownUser?.info.summary ?? '', /does not exist/);

  const ok = findEnhancedCode('250+2.1.0+Ok');
  assert.equal(ok?.info.code, '2.1.0');
  assert.equal(findEnhancedCode('221 2.0.0 Bye')?.info.code, '2.0.0');
  assert.equal(findEnhancedCode('5.7.1 Unable to relay')?.start, 0);
  assert.equal(findEnhancedCode('504 5.5.2')?.info.code, '5.5.2');
  assert.equal(findEnhancedCode('250-mx1.mailhop.org'), undefined);
  assert.equal(findEnhancedCode('250+OK'), undefined);
  assert.equal(findEnhancedCode('250+2.1.0x'), undefined);
  assert.equal(findEnhancedCode(''), undefined);
  const keys = ENHANCED_DETAILS.map((d) => d.key);
  assert.equal(new Set(keys).size, keys.length);
});

test('win32 status: table values and the session length on QUIT/240 records', () => {
  assert.equal(win32StatusInfo(0).name, 'ERROR_SUCCESS');
  assert.equal(win32StatusInfo(10054).name, 'WSAECONNRESET');
  const session = win32StatusInfo(6219, { status: 240 });
  assert.match(session.summary, /6\.2 s/);
  assert.match(session.detail, /milliseconds/);
  assert.match(win32StatusInfo(78, { status: 240 }).summary, /78 ms/);
  const unknown = win32StatusInfo(4242);
  assert.match(unknown.summary, /4242/);
});

test('directives: the four IIS ones plus the unusual W3C ones, looked up loosely', () => {
  assert.deepEqual(
    DIRECTIVES.filter((d) => d.writtenBySmtpsvc).map((d) => d.name),
    ['Software', 'Version', 'Date', 'Fields'],
  );
  assert.equal(directiveByName('#Fields:')?.name, 'Fields');
  assert.equal(directiveByName('software')?.name, 'Software');
  assert.equal(directiveByName('#Remark')?.writtenBySmtpsvc, false);
  assert.equal(directiveByName('#Start-Date:')?.name, 'Start-Date');
  assert.equal(directiveByName('#Bogus'), undefined);
});

test('catalogVerb: the table\'s own string for each upper-case verb it lists, nothing for the rest', () => {
  for (const v of VERBS) if (v.verb === v.verb.toUpperCase()) assert.equal(catalogVerb(v.verb), v.verb);
  // 'xxxx' is listed as IIS logs it (lower case): an upper-case XXXX is another word, read as logged.
  for (const other of ['XXXX', 'mail', 'MAIL FROM', 'FOO', '']) assert.equal(catalogVerb(other), undefined, other);
});
