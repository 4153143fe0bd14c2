// Hovers on the Exchange Online reply codes of issue 11 (5.7.64, 5.7.68, 4.7.230/5.7.230, 5.7.30, 5.7.54, 5.7.60)
// through the built server over stdio, in the IIS log reply column, an Exchange protocol log and a script
// comment: every one reads the same table (common/exoReplyCodes.ts). The IIS log here is synthetic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXO_REPLY_CODES } from '../../server/src/common/exoReplyCodes';
import { hoverText, positionOf, startClient, type TestLspClient } from '../helpers/lspClient';

let client: TestLspClient;

const FIELDS = '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)';
const out = (kind: 'Command' | 'Response', verb: string, arg: string): string => `2026-11-20 08:30:00 52.101.68.2 OutboundConnection${kind} SMTPSVC1 RELAY01 - 25 ${verb} - ${arg} 0 0 30 0 0 SMTP - - -`;
/** IIS relaying to a tenant MX endpoint, refused with each code once (synthetic). */
const REPLIES = ['550+5.7.64+TenantAttribution;+Relay+Access+Denied', '550+5.7.68+TenantInboundAttribution;+Direct+Send+not+allowed', '450+4.7.230+Connecting+Exchange+server+version+is+out-of-date', '550+5.7.30+Basic+authentication+is+not+supported', '550+5.7.54+SMTP;+Unable+to+relay', '550+5.7.60+SMTP;+Client+does+not+have+permissions', '550+5.7.1+Unable+to+relay'];
const IIS_LOG = [
  '#Software: Microsoft Internet Information Services 6.0',
  '#Version: 1.0',
  '#Date: 2026-11-20 08:30:00',
  FIELDS,
  out('Response', '-', '220+contoso-com.mail.protection.outlook.com+Microsoft+ESMTP+MAIL+Service+ready'),
  out('Command', 'EHLO', 'relay01.contoso.com'),
  out('Response', '-', '250+OK'),
  out('Command', 'MAIL', 'FROM:<scanner@vendor.example>'),
  ...REPLIES.flatMap((r) => [out('Command', 'RCPT', 'TO:<a@fabrikam.example>'), out('Response', '-', r)]),
  out('Command', 'QUIT', '-'),
  out('Response', '-', '221+bye'),
].join('\n') + '\n';
const IIS_URI = 'file:///fixtures/SMTPSVC1/ex261120.log';

const EX_URI = 'file:///edge/ProtocolLog/SmtpSend/SEND2026112008-1.LOG';
const EX_TEXT = readFileSync(join(__dirname, '..', 'fixtures', 'exchangeLog', 'edge', 'ProtocolLog', 'SmtpSend', 'SEND2026112008-1.LOG'), 'utf8');

const PS_URI = 'file:///scripts/exo.ps1';
const PS_TEXT = ['# After the cut-over the printers got 550 5.7.68 and the scanner 5.7.230 from Exchange Online.', "Get-SendConnector -Identity 'To Exchange Online'", ''].join('\n');

before(async () => {
  client = await startClient({ settings: {} });
  await client.open(IIS_URI, 'iis-smtp-log', IIS_LOG);
  await client.open(EX_URI, 'exchange-protocol-log', EX_TEXT);
  await client.open(PS_URI, 'powershell', PS_TEXT);
});
after(async () => client.shutdown());

const entry = (code: string) => EXO_REPLY_CODES.find((e) => (e.codes as readonly string[]).includes(code))!;
const escaped = (s: string): RegExp => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

test('IIS log: the reply column of an outbound response explains each Exchange Online code from the one table', async () => {
  for (const code of ['5.7.64', '5.7.68', '4.7.230', '5.7.30', '5.7.54', '5.7.60']) {
    const reply = REPLIES.find((r) => r.includes(`+${code}+`))!;
    const value = hoverText(await client.hover(IIS_URI, positionOf(IIS_LOG, reply, 12)));
    assert.match(value, /\*\*cs-uri-query\*\*/, code);
    assert.match(value, new RegExp(`Enhanced status \\*\\*${code.replace(/\./g, '\\.')}\\*\\*`), code);
    assert.match(value, escaped(entry(code).reply), code);
    assert.match(value, escaped(entry(code).meaning), code);
    assert.match(value, /_What to do:_/, code);
  }
  // The catalogue's one-line summary names the Exchange meaning instead of "detail 64 not standard".
  const value = hoverText(await client.hover(IIS_URI, positionOf(IIS_LOG, REPLIES[0]!, 12)));
  assert.match(value, /Permanent failure: Exchange Online relay refused/);
  // A standard code gets no Exchange Online explanation.
  const plain = hoverText(await client.hover(IIS_URI, positionOf(IIS_LOG, REPLIES[6]!, 12)));
  assert.match(plain, /Enhanced status \*\*5\.7\.1\*\*/);
  assert.doesNotMatch(plain, /What to do/);
});

test('Exchange protocol log: a 5.7.68 reply shows the refusal and the table text', async () => {
  const value = hoverText(await client.hover(EX_URI, positionOf(EX_TEXT, '550 5.7.68', 5)));
  assert.match(value, /\*\*5\.7\.68\*\* — Permanent failure: Exchange Online Reject Direct Send/);
  assert.match(value, escaped(entry('5.7.68').action));
  const throttled = hoverText(await client.hover(EX_URI, positionOf(EX_TEXT, '451 4.7.230', 5)));
  assert.match(throttled, escaped(entry('4.7.230').meaning));
});

test('connector script: a code quoted in a comment shows the same table text', async () => {
  const value = hoverText(await client.hover(PS_URI, positionOf(PS_TEXT, '5.7.68', 2)));
  assert.match(value, escaped(entry('5.7.68').reply));
  assert.match(hoverText(await client.hover(PS_URI, positionOf(PS_TEXT, '5.7.230', 2))), escaped(entry('5.7.230').meaning));
});
