// The connector-script emitter: the one host-name rule, catalogue checks (an unknown cmdlet, parameter,
// enum value, right or principal fails), the writer's layouts and review notes, and the Exchange Online recipe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { domainWithSubdomains, hostName, isHostName } from '../../server/src/common/hostName';
import { analyzeConnectorScript } from '../../server/src/connectors/index';
import {
  acceptedDomain, ANONYMOUS, bool, checkCommand, commentText, exchangeOnlineMxFor, exchangeOnlineSendConnector, grantRights, int,
  isExchangeOnlineMx, isExchangeOnlineSubmission, receiveConnector, RELAY_RIGHT, ScriptWriter, sendConnector, smartHost, str, strs, timeSpan, transportConfig,
} from '../../server/src/scriptEmitter/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

test('one host-name rule: at least two labels, alphabetic or punycode TLD, canonical lower case', () => {
  assert.equal(hostName(' Mail.Contoso.COM. '), 'mail.contoso.com');
  assert.equal(hostName('xn--bcher-kva.example'), 'xn--bcher-kva.example');
  for (const bad of ['localhost', 'relay', '10.1.1.1', 'c\u03bfntoso.com', "evil.com'", 'a..b.com', '-a.com', 'a-.com', 'a.b.c;d', 'x.com#>', 'bad host.com', `${'a'.repeat(64)}.com`, 'a.123']) {
    assert.equal(isHostName(bad), false, bad);
  }
  assert.equal(domainWithSubdomains('*'), '*');
  assert.equal(domainWithSubdomains('*.Contoso.com'), '*.contoso.com');
  assert.equal(domainWithSubdomains('*contoso.com'), null);
  assert.equal(smartHost('[192.0.2.25]'), '192.0.2.25');
  assert.equal(smartHost('relay.contoso.com'), 'relay.contoso.com');
  assert.equal(smartHost("relay.contoso.com'; x"), null);
});

test('the comment rule replaces everything that could end or escape a comment', () => {
  assert.equal(commentText('x#>\r\n`$()\'"<y>'), 'x??????()???y?');
  assert.equal(commentText('a'.repeat(50), 10), 'aaaaaaa...');
  const w = new ScriptWriter();
  w.comment('line\nRemove-Item x\u2028');
  assert.equal(w.render(), '# line?Remove-Item x?\n');
});

test('the catalogue refuses what it does not know', () => {
  checkCommand({ cmdlet: 'New-SendConnector', params: [['Name', str('x')], ['TlsAuthLevel', str('DomainValidation')], ['RequireTLS', bool(true)], ['Port', int(25)]] });
  const bad: [string, () => void][] = [
    ['unknown cmdlet', () => checkCommand({ cmdlet: 'New-SendConector', params: [] })],
    ['wrong case of a cmdlet', () => checkCommand({ cmdlet: 'new-sendconnector', params: [] })],
    ['unknown parameter', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['TlsLevel', str('DomainValidation')]] })],
    ['abbreviated parameter', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['TlsAuth', str('DomainValidation')]] })],
    ['unknown enum value', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['TlsAuthLevel', str('DomainValidated')]] })],
    ['two values for a single enum', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['Usage', strs(['Custom', 'Internet'])]] })],
    ['Boolean for a string', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['Name', bool(true)]] })],
    ['negative number', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['Port', int(-1)]] })],
    ['unknown right', () => checkCommand({ cmdlet: 'Add-ADPermission', params: [['ExtendedRights', str('ms-Exch-SMTP-Accept-Everything')]] })],
    ['unknown principal', () => checkCommand({ cmdlet: 'Add-ADPermission', params: [['User', str('Everyone')]] })],
    ['parameter twice', () => checkCommand({ cmdlet: 'New-SendConnector', params: [['Name', str('a')], ['Name', str('b')]] })],
  ];
  for (const [what, f] of bad) assert.throws(f, /script emitter/, what);
});

test('typed inputs: ranges, bindings, names and hosts are checked before they reach a command', () => {
  const w = new ScriptWriter();
  const base = { name: 'Relay', bindings: [{ address: '10.1.1.2', port: 25 }], permissionGroups: ['AnonymousUsers'] as const };
  assert.throws(() => receiveConnector(w, { ...base, remoteIPRanges: ['10.0.0.0/33'] }), /range/);
  assert.throws(() => receiveConnector(w, { ...base, remoteIPRanges: ["10.0.0.1'; Stop-Computer"] }), /range/);
  assert.throws(() => receiveConnector(w, { ...base, name: "Relay'x", remoteIPRanges: ['10.0.0.1'] }), /name/);
  assert.throws(() => receiveConnector(w, { ...base, bindings: [{ address: 'evil', port: 25 }], remoteIPRanges: ['10.0.0.1'] }), /binding/);
  assert.throws(() => receiveConnector(w, { ...base, remoteIPRanges: ['10.0.0.1'], limits: { maxLogonFailures: 11 } }), /MaxLogonFailures/);
  assert.throws(() => receiveConnector(w, { ...base, remoteIPRanges: ['10.0.0.1'], limits: { connectionInactivityTimeoutSeconds: 600, connectionTimeoutSeconds: 300 } }), /less than/);
  assert.throws(() => sendConnector(w, { name: 'Out', usage: 'Custom', addressSpaces: ['*'], route: { kind: 'smartHosts', hosts: ['relay'] } }), /smart host/);
  assert.throws(() => sendConnector(w, { name: 'Out', usage: 'Custom', addressSpaces: ['*contoso.com'], route: { kind: 'dns' } }), /address space/);
  assert.throws(() => acceptedDomain(w, '*', 'InternalRelay'), /accepted domain/);
  assert.throws(() => transportConfig(w, { maxReceiveSize: 0 }), /MaxReceiveSize/);
  assert.equal(timeSpan(600), '00:10:00');
  assert.equal(timeSpan(86400 * 3), '1.00:00:00');
});

test('both layouts write the same checked command', () => {
  for (const layout of ['line', 'continued'] as const) {
    const w = new ScriptWriter(layout);
    receiveConnector(w, { name: 'Relay', bindings: [{ address: null, port: 25 }], remoteIPRanges: ['10.1.1.5', '10.1.2.0/24'], permissionGroups: ['AnonymousUsers'] });
    grantRights(w, 'Relay', ANONYMOUS, [RELAY_RIGHT]);
    const text = w.render(layout === 'line' ? '\r\n' : '\n');
    const joined = text.replace(/ `\n {4}/g, ' ');
    assert.match(joined, /^New-ReceiveConnector -Name 'Relay' -Usage 'Custom' -Bindings '0\.0\.0\.0:25' -RemoteIPRanges '10\.1\.1\.5','10\.1\.2\.0\/24' -PermissionGroups 'AnonymousUsers' -ProtocolLoggingLevel 'Verbose'\r?\n/);
    assert.match(joined, /Get-ReceiveConnector -Identity 'Relay' \| Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'/);
  }
});

test('review notes render where the header asks, whenever they are added', () => {
  const w = new ScriptWriter();
  w.comment('Title');
  w.reviewNotesHere();
  w.comment('Body');
  w.note({ code: 'x', exr: 'EXR001', message: "a'b$c" });
  w.note({ code: 'x', exr: 'EXR001', message: "a'b$c" });
  assert.equal(w.render(), '# Title\n#\n# Review notes:\n#   [x EXR001] a?b?c\n# Body\n');
});

test('the Exchange Online recipe: TLS checked against Exchange Online, certificate step, tenant side, SPF soft fail', async () => {
  assert.ok(isExchangeOnlineMx('contoso-com.mail.protection.outlook.com'));
  assert.ok(!isExchangeOnlineMx('mail.protection.outlook.com'));
  assert.ok(isExchangeOnlineSubmission('smtp.office365.com') && isExchangeOnlineSubmission('outlook.office365.com'));
  assert.ok(!isExchangeOnlineSubmission('office365.com.evil.example'));
  assert.equal(exchangeOnlineMxFor('Contoso.com'), 'contoso-com.mail.protection.outlook.com');
  assert.equal(exchangeOnlineMxFor('contoso.onmicrosoft.com'), null);
  const w = new ScriptWriter('line');
  exchangeOnlineSendConnector(w, { name: 'IIS SMTP migration - outbound', smartHost: 'contoso-com.mail.protection.outlook.com' });
  const text = w.render();
  assert.match(text, /^New-SendConnector -Name 'IIS SMTP migration - outbound' -Usage 'Custom' -AddressSpaces '\*' -SmartHosts 'contoso-com\.mail\.protection\.outlook\.com' -DNSRoutingEnabled \$false -RequireTLS \$true -TlsAuthLevel 'DomainValidation' -TlsDomain 'mail\.protection\.outlook\.com'$/m);
  assert.match(text, /^# {3}Set-SendConnector -Identity 'IIS SMTP migration - outbound' -TlsCertificateName "<I>\$\(\$cert\.Issuer\)<S>\$\(\$cert\.Subject\)"$/m);
  assert.match(text, /New-InboundConnector -Name \(name\) -ConnectorType OnPremises -SenderDomains \* -RequireTls \$true -TlsSenderCertificateName/);
  assert.match(text, /include:spf\.protection\.outlook\.com ~all/);
  assert.doesNotMatch(text, /-all\)/);
  assert.throws(() => exchangeOnlineSendConnector(new ScriptWriter(), { name: 'x', smartHost: 'smtp.office365.com' }), /not an Exchange Online MX endpoint/);
  // The connector language: no error, and only the certificate warning (EXR008) the recipe announces.
  const a = await analyzeConnectorScript(text, structuredClone(DEFAULT_SETTINGS) as typeof DEFAULT_SETTINGS);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.code), ['CONNECTOR108']);
});
