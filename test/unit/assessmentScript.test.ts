// Golden tests of the generated connector scripts, one scenario at a time, plus the bundled examples.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { remoteIpRanges } from '../../server/src/assessment/ipRanges';
import { psQuote } from '../../server/src/common/powershell';
import { commentText } from '../../server/src/scriptEmitter/index';
import { isDomainName } from '../../server/src/traffic/domains';
import { planTexts, scriptCommands, session, w3cLog } from '../helpers/assessmentHelpers';

const ROOT = join(__dirname, '..', '..');

const commands = scriptCommands;

const DAY = '2026-11-02';

test('anonymous senders to accepted domains only: no connector, the default one suffices', () => {
  const r = planTexts([{ name: 'ex.log', text: w3cLog(DAY, session('08:00:00', '10.3.0.5', 'erp.contoso.local', 'erp@contoso.com', ['ap@contoso.com'])) }], ['contoso.com']);
  assert.deepEqual(commands(r.script), ["New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType 'Authoritative'"]);
  assert.match(r.script, /The default Edge receive connector already accepts this mail/);
  assert.match(r.script, /#   10\.3\.0\.5  HELO erp\.contoso\.local  2026-11-02/);
  assert.ok(r.warnings.some((w) => w.code === 'no-outbound'));
});

test('authenticated LOGIN over TLS: ExchangeUsers connector with BasicAuthRequireTLS and the sender right', () => {
  const r = planTexts([{ name: 'ex.log', text: w3cLog(DAY, session('08:00:00', '10.3.0.6', 'crm', 'crm@contoso.com', ['buyer@tailspin.example'], { auth: 'LOGIN', tls: true })) }], ['contoso.com']);
  assert.deepEqual(commands(r.script), [
    "New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType 'Authoritative'",
    "New-ReceiveConnector -Name 'IIS SMTP migration - authenticated applications' -Usage 'Custom' -Bindings '0.0.0.0:25' -RemoteIPRanges '10.3.0.6' -AuthMechanism 'Tls','BasicAuth','BasicAuthRequireTLS' -PermissionGroups 'ExchangeUsers' -ProtocolLoggingLevel 'Verbose'",
    "Get-ReceiveConnector -Identity 'IIS SMTP migration - authenticated applications' | Add-ADPermission -User 'NT AUTHORITY\\Authenticated Users' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'",
  ]);
  assert.ok(!r.warnings.some((w) => w.code === 'basic-without-tls'));
});

test('authenticated LOGIN without TLS and NTLM: BasicAuth without RequireTLS, Integrated, both warned', () => {
  const text = w3cLog(DAY, [...session('08:00:00', '10.3.0.7', 'crm', 'crm@contoso.com', ['a@tailspin.example'], { auth: 'LOGIN' }), ...session('08:01:00', '10.3.0.9', 'HRAPP', 'hr@contoso.com', ['b@tailspin.example'], { auth: 'NTLM' })]);
  const r = planTexts([{ name: 'ex.log', text }], ['contoso.com']);
  const lines = commands(r.script);
  assert.equal(lines[1], "New-ReceiveConnector -Name 'IIS SMTP migration - authenticated applications' -Usage 'Custom' -Bindings '0.0.0.0:25' -RemoteIPRanges '10.3.0.7','10.3.0.9' -AuthMechanism 'Tls','BasicAuth','Integrated' -PermissionGroups 'ExchangeUsers' -ProtocolLoggingLevel 'Verbose'");
  assert.deepEqual(r.warnings.map((w) => w.code).filter((c) => c !== 'no-outbound'), ['basic-without-tls', 'integrated-auth']);
  assert.match(r.script, /NTLM \(Integrated\): the Edge can verify domain accounts only when it is domain-joined/);
});

test('anonymous relay to external recipients: narrow AnonymousUsers connector plus Accept-Any-Recipient', () => {
  const text = w3cLog(DAY, [
    ...session('08:00:00', '10.3.1.21', 'web01', 'noreply@contoso.com', ['jane@fabrikam.example']),
    ...session('08:01:00', '10.3.1.22', 'web02', 'noreply@contoso.com', ['max@fabrikam.example']),
    ...session('08:02:00', '10.3.1.30', 'web03', 'noreply@contoso.com', ['lee@adatum.example']),
  ]);
  const r = planTexts([{ name: 'ex.log', text }], ['contoso.com']);
  const lines = commands(r.script);
  assert.equal(lines[1], "New-ReceiveConnector -Name 'IIS SMTP migration - anonymous relay' -Usage 'Custom' -Bindings '0.0.0.0:25' -RemoteIPRanges '10.3.1.21-10.3.1.22','10.3.1.30' -PermissionGroups 'AnonymousUsers' -ProtocolLoggingLevel 'Verbose'");
  assert.equal(lines[2], "Get-ReceiveConnector -Identity 'IIS SMTP migration - anonymous relay' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'");
  assert.match(r.script, /# WARNING: anonymous relay/);
  assert.ok(r.warnings.some((w) => w.code === 'anonymous-relay'));
  // CIDR rounding widens only when asked.
  const rounded = planTexts([{ name: 'ex.log', text }], ['contoso.com'], undefined, true);
  assert.match(commands(rounded.script)[1]!, /-RemoteIPRanges '10\.3\.1\.16\/28' /);
});

test('denied internal sources and public sources are listed, never granted', () => {
  const text = w3cLog(DAY, [
    ['08:00:00', '10.3.2.5', 'printer', 'HELO', '+printer', 250],
    ['08:00:00', '10.3.2.5', 'printer', 'MAIL', '+FROM:<p@contoso.com>', 250],
    ['08:00:00', '10.3.2.5', 'printer', 'RCPT', '+TO:<x@litware.example>', 550],
    ['08:00:00', '10.3.2.5', 'printer', 'QUIT', 'printer', 240],
    ...session('09:00:00', '192.0.2.80', 'mx.partner.example', 'a@partner.example', ['b@contoso.com']),
  ]);
  const r = planTexts([{ name: 'ex.log', text }], ['contoso.com']);
  assert.deepEqual(commands(r.script), ["New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType 'Authoritative'"]);
  assert.match(r.script, /Internal sources refused relay[^]*#   10\.3\.2\.5  HELO printer[^]*relay denied 1 times, to litware\.example \(1\)/);
  // An Internet host delivering to the accepted domain is inbound mail, not abuse (issue 10, item 10).
  assert.match(r.script, /Inbound Internet mail to accepted domains[^]*#   192\.0\.2\.80/);
});

test('send connector: metabase smart host wins, invalid ones become a placeholder', () => {
  const text = w3cLog(DAY, session('08:00:00', '10.3.0.5', 'erp', 'erp@contoso.com', ['ap@contoso.com']));
  const good = planTexts([{ name: 'ex.log', text }], [], 'relay.isp.example');
  assert.equal(commands(good.script).at(-1), "New-SendConnector -Name 'IIS SMTP migration - outbound' -Usage 'Custom' -AddressSpaces '*' -SmartHosts 'relay.isp.example' -DNSRoutingEnabled $false");
  const bad = planTexts([{ name: 'ex.log', text }], [], "relay'; Remove-Item C:\\ -Recurse; '");
  assert.equal(commands(bad.script).at(-1), "New-SendConnector -Name 'IIS SMTP migration - outbound' -Usage 'Custom' -AddressSpaces '*' -SmartHosts 'smarthost.replace-me.invalid' -DNSRoutingEnabled $false");
  assert.ok(bad.warnings.some((w) => w.code === 'placeholder-smart-host'));
});

test('Exchange Online next hop: the tenant host comes from the accepted domain most mail was sent from', () => {
  const out = (time: string, kind: 'Command' | 'Response', verb: string, arg: string): string => `2026-11-02 ${time} 52.101.68.10 OutboundConnection${kind} SMTPSVC1 RELAY01 - 25 ${verb} - ${arg} 0 0 30 0 0 SMTP - - -\r\n`;
  // One Exchange Online front end for two recipient domains: a smart host (never the front end's own name).
  const banner =
    out('08:00:10', 'Response', '-', '220+AM4PEPF00027A5E.mail.protection.outlook.com+ESMTP') +
    out('08:00:10', 'Command', 'RCPT', 'TO:<x@adatum.com>') +
    out('08:00:10', 'Response', '-', '250+2.1.5+Recipient+OK') +
    out('08:00:11', 'Command', 'RCPT', 'TO:<y@contoso.com>') +
    out('08:00:11', 'Response', '-', '250+2.1.5+Recipient+OK');
  const text =
    w3cLog(DAY, [
      ...session('08:00:00', '10.3.0.5', 'a', 'a@adatum.com', ['x@adatum.com']),
      ...session('08:00:01', '10.3.0.6', 'b', 'b@contoso.com', ['y@contoso.com']),
      ...session('08:00:02', '10.3.0.6', 'b', 'c@contoso.com', ['y@contoso.com']),
    ]) + banner;
  const r = planTexts([{ name: 'ex.log', text }], ['adatum.com', 'contoso.com']);
  assert.equal(
    commands(r.script).at(-1),
    "New-SendConnector -Name 'IIS SMTP migration - outbound' -Usage 'Custom' -AddressSpaces '*' -SmartHosts 'contoso-com.mail.protection.outlook.com' -DNSRoutingEnabled $false -RequireTLS $true -TlsAuthLevel 'DomainValidation' -TlsDomain 'mail.protection.outlook.com'",
  );
  assert.ok(r.warnings.some((w) => w.code === 'exo-certificate' && w.exr === 'EXR008'));
});

test('the bundled examples produce the reviewed golden script', () => {
  const dir = join(ROOT, 'examples', 'SMTPSVC1');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => ({ name: `examples/SMTPSVC1/${f}`, text: readFileSync(join(dir, f), 'latin1') }));
  const r = planTexts(files);
  const golden = readFileSync(join(ROOT, 'test', 'fixtures', 'assessment', 'examples.ps1'), 'utf8');
  assert.equal(r.script, golden);
});

test('IP ranges merge only adjacent addresses that were all seen', () => {
  assert.deepEqual(remoteIpRanges(['10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.5', '::ffff:10.0.0.6', 'junk', '2001:db8::25', '2001:0db8:0:0::25']), ['10.0.0.1-10.0.0.3', '10.0.0.5-10.0.0.6', '2001:db8::25']);
  assert.deepEqual(remoteIpRanges(['10.0.0.1', '10.0.0.200', '10.0.1.7'], true), ['10.0.0.0/24', '10.0.1.7']);
});

test('quoting doubles every PowerShell single quote; comments and names are strict', () => {
  assert.equal(psQuote("a'b\u2018c\u2019d\u201ae\u201bf"), "'a''b\u2018\u2018c\u2019\u2019d\u201a\u201ae\u201b\u201bf'");
  assert.equal(commentText('x#>\r\n`$()\'"<y>'), 'x??????()???y?');
  assert.ok(isDomainName('contoso.com'));
  assert.ok(isDomainName('xn--bcher-kva.example'));
  for (const bad of ['c\u03bfntoso.com', "evil.com'", 'a..b.com', '-a.com', 'localhost', 'a.b.c;d', 'x.com#>']) assert.ok(!isDomainName(bad), bad);
});
