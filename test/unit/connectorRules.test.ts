import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TargetRole } from '../../server/src/settings';
import { codes, covered, diagnose } from '../fixtures/connectors/harness';

interface Case {
  name: string;
  script: string;
  code: string;
  /** Text the diagnostic's range must cover. */
  at: string;
  role?: TargetRole;
  severity?: DiagnosticSeverity;
  /** A variant of the script that must not raise the code (under `cleanRole`, default `role`). */
  clean: string;
  cleanRole?: TargetRole;
}

const RELAY = "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose\n";

const CASES: Case[] = [
  { name: 'unknown parameter with did-you-mean', script: 'Set-ReceiveConnector R -RemoteIPRange 10.0.0.1 -Bannr x\n', code: 'CONNECTOR001', at: '-Bannr', clean: "Set-ReceiveConnector R -RemoteIPRanges 10.0.0.1 -Banner '220 x'\n" },
  { name: 'ambiguous parameter prefix', script: 'Set-ReceiveConnector R -Max 5\n', code: 'CONNECTOR002', at: '-Max', clean: 'Set-ReceiveConnector R -MaxHopCount 5\n' },
  { name: 'duplicated parameter (named and splatted)', script: "$p = @{ Banner = '220 a' }\nSet-ReceiveConnector R @p -Banner '220 b'\n", code: 'CONNECTOR003', at: '-Banner', clean: "$p = @{ Banner = '220 a' }\nSet-ReceiveConnector R @p\n" },
  { name: 'missing mandatory parameter for the set in use', script: 'New-ReceiveConnector -Name R -Custom -Bindings 0.0.0.0:25\n', code: 'CONNECTOR004', at: 'New-ReceiveConnector', clean: 'New-ReceiveConnector -Name R -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n' },
  { name: 'conflicting usage switches', script: 'New-ReceiveConnector -Name R -Custom -Internet -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n', code: 'CONNECTOR005', at: '-Internet', clean: 'New-ReceiveConnector -Name R -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n' },
  { name: 'enum value outside the set (case-insensitive match accepted)', script: 'Set-ReceiveConnector R -AuthMechanism tls,BasicAuthRequireTSL\n', code: 'CONNECTOR006', at: 'BasicAuthRequireTSL', clean: 'Set-ReceiveConnector R -AuthMechanism tls,BASICAUTH,basicauthrequiretls\n' },
  { name: 'malformed RemoteIPRanges', script: 'Set-ReceiveConnector R -RemoteIPRanges 10.0.0.300, 10.0.0.9-10.0.0.1\n', code: 'CONNECTOR007', at: '10.0.0.300', clean: 'Set-ReceiveConnector R -RemoteIPRanges 10.0.0.30, 10.0.0.1-10.0.0.9, 2001:db8::/64, fe80::1%11\n' },
  { name: 'malformed Bindings', script: 'Set-ReceiveConnector R -Bindings 10.1.1.1\n', code: 'CONNECTOR007', at: '10.1.1.1', clean: 'Set-ReceiveConnector R -Bindings 10.1.1.1:25, [::]:25\n' },
  { name: 'malformed AddressSpaces', script: "Set-SendConnector S -AddressSpaces '*contoso.com'\n", code: 'CONNECTOR007', at: "'*contoso.com'", clean: "Set-SendConnector S -AddressSpaces '*.contoso.com', 'SMTP:contoso.com;2', '--'\n" },
  { name: 'host:port smart host', script: 'Set-SendConnector S -SmartHosts smtp.contoso.com:587\n', code: 'CONNECTOR007', at: 'smtp.contoso.com:587', clean: "Set-SendConnector S -SmartHosts smtp.contoso.com, '[10.10.1.1]' -Port 587\n" },
  { name: "'unlimited' on a plain size", script: 'Set-ReceiveConnector R -MaxMessageSize unlimited\n', code: 'CONNECTOR007', at: 'unlimited', clean: "Set-SendConnector S -MaxMessageSize unlimited\nSet-ReceiveConnector R -MaxMessageSize '35 MB (36,700,160 bytes)'\n" },
  { name: 'malformed time span', script: 'Set-ReceiveConnector R -ConnectionTimeout 5:00\n', code: 'CONNECTOR007', at: '5:00', clean: 'Set-ReceiveConnector R -ConnectionTimeout 00:05:00\n' },
  { name: 'EXR021 thumbprint as TlsCertificateName', script: 'Set-SendConnector S -TlsCertificateName 0123456789ABCDEF0123456789ABCDEF01234567\n', code: 'CONNECTOR121', at: '0123456789ABCDEF0123456789ABCDEF01234567', clean: "Set-SendConnector S -TlsCertificateName '<I>CN=R3, O=Let''s Encrypt, C=US<S>CN=mail.contoso.com'\n" },
  { name: "the unquoted ';' trap in address spaces", script: 'New-SendConnector -Name S -AddressSpaces contoso.com;2 -DNSRoutingEnabled $true\n', code: 'CONNECTOR008', at: 'contoso.com;2', clean: 'New-SendConnector -Name S -AddressSpaces "contoso.com;2" -DNSRoutingEnabled $true\n' },
  { name: 'parameter not available on Edge', script: 'Set-ReceiveConnector R -DomainController dc1.contoso.com\n', code: 'CONNECTOR009', at: '-DomainController', clean: 'Set-ReceiveConnector R -Comment x\n' },
  { name: 'Edge-only parameter on a Mailbox server', script: 'Set-SendConnector S -SourceIPAddress 10.1.1.1\n', code: 'CONNECTOR009', at: '-SourceIPAddress', role: 'Mailbox', clean: 'Set-SendConnector S -SourceIPAddress 10.1.1.1\n', cleanRole: 'EdgeTransport' },
  { name: 'cmdlet that does not exist on Edge', script: 'New-InboundConnector -Name I -SenderDomains * -ConnectorType Partner\n', code: 'CONNECTOR010', at: 'New-InboundConnector', clean: 'New-AcceptedDomain -Name C -DomainName contoso.com\n' },
  { name: 'misspelt principal', script: "Add-ADPermission -Identity R -User 'NT-Authority\\Anonymous-Logon' -ExtendedRights ms-Exch-SMTP-Submit\n", code: 'CONNECTOR011', at: "'NT-Authority\\Anonymous-Logon'", clean: "Add-ADPermission -Identity R -User 'CONTOSO\\App1' -ExtendedRights ms-Exch-SMTP-Submit\n" },
  { name: 'invalid extended right', script: 'Add-ADPermission -Identity R -User CONTOSO\\App1 -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipients\n', code: 'CONNECTOR012', at: 'ms-Exch-SMTP-Accept-Any-Recipients', clean: "Add-ADPermission -Identity R -User CONTOSO\\App1 -ExtendedRights 'Send As'\n" },
  { name: 'not an Exchange cmdlet (did you mean)', script: 'Import-EdgeSubscription -FileData $d\n', code: 'CONNECTOR013', at: 'Import-EdgeSubscription', clean: 'function Import-EdgeSubscription { }\nImport-EdgeSubscription -FileData $d\nTest-EdgeSynchronization\n' },
  { name: 'integer out of range', script: 'Set-ReceiveConnector R -MaxHopCount 900\n', code: 'CONNECTOR014', at: '900', clean: 'Set-ReceiveConnector R -MaxHopCount 60\n' },
  { name: 'missing argument', script: 'Set-ReceiveConnector R -Banner -Comment x\n', code: 'CONNECTOR015', at: '-Banner', clean: "Set-ReceiveConnector R -Banner '220 x' -Comment x\n" },
  { name: 'switch given a value without a colon', script: 'New-ReceiveConnector -Name R -Custom $true -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n', code: 'CONNECTOR016', at: '$true', clean: 'New-ReceiveConnector -Name R -Custom:$true -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n' },
  { name: 'cross-parameter rule (BasicAuthRequireTLS without BasicAuth)', script: 'Set-ReceiveConnector R -AuthMechanism Tls,BasicAuthRequireTLS\n', code: 'CONNECTOR017', at: 'Tls,BasicAuthRequireTLS', clean: 'Set-ReceiveConnector R -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS\n' },
  { name: 'Internet usage with RemoteIPRanges', script: 'New-ReceiveConnector -Name R -Internet -Bindings 10.1.1.1:25 -RemoteIPRanges 10.0.0.0/24\n', code: 'CONNECTOR017', at: '-RemoteIPRanges', clean: "New-ReceiveConnector -Name R -Internet -Bindings 10.1.1.1:25 -Banner '220 SMTP Server Ready'\n" },
  { name: 'pasted console prompt', script: 'Set-ReceiveConnector R `\n>> -Comment x\n', code: 'CONNECTOR018', at: '>>', clean: 'Set-ReceiveConnector R `\n -Comment x\n' },
  { name: "Boolean given as the word 'true'", script: 'Set-SendConnector S -RequireTLS true\n', code: 'CONNECTOR019', at: 'true', clean: 'Set-SendConnector S -RequireTLS $true\n' },
  // security catalogue
  { name: 'EXR001 anonymous relay across statements', script: `${RELAY}Get-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n`, code: 'CONNECTOR101', at: 'ms-Exch-SMTP-Accept-Any-Recipient', clean: `${RELAY}Get-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Authoritative-Domain-Sender\n` },
  { name: 'EXR002 externally secured', script: 'Set-ReceiveConnector Relay -AuthMechanism ExternalAuthoritative -PermissionGroups ExchangeServers\n', code: 'CONNECTOR102', at: 'ExternalAuthoritative', clean: 'Set-ReceiveConnector Relay -AuthMechanism Tls -PermissionGroups ExchangeServers\n' },
  { name: 'EXR003 everyone on a relay connector', script: "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 0.0.0.0-255.255.255.255 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n", code: 'CONNECTOR103', at: '0.0.0.0-255.255.255.255', severity: DiagnosticSeverity.Error, clean: "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n" },
  { name: 'EXR004 BasicAuth without TLS', script: 'Set-ReceiveConnector R -AuthMechanism Tls,BasicAuth\n', code: 'CONNECTOR104', at: 'BasicAuth', clean: 'Set-ReceiveConnector R -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS\n' },
  { name: 'EXR005 smart host BasicAuth', script: 'Set-SendConnector S -SmartHostAuthMechanism BasicAuth -AuthenticationCredential $c\n', code: 'CONNECTOR105', at: 'BasicAuth', clean: 'Set-SendConnector S -SmartHostAuthMechanism BasicAuthRequireTLS -AuthenticationCredential $c\n' },
  { name: 'EXR006 send connector to EXO without RequireTLS', script: 'New-SendConnector -Name EXO -AddressSpaces * -SmartHosts contoso-com.mail.protection.outlook.com -DNSRoutingEnabled $false\n', code: 'CONNECTOR106', at: 'New-SendConnector', clean: "New-SendConnector -Name EXO -AddressSpaces * -SmartHosts contoso-com.mail.protection.outlook.com -DNSRoutingEnabled $false -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com -TlsCertificateName '<I>CN=CA<S>CN=mail.contoso.com'\n" },
  { name: 'EXR007 weak TlsAuthLevel to EXO', script: "New-SendConnector -Name EXO -AddressSpaces * -SmartHosts contoso-com.mail.protection.outlook.com -DNSRoutingEnabled $false -RequireTLS $true -TlsAuthLevel EncryptionOnly -TlsCertificateName '<I>CN=CA<S>CN=m.contoso.com'\n", code: 'CONNECTOR107', at: 'EncryptionOnly', clean: "New-SendConnector -Name EXO -AddressSpaces * -SmartHosts contoso-com.mail.protection.outlook.com -DNSRoutingEnabled $false -RequireTLS $true -TlsAuthLevel CertificateValidation -TlsCertificateName '<I>CN=CA<S>CN=m.contoso.com'\n" },
  { name: 'EXR008 EXO connector without TlsCertificateName', script: 'New-SendConnector -Name EXO -AddressSpaces * -SmartHosts contoso-com.mail.protection.outlook.com -DNSRoutingEnabled $false -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com\n', code: 'CONNECTOR108', at: 'New-SendConnector', clean: 'New-SendConnector -Name Out -AddressSpaces * -SmartHosts smtp.contoso.com -DNSRoutingEnabled $false\n' },
  { name: 'EXR009 relay on all interfaces', script: "New-ReceiveConnector -Name Relay -Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n", code: 'CONNECTOR109', at: '0.0.0.0:25', clean: "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n" },
  { name: 'EXR010 spoofing rights to anonymous on an exposed connector', script: "Add-ADPermission 'Default internal receive connector EDGE01' -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Sender\n", code: 'CONNECTOR110', at: 'ms-Exch-SMTP-Accept-Any-Sender', clean: `${RELAY}Add-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Sender\n` },
  { name: 'EXR011 anti-spam bypass for anonymous', script: "Add-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-Bypass-Anti-Spam\n", code: 'CONNECTOR111', at: 'ms-Exch-Bypass-Anti-Spam', severity: DiagnosticSeverity.Error, clean: "Add-ADPermission Relay -User 'CONTOSO\\Scanner' -ExtendedRights ms-Exch-Bypass-Anti-Spam\n" },
  { name: 'EXR012 relay on port 587', script: "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:587 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n", code: 'CONNECTOR112', at: '10.1.1.2:587', clean: "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n" },
  { name: 'EXR014 IgnoreSTARTTLS', script: 'Set-SendConnector S -IgnoreSTARTTLS $true\n', code: 'CONNECTOR114', at: '$true', clean: 'Set-SendConnector S -IgnoreSTARTTLS $false\n' },
  { name: 'EXR015 relay without logging', script: "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\nAdd-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n", code: 'CONNECTOR115', at: 'New-ReceiveConnector', clean: `${RELAY}Add-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n` },
  { name: 'EXR016 throttle removed', script: 'Set-ReceiveConnector R -MessageRateLimit unlimited\n', code: 'CONNECTOR116', at: 'unlimited', clean: 'Set-ReceiveConnector R -MessageRateLimit 600\n' },
  { name: 'EXR017 default banner on an internet connector', script: 'New-ReceiveConnector -Name Inet -Internet -Bindings 10.1.1.1:25\n', code: 'CONNECTOR117', at: 'New-ReceiveConnector', clean: "New-ReceiveConnector -Name Inet -Internet -Bindings 10.1.1.1:25 -Banner '220 SMTP Server Ready'\n" },
  { name: 'EXR018 wildcard relay accepted domain', script: "New-AcceptedDomain -Name All -DomainName '*' -DomainType InternalRelay\n", code: 'CONNECTOR118', at: 'InternalRelay', clean: 'New-AcceptedDomain -Name C -DomainName contoso.com -DomainType InternalRelay\n' },
  { name: 'EXR019 broad EXO OnPremises inbound connector', script: 'New-InboundConnector -Name OnPrem -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses 203.0.113.0/24\n', code: 'CONNECTOR119', at: '203.0.113.0/24', role: 'ExchangeOnline', clean: 'New-InboundConnector -Name OnPrem -ConnectorType OnPremises -SenderDomains * -RequireTls $true -TlsSenderCertificateName mail.contoso.com\n' },
  { name: 'EXR020 weak EXO outbound TLS', script: 'Set-OutboundConnector O -TlsSettings EncryptionOnly\n', code: 'CONNECTOR120', at: 'EncryptionOnly', role: 'ExchangeOnline', clean: 'Set-OutboundConnector O -TlsSettings DomainValidation -TlsDomain contoso.com\n' },
  { name: 'EXR023 custom connector without permissions', script: 'New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n', code: 'CONNECTOR123', at: 'New-ReceiveConnector', clean: 'New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\nSet-ReceiveConnector Relay -PermissionGroups ExchangeUsers\n' },
  { name: 'EXR024 exportable private key', script: 'New-ExchangeCertificate -DomainName mail.contoso.com -PrivateKeyExportable $true\n', code: 'CONNECTOR124', at: '$true', clean: 'New-ExchangeCertificate -DomainName mail.contoso.com\n' },
];

for (const c of CASES) {
  test(`${c.code} ${c.name}`, async () => {
    const diags = await diagnose(c.script, c.role);
    const hit = diags.find((d) => d.code === c.code);
    assert.ok(hit, `${c.code} expected; got ${JSON.stringify(diags.map((d) => [d.code, d.message]))}`);
    assert.equal(covered(c.script, hit), c.at);
    assert.ok(String(hit.message).length > 40, 'the message explains why and what to do');
    if (c.severity !== undefined) assert.equal(hit.severity, c.severity);
    const clean = await diagnose(c.clean, c.cleanRole ?? c.role);
    assert.ok(!codes(clean).includes(c.code), `${c.code} not expected on the clean variant; got ${JSON.stringify(clean.map((d) => [d.code, d.message]))}`);
  });
}

test('EXR001 becomes an error when the relay connector accepts every address', async () => {
  const text = "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 0.0.0.0/0 -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose\nGet-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n";
  const relay = (await diagnose(text)).find((d) => d.code === 'CONNECTOR101')!;
  assert.equal(relay.severity, DiagnosticSeverity.Error);
  assert.match(String(relay.message), /open relay/);
});

test('the target role selects availability rules', async () => {
  const script = 'New-InboundConnector -Name I -SenderDomains * -ConnectorType Partner\nSet-ReceiveConnector R -DomainController dc1.contoso.com\n';
  assert.deepEqual(codes(await diagnose(script, 'EdgeTransport')).sort(), ['CONNECTOR009', 'CONNECTOR010']);
  assert.deepEqual(codes(await diagnose(script, 'Mailbox')), ['CONNECTOR010']);
  assert.deepEqual(codes(await diagnose(script, 'ExchangeOnline')), ['CONNECTOR010']);
});

test('unknown values are never guessed: no format or security finding on variables from elsewhere', async () => {
  const text = 'New-ReceiveConnector -Name $n -Custom -Bindings $b -RemoteIPRanges $r -PermissionGroups $g -AuthMechanism $a\nAdd-ADPermission $n -User $u -ExtendedRights $x\n';
  assert.deepEqual(await diagnose(text), []);
});
